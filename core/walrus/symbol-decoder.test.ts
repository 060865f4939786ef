// The symbol decoder against the real Walrus encoder (@mysten/walrus-wasm): rows and columns of
// random blobs come back from random sufficient subsets of the orthogonal slivers' symbols, in the
// SIMD and the scalar build. Codeword shapes Walrus never uses (other k, n; sliced passes) are
// checked against the TypeScript encoder, which is itself checked against the WASM in rs/.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSliverData } from './bcs.ts';
import { geometry } from './geometry.ts';
import { expandSymbols } from './rs/encoder.ts';
import {
  createSymbolDecoder,
  InconsistentSymbolsError,
  NotEnoughSymbolsError,
  type SymbolDecoder,
} from './symbol-decoder.ts';
import { encodedBlob, prng, randomBytes, SLIVER_SHAPES } from './test-support/fixtures.ts';

interface Slivers {
  readonly n: number;
  readonly p: number;
  readonly s: number;
  readonly sym: number;
  /** Sliver data by sliver index. */
  readonly primary: Uint8Array[];
  readonly secondary: Uint8Array[];
}

function slivers(n: number, length: number, seed: number): Slivers {
  const { encoded } = encodedBlob(n, length, seed);
  const { p, s } = geometry(n);
  const primary: Uint8Array[] = [];
  const secondary: Uint8Array[] = [];
  for (const bcs of encoded.primary) {
    const sliver = parseSliverData(bcs);
    primary[sliver.index] = sliver.data;
  }
  for (const bcs of encoded.secondary) {
    const sliver = parseSliverData(bcs);
    secondary[sliver.index] = sliver.data;
  }
  return { n, p, s, sym: encoded.symbolSize, primary, secondary };
}

const symbolAt = (data: Uint8Array, t: number, sym: number) => data.subarray(t * sym, (t + 1) * sym);

/** `count` distinct picks from 0..n−1, random order. */
function pick(random: () => number, n: number, count: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, count);
}

function expectBytes(actual: Uint8Array, expected: Uint8Array, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  expect(
    actual.findIndex((byte, i) => byte !== expected[i]),
    `${label}: first differing byte`,
  ).toBe(-1);
}

/** Row r (primary sliver r, r < p): position j is symbol r of secondary sliver j. */
function rowKnown(e: Slivers, r: number, positions: readonly number[]): Map<number, Uint8Array> {
  return new Map(positions.map((j) => [j, symbolAt(e.secondary[j]!, r, e.sym)]));
}

/** Column c (secondary sliver c, c < s): position i is symbol c of primary sliver i. */
function columnKnown(e: Slivers, c: number, positions: readonly number[]): Map<number, Uint8Array> {
  return new Map(positions.map((i) => [i, symbolAt(e.primary[i]!, c, e.sym)]));
}

const variants = ['simd', 'scalar'] as const;

