// Compatibility with the official SDK: the devnet's Walrus objects parse with @mysten/walrus's own
// BCS schemas, byte for byte, and an unmodified `WalrusClient` reads them and builds the register,
// certify, attribute, extend and delete transactions, which then execute on the devnet. The Sui
// JSON-RPC layer is replaced by a small in-process transport (the two methods these flows need),
// so this tests the Walrus natives, not the RPC server.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '@mysten/bcs';
import { bcs } from '@mysten/sui/bcs';
import { SuiJsonRpcClient, type JsonRpcTransport } from '@mysten/sui/jsonRpc';
import type { Transaction } from '@mysten/sui/transactions';
import { deriveDynamicFieldID, normalizeSuiAddress } from '@mysten/sui/utils';
import { WalrusClient } from '@mysten/walrus';
import { bls12381_min_pk_verify } from '@mysten/walrus-wasm';
import { blobIdToText, blobIdToU256 } from '../../../../core/walrus/blob-id.ts';
import { serializeStorageConfirmation } from '../../../../core/walrus/bcs.ts';
import { WalrusCodec } from '../../../../core/walrus/encoding.ts';
import { normalizedFunction } from '../../api/move.ts';
import type { ChainObject, Owner, TransactionRecord } from '../../state/records.ts';
import { PKG } from './constants.ts';
import { advanceWalrusEpoch } from './epoch.ts';
import { uncompressedG1 } from './bls.ts';
import {
  STORAGE_PRICE,
  WAL_COIN,
  WRITE_PRICE,
  walrusFixture,
  type WalrusFixture,
} from './test-support/walrus-fixture.ts';

interface Schema {
  parse(bytes: Uint8Array): unknown;
  serialize(value: never): { toBytes(): Uint8Array };
}
type SchemaModule = Record<string, Schema>;

const sdkDist = dirname(createRequire(import.meta.url).resolve('@mysten/walrus'));
/** The SDK does not export its contract schemas; load the generated modules it uses itself. */
async function sdk(path: string): Promise<SchemaModule> {
  return (await import(pathToFileURL(join(sdkDist, path)).href)) as SchemaModule;
}

let S: {
  System: Schema;
  Staking: Schema;
  SystemStateInnerV1: Schema;
  StakingInnerV1: Schema;
  StakingPool: Schema;
  Blob: Schema;
  Storage: Schema;
  Metadata: Schema;
  field: (name: Schema, value: Schema) => Schema;
};

beforeAll(async () => {
  const utils = (await sdk('utils/bcs.mjs')) as unknown as { Field: (n: Schema, v: Schema) => Schema };
  S = {
    System: (await sdk('contracts/walrus/system.mjs'))['System']!,
    Staking: (await sdk('contracts/walrus/staking.mjs'))['Staking']!,
    SystemStateInnerV1: (await sdk('contracts/walrus/system_state_inner.mjs'))['SystemStateInnerV1']!,
    StakingInnerV1: (await sdk('contracts/walrus/staking_inner.mjs'))['StakingInnerV1']!,
    StakingPool: (await sdk('contracts/walrus/staking_pool.mjs'))['StakingPool']!,
    Blob: (await sdk('contracts/walrus/blob.mjs'))['Blob']!,
    Storage: (await sdk('contracts/walrus/storage_resource.mjs'))['Storage']!,
    Metadata: (await sdk('contracts/walrus/metadata.mjs'))['Metadata']!,
    field: utils.Field,
  };
});

const fixtures: WalrusFixture[] = [];
afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.cleanup();
});

/** Parses with an SDK schema and checks re-serializing gives the same bytes (no field missing or extra). */
function sdkParse(schema: Schema, object: ChainObject): Record<string, unknown> {
  const value = schema.parse(object.contents);
  expect(schema.serialize(value as never).toBytes()).toEqual(object.contents);
  return value as Record<string, unknown>;
}

function innerFieldId(parent: string): string {
  return normalizeSuiAddress(deriveDynamicFieldID(parent, 'u64', bcs.u64().serialize(1n).toBytes()));
}

