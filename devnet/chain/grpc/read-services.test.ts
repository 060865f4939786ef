// The read services as users see them: an unmodified `SuiGrpcClient` against the devnet's one
// port, compared call for call with `SuiJsonRpcClient` on the same chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bcs } from '@mysten/sui/bcs';
import { ObjectError } from '@mysten/sui/client';
import { RpcError } from '@mysten/sui/grpc';
import { normalizeStructTag, normalizeSuiAddress } from '@mysten/sui/utils';
import { readFixture, type ReadFixture } from './test-support/read-fixture.ts';

let f: ReadFixture;
beforeAll(async () => {
  f = await readFixture();
});
afterAll(async () => {
  await f?.close();
});

const SUI_TYPE = normalizeStructTag('0x2::sui::SUI');
const walType = () => normalizeStructTag(f.deployment.walCoinType);

/** Owners as both clients map them, with the shared version as a string either way. */
function owner(value: unknown): unknown {
  const o = value as { Shared?: { initialSharedVersion: unknown } } | null;
  return o?.Shared
    ? { ...o, Shared: { initialSharedVersion: String(o.Shared.initialSharedVersion) } }
    : value;
}

/** Every page of a cursor-paged listing. */
async function all<T>(
  list: (cursor: string | null) => Promise<{ items: T[]; cursor: string | null; hasNextPage: boolean }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = await list(cursor);
    items.push(...page.items);
    if (!page.hasNextPage) return items;
    cursor = page.cursor;
  }
}

