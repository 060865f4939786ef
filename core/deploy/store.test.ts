import { describe, expect, it } from 'vitest';
import { blobIdToText } from '../walrus/blob-id.ts';
import { WalrusCodec } from '../walrus/encoding.ts';
import { encodeQuiltBlob, type EncodedQuilt } from '../walrus/quilt-encode.ts';
import type { OwnedBlob } from '../walrus/writer.ts';
import { planStore } from './store.ts';

const CURRENT_EPOCH = 10;
const END_EPOCH = 20;

const codec = new WalrusCodec(10);
const text = (s: string) => new TextEncoder().encode(s);
const quilts: EncodedQuilt[] = [
  encodeQuiltBlob(codec, [
    { identifier: '/index.html', contents: text('<h1>hello</h1>') },
    { identifier: '/style.css', contents: text('h1 { color: red }') },
  ]),
  encodeQuiltBlob(codec, [{ identifier: '/app.js', contents: text('console.log(1)') }]),
  encodeQuiltBlob(codec, [{ identifier: '/logo.svg', contents: text('<svg/>') }]),
];
const ids = quilts.map((q) => blobIdToText(q.encoded.blobId));

function owned(index: number, overrides: Partial<OwnedBlob> = {}): OwnedBlob {
  return {
    objectId: `0x${String(index + 1).repeat(64)}`,
    blobId: ids[index]!,
    size: quilts[index]!.size,
    certified: true,
    endEpoch: 30,
    deletable: true,
    ...overrides,
  };
}

const ownedMap = (...blobs: OwnedBlob[]) => new Map(blobs.map((b) => [b.blobId, b]));

