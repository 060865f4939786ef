// Ground truth is the real Walrus encoder (@mysten/walrus-wasm, which embeds reed-solomon-simd 3.1.0).
// Walrus RS2 is a product code over a p×s symbol matrix X: primary sliver i is row i of C·X·Rᵀ restricted to
// the first s columns, secondary sliver c is column c restricted to the first p rows, where R expands s→n
// and C expands p→n systematically. Hence, straight from the WASM output:
//   row i < p:     R(primary[i])   = primary[i]   ++ [secondary[c][i] for c ≥ s]
//   column c < s:  C(secondary[c]) = secondary[c] ++ [primary[r][c]   for r ≥ p]
// Non-systematic slivers (row i ≥ p, column c ≥ s) meet only in the block that no sliver stores, so for
// them we check R(primary[i])[c] = C(secondary[c])[i]: both inputs come from the WASM, and the two sides
// agree only if our R and C are the WASM's.
import { describe, expect, it } from 'vitest';
import { BlobEncoder } from '@mysten/walrus-wasm';
import { expandSymbols, rsEncodeRecovery, RsParameterError } from './encoder.ts';
import { useHighRate, validateParameters } from './rate.ts';
import { randomBytes } from '../test-support/fixtures.ts';

interface Encoded {
  n: number;
  p: number;
  s: number;
  sym: number;
  /** Sliver data by sliver index (BCS framing removed). */
  primary: Uint8Array[];
  secondary: Uint8Array[];
}

function ulebLength(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}

/** BCS SliverData = ULEB128(len) ‖ data ‖ u16le symbol_size ‖ u16le index. */
function parseSliver(bytes: Uint8Array): { data: Uint8Array; sym: number; index: number } {
  let length = 0;
  let shift = 1;
  let pos = 0;
  for (;;) {
    const byte = bytes[pos++]!;
    length += (byte & 0x7f) * shift;
    shift *= 0x80;
    if (byte < 0x80) break;
  }
  const end = pos + length;
  expect(end + 4).toBe(bytes.length);
  return {
    data: bytes.subarray(pos, end),
    sym: bytes[end]! | (bytes[end + 1]! << 8),
    index: bytes[end + 2]! | (bytes[end + 3]! << 8),
  };
}

function wasmEncode(n: number, length: number, seed = 7): Encoded {
  const f = Math.floor((n - 1) / 3);
  const p = n - 2 * f;
  const s = n - f;
  const perSymbol = Math.ceil(Math.max(length, 1) / (p * s));
  const sym = perSymbol + (perSymbol % 2);
  const alloc = (len: number) => new Uint8Array(ulebLength(len) + len + 4);
  const primaryBuffers = Array.from({ length: n }, () => alloc(s * sym));
  const secondaryBuffers = Array.from({ length: n }, () => alloc(p * sym));
  new BlobEncoder(n).encode(randomBytes(length, seed), primaryBuffers, secondaryBuffers);

  const primary: Uint8Array[] = [];
  const secondary: Uint8Array[] = [];
  for (const [buffers, out] of [
    [primaryBuffers, primary],
    [secondaryBuffers, secondary],
  ] as const) {
    for (const buffer of buffers) {
      const sliver = parseSliver(buffer);
      expect(sliver.sym).toBe(sym);
      out[sliver.index] = sliver.data;
    }
  }
  return { n, p, s, sym, primary, secondary };
}

const symbolAt = (sliver: Uint8Array, k: number, sym: number) => sliver.subarray(k * sym, (k + 1) * sym);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Byte comparison that stays fast on thousands of arrays (deep toEqual on typed arrays is slow). */
function expectBytes(actual: Uint8Array, expected: Uint8Array, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  const at = actual.findIndex((byte, k) => byte !== expected[k]);
  expect(at, `${label}: first differing byte`).toBe(-1);
}

/** Up to `count` indices spread over [from, to), always including both ends. */
function sample(from: number, to: number, count: number): number[] {
  if (to - from <= count) return Array.from({ length: to - from }, (_, k) => from + k);
  const picks = new Set<number>([from, to - 1]);
  for (let k = 1; k < count - 1; k++) picks.add(from + Math.floor(((to - from) * k) / (count - 1)));
  return [...picks];
}