describe('Sui gRPC read services on the devnet', () => {
  const include = { content: true, previousTransaction: true, objectBcs: true, json: true, display: true };

  for (const format of ['text', 'binary'] as const) {
    it(`returns every object exactly as JSON-RPC does, with all includes (${format})`, async () => {
      const alice = f.alice.toSuiAddress();
      const [suiCoin] = f.coinsOf(alice, '0x2::coin::Coin<0x2::sui::SUI>');
      const staking = f.object(f.deployment.stakingObjectId);
      const pool = f.object(f.deployment.nodes[0]!.nodeId);
      const objectIds = [
        suiCoin!.id, // address-owned gas coin
        f.deployment.walCoinIds[0]!, // address-owned Coin<WAL>
        f.deployment.systemObjectId, // shared
        staking.id,
        pool.id, // owned by a dynamic-object-field object
        f.siteId,
      ];
      const [viaGrpc, viaJson] = await Promise.all([
        f.grpc(format).core.getObjects({ objectIds, include }),
        f.jsonRpc.core.getObjects({ objectIds, include }),
      ]);
      expect(viaGrpc.objects).toHaveLength(objectIds.length);
      for (const [i, got] of viaGrpc.objects.entries()) {
        const want = viaJson.objects[i]!;
        if (got instanceof Error || want instanceof Error) throw got instanceof Error ? got : want;
        expect(got.objectId).toBe(objectIds[i]);
        expect({ ...got, owner: owner(got.owner), json: undefined }).toEqual({
          ...want,
          owner: owner(want.owner),
          json: undefined,
        });
        // The full Sui Object BCS: the SDK's own schema reads back what the object holds.
        const parsed = bcs.Object.parse(got.objectBcs!);
        expect(parsed.data.Move?.contents).toEqual(got.content);
        expect(String(parsed.data.Move?.version)).toBe(got.version);
      }
    });
  }

  it('renders json as Sui’s gRPC API does (IDs and balances as strings, Option as its value)', async () => {
    const coinId = f.deployment.walCoinIds[0]!;
    const { objects } = await f
      .grpc()
      .core.getObjects({ objectIds: [coinId, f.siteId], include: { json: true } });
    const [coin, site] = objects;
    if (coin instanceof Error || site instanceof Error) throw new Error('object missing');
    expect(coin!.json).toEqual({ id: coinId, balance: '1000000000000' });
    expect(site!.json).toEqual({
      id: f.siteId,
      name: 'Test site',
      link: 'https://floe.example',
      image_url: 'https://floe.example/logo.png',
      description: 'A test site',
      project_url: 'https://floe.example/project',
      creator: 'floe',
    });
  });

  it('reports a missing object as the SDK’s notExists and a malformed ID as INVALID_ARGUMENT', async () => {
    const missing = normalizeSuiAddress('0xdead');
    const { objects } = await f.grpc().core.getObjects({ objectIds: [f.siteId, missing] });
    expect(objects[0]).not.toBeInstanceOf(Error);
    expect(objects[1]).toBeInstanceOf(ObjectError);
    expect(objects[1]).toMatchObject({
      code: 'notExists',
      objectId: missing,
      message: `Object ${missing} not found`,
    });
    await expect(f.grpc().core.getObject({ objectId: missing })).rejects.toMatchObject({ code: 'notExists' });

    const bad = await f
      .grpc()
      .ledgerService.getObject({ objectId: 'not-an-id' })
      .response.catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(RpcError);
    expect(bad).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/^invalid object_id/),
    });
    const mask = await f
      .grpc()
      .ledgerService.getObject({ objectId: f.siteId, readMask: { paths: ['colour'] } })
      .response.catch((e: unknown) => e);
    expect(mask).toMatchObject({ code: 'INVALID_ARGUMENT', message: 'invalid read_mask path: colour' });
  });

  it('lists owned objects page by page, with and without a type filter, as suix_getOwnedObjects', async () => {
    const alice = f.alice.toSuiAddress();
    const viaGrpc = await all(async (cursor) => {
      const page = await f.grpc().core.listOwnedObjects({ owner: alice, cursor, limit: 2 });
      return { items: page.objects, cursor: page.cursor, hasNextPage: page.hasNextPage };
    });
    const viaJson = await all(async (cursor) => {
      const page = await f.jsonRpc.core.listOwnedObjects({ owner: alice, cursor });
      return { items: page.objects, cursor: page.cursor, hasNextPage: page.hasNextPage };
    });
    expect(viaGrpc.length).toBeGreaterThan(2);
    const summary = (o: { objectId: string; version: string; digest: string; type: string }) => ({
      objectId: o.objectId,
      version: o.version,
      digest: o.digest,
      type: normalizeStructTag(o.type),
    });
    expect(viaGrpc.map(summary)).toEqual(viaJson.map(summary));

    const coins = await f.grpc().core.listOwnedObjects({ owner: alice, type: '0x2::coin::Coin' });
    expect(coins.objects.map((o) => o.objectId).sort()).toEqual(
      viaJson
        .filter((o) => normalizeStructTag(o.type).includes('::coin::Coin<'))
        .map((o) => o.objectId)
        .sort(),
    );
    const wal = await f.grpc().core.listOwnedObjects({ owner: alice, type: `0x2::coin::Coin<${walType()}>` });
    expect(wal.objects.map((o) => o.objectId)).toEqual([f.deployment.walCoinIds[0]]);
  });

  it('lists coins, balances and one balance as the coin methods of JSON-RPC do', async () => {
    const alice = f.alice.toSuiAddress();
    for (const coinType of [undefined, walType()]) {
      const [viaGrpc, viaJson] = await Promise.all([
        f.grpc().core.listCoins({ owner: alice, ...(coinType ? { coinType } : {}) }),
        f.jsonRpc.core.listCoins({ owner: alice, ...(coinType ? { coinType } : {}) }),
      ]);
      const summary = (c: { objectId: string; version: string; digest: string; balance: string }) => ({
        objectId: c.objectId,
        version: c.version,
        digest: c.digest,
        balance: c.balance,
      });
      expect(viaGrpc.objects.length).toBeGreaterThan(0);
      expect(viaGrpc.objects.map(summary)).toEqual(viaJson.objects.map(summary));

      const [one, oneJson] = await Promise.all([
        f.grpc().core.getBalance({ owner: alice, ...(coinType ? { coinType } : {}) }),
        f.jsonRpc.core.getBalance({ owner: alice, ...(coinType ? { coinType } : {}) }),
      ]);
      expect(one.balance).toMatchObject({
        balance: oneJson.balance.balance,
        coinBalance: oneJson.balance.balance,
        addressBalance: '0',
      });
      expect(normalizeStructTag(one.balance.coinType)).toBe(normalizeStructTag(oneJson.balance.coinType));
    }

    const [balances, balancesJson] = await Promise.all([
      f.grpc().core.listBalances({ owner: alice }),
      f.jsonRpc.core.listBalances({ owner: alice }),
    ]);
    const totals = (list: { coinType: string; balance: string }[]) =>
      list.map((b) => [normalizeStructTag(b.coinType), b.balance]);
    expect(totals(balances.balances)).toEqual(totals(balancesJson.balances));
    expect(totals(balances.balances).map(([type]) => type)).toEqual(
      expect.arrayContaining([SUI_TYPE, walType()]),
    );
    const paged = await f.grpc().core.listBalances({ owner: alice, limit: 1 });
    expect(paged.balances).toHaveLength(1);
    expect(paged.hasNextPage).toBe(true);
    const rest = await f.grpc().core.listBalances({ owner: alice, cursor: paged.cursor });
    expect(totals([...paged.balances, ...rest.balances])).toEqual(totals(balancesJson.balances));

    const nothing = await f.grpc().core.getBalance({ owner: normalizeSuiAddress('0xabc') });
    expect(nothing.balance).toMatchObject({ balance: '0', coinBalance: '0' });
  });

  it('knows SUI’s coin metadata and no other', async () => {
    const sui = await f.grpc().core.getCoinMetadata({ coinType: '0x2::sui::SUI' });
    expect(sui.coinMetadata).toMatchObject({ decimals: 9, name: 'Sui', symbol: 'SUI' });
    const wal = await f.grpc().core.getCoinMetadata({ coinType: walType() });
    expect(wal.coinMetadata).toBeNull();
  });

  it('reports the chain, the epoch, its gas price, system state and protocol config as JSON-RPC does', async () => {
    const grpc = f.grpc();
    const [chain, chainJson] = await Promise.all([
      grpc.core.getChainIdentifier(),
      f.jsonRpc.core.getChainIdentifier(),
    ]);
    expect(chain.chainIdentifier).toBe(chainJson.chainIdentifier);

    const [price, priceJson] = await Promise.all([
      grpc.core.getReferenceGasPrice(),
      f.jsonRpc.core.getReferenceGasPrice(),
    ]);
    expect(price.referenceGasPrice).toBe(priceJson.referenceGasPrice);

    const [state, stateJson] = await Promise.all([
      grpc.core.getCurrentSystemState(),
      f.jsonRpc.core.getCurrentSystemState(),
    ]);
    expect(state.systemState).toEqual(stateJson.systemState);

    const [config, configJson] = await Promise.all([
      grpc.core.getProtocolConfig(),
      f.jsonRpc.core.getProtocolConfig(),
    ]);
    expect(config.protocolConfig).toEqual(configJson.protocolConfig);

    const { response: info } = await grpc.ledgerService.getServiceInfo({});
    const latest = f.store.latestCheckpoint();
    expect(info).toMatchObject({
      chainId: chainJson.chainIdentifier,
      epoch: f.store.epoch().epoch,
      checkpointHeight: latest.sequenceNumber,
      lowestAvailableCheckpoint: 0n,
    });
  });

  it('serves checkpoints by number, by digest and the latest, as sui_getCheckpoint', async () => {
    const grpc = f.grpc();
    const latest = f.store.latestCheckpoint();
    const json = await f.jsonRpc.getCheckpoint({ id: String(latest.sequenceNumber) });
    const mask = { paths: ['sequence_number', 'digest', 'summary', 'contents.transactions'] };
    const bySeq = await grpc.ledgerService.getCheckpoint({
      checkpointId: { oneofKind: 'sequenceNumber', sequenceNumber: latest.sequenceNumber },
      readMask: mask,
    });
    const cp = bySeq.response.checkpoint!;
    expect(cp.digest).toBe(json.digest);
    expect(cp.summary).toMatchObject({
      epoch: BigInt(json.epoch),
      totalNetworkTransactions: BigInt(json.networkTotalTransactions),
      previousDigest: json.previousDigest,
      timestamp: { seconds: BigInt(json.timestampMs) / 1000n },
    });
    expect(cp.contents!.transactions.map((t) => t.transaction)).toEqual(json.transactions);
    const byDigest = await grpc.ledgerService.getCheckpoint({
      checkpointId: { oneofKind: 'digest', digest: json.digest },
    });
    expect(byDigest.response.checkpoint).toEqual({
      sequenceNumber: latest.sequenceNumber,
      digest: json.digest,
      transactions: [],
    });
    const current = await grpc.ledgerService.getCheckpoint({ checkpointId: { oneofKind: undefined } });
    expect(current.response.checkpoint!.sequenceNumber).toBe(latest.sequenceNumber);
    const missing = await grpc.ledgerService
      .getCheckpoint({ checkpointId: { oneofKind: 'sequenceNumber', sequenceNumber: 999_999n } })
      .response.catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: 'Checkpoint 999999 not found' });
  });

  it('lets a browser preflight a gRPC call on the JSON-RPC port and see the chain headers', async () => {
    const preflight = await fetch(`${f.url}/sui.rpc.v2.LedgerService/GetObject`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers':
          'content-type,x-grpc-web,x-user-agent,x-sui-client-protocol-version',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-sui-client-protocol-version');
    const { headers } = await f.grpc().ledgerService.getServiceInfo({});
    expect(headers['x-sui-chain-id']).toBe(f.store.genesisDigest());
    expect(headers['x-sui-checkpoint-height']).toBe(String(f.store.latestCheckpoint().sequenceNumber));
  });
});
