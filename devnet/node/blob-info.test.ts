import { describe, expect, it } from 'vitest';
import {
  applyBlobEvent,
  blobStatus,
  hasLiveDeletable,
  hasLivePermanent,
  isRegistered,
  UNKNOWN_BLOB,
  type BlobEvent,
  type BlobInfo,
} from './blob-info.ts';

const blobId = new Uint8Array(32).fill(1);
const eventId = (seq: number) => ({ txDigest: 'D', eventSeq: String(seq) });
const registered = (objectId: string, endEpoch: number, deletable = false, seq = 0): BlobEvent => ({
  kind: 'registered',
  blobId,
  objectId,
  epoch: 1,
  endEpoch,
  deletable,
  size: 10,
  eventId: eventId(seq),
});
const certified = (
  objectId: string,
  endEpoch: number,
  deletable = false,
  epoch = 2,
  isExtension = false,
): BlobEvent => ({
  kind: 'certified',
  blobId,
  objectId,
  epoch,
  endEpoch,
  deletable,
  isExtension,
  eventId: eventId(9),
});

function apply(...events: BlobEvent[]): BlobInfo {
  return events.reduce(applyBlobEvent, UNKNOWN_BLOB);
}

describe('blob info', () => {
  it('is registered while an undeleted object has not expired', () => {
    const info = apply(registered('0xa', 5));
    expect([isRegistered(info, 1), isRegistered(info, 4), isRegistered(info, 5)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(isRegistered(UNKNOWN_BLOB, 1)).toBe(false);
    expect(blobStatus(UNKNOWN_BLOB, 1)).toBe('nonexistent');
  });

  it('reports the longest-lived permanent object and deletable counts', () => {
    const info = apply(
      registered('0xa', 5),
      registered('0xb', 8, false, 1),
      registered('0xc', 6, true),
      certified('0xa', 5),
      certified('0xc', 6, true, 3),
    );
    expect(blobStatus(info, 2)).toEqual({
      permanent: {
        endEpoch: 8,
        isCertified: true,
        statusEvent: eventId(1),
        deletableCounts: { count_deletable_total: 1, count_deletable_certified: 1 },
        initialCertifiedEpoch: 2,
      },
    });
    // Once the permanent objects expire only the deletable one is left.
    const onlyDeletable = apply(registered('0xa', 3), registered('0xc', 6, true));
    expect(blobStatus(onlyDeletable, 4)).toEqual({
      deletable: {
        initialCertifiedEpoch: null,
        deletableCounts: { count_deletable_total: 1, count_deletable_certified: 0 },
      },
    });
    expect(hasLivePermanent(onlyDeletable, 4)).toBe(false);
    expect(hasLiveDeletable(onlyDeletable, '0xc', 4)).toBe(true);
    expect(hasLiveDeletable(onlyDeletable, '0xa', 2)).toBe(false);
  });

  it('applies extensions, deletions and invalidation; replays change nothing', () => {
    let info = apply(registered('0xa', 5, true), certified('0xa', 5, true));
    info = applyBlobEvent(info, certified('0xa', 9, true, 4, true));
    expect(info.objects[0]).toMatchObject({ endEpoch: 9, certifiedEpoch: 2 });
    expect(applyBlobEvent(info, registered('0xa', 5, true))).toBe(info);
    const deleted = applyBlobEvent(info, {
      kind: 'deleted',
      blobId,
      objectId: '0xa',
      epoch: 3,
      eventId: eventId(5),
    });
    expect(isRegistered(deleted, 3)).toBe(false);
    const invalid = applyBlobEvent(info, { kind: 'invalid', blobId, epoch: 3, eventId: eventId(6) });
    expect(isRegistered(invalid, 3)).toBe(false);
    expect(blobStatus(invalid, 3)).toEqual({ invalid: { event: eventId(6) } });
    expect(applyBlobEvent(invalid, { kind: 'invalid', blobId, epoch: 4, eventId: eventId(7) })).toBe(invalid);
  });

  it('accepts a certification whose registration it never saw', () => {
    const info = apply(certified('0xd', 7));
    expect(isRegistered(info, 6)).toBe(true);
    expect(blobStatus(info, 6)).toMatchObject({ permanent: { isCertified: true, endEpoch: 7 } });
  });
});