/** Sui JSON-RPC, just enough of it for `WalrusClient` reads and `Transaction.build` resolution. */
function transport(f: WalrusFixture): JsonRpcTransport {
  return {
    async request<T>({ method, params }: { method: string; params: unknown[] }): Promise<T> {
      switch (method) {
        case 'sui_multiGetObjects':
          return (params[0] as string[]).map((id) =>
            renderObject(id, f.store.getObject(normalizeSuiAddress(id))),
          ) as T;
        case 'sui_getNormalizedMoveFunction': {
          const [pkg, module, fn] = params as [string, string, string];
          return normalizedFunction(f.registry, pkg, module, fn) as T;
        }
        default:
          throw new Error(`test transport: ${method} is not implemented`);
      }
    },
  };
}

function renderObject(id: string, o: ChainObject | undefined) {
  if (!o) return { error: { code: 'notExists', object_id: id } };
  return {
    data: {
      objectId: o.id,
      version: String(o.version),
      digest: o.digest,
      type: o.type,
      owner: ownerJson(o.owner),
      previousTransaction: o.previousTransaction,
      storageRebate: String(o.storageRebate),
      bcs: {
        dataType: 'moveObject',
        type: o.type,
        hasPublicTransfer: o.hasPublicTransfer,
        version: Number(o.version),
        bcsBytes: toBase64(o.contents),
      },
    },
  };
}

function ownerJson(owner: Owner) {
  if (typeof owner === 'object' && 'Shared' in owner)
    return { Shared: { initial_shared_version: Number(owner.Shared.initial_shared_version) } };
  return owner;
}

async function setup() {
  const f = await walrusFixture();
  fixtures.push(f);
  const suiClient = new SuiJsonRpcClient({ network: 'localnet', transport: transport(f) });
  const client = new WalrusClient({
    packageConfig: {
      systemObjectId: f.deployment.systemObjectId,
      stakingPoolId: f.deployment.stakingObjectId,
    },
    suiClient,
    storageNodeUrlScheme: 'http',
  });
  /** Builds a transaction the SDK filled in (resolving objects through the transport), signs, executes. */
  async function execute(build: (tx: Transaction) => void | Promise<void>): Promise<TransactionRecord> {
    const tx = await f.sign(f.alice, build);
    const bytes = await tx.build({ client: suiClient });
    const record = await f.executor.execute(bytes, [(await f.alice.signTransaction(bytes)).signature]);
    client.reset();
    return record;
  }
  return { f, client, execute };
}

const walCoinOf = (f: WalrusFixture) => f.coinsOf(f.alice.toSuiAddress(), WAL_COIN)[0]!.id;