describe.each(variants)('symbol decoder (%s)', (variant) => {
  let decoder: SymbolDecoder;
  beforeAll(async () => {
    decoder = await createSymbolDecoder(variant);
    expect(decoder.variant).toBe(variant);
  });

  const blobs: [n: number, length: number, rounds: number][] = [
    [7, 15 * 2, 12],
    [7, 15 * 130, 12],
    [10, 5000, 12],
    [10, 28 * 64, 8],
    [100, 2278 * 179, 6],
    [100, 2278 + 1, 6],
    [1000, 600_000, 2],
  ];
  for (const [n, length, rounds] of blobs) {
    it(`recovers rows and columns at n=${n}, ${length} bytes`, () => {
      const e = slivers(n, length, n + length);
      const random = prng(n * 31 + length);
      for (let round = 0; round < rounds; round++) {
        // Anything from exactly k symbols up to all n.
        const r = Math.floor(random() * e.p);
        const rowCount = e.s + Math.floor(random() * (n - e.s + 1));
        const row = decoder.recover({
          k: e.s,
          n,
          symbolSize: e.sym,
          known: rowKnown(e, r, pick(random, n, rowCount)),
        });
        expectBytes(row, e.primary[r]!, `row ${r} from ${rowCount}`);

        const c = Math.floor(random() * e.s);
        const columnCount = e.p + Math.floor(random() * (n - e.p + 1));
        const column = decoder.recover({
          k: e.p,
          n,
          symbolSize: e.sym,
          known: columnKnown(e, c, pick(random, n, columnCount)),
        });
        expectBytes(column, e.secondary[c]!, `column ${c} from ${columnCount}`);
      }
    });
  }

  it('decodes many codewords with shared positions in one batch (whole slivers)', () => {
    const e = slivers(100, 2278 * 7, 3);
    const random = prng(5);
    // All s columns at once from p primary slivers: primary sliver i holds symbol i of every column.
    const rows = pick(random, e.n, e.p);
    const known = new Map(rows.map((i) => [i, e.primary[i]!]));
    const want = pick(random, e.p, 10);
    const columns = decoder.recoverBatch({ k: e.p, n: e.n, symbolSize: e.sym, count: e.s, known, want });
    expect([...columns.keys()].sort((a, b) => a - b)).toEqual([...want].sort((a, b) => a - b));
    for (const i of want) expectBytes(columns.get(i)!, e.primary[i]!, `primary sliver ${i}`);
    // And rows: secondary sliver j holds symbol j of every row.
    const columnsKnown = new Map(pick(random, e.n, e.s + 3).map((j) => [j, e.secondary[j]!]));
    const all = decoder.recoverBatch({ k: e.s, n: e.n, symbolSize: e.sym, count: e.p, known: columnsKnown });
    expect(all.size).toBe(e.s);
    for (let j = 0; j < e.s; j++) expectBytes(all.get(j)!, e.secondary[j]!, `secondary sliver ${j}`);
  });

  it('matches the TS encoder on other shapes, recovery positions and sliced passes', () => {
    const random = prng(11);
    // High rate with many chunks, low rate with many chunks, k = 1, and 4 MiB work areas split into slices.
    const shapes: [k: number, n: number, sym: number][] = [
      [100, 110, 6],
      [5, 200, 34],
      [1, 2, 2],
      [1, 9, 4],
      [64, 65, 2],
      [334, 1000, 2100],
    ];
    for (const [k, n, sym] of shapes) {
      const originals = randomBytes(k * sym, k + n);
      const codeword = expandSymbols(originals, k, n, sym);
      const known = new Map(pick(random, n, k).map((j) => [j, symbolAt(codeword, j, sym)]));
      expectBytes(decoder.recover({ k, n, symbolSize: sym, known }), originals, `k=${k} n=${n}`);
      const want = [0, k - 1, k, n - 1];
      const got = decoder.recover({ k, n, symbolSize: sym, known, want });
      for (const j of want)
        expectBytes(got.get(j)!, symbolAt(codeword, j, sym), `k=${k} n=${n} position ${j}`);
    }
  });

  describe('rejects what cannot be decoded', () => {
    const k = 4;
    const n = 10;
    const sym = 66;
    const originals = randomBytes(k * sym, 9);
    const codeword = expandSymbols(originals, k, n, sym);
    const at = (j: number) => symbolAt(codeword, j, sym).slice();
    const request = (known: Map<number, Uint8Array> | { position: number; data: Uint8Array }[]) => ({
      k,
      n,
      symbolSize: sym,
      known,
    });

    it('fewer than k distinct positions', () => {
      const known = new Map([1, 5, 9].map((j) => [j, at(j)]));
      expect(() => decoder.recover(request(known))).toThrow(NotEnoughSymbolsError);
      const repeated = [1, 5, 9, 9].map((j) => ({ position: j, data: at(j) }));
      expect(() => decoder.recover(request(repeated))).toThrow(NotEnoughSymbolsError);
    });

    it('malformed symbols', () => {
      const good = [2, 3, 7, 8].map((j) => ({ position: j, data: at(j) }));
      const cases: { position: number; data: Uint8Array }[][] = [
        [...good, { position: 2, data: at(3) }],
        [...good, { position: 10, data: at(0) }],
        [...good, { position: -1, data: at(0) }],
        [...good.slice(1), { position: 2, data: at(2).subarray(1) }],
      ];
      for (const known of cases)
        expect(() => decoder.recover(request(known))).toThrow(InconsistentSymbolsError);
      expect(() => decoder.recover({ ...request(good), symbolSize: 65 })).toThrow(InconsistentSymbolsError);
      // The same symbol twice is fine.
      expectBytes(decoder.recover(request([...good, { position: 3, data: at(3) }])), originals, 'repeated');
    });

    it('extra symbols that disagree, wherever the flipped byte is', () => {
      const random = prng(3);
      for (let round = 0; round < 40; round++) {
        const positions = pick(random, n, k + 1 + Math.floor(random() * (n - k)));
        const known = new Map(positions.map((j) => [j, at(j)]));
        const victim = known.get(positions[Math.floor(random() * positions.length)]!)!;
        victim[Math.floor(random() * sym)]! ^= 1 + Math.floor(random() * 255);
        expect(() => decoder.recover(request(known)), `round ${round}`).toThrow(InconsistentSymbolsError);
        expect(() => decoder.recover({ ...request(known), want: [0] })).toThrow(InconsistentSymbolsError);
      }
    });
  });
});

describe.each(variants)('expanded roots (%s)', (variant) => {
  let decoder: SymbolDecoder;
  beforeAll(async () => {
    decoder = await createSymbolDecoder(variant);
  });

  it("are the sliver hashes in the blob's metadata, for both sliver types", () => {
    for (const [n, length] of SLIVER_SHAPES) {
      const { encoded } = encodedBlob(n, length);
      const g = geometry(n);
      for (const pair of [0, 1, g.p - 1, g.p, n - 1]) {
        const hashes = encoded.metadata.hashes[pair]!;
        const primary = parseSliverData(encoded.primary[pair]!);
        const secondary = parseSliverData(encoded.secondary[pair]!);
        const label = `n=${n} pair ${pair}`;
        expectBytes(decoder.expandedRoot(primary.data, g.s, n, encoded.symbolSize), hashes.primary!, label);
        expectBytes(
          decoder.expandedRoot(secondary.data, g.p, n, encoded.symbolSize),
          hashes.secondary!,
          label,
        );
        const tampered = primary.data.slice();
        tampered[tampered.length - 1]! ^= 1;
        expect(decoder.expandedRoot(tampered, g.s, n, encoded.symbolSize)).not.toEqual(hashes.primary);
      }
    }
  });

  it('refuse originals that are not k symbols', () => {
    const g = geometry(10);
    expect(() => decoder.expandedRoot(new Uint8Array(g.s * 4 - 2), g.s, 10, 4)).toThrow(/originals must be/);
    expect(() => decoder.expandedRoot(new Uint8Array(g.s * 3), g.s, 10, 3)).toThrow(/even/);
  });
});
