import { describe, expect, it } from 'vitest';
import type { OwnedBlob } from '../walrus/writer.ts';
import { epochStartMs, extensionsTo, siteExpiry } from './expiry.ts';

const blob = (blobId: string, endEpoch: number, extra: Partial<OwnedBlob> = {}): OwnedBlob => ({
  objectId: `0x${blobId}${endEpoch}`,
  blobId,
  size: 1000,
  certified: true,
  endEpoch,
  deletable: true,
  ...extra,
});

describe('siteExpiry', () => {
  it("ends with the site's first quilt to end, counting files per quilt", () => {
    const expiry = siteExpiry(['a', 'a', 'b'], [blob('a', 9), blob('b', 5), blob('c', 2)]);
    expect(expiry.endEpoch).toBe(5);
    expect(expiry.foreign).toBe(0);
    expect(expiry.quilts.map((q) => [q.blobId, q.files, q.blob?.endEpoch])).toEqual([
      ['a', 2, 9],
      ['b', 1, 5],
    ]);
  });

  it('takes the longest-lived certified Blob object of a quilt, and lists quilts the owner does not hold', () => {
    const expiry = siteExpiry(['a', 'b'], [blob('a', 4), blob('a', 12), blob('a', 30, { certified: false })]);
    expect(expiry.quilts[0]!.blob?.endEpoch).toBe(12);
    expect(expiry.quilts[1]!.blob).toBeNull();
    expect(expiry.foreign).toBe(1);
    expect(expiry.endEpoch).toBe(12);
    expect(siteExpiry(['x'], []).endEpoch).toBeNull();
  });
});

describe('extensionsTo', () => {
  it('extends only the quilts that end earlier, by what each lacks', () => {
    const expiry = siteExpiry(['a', 'b', 'c'], [blob('a', 4), blob('b', 10, { size: 5 })]);
    expect(extensionsTo(expiry, 8)).toEqual([{ objectId: '0xa4', epochs: 4, size: 1000 }]);
    expect(extensionsTo(expiry, 12)).toEqual([
      { objectId: '0xa4', epochs: 8, size: 1000 },
      { objectId: '0xb10', epochs: 2, size: 5 },
    ]);
    expect(extensionsTo(expiry, 3)).toEqual([]);
  });
});

describe('epochStartMs', () => {
  it('counts epochs from the start of epoch 1', () => {
    const clock = { currentEpoch: 3, firstEpochStartMs: 1_000_000, epochDurationMs: 86_400_000 };
    expect(epochStartMs(1, clock)).toBe(1_000_000);
    expect(epochStartMs(3, clock)).toBe(1_000_000 + 2 * 86_400_000);
  });
});
