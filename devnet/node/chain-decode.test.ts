// The follower's decoding against the devnet chain's own Move layouts: every Walrus event and the
// StakingInnerV1 field serialized by the chain's module registry decode into the node's types,
// byte-exact, and anything malformed is refused rather than guessed at.
import { describe, expect, it } from 'vitest';
import { toBase64 } from '@mysten/bcs';
import { blobIdToU256 } from '../../core/walrus/blob-id.ts';
import { randomBytes } from '../../core/walrus/test-support/fixtures.ts';
import { PKG, walrusType } from '../chain/natives/walrus/constants.ts';
import { devnetRegistry } from '../chain/registry.ts';
import {
  ChainDecodeError,
  committeeFor,
  decodeCursor,
  decodeExact,
  decodeWalrusEvent,
  encodeCursor,
  STAKING_INNER_LAYOUT,
} from './chain-decode.ts';

const registry = devnetRegistry();
const OBJECT = `0x${'ab'.repeat(32)}`;
const blobId = randomBytes(32, 7);
const u256 = blobIdToU256(blobId);
const id = { txDigest: 'Digest1111', eventSeq: '3' };

function raw(name: string, value: unknown) {
  const bytes = registry
    .schema(walrusType(name))
    .serialize(value as never)
    .toBytes();
  return { id, type: `${PKG}::events::${name}`, bcs: toBase64(bytes) };
}

describe('Walrus event decoding', () => {
  it('decodes blob events field for field', () => {
    expect(
      decodeWalrusEvent(
        raw('BlobRegistered', {
          epoch: 2,
          blob_id: u256,
          size: 1024n,
          encoding_type: 1,
          end_epoch: 7,
          deletable: true,
          object_id: OBJECT,
        }),
        PKG,
      ),
    ).toEqual({
      kind: 'blob',
      event: {
        kind: 'registered',
        blobId,
        objectId: OBJECT,
        epoch: 2,
        endEpoch: 7,
        deletable: true,
        size: 1024,
        eventId: id,
      },
    });
    expect(
      decodeWalrusEvent(
        raw('BlobCertified', {
          epoch: 3,
          blob_id: u256,
          end_epoch: 9,
          deletable: false,
          object_id: OBJECT,
          is_extension: true,
        }),
        PKG,
      ),
    ).toEqual({
      kind: 'blob',
      event: {
        kind: 'certified',
        blobId,
        objectId: OBJECT,
        epoch: 3,
        endEpoch: 9,
        deletable: false,
        isExtension: true,
        eventId: id,
      },
    });
    expect(
      decodeWalrusEvent(
        raw('BlobDeleted', { epoch: 4, blob_id: u256, end_epoch: 9, object_id: OBJECT, was_certified: true }),
        PKG,
      ),
    ).toEqual({
      kind: 'blob',
      event: { kind: 'deleted', blobId, objectId: OBJECT, epoch: 4, eventId: id },
    });
    expect(decodeWalrusEvent(raw('InvalidBlobID', { epoch: 5, blob_id: u256 }), PKG)).toEqual({
      kind: 'blob',
      event: { kind: 'invalid', blobId, epoch: 5, eventId: id },
    });
  });

  it('decodes epoch changes and skips the other events of the module', () => {
    expect(decodeWalrusEvent(raw('EpochChangeStart', { epoch: 6 }), PKG)).toEqual({
      kind: 'epoch',
      phase: 'start',
      epoch: 6,
      id,
    });
    // Sui prints types with short addresses; they are normalized before comparing.
    const done = raw('EpochChangeDone', { epoch: 6 });
    expect(decodeWalrusEvent({ ...done, type: done.type.replace(/^0x0+/, '0x') }, PKG)).toMatchObject({
      kind: 'epoch',
      phase: 'done',
    });
    expect(decodeWalrusEvent(raw('EpochParametersSelected', { next_epoch: 7 }), PKG)).toEqual({
      kind: 'ignored',
      id,
    });
  });

  it('refuses foreign, truncated and padded events', () => {
    const event = raw('InvalidBlobID', { epoch: 5, blob_id: u256 });
    expect(() => decodeWalrusEvent({ ...event, type: '0x2::events::InvalidBlobID' }, PKG)).toThrow(
      ChainDecodeError,
    );
    const bytes = Buffer.from(event.bcs, 'base64');
    for (const bad of [bytes.subarray(0, bytes.length - 1), Buffer.concat([bytes, Buffer.from([0])])]) {
      expect(() => decodeWalrusEvent({ ...event, bcs: bad.toString('base64') }, PKG)).toThrow(
        ChainDecodeError,
      );
    }
  });
});

describe('committee decoding', () => {
  it('reads StakingInnerV1 as the chain lays it out', () => {
    const other = `0x${'cd'.repeat(32)}`;
    const inner = {
      n_shards: 10,
      epoch_duration: 3_600_000n,
      first_epoch_start: 1n,
      pools: { id: OBJECT, size: 2n },
      epoch: 4,
      active_set: { id: OBJECT },
      next_committee: null,
      committee: {
        pos0: {
          contents: [
            { key: OBJECT, value: [9, 0, 1, 2] },
            { key: other, value: [3, 4, 5, 6, 7, 8] },
          ],
        },
      },
      previous_committee: { pos0: { contents: [] } },
      next_epoch_params: {
        total_capacity_size: 1n,
        storage_price_per_unit_size: 2n,
        write_price_per_unit_size: 3n,
      },
      epoch_state: { EpochChangeSync: 2 },
      next_epoch_public_keys: { id: OBJECT },
    };
    const bytes = registry
      .schema(walrusType('StakingInnerV1'))
      .serialize(inner as never)
      .toBytes();
    const decoded = decodeExact(STAKING_INNER_LAYOUT, bytes, 'inner');
    expect(committeeFor(decoded, OBJECT)).toEqual({ epoch: 4, nShards: 10, shards: [0, 1, 2, 9] });
    expect(committeeFor(decoded, '0xcdcd')).toEqual({ epoch: 4, nShards: 10, shards: [] });
    expect(decoded.epoch_state.$kind).toBe('EpochChangeSync');
  });
});

describe('event cursor', () => {
  it('round-trips and refuses anything else', () => {
    expect(decodeCursor(encodeCursor(id))).toEqual(id);
    expect(decodeCursor(undefined)).toBeUndefined();
    for (const bad of ['', '{}', '{"txDigest":"x","eventSeq":3}', '[1]', 'null']) {
      expect(() => decodeCursor(bad)).toThrow(ChainDecodeError);
    }
  });
});