describe('@mysten/walrus compatibility', () => {
  it("lays out System, Staking, their inner state and the pools exactly as the SDK's schemas", async () => {
    const f = await walrusFixture();
    fixtures.push(f);
    const { deployment } = f;
    expect(sdkParse(S.System, f.object(deployment.systemObjectId))).toEqual({
      id: deployment.systemObjectId,
      version: '1',
      package_id: PKG,
      new_package_id: null,
    });
    expect(f.object(deployment.systemObjectId).type).toBe(`${PKG}::system::System`);
    expect(sdkParse(S.Staking, f.object(deployment.stakingObjectId))).toMatchObject({
      version: '1',
      package_id: PKG,
    });

    const systemField = f.object(innerFieldId(deployment.systemObjectId));
    expect(systemField.owner).toEqual({ ObjectOwner: deployment.systemObjectId });
    const system = sdkParse(S.field(bcs.u64() as Schema, S.SystemStateInnerV1), systemField)['value'] as {
      committee: { members: { weight: number; node_id: string }[]; n_shards: number; epoch: number };
      storage_price_per_unit_size: string;
      future_accounting: { length: number; ring_buffer: { epoch: number }[] };
    };
    expect(system.committee.n_shards).toBe(10);
    expect(system.committee.epoch).toBe(1);
    expect(system.committee.members.map((m) => m.weight).sort()).toEqual([2, 2, 3, 3]);
    expect(system.storage_price_per_unit_size).toBe(String(STORAGE_PRICE));
    expect(system.future_accounting.ring_buffer[0]!.epoch).toBe(1);

    const staking = sdkParse(
      S.field(bcs.u64() as Schema, S.StakingInnerV1),
      f.object(innerFieldId(deployment.stakingObjectId)),
    )['value'] as {
      n_shards: number;
      epoch: number;
      epoch_state: { $kind: string };
      committee: [{ contents: { key: string; value: number[] }[] }];
      pools: { id: string; size: string };
    };
    expect(staking).toMatchObject({ n_shards: 10, epoch: 1, epoch_state: { $kind: 'EpochChangeDone' } });
    // Committee and BLS committee list the nodes in the same (node ID) order: signer indices agree.
    expect(staking.committee[0].contents.map((e) => e.key)).toEqual(
      system.committee.members.map((m) => m.node_id),
    );

    for (const [i, node] of deployment.nodes.entries()) {
      const pool = f.object(node.nodeId);
      expect(pool.type).toBe(`${PKG}::staking_pool::StakingPool`);
      const value = sdkParse(S.StakingPool, pool) as {
        id: string;
        state: { $kind: string };
        node_info: {
          name: string;
          node_id: string;
          network_address: string;
          public_key: { bytes: number[] };
        };
      };
      expect(value.state.$kind).toBe('Active');
      expect(value.node_info).toMatchObject({
        name: `node-${i}`,
        node_id: node.nodeId,
        network_address: `127.0.0.1:${9100 + i}`,
      });
      // Uncompressed G1, as `storage_node::new` stores it; the SDK verifies with these bytes as-is.
      const key = Uint8Array.from(value.node_info.public_key.bytes);
      expect(key).toEqual(uncompressedG1(f.nodeKeys[i]!.publicKey.toBytes(true)));
      const message = new TextEncoder().encode('probe');
      expect(bls12381_min_pk_verify(f.confirmation(i, message), key, message)).toBe(true);
      // The pool sits in the ObjectTable as a dynamic object field named by its ID.
      const wrapperField = normalizeSuiAddress(
        deriveDynamicFieldID(
          staking.pools.id,
          '0x2::dynamic_object_field::Wrapper<0x2::object::ID>',
          bcs.Address.serialize(node.nodeId).toBytes(),
        ),
      );
      expect(pool.owner).toEqual({ ObjectOwner: wrapperField });
      expect(f.object(wrapperField).owner).toEqual({ ObjectOwner: staking.pools.id });
    }
  });

  it('lets an unmodified WalrusClient read the system, price storage and run the whole write flow', async () => {
    const { f, client, execute } = await setup();
    const systemState = await client.systemState();
    expect(systemState.committee.n_shards).toBe(10);
    const stakingState = await client.stakingState();
    expect(stakingState.epoch_state.$kind).toBe('EpochChangeDone');

    const data = new TextEncoder().encode('written by the official SDK');
    const encoded = new WalrusCodec(10).encode(data);
    const blobId = blobIdToText(encoded.blobId);
    const cost = await client.storageCost(data.length, 3);
    expect(cost.storageCost).toBe(STORAGE_PRICE * 3n);
    expect(cost.writeCost).toBe(WRITE_PRICE);

    // Register: reserve_space + register_blob + attributes, with the SDK's own PTB (it splits the
    // exact costs off the WAL coin and destroys the remainders with coin::destroy_zero).
    const walBefore = f.balanceOf(f.alice.toSuiAddress(), WAL_COIN);
    const registered = await execute((tx) => {
      const blob = tx.add(
        client.registerBlob({
          size: data.length,
          epochs: 3,
          blobId,
          rootHash: encoded.rootHash,
          deletable: true,
          walCoin: tx.object(walCoinOf(f)),
          attributes: { 'content-type': 'text/plain', lang: 'en' },
        }),
      );
      tx.transferObjects([blob], f.alice.toSuiAddress());
    });
    expect(registered.status).toEqual({ success: true });
    expect(walBefore - f.balanceOf(f.alice.toSuiAddress(), WAL_COIN)).toBe(cost.totalCost);
    const blobType = await client.getBlobType();
    const blobObjectId = registered.changes.find(
      (c) => c.kind === 'created' && c.after?.type === blobType,
    )!.id;
    expect(await client.getBlobObject(blobObjectId)).toMatchObject({
      blob_id: String(blobIdToU256(encoded.blobId)),
      deletable: true,
      certified_epoch: null,
      storage: { start_epoch: 1, end_epoch: 4 },
    });
    expect(await client.readBlobAttributes({ blobObjectId })).toEqual({
      'content-type': 'text/plain',
      lang: 'en',
    });

    // Certify: the SDK checks each node's confirmation against the pool's key, aggregates a
    // quorum and calls certify_blob with its signer bitmap.
    const message = serializeStorageConfirmation({
      epoch: systemState.committee.epoch,
      blobId: encoded.blobId,
      persistence: { kind: 'deletable', objectId: bcs.Address.serialize(blobObjectId).toBytes() },
    });
    const confirmations: ({ serializedMessage: string; signature: string } | null)[] = [
      null,
      null,
      null,
      null,
    ];
    for (const [i, node] of f.deployment.nodes.entries()) {
      if (i === 1) continue; // one node is down
      confirmations[node.committeeIndex] = {
        serializedMessage: toBase64(message),
        signature: toBase64(f.confirmation(i, message)),
      };
    }
    const certified = await execute((tx) => {
      tx.add(client.certifyBlob({ blobId, blobObjectId, confirmations, deletable: true }));
    });
    expect(certified.status).toEqual({ success: true });
    expect(await client.getBlobObject(blobObjectId)).toMatchObject({ certified_epoch: 1 });

    // Attributes: remove one, add one.
    const attributes = await execute(async (tx) => {
      await client.writeBlobAttributesTransaction({
        transaction: tx,
        blobObjectId,
        attributes: { lang: null, 'cache-control': 'no-cache' },
      });
    });
    expect(attributes.status).toEqual({ success: true });
    expect(await client.readBlobAttributes({ blobObjectId })).toEqual({
      'content-type': 'text/plain',
      'cache-control': 'no-cache',
    });

    // Extend by two epochs, paying exactly what the SDK computes.
    const beforeExtend = f.balanceOf(f.alice.toSuiAddress(), WAL_COIN);
    const extended = await execute(async (tx) => {
      await client.extendBlobTransaction({
        transaction: tx,
        blobObjectId,
        epochs: 2,
        walCoin: tx.object(walCoinOf(f)),
      });
    });
    expect(extended.status).toEqual({ success: true });
    expect(beforeExtend - f.balanceOf(f.alice.toSuiAddress(), WAL_COIN)).toBe(STORAGE_PRICE * 2n);
    expect(await client.getBlobObject(blobObjectId)).toMatchObject({ storage: { end_epoch: 6 } });

    // Delete: the Storage comes back to the owner.
    const deleted = await execute((tx) => {
      client.deleteBlobTransaction({ transaction: tx, blobObjectId, owner: f.alice.toSuiAddress() });
    });
    expect(deleted.status).toEqual({ success: true });
    expect(f.store.getObject(blobObjectId)).toBeUndefined();
    const storage = f.store
      .ownedBy(f.alice.toSuiAddress())
      .find((o) => o.type === `${PKG}::storage_resource::Storage`)!;
    expect(sdkParse(S.Storage, storage)).toMatchObject({ start_epoch: 1, end_epoch: 6 });
  });

  it('shows an epoch change in progress the way the SDK expects', async () => {
    const { f, client } = await setup();
    advanceWalrusEpoch(f.store, f.registry, f.deployment, { timestampMs: 1_700_000_100_000, sync: true });
    client.reset();
    const staking = await client.stakingState();
    expect(staking.epoch).toBe(2);
    expect(staking.epoch_state.$kind).toBe('EpochChangeSync');
    expect(staking.previous_committee).toEqual(staking.committee);
    expect((await client.systemState()).committee.epoch).toBe(2);
  });
});
