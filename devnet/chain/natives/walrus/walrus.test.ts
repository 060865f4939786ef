import { afterEach, describe, expect, it } from 'vitest';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bcs } from '@mysten/sui/bcs';
import type { Transaction, TransactionResult } from '@mysten/sui/transactions';
import { deriveDynamicFieldID, normalizeSuiAddress } from '@mysten/sui/utils';
import { blobIdToU256 } from '../../../../core/walrus/blob-id.ts';
import { WalrusCodec } from '../../../../core/walrus/encoding.ts';
import { encodedBlobLength as sdkEncodedLength } from '../../../../core/walrus/geometry.ts';
import { geometry } from '../../../../core/walrus/geometry.ts';
import type { TransactionRecord } from '../../state/records.ts';
import { PKG, type BlobValue, type StorageValue } from './constants.ts';
import { deriveBlobId, encodedBlobLength } from './encoding.ts';
import { advanceWalrusEpoch, finishWalrusEpochChange } from './epoch.ts';
import {
  STORAGE_PRICE,
  WAL_COIN,
  WRITE_PRICE,
  walrusFixture,
  type WalrusFixture,
} from './test-support/walrus-fixture.ts';

const MiB = 1024n * 1024n;
const fixtures: WalrusFixture[] = [];
afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.cleanup();
});

async function setup() {
  const f = await walrusFixture();
  fixtures.push(f);
  return f;
}

const codec = new WalrusCodec(10);

function encodeBlob(text: string) {
  const data = new TextEncoder().encode(text);
  const encoded = codec.encode(data);
  return {
    data,
    blobId: encoded.blobId,
    blobIdU256: blobIdToU256(encoded.blobId),
    rootU256: blobIdToU256(encoded.rootHash),
    size: BigInt(data.length),
    encodedSize: encodedBlobLength(BigInt(data.length), 1, 10),
  };
}
type Encoded = ReturnType<typeof encodeBlob>;

/** reserve_space + register_blob (+ attributes) in one PTB paid from the sender's WAL coin. */
function register(
  f: WalrusFixture,
  tx: Transaction,
  blob: Encoded,
  opts: { deletable: boolean; epochs?: number; blobId?: bigint; attributes?: Record<string, string> },
): TransactionResult {
  const owner = tx.getData().sender!;
  const wal = tx.objectRef(f.ref(f.coinsOf(owner, WAL_COIN)[0]!));
  const system = f.system(tx, true);
  const storage = tx.moveCall({
    target: `${PKG}::system::reserve_space`,
    arguments: [system, tx.pure.u64(blob.encodedSize), tx.pure.u32(opts.epochs ?? 3), wal],
  });
  const registered = tx.moveCall({
    target: `${PKG}::system::register_blob`,
    arguments: [
      system,
      storage,
      tx.pure.u256(opts.blobId ?? blob.blobIdU256),
      tx.pure.u256(blob.rootU256),
      tx.pure.u64(blob.size),
      tx.pure.u8(1),
      tx.pure.bool(opts.deletable),
      wal,
    ],
  });
  if (opts.attributes) {
    const metadata = tx.moveCall({ target: `${PKG}::metadata::new` });
    tx.moveCall({ target: `${PKG}::blob::add_metadata`, arguments: [registered, metadata] });
    for (const [key, value] of Object.entries(opts.attributes)) {
      tx.moveCall({
        target: `${PKG}::blob::insert_or_update_metadata_pair`,
        arguments: [registered, tx.pure.string(key), tx.pure.string(value)],
      });
    }
  }
  tx.transferObjects([registered], owner);
  return registered;
}

function createdBlob(f: WalrusFixture, record: TransactionRecord): string {
  const change = record.changes.find((c) => c.kind === 'created' && c.after?.type === `${PKG}::blob::Blob`);
  if (!change) throw new Error(`no Blob created: ${JSON.stringify(record.status)}`);
  void f;
  return change.id;
}

function events(f: WalrusFixture, record: TransactionRecord) {
  return record.events.map((e) => ({
    type: e.type.split('::').slice(1).join('::'),
    value: f.registry.schema(f.registry.parse(undefined, e.type)).parse(e.contents) as Record<
      string,
      unknown
    >,
  }));
}

