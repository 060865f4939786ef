import { describe, expect, it } from 'vitest';
import { encodeQuilt } from '@mysten/walrus';
import { blobIdFromText, toUrlSafeBase64 } from './blob-id.ts';
import { secondarySliverSize } from './geometry.ts';
import {
  encodeQuiltPatchId,
  internalPatchId,
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

  it('rejects a patch count the index bytes cannot hold, before @mysten/bcs allocates for it (fuzz/)', () => {
    // Version 1, 4-byte index length 6, then ULEB128 30_000_000 (0x80 0x87 0xa7 0x0e) and 2 bytes.
    const lying = Uint8Array.from([1, 6, 0, 0, 0, 0x80, 0x87, 0xa7, 0x0e, 1, 0]);
    expect(() => parseQuiltIndex(lying, 16)).toThrow(
      new QuiltFormatError('malformed quilt index: 30000000 patches cannot fit in 6 bytes'),
    );
    expect(parseQuiltIndex(Uint8Array.from([1, 1, 0, 0, 0, 0]), 16)).toEqual([]);
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
