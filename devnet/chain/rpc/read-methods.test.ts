// The read methods through the real SDK: an unmodified SuiJsonRpcClient over HTTP against a
// FileChainStore seeded with hand-made objects and one real signed transaction.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bcs } from '@mysten/sui/bcs';
import { JsonRpcHTTPTransport, SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { deriveDynamicFieldID, fromBase58, fromBase64, normalizeStructTag, toHex } from '@mysten/sui/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileChainStore } from '../state/file-store.ts';
import type { ChainObject } from '../state/records.ts';
import {
  batch,
  coinObject,
  digestOf,
  idOf,
  moveObject,
  SUI_COIN,
  transaction,
  written,
} from '../state/test-support/fixtures.ts';
import { readMethods } from './read-methods.ts';
import { startRpcServer, type RpcServer } from './server.ts';
import type { ContentRenderer } from './types.ts';

const keypair = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(7));
const alice = keypair.toSuiAddress();
const nobody = idOf('nobody');
const pkg = idOf('pkg');
const COUNTER = `${pkg}::counter::Counter`;
const CHILD = `${pkg}::counter::Child`;
const INCREMENTED = `${pkg}::counter::Incremented`;
const WAL = `${pkg}::wal::WAL`;

const CounterBcs = bcs.struct('Counter', { id: bcs.Address, value: bcs.u64() });
const IncrementedBcs = bcs.struct('Incremented', { value: bcs.u64() });

/** The fake renderer knows only the test's own layouts, as the real one knows the devnet's. */
const render: ContentRenderer = {
  fields(type, contents) {
    if (type === COUNTER) {
      const c = CounterBcs.parse(contents);
      return { id: { id: c.id }, value: c.value };
    }
    if (type === SUI_COIN)
      return {
        id: { id: bcs.Address.parse(contents.slice(0, 32)) },
        balance: bcs.u64().parse(contents.slice(32)),
      };
    if (type === INCREMENTED) return IncrementedBcs.parse(contents);
    return undefined;
  },
};

const coinA = coinObject(idOf('coinA'), alice, 5_000_000_000n, 2n);
const coinB = coinObject(idOf('coinB'), alice, 3_000_000_000n, 2n);
const wal = coinObject(idOf('wal'), alice, 7n, 2n, normalizeStructTag(`0x2::coin::Coin<${WAL}>`));
const counter = moveObject({
  id: idOf('counter'),
  version: 3n,
  owner: { Shared: { initial_shared_version: '3' } },
  type: COUNTER,
  contents: CounterBcs.serialize({ id: idOf('counter'), value: 7n }).toBytes(),
});

// Field<String, u64> named "hits" holding 42.
const hitsName = bcs.string().serialize('hits').toBytes();
const hitsId = deriveDynamicFieldID(counter.id, '0x1::string::String', hitsName);
const hits = moveObject({
  id: hitsId,
  version: 3n,
  owner: { ObjectOwner: counter.id },
  type: normalizeStructTag('0x2::dynamic_field::Field<0x1::string::String, u64>'),
  contents: concat(bcs.Address.serialize(hitsId).toBytes(), hitsName, bcs.u64().serialize(42n).toBytes()),
});

// Field<ResourcePath, u64>: a struct name whose layout the renderer does not know, as with
// walrus_site's `ResourcePath { path: String }`.
const RESOURCE_PATH = `${pkg}::site::ResourcePath`;
const pathName = bcs.string().serialize('/index.html').toBytes();
const pathFieldId = deriveDynamicFieldID(counter.id, RESOURCE_PATH, pathName);
const pathField = moveObject({
  id: pathFieldId,
  version: 3n,
  owner: { ObjectOwner: counter.id },
  type: normalizeStructTag(`0x2::dynamic_field::Field<${RESOURCE_PATH}, u64>`),
  contents: concat(bcs.Address.serialize(pathFieldId).toBytes(), pathName, bcs.u64().serialize(7n).toBytes()),
});

