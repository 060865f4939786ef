import { describe, expect, it } from 'vitest';
import { encodeQuilt } from '@mysten/walrus';
import { blobIdFromText, toUrlSafeBase64 } from './blob-id.ts';
import { secondarySliverSize } from './geometry.ts';
import {
  encodeQuiltPatchId,
  internalPatchId,
  parseInternalPatchId,
  parseQuiltIndex,
  parseQuiltPatch,
  parseQuiltPatchId,
  parseWalrusId,
  QuiltFormatError,
  quiltPatchIdToText,
} from './quilt.ts';
import { codecFor, randomBytes } from './test-support/fixtures.ts';
import { parseSliverData } from './bcs.ts';

describe('quilt patch IDs', () => {
  it('round-trips the walrus-sites test vector', () => {
    const quiltId = blobIdFromText('Jqz2KSMu18pygjkC-WVEQqtUZRo18-cuf_566VZSxVo');
    const text = 'Jqz2KSMu18pygjkC-WVEQqtUZRo18-cuf_566VZSxVoBDAAZAA';
    expect(toUrlSafeBase64(internalPatchId(12, 25))).toBe(
      toUrlSafeBase64(Uint8Array.from([1, 12, 0, 25, 0])),
    );
    expect(quiltPatchIdToText({ quiltId, start: 12, end: 25 })).toBe(text);
    expect(parseQuiltPatchId(text)).toEqual({ quiltId, start: 12, end: 25 });
    expect(parseWalrusId(text)).toEqual({ kind: 'patch', patch: { quiltId, start: 12, end: 25 } });
    expect(parseWalrusId('Jqz2KSMu18pygjkC-WVEQqtUZRo18-cuf_566VZSxVo')).toEqual({
      kind: 'blob',
      blobId: quiltId,
    });
  });

  it('rejects malformed patch IDs', () => {
    const quiltId = new Uint8Array(32);
    expect(() => encodeQuiltPatchId({ quiltId, start: 5, end: 5 })).toThrow(QuiltFormatError);
    const bytes = encodeQuiltPatchId({ quiltId, start: 1, end: 2 });
    bytes[32] = 2;
    expect(() => parseQuiltPatchId(bytes)).toThrow(/version 2/);
    expect(() => parseQuiltPatchId(bytes.subarray(0, 36))).toThrow(/37 bytes/);
    expect(() => parseWalrusId('!!')).toThrow(QuiltFormatError);
  });
});