function checkAgainstWasm(e: Encoded, perSide: number): void {
  const { n, p, s, sym, primary, secondary } = e;
  const expandRow = (i: number) => expandSymbols(primary[i]!, s, n, sym);
  const expandColumn = (c: number) => expandSymbols(secondary[c]!, p, n, sym);

  for (const i of sample(0, p, perSide)) {
    const expected = concat([primary[i]!, ...sample(s, n, n).map((c) => symbolAt(secondary[c]!, i, sym))]);
    expectBytes(expandRow(i), expected, `row ${i}`);
  }
  for (const c of sample(0, s, perSide)) {
    const expected = concat([secondary[c]!, ...sample(p, n, n).map((r) => symbolAt(primary[r]!, c, sym))]);
    expectBytes(expandColumn(c), expected, `column ${c}`);
  }

  const rows = sample(p, n, perSide).map((i) => [i, expandRow(i)] as const);
  for (const c of sample(s, n, perSide)) {
    const column = expandColumn(c);
    for (const [i, row] of rows) {
      expectBytes(symbolAt(row, c, sym), symbolAt(column, i, sym), `M[${i}][${c}]`);
    }
  }
}

describe('rsEncodeRecovery matches the Walrus WASM encoder', () => {
  const cases: [n: number, length: number, note: string][] = [
    [7, 0, 'empty blob, sym 2'],
    [7, 1, 'one byte'],
    [7, 15 * 65, 'sym 66: one full 64-byte block + a 2-byte tail'],
    [7, 15 * 200, 'sym 200: three blocks + an 8-byte tail'],
    [10, 7 * 2, 'exactly one row at sym 2'],
    [10, 28 * 6, 'sym 6: low/high halves of 3 bytes'],
    [10, 28 * 129, 'sym 130'],
    [10, 5000, 'sym 180, tail of 52 bytes'],
    [10, 28 * 128, 'sym 128: two whole blocks'],
    [100, 4567, 'sym 4'],
    [100, 2278 * 37, 'sym 38'],
    [100, 2278 * 63 + 1, 'sym 64: exactly one block'],
  ];
  for (const [n, length, note] of cases) {
    it(`n=${n}, ${length} bytes (${note})`, () => {
      checkAgainstWasm(wasmEncode(n, length), n);
    });
  }

  it('n=1000, 1 KiB (sym 2) and 1 MiB (sym 6)', () => {
    checkAgainstWasm(wasmEncode(1000, 1024, 3), 6);
    checkAgainstWasm(wasmEncode(1000, 1 << 20, 5), 6);
  });
});

describe('rate selection and parameter checks', () => {
  it("follows DefaultRate's high/low choice", () => {
    expect(useHighRate(3, 3)).toBe(true);
    expect(useHighRate(3, 4)).toBe(true);
    expect(useHighRate(3, 5)).toBe(false);
    expect(useHighRate(4, 3)).toBe(false);
    expect(useHighRate(5, 3)).toBe(true);
    expect(useHighRate(667, 333)).toBe(true);
    expect(useHighRate(334, 666)).toBe(false);
  });

  it('accepts exactly the shard counts the crate accepts', () => {
    expect(() => validateParameters(4096, 61440, 2)).not.toThrow();
    expect(() => validateParameters(61440, 4096, 2)).not.toThrow();
    for (const [k, r] of [
      [0, 1],
      [1, 0],
      [4096, 61441],
      [4097, 61440],
      [61440, 4097],
      [61441, 4096],
      [65537, 1],
      [1.5, 2],
    ]) {
      expect(() => validateParameters(k!, r!, 2), `${k}+${r}`).toThrow(RsParameterError);
    }
  });

  it('rejects bad symbol sizes and mismatched input lengths', () => {
    expect(() => rsEncodeRecovery(new Uint8Array(0), 2, 1, 0)).toThrow(RsParameterError);
    expect(() => rsEncodeRecovery(new Uint8Array(6), 2, 1, 3)).toThrow(/even/);
    expect(() => rsEncodeRecovery(new Uint8Array(7), 2, 1, 4)).toThrow(/8 bytes/);
    expect(() => expandSymbols(new Uint8Array(8), 2, 2, 4)).toThrow(RsParameterError);
  });

  it('encodes at the field limits', () => {
    const originals = randomBytes(61440 * 2, 9);
    const recovery = rsEncodeRecovery(originals, 61440, 4096, 2);
    expect(recovery).toHaveLength(4096 * 2);
    // Zero data encodes to zero recovery (linearity), whatever the rate.
    expect(rsEncodeRecovery(new Uint8Array(4096 * 4), 4096, 61440, 4).every((b) => b === 0)).toBe(true);
  });
});
