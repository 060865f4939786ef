import { describe, expect, it } from 'vitest';
import { encodeQuilt } from '@mysten/walrus';
import { encodedBlobLength, geometry } from '../walrus/geometry.ts';
import { prng } from '../walrus/test-support/fixtures.ts';
import { DEFAULT_MAX_QUILT_BYTES, FileTooLargeError, packQuilts, type Packable } from './pack.ts';

interface File extends Packable {
  readonly id: number;
}

function files(count: number, size: (i: number) => number = () => 10): File[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i,
    path: `/f${String(i).padStart(5, '0')}`,
    size: size(i),
  }));
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = prng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const pathsOf = (quilts: readonly (readonly Packable[])[]) => quilts.map((q) => q.map((f) => f.path));

function expectEachFileOnce(input: readonly Packable[], quilts: readonly (readonly Packable[])[]): void {
  const packed = quilts.flat().map((f) => f.path);
  expect(packed).toHaveLength(input.length);
  expect(new Set(packed)).toEqual(new Set(input.map((f) => f.path)));
  for (const quilt of quilts) expect(quilt.length).toBeGreaterThan(0);
}

/** Unencoded bytes of the quilts the official encoder builds for `quilts` (zero-filled files). */
function officialQuiltBytes(quilts: readonly (readonly Packable[])[], n: number): number[] {
  return quilts.map(
    (q) =>
      encodeQuilt({
        blobs: q.map((f) => ({ identifier: f.path, contents: new Uint8Array(f.size) })),
        numShards: n,
      }).quilt.length,
  );
}

const encodedTotal = (lengths: readonly number[], n: number) =>
  lengths.reduce((sum, length) => sum + encodedBlobLength(geometry(n), length), 0);

describe('packQuilts: patch limit and layout cost', () => {
  for (const n of [10, 1000]) {
    const limit = geometry(n).s - 1;

    it(`n=${n}: never puts more than s − 1 = ${limit} patches in a quilt, and uses the fewest quilts for equal files`, () => {
      const input = files(2 * limit + 3);
      const quilts = packQuilts(input, { nShards: n });
      // Equal small files: more quilts only add metadata, so the fewest (3), spread evenly.
      const even = Math.ceil(input.length / 3);
      expect(quilts.map((q) => q.length)).toEqual([even, even, input.length - 2 * even]);
      expectEachFileOnce(input, quilts);
      expect(packQuilts(files(limit), { nShards: n })).toHaveLength(1);
      expect(packQuilts(files(limit + 1), { nShards: n })).toHaveLength(2);
    });
  }

  it('n=1000: 1000 files of mixed sizes go in the layout with the smallest encoded length among the splits tried', () => {
    const n = 1000;
    const random = prng(7);
    const input = files(1000, () => Math.floor(random() ** 2 * 40_000));
    const quilts = packQuilts(input, { nShards: n });
    expectEachFileOnce(input, quilts);
    const chosen = encodedTotal(officialQuiltBytes(quilts, n), n);
    // The alternatives: the same sorted files split evenly into 2..6 quilts.
    const sorted = [...input].sort((a, b) => a.size - b.size || (a.path < b.path ? -1 : 1));
    for (let count = 2; count <= 6; count++) {
      const per = Math.ceil(sorted.length / count);
      const alternative = Array.from({ length: count }, (_, i) => sorted.slice(i * per, (i + 1) * per));
      expect(chosen, `${count} quilts`).toBeLessThanOrEqual(
        encodedTotal(officialQuiltBytes(alternative, n), n),
      );
    }
    // Cheaper than filling quilts to s − 1 in the files' order, as writeFiles' split would.
    const filled = [input.slice(0, 666), input.slice(666)];
    expect(chosen).toBeLessThan(encodedTotal(officialQuiltBytes(filled, n), n));
  });

  it('n=100: splits further when that is cheaper (a few large files among many small ones)', () => {
    const n = 100;
    const input = files(60, (i) => (i < 50 ? 200 : 400_000));
    const quilts = packQuilts(input, { nShards: n });
    expect(quilts.length).toBeGreaterThan(1);
    const together = encodedTotal(officialQuiltBytes([input], n), n);
    expect(encodedTotal(officialQuiltBytes(quilts, n), n)).toBeLessThan(together);
  });

  it('n=10: every quilt it packs is accepted by the quilt encoder, which rejects one patch more', () => {
    const n = 10;
    const input = files(20, (i) => 1 + i);
    const quilts = packQuilts(input, { nShards: n });
    for (const quilt of quilts) {
      const blobs = quilt.map((f) => ({ identifier: f.path, contents: new Uint8Array(f.size) }));
      expect(encodeQuilt({ blobs, numShards: n }).index.patches).toHaveLength(quilt.length);
    }
    const tooMany = files(geometry(n).s).map((f) => ({ identifier: f.path, contents: new Uint8Array(1) }));
    expect(() => encodeQuilt({ blobs: tooMany, numShards: n })).toThrow();
  });
});

