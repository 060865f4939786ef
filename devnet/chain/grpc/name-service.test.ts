// NameService against names registered on a devnet with PTBs: the same answers as the JSON-RPC
// name methods, in a full node's shape (records, NOT_FOUND, "name has expired"), and the
// unmodified SuiGrpcClient resolving them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bcs } from '@mysten/sui/bcs';
import { GrpcStatusCode, SuiGrpcClient, type GrpcTypes } from '@mysten/sui/grpc';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { deriveDynamicFieldID, normalizeSuiAddress } from '@mysten/sui/utils';
import { suins } from '@mysten/suins';
import { startChain, type Chain } from '../chain.ts';
import { ContentRenderer } from '../move/render.ts';
import {
  DOMAIN_TYPE,
  NAMES_PACKAGE as PKG,
  REGISTRATION_TYPE,
  REGISTRY_TABLE_ID,
  YEAR_MS,
} from '../natives/names/constants.ts';
import { namesPackageInfo } from '../natives/names/registry-object.ts';
import { NAME_EXPIRED_MESSAGE, nameService } from './name-service.ts';
import type { GrpcService } from './service.ts';
import { readServices } from './services.ts';
import { callOverWire, serveGrpc } from './test-support/calls.ts';

const SITE_ID = normalizeSuiAddress('0x5ac988828a0c9842d91e6d5bdd9552ec9fcdddf11c56bf82dff6d5566685a31e');

