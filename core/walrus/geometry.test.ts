import { describe, expect, it } from 'vitest';
import { BlobEncoder } from '@mysten/walrus-wasm';
import {
  encodedBlobLength,
  geometry,
  GeometryError,
  isAboveValidity,
  isQuorum,
  maxBlobSize,
  metadataLength,
  pairToShard,
  primarySliverSize,
  rotationOffset,
  secondarySliverSize,
  shardToPair,
  symbolSize,
} from './geometry.ts';
import { parseSliverData } from './bcs.ts';
import { encodedBlob } from './test-support/fixtures.ts';

describe('geometry', () => {
  it('matches the reference parameter table', () => {
    const table: [number, number, number][] = [
      [7, 3, 5],
      [10, 4, 7],
      [31, 11, 21],
      [100, 34, 67],
      [101, 35, 68],
      [301, 101, 201],
      [1000, 334, 667],
    ];
    for (const [n, p, s] of table) expect(geometry(n)).toMatchObject({ n, p, s, f: (n - p) / 2 });
  });

  it('rejects impossible shard counts and oversized blobs', () => {
    expect(() => geometry(0)).toThrow(GeometryError);
    expect(() => geometry(70000)).toThrow(GeometryError);
    const g = geometry(1000);
    expect(maxBlobSize(g)).toBe(14_599_533_452);
    expect(symbolSize(g, maxBlobSize(g))).toBe(65534);
    expect(() => symbolSize(g, maxBlobSize(g) + 1)).toThrow(/exceeds the maximum/);
    expect(() => symbolSize(g, -1)).toThrow(GeometryError);
  });

  it('computes the symbol sizes of the reference examples', () => {
    expect(symbolSize(geometry(1000), 0)).toBe(2);
    expect(symbolSize(geometry(1000), 1024)).toBe(2);
    expect(symbolSize(geometry(1000), 1 << 20)).toBe(6);
    expect(symbolSize(geometry(1000), 8 << 20)).toBe(38);
    expect(encodedBlobLength(geometry(1000), 1 << 20)).toBe(1000 * (1000 * 64 + 32) + 1000 * 1001 * 6);
  });

  // Geometry must agree with the buffers the real encoder fills, or the WASM rejects them.
  for (const [n, length] of [
    [7, 0],
    [7, 1],
    [7, 5000],
    [10, 37],
    [10, 100_000],
    [100, 4567],
    [1000, 1 << 20],
  ] as const) {
    it(`equals the encoder's real sliver sizes at n=${n}, ${length} bytes`, () => {
      const g = geometry(n);
      const { encoded } = encodedBlob(n, length);
      const sym = symbolSize(g, length);
      expect(encoded.symbolSize).toBe(sym);
      const first = parseSliverData(encoded.primary[0]!);
      expect(first.symbolSize).toBe(sym);
      expect(first.data.length).toBe(primarySliverSize(g, sym));
      expect(parseSliverData(encoded.secondary[0]!).data.length).toBe(secondarySliverSize(g, sym));
      expect(encoded.metadata.hashes).toHaveLength(n);
      // A buffer one byte off is refused by the encoder: the sizes are exact, not merely enough.
      const bad = [...encoded.primary].map((b, k) =>
        k === 0 ? new Uint8Array(b.length + 1) : new Uint8Array(b.length),
      );
      const sec = encoded.secondary.map((b) => new Uint8Array(b.length));
      if (n <= 100) expect(() => new BlobEncoder(n).encode(new Uint8Array(length), bad, sec)).toThrow();
    });
  }

  it('maps pairs to shards and back through the rotation offset', () => {
    const { encoded } = encodedBlob(100, 4567);
    const offset = rotationOffset(encoded.blobId, 100);
    for (let pair = 0; pair < 100; pair++) {
      const shard = pairToShard(pair, offset, 100);
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(100);
      expect(shardToPair(shard, offset, 100)).toBe(pair);
    }
    // Big-endian reading: a blob ID of 0…01 00 has offset 256 mod n.
    const id = new Uint8Array(32);
    id[30] = 1;
    expect(rotationOffset(id, 1000)).toBe(256);
  });

  it('counts metadata bytes as Move does', () => {
    expect(metadataLength(geometry(1000))).toBe(64_032);
  });

  it('decides quorum and validity at the thresholds', () => {
    expect(isQuorum(667, 1000)).toBe(true);
    expect(isQuorum(666, 1000)).toBe(false);
    expect(isAboveValidity(334, 1000)).toBe(true);
    expect(isAboveValidity(333, 1000)).toBe(false);
    expect(isQuorum(5, 7)).toBe(true);
    expect(isQuorum(4, 7)).toBe(false);
  });
});