// Dynamic object field named "child" pointing at a Child object.
const childName = bcs.string().serialize('child').toBytes();
const wrapper = normalizeStructTag('0x2::dynamic_object_field::Wrapper<0x1::string::String>');
const childFieldId = deriveDynamicFieldID(counter.id, wrapper, childName);
const child = moveObject({
  id: idOf('child'),
  version: 3n,
  owner: { ObjectOwner: childFieldId },
  type: CHILD,
  contents: bcs.Address.serialize(idOf('child')).toBytes(),
});
const childField = moveObject({
  id: childFieldId,
  version: 3n,
  owner: { ObjectOwner: counter.id },
  type: normalizeStructTag(`0x2::dynamic_field::Field<${wrapper}, 0x2::object::ID>`),
  contents: concat(
    bcs.Address.serialize(childFieldId).toBytes(),
    childName,
    bcs.Address.serialize(child.id).toBytes(),
  ),
});

let dir: string;
let store: FileChainStore;
let server: RpcServer;
let client: SuiJsonRpcClient;
/** For methods the client has no wrapper for, and for raw error checks. */
let transport: JsonRpcHTTPTransport;
let txDigest: string;
let coinAfter: ChainObject;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-rpc-'));
  const genesisObjects = [coinA, coinB, wal, counter, hits, pathField, child, childField];
  store = await FileChainStore.open(dir, () => [
    batch(
      transaction({
        seed: 'genesis',
        sender: alice,
        gasObject: coinA,
        changes: genesisObjects.map((o) => written('created', o)),
      }),
      genesisObjects,
    ),
  ]);

  // One real, signed transaction: increment the counter, paying with coinA.
  const tx = new Transaction();
  tx.setSender(alice);
  tx.setGasPrice(1000);
  tx.setGasBudget(10_000_000);
  tx.setGasPayment([{ objectId: coinA.id, version: coinA.version.toString(), digest: coinA.digest }]);
  tx.moveCall({
    target: `${pkg}::counter::increment`,
    arguments: [
      tx.sharedObjectRef({ objectId: counter.id, initialSharedVersion: 3, mutable: true }),
      tx.pure.u64(1),
    ],
  });
  const bytes = await tx.build();
  const { signature } = await keypair.signTransaction(bytes);
  txDigest = await tx.getDigest();

  coinAfter = coinObject(coinA.id, alice, 4_999_997_500n, 4n);
  const counterAfter = {
    ...counter,
    version: 4n,
    digest: digestOf('counter@4'),
    previousTransaction: txDigest,
    contents: CounterBcs.serialize({ id: counter.id, value: 8n }).toBytes(),
  };
  const record = transaction({
    seed: 'increment',
    sender: alice,
    gasObject: coinAfter,
    signed: { bytes, signatures: [signature], digest: txDigest },
    changes: [written('mutated', coinAfter, coinA), written('mutated', counterAfter, counter)],
    events: [
      {
        packageId: pkg,
        module: 'counter',
        sender: alice,
        type: INCREMENTED,
        contents: IncrementedBcs.serialize({ value: 8n }).toBytes(),
        timestampMs: 1_700_000_000_123,
      },
    ],
    balanceChanges: [
      { owner: { AddressOwner: alice }, coinType: normalizeStructTag('0x2::sui::SUI'), amount: -2500n },
    ],
  });
  store.commit(batch(record, [coinAfter, counterAfter]));

  server = await startRpcServer({ port: 0, host: '127.0.0.1', methods: readMethods(store, render) });
  client = new SuiJsonRpcClient({ url: server.url, network: 'localnet' });
  transport = new JsonRpcHTTPTransport({ url: server.url });
});