async function certify(
  f: WalrusFixture,
  blobObjectId: string,
  cert: { signature: Uint8Array; bitmap: Uint8Array; message: Uint8Array },
) {
  return f.run(f.alice, (tx) => {
    tx.moveCall({
      target: `${PKG}::system::certify_blob`,
      arguments: [
        f.system(tx, false),
        tx.objectRef(f.ref(f.object(blobObjectId))),
        tx.pure.vector('u8', cert.signature),
        tx.pure.vector('u8', cert.bitmap),
        tx.pure.vector('u8', cert.message),
      ],
    });
  });
}

describe('walrus natives', () => {
  it('computes encoded sizes and blob IDs exactly as the encoder and the SDK do', () => {
    for (const length of [0, 1, 27, 28, 29, 1000, 65_534 * 28, 1_000_000]) {
      expect(encodedBlobLength(BigInt(length), 1, 10)).toBe(BigInt(sdkEncodedLength(geometry(10), length)));
    }
    expect(encodedBlobLength(1n, 1, 1000)).toBe(1000n * (2n * (334n + 667n) + 1000n * 2n * 32n + 32n));
    const blob = encodeBlob('hello walrus');
    expect(deriveBlobId(blob.rootU256, 1, blob.size)).toBe(blob.blobIdU256);
  });

  it('registers a blob with reserve_space + register_blob in one PTB, charging storage and write prices', async () => {
    const f = await setup();
    const blob = encodeBlob('hello walrus');
    const before = f.balanceOf(f.alice.toSuiAddress(), WAL_COIN);
    const { status, ...record } = await f.run(f.alice, (tx) =>
      register(f, tx, blob, { deletable: false, epochs: 3, attributes: { 'content-type': 'text/plain' } }),
    );
    expect(status).toEqual({ success: true });
    const blobObjectId = createdBlob(f, { status, ...record } as TransactionRecord);
    const value = f.parse<BlobValue>(blobObjectId);
    expect(value).toMatchObject({
      registered_epoch: 1,
      blob_id: blob.blobIdU256,
      size: blob.size,
      encoding_type: 1,
      certified_epoch: null,
      deletable: false,
      storage: { start_epoch: 1, end_epoch: 4, storage_size: blob.encodedSize },
    });
    expect(f.object(blobObjectId).owner).toEqual({ AddressOwner: f.alice.toSuiAddress() });
    // The Storage object was created and wrapped in the same transaction: it never exists alone.
    expect(f.store.getObject(value.storage.id)).toBeUndefined();

    const units = (blob.encodedSize + MiB - 1n) / MiB;
    expect(before - f.balanceOf(f.alice.toSuiAddress(), WAL_COIN)).toBe(
      units * STORAGE_PRICE * 3n + units * WRITE_PRICE,
    );

    expect(events(f, { status, ...record } as TransactionRecord)).toEqual([
      {
        type: 'events::BlobRegistered',
        value: {
          epoch: 1,
          blob_id: blob.blobIdU256,
          size: blob.size,
          encoding_type: 1,
          end_epoch: 4,
          deletable: false,
          object_id: blobObjectId,
        },
      },
    ]);
    // Attributes: Field<vector<u8>, Metadata> under the blob, named b"metadata".
    const fieldId = normalizeSuiAddress(
      deriveDynamicFieldID(blobObjectId, 'vector<u8>', bcs.string().serialize('metadata').toBytes()),
    );
    expect(f.parse<{ value: unknown }>(fieldId).value).toEqual({
      metadata: { contents: [{ key: 'content-type', value: 'text/plain' }] },
    });
  });

  it('rejects a blob ID that does not derive from the root hash, size and encoding', async () => {
    const f = await setup();
    const blob = encodeBlob('hello walrus');
    const record = await f.run(f.alice, (tx) =>
      register(f, tx, blob, { deletable: false, blobId: blob.blobIdU256 ^ 1n }),
    );
    expect(record.status).toMatchObject({
      success: false,
      abort: { module: `${PKG}::blob`, function: 'new', code: 6n },
    });
    expect(record.events).toEqual([]);
  });

  it('rejects storage smaller than the encoded blob and payments larger than the coin', async () => {
    const f = await setup();
    const blob = encodeBlob('x'.repeat(5000));
    const small = await f.run(f.alice, (tx) => {
      const wal = tx.objectRef(f.ref(f.coinsOf(f.alice.toSuiAddress(), WAL_COIN)[0]!));
      const storage = tx.moveCall({
        target: `${PKG}::system::reserve_space`,
        arguments: [f.system(tx, true), tx.pure.u64(blob.encodedSize - 1n), tx.pure.u32(1), wal],
      });
      const b = tx.moveCall({
        target: `${PKG}::system::register_blob`,
        arguments: [
          f.system(tx, true),
          storage,
          tx.pure.u256(blob.blobIdU256),
          tx.pure.u256(blob.rootU256),
          tx.pure.u64(blob.size),
          tx.pure.u8(1),
          tx.pure.bool(true),
          wal,
        ],
      });
      tx.transferObjects([b], f.alice.toSuiAddress());
    });
    expect(small.status).toMatchObject({ abort: { module: `${PKG}::blob`, function: 'new', code: 3n } });

    // Bob holds 1000 FROST of WAL; one unit for one epoch costs 1000, plus the write price.
    const poor = await f.run(f.bob, (tx) => register(f, tx, blob, { deletable: true, epochs: 1 }));
    expect(poor.status).toMatchObject({
      abort: { module: `${normalizeSuiAddress('0x2')}::balance`, function: 'split', code: 2n },
    });

    const tooFar = await f.run(f.alice, (tx) => register(f, tx, blob, { deletable: true, epochs: 54 }));
    expect(tooFar.status).toMatchObject({
      abort: { module: `${PKG}::system_state_inner`, function: 'reserve_space', code: 2n },
    });
  });

  it('certifies with a quorum aggregate signature and rejects too few signers or a wrong message', async () => {
    const f = await setup();
    const blob = encodeBlob('certify me');
    const reg = await f.run(f.alice, (tx) => register(f, tx, blob, { deletable: false }));
    const blobObjectId = createdBlob(f, reg);
    const permanent = { epoch: 1, blobId: blob.blobId, persistence: { kind: 'permanent' as const } };

    // Nodes 0 and 1 hold 6 of 10 shards: below the 2f+1 quorum (3·w ≥ 21).
    const weak = await certify(f, blobObjectId, f.certificate([0, 1], permanent));
    expect(weak.status).toMatchObject({
      success: false,
      abort: { module: `${PKG}::bls_aggregate`, function: 'verify_certificate_and_weight', code: 2n },
    });

    // A quorum, but signing a different epoch: the pairing check passes, the header check fails.
    const stale = await certify(f, blobObjectId, f.certificate([0, 1, 2], { ...permanent, epoch: 0 }));
    expect(stale.status).toMatchObject({
      abort: { module: `${PKG}::messages`, function: 'new_certified_message', code: 1n },
    });

    // A quorum bitmap with a signature from other signers fails the pairing check.
    const forged = f.certificate([0, 1, 2], permanent);
    forged.signature = f.certificate([0, 1, 3], permanent).signature;
    const bad = await certify(f, blobObjectId, forged);
    expect(bad.status).toMatchObject({ abort: { function: 'verify_certificate_and_weight', code: 1n } });

    // A deletable confirmation for a permanent blob.
    const wrongKind = await certify(
      f,
      blobObjectId,
      f.certificate([0, 1, 2], {
        ...permanent,
        persistence: { kind: 'deletable', objectId: bcs.Address.serialize(blobObjectId).toBytes() },
      }),
    );
    expect(wrongKind.status).toMatchObject({
      abort: { module: `${PKG}::blob`, function: 'certify_with_certified_msg', code: 9n },
    });

    const ok = await certify(f, blobObjectId, f.certificate([0, 1, 2], permanent));
    expect(ok.status).toEqual({ success: true });
    expect(f.parse<BlobValue>(blobObjectId).certified_epoch).toBe(1);
    expect(events(f, ok)).toEqual([
      {
        type: 'events::BlobCertified',
        value: {
          epoch: 1,
          blob_id: blob.blobIdU256,
          end_epoch: 4,
          deletable: false,
          object_id: blobObjectId,
          is_extension: false,
        },
      },
    ]);

    const again = await certify(f, blobObjectId, f.certificate([1, 2, 3], permanent));
    expect(again.status).toMatchObject({ abort: { function: 'certify_with_certified_msg', code: 5n } });
  });

  it('certifies a deletable blob only with its object ID, then deletes it and returns the storage', async () => {
    const f = await setup();
    const blob = encodeBlob('deletable');
    const reg = await f.run(f.alice, (tx) =>
      register(f, tx, blob, { deletable: true, attributes: { a: '1' } }),
    );
    const blobObjectId = createdBlob(f, reg);
    const deletable = (objectId: string) => ({
      epoch: 1,
      blobId: blob.blobId,
      persistence: { kind: 'deletable' as const, objectId: bcs.Address.serialize(objectId).toBytes() },
    });
    const other = await certify(
      f,
      blobObjectId,
      f.certificate([0, 1, 2], deletable(normalizeSuiAddress('0x1234'))),
    );
    expect(other.status).toMatchObject({ abort: { function: 'certify_with_certified_msg', code: 10n } });
    const ok = await certify(f, blobObjectId, f.certificate([1, 2, 3], deletable(blobObjectId)));
    expect(ok.status).toEqual({ success: true });

    const storageId = f.parse<BlobValue>(blobObjectId).storage.id;
    const deleted = await f.run(f.alice, (tx) => {
      const storage = tx.moveCall({
        target: `${PKG}::system::delete_blob`,
        arguments: [f.system(tx, false), tx.objectRef(f.ref(f.object(blobObjectId)))],
      });
      tx.transferObjects([storage], f.alice.toSuiAddress());
    });
    expect(deleted.status).toEqual({ success: true });
    expect(f.store.getObject(blobObjectId)).toBeUndefined();
    expect(f.store.childrenOf(blobObjectId)).toEqual([]);
    expect(f.parse<StorageValue>(storageId)).toMatchObject({ start_epoch: 1, end_epoch: 4 });
    expect(events(f, deleted)).toEqual([
      {
        type: 'events::BlobDeleted',
        value: {
          epoch: 1,
          blob_id: blob.blobIdU256,
          end_epoch: 4,
          object_id: blobObjectId,
          was_certified: true,
        },
      },
    ]);
  });

  it('refuses to delete a permanent blob', async () => {
    const f = await setup();
    const reg = await f.run(f.alice, (tx) => register(f, tx, encodeBlob('keep'), { deletable: false }));
    const blobObjectId = createdBlob(f, reg);
    const record = await f.run(f.alice, (tx) => {
      const storage = tx.moveCall({
        target: `${PKG}::system::delete_blob`,
        arguments: [f.system(tx, false), tx.objectRef(f.ref(f.object(blobObjectId)))],
      });
      tx.transferObjects([storage], f.alice.toSuiAddress());
    });
    expect(record.status).toMatchObject({ abort: { module: `${PKG}::blob`, function: 'delete', code: 1n } });
    expect(f.store.getObject(blobObjectId)).toBeDefined();
  });

  it('extends certified blobs only, charging the storage price for the added epochs', async () => {
    const f = await setup();
    const blob = encodeBlob('extend me');
    const reg = await f.run(f.alice, (tx) => register(f, tx, blob, { deletable: false, epochs: 2 }));
    const blobObjectId = createdBlob(f, reg);
    const extend = (epochs: number) =>
      f.run(f.alice, (tx) => {
        tx.moveCall({
          target: `${PKG}::system::extend_blob`,
          arguments: [
            f.system(tx, true),
            tx.objectRef(f.ref(f.object(blobObjectId))),
            tx.pure.u32(epochs),
            tx.objectRef(f.ref(f.coinsOf(f.alice.toSuiAddress(), WAL_COIN)[0]!)),
          ],
        });
      });
    const early = await extend(2);
    expect(early.status).toMatchObject({
      abort: { module: `${PKG}::blob`, function: 'assert_certified_not_expired', code: 0n },
    });
    const cert = await certify(
      f,
      blobObjectId,
      f.certificate([0, 2, 3], { epoch: 1, blobId: blob.blobId, persistence: { kind: 'permanent' } }),
    );
    expect(cert.status).toEqual({ success: true });

    const before = f.balanceOf(f.alice.toSuiAddress(), WAL_COIN);
    const extended = await extend(5);
    expect(extended.status).toEqual({ success: true });
    expect(f.parse<BlobValue>(blobObjectId).storage.end_epoch).toBe(8);
    expect(before - f.balanceOf(f.alice.toSuiAddress(), WAL_COIN)).toBe(5n * STORAGE_PRICE);
    expect(events(f, extended)[0]).toEqual({
      type: 'events::BlobCertified',
      value: {
        epoch: 1,
        blob_id: blob.blobIdU256,
        end_epoch: 8,
        deletable: false,
        object_id: blobObjectId,
        is_extension: true,
      },
    });
    const zero = await extend(0);
    expect(zero.status).toMatchObject({ abort: { function: 'extend_blob', code: 2n } });
  });

  it('updates and removes blob attributes as the SDK calls them', async () => {
    const f = await setup();
    const reg = await f.run(f.alice, (tx) => register(f, tx, encodeBlob('attrs'), { deletable: false }));
    const blobObjectId = createdBlob(f, reg);
    const fieldId = normalizeSuiAddress(
      deriveDynamicFieldID(blobObjectId, 'vector<u8>', bcs.string().serialize('metadata').toBytes()),
    );
    const blobArg = (tx: Transaction) => tx.objectRef(f.ref(f.object(blobObjectId)));
    // insert_or_update creates the field when missing.
    const first = await f.run(f.alice, (tx) => {
      const b = blobArg(tx);
      for (const [k, v] of [
        ['a', '1'],
        ['b', '2'],
        ['a', '3'],
      ] as const)
        tx.moveCall({
          target: `${PKG}::blob::insert_or_update_metadata_pair`,
          arguments: [b, tx.pure.string(k), tx.pure.string(v)],
        });
    });
    expect(first.status).toEqual({ success: true });
    expect(f.parse<{ value: unknown }>(fieldId).value).toEqual({
      metadata: {
        contents: [
          { key: 'b', value: '2' },
          { key: 'a', value: '3' },
        ],
      },
    });
    const removed = await f.run(f.alice, (tx) => {
      tx.moveCall({
        target: `${PKG}::blob::remove_metadata_pair`,
        arguments: [blobArg(tx), tx.pure.string('b')],
      });
    });
    expect(removed.status).toEqual({ success: true });
    const missing = await f.run(f.alice, (tx) => {
      tx.moveCall({
        target: `${PKG}::blob::remove_metadata_pair`,
        arguments: [blobArg(tx), tx.pure.string('b')],
      });
    });
    expect(missing.status).toMatchObject({ abort: { function: 'get_idx', code: 1n } });
    const duplicate = await f.run(f.alice, (tx) => {
      const metadata = tx.moveCall({ target: `${PKG}::metadata::new` });
      tx.moveCall({ target: `${PKG}::blob::add_metadata`, arguments: [blobArg(tx), metadata] });
    });
    expect(duplicate.status).toMatchObject({ abort: { function: 'add_metadata', code: 7n } });
  });

  it('advances the epoch through the inner dynamic fields and moves certification to the new committee', async () => {
    const f = await setup();
    const ids = f.deployment;
    const blob = encodeBlob('across epochs');
    const reg = await f.run(f.alice, (tx) => register(f, tx, blob, { deletable: false, epochs: 1 }));
    const blobObjectId = createdBlob(f, reg);
    const [rewardsBefore] = ringRewards(f);
    expect(rewardsBefore).toBeGreaterThan(0n);

    const { epoch, checkpoint } = advanceWalrusEpoch(f.store, f.registry, ids, {
      timestampMs: 1_700_000_100_000,
      sync: true,
    });
    expect(epoch).toBe(2);
    const tx = f.store.getTransaction(checkpoint.transactions[0]!)!;
    expect(tx.events.map((e) => e.type.split('::').slice(1).join('::'))).toEqual([
      'events::EpochParametersSelected',
      'events::EpochChangeStart',
    ]);
    const inner = f.parse<{ value: { committee: { epoch: number }; used_capacity_size: bigint } }>(
      innerFieldId(ids.systemObjectId),
    ).value;
    expect(inner.committee.epoch).toBe(2);
    // The blob's storage ended with epoch 1, so nothing is used in epoch 2.
    expect(inner.used_capacity_size).toBe(0n);
    const staking = f.parse<{ value: { epoch: number; epoch_state: Record<string, unknown> } }>(
      innerFieldId(ids.stakingObjectId),
    ).value;
    expect(staking.epoch).toBe(2);
    expect(staking.epoch_state).toMatchObject({ EpochChangeSync: 0 });
    // The first epoch's rewards went to the committee's pools.
    const pools = f.deployment.nodes.map((n) =>
      f.parse<{ rewards_pool: { value: bigint }; latest_epoch: number }>(n.nodeId),
    );
    expect(pools.reduce((sum, p) => sum + p.rewards_pool.value, 0n) + ringRewards(f)[0]!).toBe(rewardsBefore);
    expect(pools.every((p) => p.latest_epoch === 2)).toBe(true);

    expect(() => advanceWalrusEpoch(f.store, f.registry, ids)).toThrow(/has not finished/);
    finishWalrusEpochChange(f.store, f.registry, ids, { timestampMs: 1_700_000_200_000 });
    const done = f.parse<{ value: { epoch_state: Record<string, unknown> } }>(
      innerFieldId(ids.stakingObjectId),
    );
    expect(done.value.epoch_state).toMatchObject({ EpochChangeDone: 1_700_000_200_000n });

    // The blob has expired (end epoch 2 = current epoch): certification is refused.
    const late = await certify(
      f,
      blobObjectId,
      f.certificate([0, 1, 2], { epoch: 2, blobId: blob.blobId, persistence: { kind: 'permanent' } }),
    );
    expect(late.status).toMatchObject({ abort: { function: 'certify_with_certified_msg', code: 2n } });

    // A fresh blob certifies with epoch-2 confirmations, not with epoch-1 ones.
    const fresh = encodeBlob('new epoch');
    const reg2 = await f.run(f.alice, (tx) => register(f, tx, fresh, { deletable: false }));
    const freshId = createdBlob(f, reg2);
    expect(f.parse<BlobValue>(freshId).registered_epoch).toBe(2);
    const old = await certify(
      f,
      freshId,
      f.certificate([0, 1, 2], { epoch: 1, blobId: fresh.blobId, persistence: { kind: 'permanent' } }),
    );
    expect(old.status).toMatchObject({ abort: { function: 'new_certified_message', code: 1n } });
    const ok = await certify(
      f,
      freshId,
      f.certificate([0, 1, 2], { epoch: 2, blobId: fresh.blobId, persistence: { kind: 'permanent' } }),
    );
    expect(ok.status).toEqual({ success: true });
  });

  it('reassigns shards at an epoch change and certifies against the new weights', async () => {
    const f = await setup();
    const [n0, n1, n2, n3] = f.deployment.nodes;
    // Node 3 now holds 7 of 10 shards: it alone is a quorum.
    const shards = new Map([
      [n0!.nodeId, [0]],
      [n1!.nodeId, [1]],
      [n2!.nodeId, [2]],
      [n3!.nodeId, [3, 4, 5, 6, 7, 8, 9]],
    ]);
    advanceWalrusEpoch(f.store, f.registry, f.deployment, { timestampMs: 1_700_000_100_000, shards });
    const blob = encodeBlob('reassigned');
    const reg = await f.run(f.alice, (tx) => register(f, tx, blob, { deletable: false }));
    const blobObjectId = createdBlob(f, reg);
    const ok = await certify(
      f,
      blobObjectId,
      f.certificate([3], { epoch: 2, blobId: blob.blobId, persistence: { kind: 'permanent' } }),
    );
    expect(ok.status).toEqual({ success: true });
  });

  it('marks a blob ID invalid with f+1 shards of signatures over an invalid-blob message', async () => {
    const f = await setup();
    const blobId = 0x1234n;
    // intent (INVALID_BLOB_ID_MSG = 2, version 0, app 3) ‖ epoch u32 ‖ blob ID u256, little-endian.
    const message = new Uint8Array([
      2,
      0,
      3,
      ...bcs.u32().serialize(1).toBytes(),
      ...bcs.u256().serialize(blobId).toBytes(),
    ]);
    const invalidate = (signers: number[]) => {
      // Only the signer bitmap of this storage certificate is reused; the signature is over `message`.
      const cert = f.certificate(signers, {
        epoch: 1,
        blobId: new Uint8Array(32),
        persistence: { kind: 'permanent' },
      });
      const signature = aggregate(f, signers, message);
      return f.run(f.alice, (tx) => {
        tx.moveCall({
          target: `${PKG}::system::invalidate_blob_id`,
          arguments: [
            f.system(tx, false),
            tx.pure.vector('u8', signature),
            tx.pure.vector('u8', cert.bitmap),
            tx.pure.vector('u8', message),
          ],
        });
      });
    };
    // Node 0 holds 3 of 10 shards: 3·3 < 10 + 1, so not even one correct node is guaranteed.
    const one = await invalidate([0]);
    expect(one.status).toMatchObject({ abort: { function: 'verify_certificate_and_weight', code: 2n } });
    const two = await invalidate([0, 3]);
    expect(two.status).toEqual({ success: true });
    expect(events(f, two)).toEqual([{ type: 'events::InvalidBlobID', value: { epoch: 1, blob_id: blobId } }]);
  });

  it('handles a mainnet-shaped committee: 10 nodes over 1000 shards', async () => {
    const f = await walrusFixture({
      shards: Array.from({ length: 10 }, (_, node) => Array.from({ length: 100 }, (_, i) => node * 100 + i)),
    });
    fixtures.push(f);
    // register_blob checks only the derivation, so a made-up root hash is enough here.
    const rootU256 = 0xfeedn;
    const size = 123_456n;
    const blob: Encoded = {
      data: new Uint8Array(0),
      blobId: bcs
        .u256()
        .serialize(deriveBlobId(rootU256, 1, size))
        .toBytes(),
      blobIdU256: deriveBlobId(rootU256, 1, size),
      rootU256,
      size,
      encodedSize: encodedBlobLength(size, 1, 1000),
    };
    expect(blob.encodedSize).toBe(BigInt(sdkEncodedLength(geometry(1000), Number(size))));
    const reg = await f.run(f.alice, (tx) => register(f, tx, blob, { deletable: false }));
    expect(reg.status).toEqual({ success: true });
    const blobObjectId = createdBlob(f, reg);
    const message = { epoch: 1, blobId: blob.blobId, persistence: { kind: 'permanent' as const } };
    // 600 shards: 1800 < 2001.
    const six = await certify(f, blobObjectId, f.certificate([0, 1, 2, 3, 4, 5], message));
    expect(six.status).toMatchObject({ abort: { code: 2n } });
    // 700 shards: 2100 ≥ 2001.
    const seven = await certify(f, blobObjectId, f.certificate([9, 1, 2, 3, 4, 5, 6], message));
    expect(seven.status).toEqual({ success: true });
  });

  it('aborts stake_with_pool cleanly: staking is not emulated', async () => {
    const f = await setup();
    const record = await f.run(f.alice, (tx) => {
      const staked = tx.moveCall({
        target: `${PKG}::staking::stake_with_pool`,
        arguments: [
          tx.sharedObjectRef({
            objectId: f.deployment.stakingObjectId,
            initialSharedVersion: 1,
            mutable: true,
          }),
          tx.objectRef(f.ref(f.coinsOf(f.alice.toSuiAddress(), WAL_COIN)[0]!)),
          tx.pure.id(f.deployment.nodes[0]!.nodeId),
        ],
      });
      tx.transferObjects([staked], f.alice.toSuiAddress());
    });
    expect(record.status).toMatchObject({ success: false });
    expect(record.status.success ? '' : record.status.error).toMatch(/FeatureNotYetSupported/);
  });

  function aggregate(f: WalrusFixture, signers: number[], message: Uint8Array): Uint8Array {
    return bls12_381.longSignatures
      .aggregateSignatures(signers.map((i) => f.confirmation(i, message)))
      .toBytes();
  }

  function innerFieldId(parent: string): string {
    return normalizeSuiAddress(deriveDynamicFieldID(parent, 'u64', bcs.u64().serialize(1n).toBytes()));
  }

  function ringRewards(f: WalrusFixture): bigint[] {
    const inner = f.parse<{
      value: {
        future_accounting: {
          current_index: number;
          ring_buffer: { rewards_to_distribute: { value: bigint } }[];
        };
      };
    }>(innerFieldId(f.deployment.systemObjectId)).value.future_accounting;
    const n = inner.ring_buffer.length;
    return inner.ring_buffer.map(
      (_, i) => inner.ring_buffer[(inner.current_index + i) % n]!.rewards_to_distribute.value,
    );
  }
});