describe('quilt index and patches', () => {
  for (const n of [7, 100, 1000]) {
    it(`parses what @mysten/walrus encodeQuilt writes (n=${n})`, () => {
      const files = [
        {
          identifier: 'b.txt',
          contents: randomBytes(500, 2),
          tags: { a: '1', 'content-type': 'text/plain' },
        },
        { identifier: 'a.txt', contents: randomBytes(70, 3) },
        { identifier: 'c/d.bin', contents: randomBytes(n === 7 ? 900 : 9000, 4) },
      ];
      const { quilt, index } = encodeQuilt({ blobs: files, numShards: n, encodingType: 'RS2' });
      const encoded = codecFor(n).encode(quilt);
      const g = codecFor(n).geometry;
      const columnSize = secondarySliverSize(g, encoded.symbolSize);
      const column = (c: number) => parseSliverData(encoded.secondary[n - 1 - c]!).data;
      const indexColumns = index.patches[0]!.startIndex;
      const joined = new Uint8Array(indexColumns * columnSize);
      for (let c = 0; c < indexColumns; c++) joined.set(column(c), c * columnSize);
      const entries = parseQuiltIndex(joined, columnSize);
      expect(entries.map((e) => [e.identifier, e.start, e.end])).toEqual(
        index.patches.map((p) => [p.identifier, p.startIndex, p.endIndex]),
      );
      for (const entry of entries) {
        const bytes = new Uint8Array((entry.end - entry.start) * columnSize);
        for (let c = entry.start; c < entry.end; c++) bytes.set(column(c), (c - entry.start) * columnSize);
        const patch = parseQuiltPatch(bytes);
        const file = files.find((f) => f.identifier === entry.identifier)!;
        expect(patch.identifier).toBe(file.identifier);
        expect(patch.data).toEqual(file.contents);
        expect(patch.tags).toEqual(file.tags ?? {});
      }
    });
  }

  it('reads lying lengths in linear time, without allocating for them (found by fuzz/)', () => {
    // Index of 6 bytes declaring 30_000_000 patches (ULEB128 0x80 0x87 0xa7 0x0e): @mysten/bcs
    // allocated an array of that length (~150 ms, ~150 MB) before failing.
    const lying = Uint8Array.from([1, 6, 0, 0, 0, 0x80, 0x87, 0xa7, 0x0e, 1, 0]);
    expect(() => parseQuiltIndex(lying, 16)).toThrow(QuiltFormatError);
    expect(parseQuiltIndex(Uint8Array.from([1, 1, 0, 0, 0, 0]), 16)).toEqual([]);
    // 64 KiB of 0xff where a length belongs: @mysten/bcs decoded that ULEB128 in ~0.4 s (quadratic).
    const runs = 0xffff;
    const patch = new Uint8Array(8 + runs).fill(0xff);
    patch.set([1, 0, 0, 0, 0, 0]); // version, u32 length (below), mask: no tags; then u16 0xffff
    new DataView(patch.buffer).setUint32(1, runs + 2, true);
    const index = new Uint8Array(5 + 10 * runs).fill(0xff);
    index[0] = 1;
    new DataView(index.buffer).setUint32(1, 10 * runs, true);
    const started = performance.now();
    expect(() => parseQuiltPatch(patch)).toThrow(/malformed quilt patch identifier: .*ULEB128/);
    expect(() => parseQuiltIndex(index, runs)).toThrow(/malformed quilt index: .*ULEB128/);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('reads identifier and tags only from their declared regions (found by fuzz/)', () => {
    // @mysten/bcs reads lengths and strings of a subarray past its end, from the whole buffer: an
    // empty identifier region took its length and bytes from the data, tags of size 0 likewise.
    const emptyId = Uint8Array.from([1, 7, 0, 0, 0, 0, 0, 0, 3, 0, 2, 0x61, 0x62]);
    expect(() => parseQuiltPatch(emptyId)).toThrow(/malformed quilt patch identifier/);
    const emptyTags = Uint8Array.from([1, 11, 0, 0, 0, 1, 2, 0, 1, 0x61, 0, 0, 1, 1, 0x6b, 1, 0x76]);
    expect(() => parseQuiltPatch(emptyTags)).toThrow(/malformed quilt patch tags/);
    const tags = Uint8Array.from([1, 11, 0, 0, 0, 1, 2, 0, 1, 0x61, 5, 0, 1, 1, 0x6b, 1, 0x76]);
    expect(parseQuiltPatch(tags)).toEqual({ identifier: 'a', tags: { k: 'v' }, data: new Uint8Array(0) });
  });

  it('rejects non-canonical lengths and invalid UTF-8 like @mysten/bcs', () => {
    const good = Uint8Array.from([1, 7, 0, 0, 0, 0, 3, 0, 2, 0x61, 0x62, 0xff, 0xfe]);
    const padded = Uint8Array.from([1, 8, 0, 0, 0, 0, 4, 0, 0x82, 0x00, 0x61, 0x62, 0xff, 0xfe]);
    expect(() => parseQuiltPatch(padded)).toThrow(/non-canonical/);
    const latin1 = good.slice();
    latin1[9] = 0xe9;
    expect(() => parseQuiltPatch(latin1)).toThrow(QuiltFormatError);
  });

  it('rejects truncated or lying patch headers', () => {
    const good = Uint8Array.from([1, 7, 0, 0, 0, 0, 3, 0, 2, 0x61, 0x62, 0xff, 0xfe]);
    expect(parseQuiltPatch(good)).toMatchObject({ identifier: 'ab', data: Uint8Array.from([0xff, 0xfe]) });
    expect(() => parseQuiltPatch(good.subarray(0, 12))).toThrow(/needs 13 bytes/);
    const bad = good.slice();
    bad[6] = 40; // identifier size beyond the patch
    expect(() => parseQuiltPatch(bad)).toThrow(QuiltFormatError);
    const version = good.slice();
    version[0] = 9;
    expect(() => parseQuiltPatch(version)).toThrow(/version 9/);
  });
});

describe('internal patch ID header values', () => {
  it('reads the column range back from what internalPatchId writes', () => {
    const text = `0x${Buffer.from(internalPatchId(300, 1025)).toString('hex')}`;
    expect(parseInternalPatchId(text)).toEqual({ start: 300, end: 1025 });
    expect(parseInternalPatchId(text.slice(2).toUpperCase())).toEqual({ start: 300, end: 1025 });
  });

  it('rejects other versions, empty ranges and malformed text', () => {
    expect(parseInternalPatchId('0x0201000200')).toBeNull(); // version 2
    expect(parseInternalPatchId('0x0102000100')).toBeNull(); // start 2 ≥ end 1
    expect(parseInternalPatchId('0x0101000100')).toBeNull(); // empty range
    expect(parseInternalPatchId('0x01010002')).toBeNull();
    expect(parseInternalPatchId('0x01010002zz')).toBeNull();
    expect(parseInternalPatchId('')).toBeNull();
  });
});