describe('NameService', () => {
  let clock = Date.now();
  let dir: string;
  let chain: Chain;
  let client: SuiJsonRpcClient;
  let registryId: string;
  let service: GrpcService;
  const owner = new Ed25519Keypair();
  const other = new Ed25519Keypair();
  let nftId = '';

  const lookup = (name: string | undefined) =>
    callOverWire<GrpcTypes.LookupNameResponse>(service, 'LookupName', { name });
  const reverseLookup = (address: string | undefined) =>
    callOverWire<GrpcTypes.ReverseLookupNameResponse>(service, 'ReverseLookupName', { address });

  async function execute(signer: Ed25519Keypair, build: (tx: Transaction) => void) {
    const tx = new Transaction();
    build(tx);
    const result = await client.core.signAndExecuteTransaction({
      transaction: tx,
      signer,
      include: { effects: true },
    });
    if (result.$kind !== 'Transaction')
      throw new Error(`transaction failed: ${result.FailedTransaction.status.error?.message}`);
    await client.core.waitForTransaction({ digest: result.Transaction.digest });
    return result.Transaction;
  }

  /** Registers `name` for `signer`, pointing at the signer; returns the registration NFT's ID. */
  async function register(signer: Ed25519Keypair, name: string): Promise<string> {
    const done = await execute(signer, (tx) => {
      const nft = tx.moveCall({
        target: `${PKG}::register::register`,
        arguments: [
          tx.object(registryId),
          tx.pure.string(name),
          tx.pure.u8(1),
          tx.pure.option('address', signer.toSuiAddress()),
        ],
      });
      tx.transferObjects([nft], signer.toSuiAddress());
    });
    for (const change of done.effects!.changedObjects.filter((c) => c.idOperation === 'Created')) {
      const { object } = await client.core.getObject({ objectId: change.objectId });
      if (object.type === REGISTRATION_TYPE) return object.objectId;
    }
    throw new Error(`no registration NFT created for ${name}`);
  }

  const setTarget = (target: string | null) =>
    execute(owner, (tx) => {
      tx.moveCall({
        target: `${PKG}::controller::set_target_address`,
        arguments: [tx.object(registryId), tx.object(nftId), tx.pure.option('address', target)],
      });
    });

  const setDefaultName = (signer: Ed25519Keypair, name: string) =>
    execute(signer, (tx) => {
      tx.moveCall({
        target: `${PKG}::controller::set_reverse_lookup`,
        arguments: [tx.object(registryId), tx.pure.string(name)],
      });
    });

  const rpc = <T>(method: string, params: unknown[]) => client.call<T>(method, params);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'floe-grpc-names-'));
    chain = await startChain({ dir, now: () => clock });
    client = new SuiJsonRpcClient({ url: chain.url, network: 'localnet' });
    registryId = namesPackageInfo(chain).suins;
    const { store, executor, registry } = chain;
    service = nameService({ store, executor, registry, render: new ContentRenderer(registry) });
    await chain.faucet.fund(owner.toSuiAddress());
    await chain.faucet.fund(other.toSuiAddress());
    nftId = await register(owner, 'floe-demo.sui');
    await execute(owner, (tx) => {
      tx.moveCall({
        target: `${PKG}::controller::set_user_data`,
        arguments: [
          tx.object(registryId),
          tx.object(nftId),
          tx.pure.string('walrus_site_id'),
          tx.pure.string(SITE_ID),
        ],
      });
    });
    await setDefaultName(owner, 'floe-demo.sui');
  });

  afterAll(async () => {
    await chain?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('looks a name up in either form as the record @mysten/suins reads', async () => {
    const record = await client
      .$extend(suins({ packageInfo: namesPackageInfo(chain) }))
      .suins.getNameRecord('floe-demo.sui');
    const key = bcs
      .struct('Domain', { labels: bcs.vector(bcs.string()) })
      .serialize({ labels: ['sui', 'floe-demo'] });
    const expected: GrpcTypes.NameRecord = {
      id: normalizeSuiAddress(deriveDynamicFieldID(REGISTRY_TABLE_ID, DOMAIN_TYPE, key.toBytes())),
      name: 'floe-demo.sui',
      registrationNftId: nftId,
      expirationTimestamp: {
        seconds: BigInt(Math.floor(record!.expirationTimestampMs / 1000)),
        nanos: (record!.expirationTimestampMs % 1000) * 1_000_000,
      },
      targetAddress: owner.toSuiAddress(),
      data: { walrus_site_id: SITE_ID },
    };
    expect((await lookup('floe-demo.sui')).record).toEqual(expected);
    expect((await lookup('@floe-demo')).record).toEqual(expected);
    expect(await rpc('suix_resolveNameServiceAddress', ['@floe-demo'])).toBe(owner.toSuiAddress());
  });

  it('answers names without a record with NOT_FOUND and non-names with INVALID_ARGUMENT', async () => {
    for (const name of ['nobody-here.sui', 'app.floe-demo.sui']) {
      await expect(lookup(name), name).rejects.toMatchObject({ code: GrpcStatusCode.NOT_FOUND });
      expect(await rpc('suix_resolveNameServiceAddress', [name])).toBeNull();
    }
    await expect(lookup('Not A Name')).rejects.toMatchObject({
      code: GrpcStatusCode.INVALID_ARGUMENT,
      message: expect.stringContaining('invalid domain'),
    });
    await expect(rpc('suix_resolveNameServiceAddress', ['Not A Name'])).rejects.toThrow(/Invalid name/);
    await expect(lookup(undefined)).rejects.toMatchObject({
      code: GrpcStatusCode.INVALID_ARGUMENT,
      message: 'missing name',
    });
  });

  it('reverse-looks an address up to its default name, and to NOT_FOUND where JSON-RPC lists none', async () => {
    const { record } = await reverseLookup(owner.toSuiAddress());
    expect(record).toEqual((await lookup('floe-demo.sui')).record);
    expect(await rpc('suix_resolveNameServiceNames', [owner.toSuiAddress()])).toMatchObject({
      data: ['floe-demo.sui'],
    });

    await expect(reverseLookup(other.toSuiAddress())).rejects.toMatchObject({
      code: GrpcStatusCode.NOT_FOUND,
    });
    expect(await rpc('suix_resolveNameServiceNames', [other.toSuiAddress()])).toMatchObject({ data: [] });
    await expect(reverseLookup('0xnope')).rejects.toMatchObject({ code: GrpcStatusCode.INVALID_ARGUMENT });
  });

  it('returns a record without target_address for a name that points nowhere, and drops it as a default name', async () => {
    await setTarget(null);
    const { record } = await lookup('floe-demo.sui');
    expect(record).toMatchObject({ name: 'floe-demo.sui', registrationNftId: nftId });
    expect(record!.targetAddress).toBeUndefined();
    expect(await rpc('suix_resolveNameServiceAddress', ['floe-demo.sui'])).toBeNull();
    await expect(reverseLookup(owner.toSuiAddress())).rejects.toMatchObject({
      code: GrpcStatusCode.NOT_FOUND,
    });
    await setTarget(owner.toSuiAddress());
    await setDefaultName(owner, 'floe-demo.sui');
    expect((await reverseLookup(owner.toSuiAddress())).record?.name).toBe('floe-demo.sui');
  });

  it('serves SuiGrpcClient name resolution the answers SuiJsonRpcClient gets', async () => {
    const { store, executor, registry } = chain;
    const reads = readServices({ store, executor, registry, render: new ContentRenderer(registry) });
    const server = await serveGrpc([service, ...reads]);
    try {
      const grpc = new SuiGrpcClient({ baseUrl: server.url, network: 'localnet' });
      for (const name of ['floe-demo.sui', '@floe-demo', 'nobody-here.sui']) {
        expect(await grpc.core.resolveNameServiceAddress({ name }), name).toEqual(
          await client.core.resolveNameServiceAddress({ name }),
        );
      }
      expect(await grpc.core.resolveNameServiceAddress({ name: 'floe-demo.sui' })).toEqual({
        address: owner.toSuiAddress(),
      });
      expect(await grpc.core.defaultNameServiceName({ address: owner.toSuiAddress() })).toEqual({
        data: { name: 'floe-demo.sui' },
      });
      // An unmodified SuinsClient reads the record over gRPC (BatchGetObjects) given the devnet's IDs.
      const packageInfo = namesPackageInfo(chain);
      expect(await grpc.$extend(suins({ packageInfo })).suins.getNameRecord('floe-demo.sui')).toEqual(
        await client.$extend(suins({ packageInfo })).suins.getNameRecord('floe-demo.sui'),
      );
      // As against a full node, the SDK passes NOT_FOUND on for an address without a name.
      await expect(grpc.core.defaultNameServiceName({ address: other.toSuiAddress() })).rejects.toMatchObject(
        {
          code: 'NOT_FOUND',
        },
      );
    } finally {
      await server.close();
    }
  });

  // Last: it moves the chain's clock past the registration.
  it('answers an expired name with RESOURCE_EXHAUSTED "name has expired", which the SDK reads as no address', async () => {
    clock += Number(YEAR_MS) + 1_000;
    // Resolution reads the latest checkpoint's time, so commit something at the new time.
    await chain.faucet.fund(other.toSuiAddress());
    await expect(lookup('floe-demo.sui')).rejects.toMatchObject({
      code: GrpcStatusCode.RESOURCE_EXHAUSTED,
      message: NAME_EXPIRED_MESSAGE,
    });
    await expect(reverseLookup(owner.toSuiAddress())).rejects.toMatchObject({
      code: GrpcStatusCode.RESOURCE_EXHAUSTED,
      message: NAME_EXPIRED_MESSAGE,
    });
    expect(await rpc('suix_resolveNameServiceAddress', ['floe-demo.sui'])).toBeNull();
    expect(await rpc('suix_resolveNameServiceNames', [owner.toSuiAddress()])).toMatchObject({ data: [] });

    const server = await serveGrpc([service]);
    try {
      const grpc = new SuiGrpcClient({ baseUrl: server.url, network: 'localnet' });
      expect(await grpc.core.resolveNameServiceAddress({ name: 'floe-demo.sui' })).toEqual({ address: null });
    } finally {
      await server.close();
    }
  });
});