describe('planStore', () => {
  it('returns the text blob ID of every quilt, in input order', () => {
    const plan = planStore(quilts, new Map(), CURRENT_EPOCH, END_EPOCH, []);
    expect(plan.ids).toEqual(ids);
    expect(new Set(ids).size).toBe(3);
    for (const id of plan.ids) expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('registers every quilt the deployer does not hold', () => {
    const plan = planStore(quilts, new Map(), CURRENT_EPOCH, END_EPOCH, []);
    expect(plan.toRegister).toEqual([0, 1, 2]);
    expect(plan.reuse.size).toBe(0);
    expect(plan.extend).toEqual([]);
  });

  it('ignores owned blobs with other IDs', () => {
    const other = { ...owned(0), blobId: 'x'.repeat(43) };
    const plan = planStore(quilts, ownedMap(other), CURRENT_EPOCH, END_EPOCH, []);
    expect(plan.toRegister).toEqual([0, 1, 2]);
  });

  it('reuses an owned certified quilt that lives long enough, without extending it', () => {
    for (const endEpoch of [END_EPOCH, END_EPOCH + 10]) {
      const blob = owned(1, { endEpoch });
      const plan = planStore(quilts, ownedMap(blob), CURRENT_EPOCH, END_EPOCH, []);
      expect(plan.toRegister).toEqual([0, 2]);
      expect([...plan.reuse]).toEqual([[1, blob]]);
      expect(plan.extend).toEqual([]);
    }
  });

  it('reuses an owned certified quilt ending before the end epoch and extends it to that epoch', () => {
    const blob = owned(0, { endEpoch: 14 });
    const plan = planStore(quilts, ownedMap(blob), CURRENT_EPOCH, END_EPOCH, []);
    expect(plan.toRegister).toEqual([1, 2]);
    expect(plan.reuse.get(0)).toBe(blob);
    expect(plan.extend).toEqual([{ objectId: blob.objectId, epochs: END_EPOCH - 14, size: blob.size }]);
  });

  it('keeps the extensions it was given and does not extend the same blob twice', () => {
    const blob = owned(0, { endEpoch: 14 });
    const kept = { objectId: '0x' + 'a'.repeat(64), epochs: 3, size: 999 };
    const already = { objectId: blob.objectId, epochs: END_EPOCH - 14, size: blob.size };
    const plan = planStore(quilts, ownedMap(blob), CURRENT_EPOCH, END_EPOCH, [kept, already]);
    expect(plan.extend).toEqual([kept, already]);

    const fresh = planStore(quilts, ownedMap(blob), CURRENT_EPOCH, END_EPOCH, [kept]);
    expect(fresh.extend).toEqual([kept, already]);
  });

  it('does not modify the extension list it was given', () => {
    const given = [{ objectId: '0x' + 'a'.repeat(64), epochs: 3, size: 999 }];
    planStore(quilts, ownedMap(owned(0, { endEpoch: 12 })), CURRENT_EPOCH, END_EPOCH, given);
    expect(given).toHaveLength(1);
  });

  it('registers a blob ID once when two items have it, the later one sharing the first', () => {
    const twice = [quilts[0]!, quilts[1]!, quilts[0]!];
    const plan = planStore(twice, new Map(), CURRENT_EPOCH, END_EPOCH, []);
    expect(plan.toRegister).toEqual([0, 1]);
    expect([...plan.sameAs]).toEqual([[2, 0]]);
    expect(plan.ids[2]).toBe(plan.ids[0]);
  });

  it('reuses an owned registered-but-uncertified quilt (upload only, no new registration)', () => {
    const blob = owned(2, { certified: false, endEpoch: 25 });
    const plan = planStore(quilts, ownedMap(blob), CURRENT_EPOCH, END_EPOCH, []);
    expect(plan.toRegister).toEqual([0, 1]);
    expect(plan.reuse.get(2)).toBe(blob);
    expect(plan.extend).toEqual([]);
  });

  it('does not try to extend an uncertified quilt (Walrus only extends certified blobs)', () => {
    const blob = owned(2, { certified: false, endEpoch: 12 });
    const plan = planStore(quilts, ownedMap(blob), CURRENT_EPOCH, END_EPOCH, []);
    expect(plan.reuse.get(2)).toBe(blob);
    expect(plan.extend).toEqual([]);
  });

  it('registers anew a quilt whose owned blob has expired', () => {
    for (const certified of [true, false]) {
      for (const endEpoch of [CURRENT_EPOCH, CURRENT_EPOCH - 1]) {
        const plan = planStore(
          quilts,
          ownedMap(owned(1, { certified, endEpoch })),
          CURRENT_EPOCH,
          END_EPOCH,
          [],
        );
        expect(plan.toRegister).toEqual([0, 1, 2]);
        expect(plan.reuse.size).toBe(0);
        expect(plan.extend).toEqual([]);
      }
    }
  });

  it('mixes all cases in one plan', () => {
    const certifiedShort = owned(0, { endEpoch: 11 });
    const uncertified = owned(2, { certified: false });
    const plan = planStore(quilts, ownedMap(certifiedShort, uncertified), CURRENT_EPOCH, END_EPOCH, []);
    expect(plan.toRegister).toEqual([1]);
    expect([...plan.reuse].sort(([a], [b]) => a - b)).toEqual([
      [0, certifiedShort],
      [2, uncertified],
    ]);
    expect(plan.extend).toEqual([
      { objectId: certifiedShort.objectId, epochs: 9, size: certifiedShort.size },
    ]);
  });

  it('plans nothing for no quilts but passes the given extensions through', () => {
    const given = [{ objectId: '0x' + 'b'.repeat(64), epochs: 2, size: 10 }];
    const plan = planStore([], new Map(), CURRENT_EPOCH, END_EPOCH, given);
    expect(plan).toEqual({ ids: [], reuse: new Map(), toRegister: [], extend: given, sameAs: new Map() });
  });

  it('identifies quilts by content: re-encoding the same files finds the owned blob', () => {
    const again = encodeQuiltBlob(codec, [
      { identifier: '/index.html', contents: text('<h1>hello</h1>') },
      { identifier: '/style.css', contents: text('h1 { color: red }') },
    ]);
    const blob = owned(0);
    const plan = planStore([again], ownedMap(blob), CURRENT_EPOCH, END_EPOCH, []);
    expect(plan.ids).toEqual([ids[0]]);
    expect(plan.reuse.get(0)).toBe(blob);
    expect(plan.toRegister).toEqual([]);
  });
});