describe('packQuilts: size cap', () => {
  it('starts a new quilt when the next file would exceed the cap', () => {
    // Each file costs its size plus a per-patch overhead of a few KiB.
    const input = files(6, () => 100_000);
    const quilts = packQuilts(input, { nShards: 1000, maxQuiltBytes: 250_000 });
    expect(quilts.map((q) => q.length)).toEqual([2, 2, 2]);
    expectEachFileOnce(input, quilts);
  });

  it('counts per-patch overhead, so many tiny files do not fill a quilt beyond the cap', () => {
    // 100 empty files cost nothing in content but each patch still needs an index entry.
    const input = files(100, () => 0);
    const quilts = packQuilts(input, { nShards: 1000, maxQuiltBytes: 100_000 });
    expect(quilts.length).toBeGreaterThan(1);
    expect(Math.max(...quilts.map((q) => q.length))).toBeLessThan(100);
    expectEachFileOnce(input, quilts);
  });

  it('gives a file larger than the cap a quilt of its own', () => {
    const input = [
      { path: '/small-a', size: 10 },
      { path: '/huge-1', size: 5_000_000 },
      { path: '/small-b', size: 20 },
      { path: '/huge-2', size: 6_000_000 },
    ];
    const quilts = packQuilts(input, { nShards: 1000, maxQuiltBytes: 1_000_000 });
    expect(pathsOf(quilts)).toEqual([['/small-a', '/small-b'], ['/huge-1'], ['/huge-2']]);
  });

  it('defaults to a 64 MiB cap', () => {
    const half = DEFAULT_MAX_QUILT_BYTES / 2;
    expect(
      packQuilts(
        files(3, () => half - 10_000),
        { nShards: 1000 },
      ).map((q) => q.length),
    ).toEqual([2, 1]);
    expect(
      packQuilts(
        files(2, () => half),
        { nShards: 1000 },
      ).map((q) => q.length),
    ).toEqual([1, 1]);
  });

  it('returns no quilts for no files', () => {
    expect(packQuilts([], { nShards: 10 })).toEqual([]);
  });
});

describe('packQuilts: file size limit', () => {
  it('rejects a file over maxFileBytes with FileTooLargeError naming its path', () => {
    const input = [
      { path: '/ok.txt', size: 100 },
      { path: '/video/movie.mp4', size: 1001 },
    ];
    expect(() => packQuilts(input, { nShards: 10, maxFileBytes: 1000 })).toThrow(FileTooLargeError);
    expect(() => packQuilts(input, { nShards: 10, maxFileBytes: 1000 })).toThrow(/\/video\/movie\.mp4/);
    expect(() => packQuilts(input, { nShards: 10, maxFileBytes: 1000 })).toThrow(/1001 bytes.*1000 bytes/);
  });

  it('accepts a file of exactly maxFileBytes', () => {
    expect(packQuilts([{ path: '/a', size: 1000 }], { nShards: 10, maxFileBytes: 1000 })).toHaveLength(1);
  });
});

describe('packQuilts: order and determinism', () => {
  it('packs smallest files first, ties broken by path', () => {
    const input = [
      { path: '/c', size: 30 },
      { path: '/b', size: 10 },
      { path: '/z', size: 5 },
      { path: '/a', size: 10 },
      { path: '/d', size: 1 },
    ];
    expect(pathsOf(packQuilts(input, { nShards: 1000 }))).toEqual([['/d', '/z', '/a', '/b', '/c']]);
  });

  it('puts the small files together and the big ones in the last quilts', () => {
    const input = files(30, (i) => (i % 3 === 0 ? 1_000_000 + i : 100 + i));
    const quilts = packQuilts(shuffled(input, 3), { nShards: 10 });
    const sizes = quilts.flat().map((f) => f.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(quilts[0]!.every((f) => f.size < 1000)).toBe(true);
    expect(quilts.at(-1)!.every((f) => f.size > 1_000_000)).toBe(true);
  });

  it('gives the same quilts whatever order the files come in', () => {
    const random = prng(7);
    const input = files(500, () => Math.floor(random() * 300_000));
    // Duplicated sizes exercise the path tie-break.
    input.push(...files(20, () => 4096).map((f) => ({ ...f, id: f.id + 1000, path: `/dup${f.path}` })));
    const options = { nShards: 100, maxQuiltBytes: 2_000_000 };
    const reference = pathsOf(packQuilts(input, options));
    for (const seed of [1, 2, 3]) {
      expect(pathsOf(packQuilts(shuffled(input, seed), options))).toEqual(reference);
    }
    expect(pathsOf(packQuilts([...input].reverse(), options))).toEqual(reference);
    expectEachFileOnce(input, packQuilts(input, options));
  });

  it('keeps each file object as given and does not reorder the caller’s array', () => {
    const input = files(5, (i) => 50 - i);
    const copy = [...input];
    const quilts = packQuilts(input, { nShards: 10 });
    expect(input).toEqual(copy);
    for (const f of quilts.flat()) expect(input).toContain(f);
  });

  it('never exceeds either limit on a large random folder', () => {
    const random = prng(11);
    const input = files(3000, () => Math.floor(random() ** 4 * 3_000_000));
    const n = 100;
    const maxQuiltBytes = 8_000_000;
    const quilts = packQuilts(input, { nShards: n, maxQuiltBytes });
    expectEachFileOnce(input, quilts);
    for (const quilt of quilts) {
      expect(quilt.length).toBeLessThanOrEqual(geometry(n).s - 1);
      if (quilt.length > 1) {
        expect(quilt.reduce((sum, f) => sum + f.size, 0)).toBeLessThanOrEqual(maxQuiltBytes);
      }
    }
  });
});