afterAll(async () => {
  await server?.close();
  await store?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('read methods through SuiJsonRpcClient', () => {
  it('core.getObject returns owner, type, BCS content and JSON', async () => {
    const { object } = await client.core.getObject({
      objectId: counter.id,
      include: { content: true, json: true, previousTransaction: true },
    });
    expect(object).toMatchObject({
      objectId: counter.id,
      version: '4',
      type: COUNTER,
      owner: { $kind: 'Shared', Shared: { initialSharedVersion: '3' } },
      previousTransaction: txDigest,
      json: { id: { id: counter.id }, value: '8' },
    });
    expect(CounterBcs.parse(object.content!).value).toBe('8');
  });

  it('core.getObject can rebuild the full object BCS', async () => {
    const { object } = await client.core.getObject({ objectId: coinB.id, include: { objectBcs: true } });
    const parsed = bcs.Object.parse(object.objectBcs!);
    expect(parsed.owner).toMatchObject({ AddressOwner: alice });
    expect(parsed.data.Move?.type.$kind).toBe('GasCoin');
  });

  it('core.getObjects keeps request order and reports missing objects in place', async () => {
    const { objects } = await client.core.getObjects({ objectIds: [coinB.id, nobody, wal.id] });
    expect((objects[0] as { objectId: string }).objectId).toBe(coinB.id);
    expect(objects[1]).toBeInstanceOf(Error);
    expect((objects[1] as Error).message).toMatch(/does not exist/);
    expect((objects[2] as { type: string }).type).toBe(wal.type);
  });

  it('core.listOwnedObjects pages by object ID and filters by type', async () => {
    const all = await client.core.listOwnedObjects({ owner: alice });
    expect(all.objects.map((o) => o.objectId)).toEqual([coinA.id, coinB.id, wal.id].sort());
    expect(all.hasNextPage).toBe(false);

    const first = await client.core.listOwnedObjects({ owner: alice, limit: 2 });
    expect(first.hasNextPage).toBe(true);
    const rest = await client.core.listOwnedObjects({ owner: alice, limit: 2, cursor: first.cursor });
    expect([...first.objects, ...rest.objects].map((o) => o.objectId)).toEqual(
      all.objects.map((o) => o.objectId),
    );
    expect(rest.hasNextPage).toBe(false);

    const sui = await client.core.listOwnedObjects({ owner: alice, type: '0x2::coin::Coin<0x2::sui::SUI>' });
    expect(sui.objects.map((o) => o.objectId).sort()).toEqual([coinA.id, coinB.id].sort());
    const anyCoin = await client.core.listOwnedObjects({ owner: alice, type: '0x2::coin::Coin' });
    expect(anyCoin.objects).toHaveLength(3);
    const byModule = await client.core.listOwnedObjects({ owner: alice, type: `${pkg}::wal` });
    expect(byModule.objects).toHaveLength(0);
  });

  it('core.listCoins, getBalance and listBalances read Coin<T> balances', async () => {
    const coins = await client.core.listCoins({ owner: alice });
    expect(coins.objects.map((c) => [c.objectId, c.balance]).sort()).toEqual(
      [
        [coinA.id, '4999997500'],
        [coinB.id, '3000000000'],
      ].sort(),
    );
    expect(coins.objects[0]!.type).toBe(SUI_COIN);

    const { balance } = await client.core.getBalance({ owner: alice });
    expect(balance).toEqual({
      coinType: normalizeStructTag('0x2::sui::SUI'),
      balance: '7999997500',
      coinBalance: '7999997500',
      addressBalance: '0',
    });
    expect((await client.core.getBalance({ owner: alice, coinType: WAL })).balance.balance).toBe('7');
    expect((await client.core.getBalance({ owner: nobody })).balance.balance).toBe('0');

    const { balances } = await client.core.listBalances({ owner: alice });
    expect(balances.map((b) => [b.coinType, b.balance]).sort()).toEqual(
      [
        [normalizeStructTag('0x2::sui::SUI'), '7999997500'],
        [normalizeStructTag(WAL), '7'],
      ].sort(),
    );
  });

  it('core.listDynamicFields lists fields and object fields with IDs the SDK can derive', async () => {
    const { dynamicFields, hasNextPage } = await client.core.listDynamicFields({ parentId: counter.id });
    expect(hasNextPage).toBe(false);
    const byId = Object.fromEntries(dynamicFields.map((f) => [f.fieldId, f]));
    expect(Object.keys(byId).sort()).toEqual([hitsId, pathFieldId, childFieldId].sort());
    expect(byId[hitsId]).toMatchObject({
      $kind: 'DynamicField',
      name: { type: '0x1::string::String', bcs: hitsName },
      valueType: 'u64',
    });
    // The name's layout is unknown, but the fixed-size value bounds its bytes.
    expect(byId[pathFieldId]).toMatchObject({
      $kind: 'DynamicField',
      name: { bcs: pathName },
      valueType: 'u64',
    });
    expect(byId[childFieldId]).toMatchObject({
      $kind: 'DynamicObject',
      name: { type: '0x1::string::String', bcs: childName },
      childId: child.id,
    });

    const first = await client.core.listDynamicFields({ parentId: counter.id, limit: 2 });
    const rest = await client.core.listDynamicFields({
      parentId: counter.id,
      limit: 2,
      cursor: first.cursor,
    });
    expect(first.hasNextPage).toBe(true);
    expect([...first.dynamicFields, ...rest.dynamicFields].map((f) => f.fieldId).sort()).toEqual(
      Object.keys(byId).sort(),
    );
  });

  it('suix_getDynamicFields reports decoded names and object-field children as Sui does', async () => {
    const page = await client.getDynamicFields({ parentId: counter.id });
    const hitsInfo = page.data.find((f) => f.objectId === hitsId);
    expect(hitsInfo).toMatchObject({
      name: { type: '0x1::string::String', value: 'hits' },
      type: 'DynamicField',
    });
    const pathInfo = page.data.find((f) => f.objectId === pathFieldId);
    expect(pathInfo).toMatchObject({ name: { value: null }, bcsEncoding: 'base64', objectType: 'u64' });
    const childInfo = page.data.find((f) => f.type === 'DynamicObject');
    expect(childInfo).toMatchObject({
      name: { value: 'child' },
      objectType: `0x${pkg.slice(2).replace(/^0+/, '')}::counter::Child`,
      objectId: child.id,
      version: '3',
      digest: child.digest,
    });
  });

  it('core.getDynamicField and getDynamicObjectField find fields by name BCS', async () => {
    const { dynamicField } = await client.core.getDynamicField({
      parentId: counter.id,
      name: { type: '0x1::string::String', bcs: hitsName },
    });
    expect(dynamicField).toMatchObject({ $kind: 'DynamicField', fieldId: hitsId, version: '3' });
    expect(bcs.u64().parse(dynamicField.value.bcs)).toBe('42');

    const { object } = await client.core.getDynamicObjectField({
      parentId: counter.id,
      name: { type: '0x1::string::String', bcs: childName },
    });
    expect(object.objectId).toBe(child.id);
  });

  it('suix_getDynamicFieldObject finds fields by JSON name', async () => {
    const field = await client.getDynamicFieldObject({
      parentId: counter.id,
      name: { type: '0x1::string::String', value: 'hits' },
    });
    expect(field.data).toMatchObject({ objectId: hitsId, owner: { ObjectOwner: counter.id } });
    const obj = await client.getDynamicFieldObject({
      parentId: counter.id,
      name: { type: '0x1::string::String', value: 'child' },
    });
    expect(obj.data?.objectId).toBe(child.id);
    const byPath = await client.getDynamicFieldObject({
      parentId: counter.id,
      name: { type: RESOURCE_PATH, value: { path: '/index.html' } },
    });
    expect(byPath.data?.objectId).toBe(pathFieldId);
    const missing = await client.getDynamicFieldObject({
      parentId: counter.id,
      name: { type: '0x1::string::String', value: 'nope' },
    });
    expect(missing.error).toEqual({ code: 'dynamicFieldNotFound', parent_object_id: counter.id });
  });

  it('core.getTransaction returns status, effects, events, input and signatures', async () => {
    const result = await client.core.getTransaction({
      digest: txDigest,
      include: { effects: true, events: true, transaction: true, balanceChanges: true, objectTypes: true },
    });
    expect(result.$kind).toBe('Transaction');
    const tx = result.Transaction!;
    expect(tx).toMatchObject({
      digest: txDigest,
      status: { success: true, error: null },
      epoch: '0',
      checkpoint: '1',
      signatures: [expect.any(String)],
      balanceChanges: [{ address: alice, amount: '-2500' }],
    });
    expect(tx.effects?.transactionDigest).toBe(txDigest);
    expect(tx.effects?.changedObjects.map((c) => c.objectId).sort()).toEqual([coinA.id, counter.id].sort());
    expect(tx.events).toEqual([
      expect.objectContaining({
        eventType: INCREMENTED,
        module: 'counter',
        sender: alice,
        json: { value: '8' },
      }),
    ]);
    expect(tx.transaction?.sender).toBe(alice);
    expect(tx.objectTypes?.[counter.id]).toBe(COUNTER);
  });

  it('core.getTransaction reports an unknown digest as not found', async () => {
    await expect(client.core.getTransaction({ digest: digestOf('never') })).rejects.toThrow(/not.?found/i);
  });

  it('sui_getTransactionBlock renders JSON effects and object changes', async () => {
    const tx = await client.getTransactionBlock({
      digest: txDigest,
      options: { showEffects: true, showObjectChanges: true, showInput: true },
    });
    expect(tx.effects).toMatchObject({
      status: { status: 'success' },
      executedEpoch: '0',
      gasObject: { owner: { AddressOwner: alice }, reference: { objectId: coinA.id, version: '4' } },
      modifiedAtVersions: expect.arrayContaining([{ objectId: counter.id, sequenceNumber: '3' }]),
      sharedObjects: [{ objectId: counter.id, version: '3', digest: counter.digest }],
    });
    expect(tx.objectChanges).toContainEqual(
      expect.objectContaining({ type: 'mutated', objectId: counter.id, previousVersion: '3', version: '4' }),
    );
    expect(tx.transaction?.data.transaction).toMatchObject({
      kind: 'ProgrammableTransaction',
      transactions: [{ MoveCall: { module: 'counter', function: 'increment' } }],
    });
  });

  it('core.getChainIdentifier is the genesis checkpoint digest', async () => {
    const { chainIdentifier } = await client.core.getChainIdentifier();
    expect(chainIdentifier).toBe(store.genesisDigest());
    const short = await transport.request<string>({ method: 'sui_getChainIdentifier', params: [] });
    expect(short).toBe(toHex(fromBase58(store.genesisDigest()).slice(0, 4)));
  });

  it('queryEvents filters by type and pages with cursors', async () => {
    const page = await client.queryEvents({ query: { MoveEventType: INCREMENTED }, order: 'ascending' });
    expect(page.data).toHaveLength(1);
    expect(page.data[0]).toMatchObject({
      id: { txDigest, eventSeq: '0' },
      packageId: pkg,
      transactionModule: 'counter',
      sender: alice,
      parsedJson: { value: '8' },
      bcsEncoding: 'base64',
      timestampMs: '1700000000123',
    });
    expect(IncrementedBcs.parse(fromBase64((page.data[0] as { bcs: string }).bcs)).value).toBe('8');
    expect(page.hasNextPage).toBe(false);

    const after = await client.queryEvents({
      query: { All: [] },
      cursor: page.nextCursor,
      order: 'ascending',
    });
    expect(after.data).toEqual([]);
    expect((await client.queryEvents({ query: { Sender: nobody } })).data).toEqual([]);
    const listed = await client.core.listEvents({ filter: { eventType: INCREMENTED } });
    expect(listed.events.map((e) => e.transactionDigest)).toEqual([txDigest]);
  });

  it('checkpoints, gas price and latest sequence number', async () => {
    expect(await client.getLatestCheckpointSequenceNumber()).toBe('1');
    expect(await client.getReferenceGasPrice()).toBe(1000n);
    const cp = await client.getCheckpoint({ id: '1' });
    expect(cp).toMatchObject({
      sequenceNumber: '1',
      epoch: '0',
      transactions: [txDigest],
      previousDigest: store.genesisDigest(),
      networkTotalTransactions: '2',
      checkpointCommitments: [],
    });
    expect(await client.getCheckpoint({ id: cp.digest })).toEqual(cp);
    expect((await client.getCheckpoint({ id: '0' })).previousDigest).toBeUndefined();
    await expect(client.getCheckpoint({ id: '99' })).rejects.toThrow(/not found/);
  });

  it('rejects bad parameters with -32602', async () => {
    await expect(
      transport.request({ method: 'suix_getOwnedObjects', params: ['not-an-address'] }),
    ).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/Invalid owner/) });
    await expect(
      transport.request({ method: 'suix_queryEvents', params: [{ TimeRange: {} }] }),
    ).rejects.toMatchObject({ code: -32602 });
  });

  it('names a missing parameter as missing, not "undefined" (found by fuzzing)', async () => {
    for (const method of [
      'suix_getOwnedObjects',
      'sui_getObject',
      'sui_multiGetObjects',
      'sui_getCheckpoint',
    ]) {
      const error = await transport.request({ method, params: [] }).catch((e: unknown) => e);
      expect(error, method).toMatchObject({ code: -32602, message: expect.stringContaining('(missing)') });
      expect((error as Error).message, method).not.toMatch(/undefined/);
    }
  });

  it('answers -32602, not an internal error, for a parameter nested too deeply to print', async () => {
    // The limit parameter: printing it in the error message used to overflow the stack (-32603).
    const text = `{"jsonrpc":"2.0","id":1,"method":"suix_queryEvents","params":[{"All":[]},null,${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}]}`;
    const response = await fetch(server.url, { method: 'POST', body: text });
    expect(await response.json()).toMatchObject({
      id: 1,
      error: { code: -32602, message: expect.stringContaining('nested too deeply to show') },
    });
  });
});

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}
