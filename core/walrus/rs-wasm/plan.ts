// The per-erasure-pattern part of decoding, computed once per (k, n, known positions) and reused for
// every codeword and every byte of those codewords.
//
// Exactly k known positions (originals first, they need no decoding) are the decoder's inputs; with
// the zero-padding points that makes D known points of a degree < D code, and all other points are
// erased. Any further known positions are decoded like erased ones and compared with what was given.

import { codewordPoints } from '../rs/points.ts';
import { align64, type DecoderKernel } from './kernel.ts';

export interface ErasurePlan {
  readonly k: number;
  readonly n: number;
  /** Transform size N. */
  readonly size: number;
  /** FFT point of each codeword position. */
  readonly points: Uint32Array;
  /** The k known positions decoded from, ascending. */
  readonly basis: readonly number[];
  readonly inBasis: Uint8Array;
  /** The other known positions, checked against the decoded codeword. */
  readonly extras: readonly number[];
  /** u16[N]: log Λ at known points, log Λ' at erased ones (see the module's locator). */
  readonly logs: Uint16Array;
}

/** `known` must hold at least k distinct positions in 0..n−1, ascending. */
export function planErasures(
  kernel: DecoderKernel,
  k: number,
  n: number,
  known: readonly number[],
): ErasurePlan {
  const { size, points, zeroFrom, zeroTo } = codewordPoints(k, n);
  const originals = known.filter((position) => position < k);
  const basis = [...originals, ...known.filter((position) => position >= k).slice(0, k - originals.length)];
  const inBasis = new Uint8Array(n);
  for (const position of basis) inBasis[position] = 1;
  const extras = known.filter((position) => inBasis[position] === 0);

  const erased = new Uint8Array(size).fill(1);
  erased.fill(0, zeroFrom, zeroTo);
  for (const position of basis) erased[points[position]!] = 0;

  const out = align64(size);
  const scratch = out + align64(2 * size);
  const base = kernel.reserve(size, scratch + 8 * size);
  kernel.bytes().set(erased, base);
  kernel.calls.locator(size, base, base + out, base + scratch);
  const logs = new Uint16Array(size);
  new Uint8Array(logs.buffer).set(kernel.bytes().subarray(base + out, base + out + 2 * size));
  return { k, n, size, points, basis, inBasis, extras, logs };
}
