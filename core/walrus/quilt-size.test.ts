import { describe, expect, it } from 'vitest';
import { encodeQuilt } from '@mysten/walrus';
import { geometry, maxBlobSize } from './geometry.ts';
import { quiltLength, quiltSymbolSize, type QuiltEntry } from './quilt-size.ts';
import { prng } from './test-support/fixtures.ts';

/** The quilt the official encoder builds for these entries (zero-filled contents), or null if it refuses. */
function official(n: number, entries: readonly QuiltEntry[]): number | null {
  try {
    const blobs = entries.map((e) => ({ identifier: e.identifier, contents: new Uint8Array(e.size) }));
    return encodeQuilt({ blobs, numShards: n }).quilt.length;
  } catch {
    return null;
  }
}

function randomEntries(random: () => number, count: number, maxSize: number): QuiltEntry[] {
  const names = ['index.html', 'ü/straße.css', '日本/資料.js', 'a', `${'long/'.repeat(60)}file.txt`];
  return Array.from({ length: count }, (_, i) => ({
    identifier: `/${i}/${names[Math.floor(random() * names.length)]!}`,
    // Mostly small, a few large, some empty: the spread real sites have.
    size: random() < 0.1 ? 0 : Math.floor(random() ** 3 * maxSize),
  }));
}

describe('quiltLength', () => {
  for (const n of [10, 100, 1000]) {
    it(`n=${n}: equals the length of the quilt @mysten/walrus encodeQuilt builds`, () => {
      const random = prng(n);
      const { s } = geometry(n);
      for (let round = 0; round < 40; round++) {
        const count = 1 + Math.floor(random() * (s - 1));
        const entries = randomEntries(random, count, round % 2 === 0 ? 5_000 : 200_000);
        expect(quiltLength(n, entries), `round ${round}, ${count} files`).toBe(official(n, entries));
      }
    });
  }

  it('is null where the encoder refuses: too many patches, or bytes beyond the largest symbol size', () => {
    const { s } = geometry(10);
    const many = Array.from({ length: s }, (_, i) => ({ identifier: `/${i}`, size: 1 }));
    expect(official(10, many)).toBeNull();
    expect(quiltLength(10, many)).toBeNull();
    expect(quiltLength(10, many.slice(1))).not.toBeNull();
    const huge = [{ identifier: '/big', size: maxBlobSize(geometry(10)) }];
    expect(official(10, huge)).toBeNull();
    expect(quiltSymbolSize(10, huge)).toBeNull();
    expect(quiltLength(10, [])).toBeNull();
  });

  it('grows with the largest file when every patch has one column', () => {
    const n = 100;
    const { s } = geometry(n);
    const small = Array.from({ length: s - 1 }, (_, i) => ({ identifier: `/${i}`, size: 100 }));
    const oneBig = [...small.slice(1), { identifier: '/big', size: 100_000 }];
    expect(quiltLength(n, oneBig)).toBeGreaterThan(quiltLength(n, small)! * 100);
  });
});
