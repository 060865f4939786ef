// Where each codeword position of `reed-solomon-simd` sits among the points of its additive FFT, so
// an erasure decoder can treat both rates as one Reed–Solomon code.
//
// Point x is the field element whose Cantor-basis pattern is x; a transform of size N (a power of
// two) at skew offset 0 covers points 0..N−1. From encoder.ts:
//  - Low rate (m = nextPow2(k)): the originals, zero-padded to m, are interpolated over points
//    0..m−1 and the recovery shards are that polynomial at points m..m+r−1. So the codeword is a
//    polynomial of degree < m, original i at point i, recovery j at point m + j, zeros at k..m−1.
//  - High rate (m = nextPow2(r)): each chunk of m originals is interpolated at its own points
//    (chunk c over m(c+1)..m(c+2)−1), the coefficient blocks are XOR-ed and evaluated at 0..m−1.
//    The top coefficient block of a size-N inverse transform is exactly that XOR of per-chunk
//    blocks (its recovery chunk included), so the encoder makes it vanish: the codeword is a
//    polynomial of degree < N − m, with recovery j at point j, original i at point m + i, zeros
//    from m + k up to N, and the points r..m−1 unused (never stored).
// Either way the code is "degree < D on N points", with some points known to be zero.

import { nextPowerOfTwo, useHighRate } from './rate.ts';

export interface CodewordPoints {
  /** Transform size N: a power of two covering every point. */
  readonly size: number;
  /** FFT point of codeword position 0..n−1. */
  readonly points: Uint32Array;
  /** Points [zeroFrom, zeroTo) hold zeros by construction (padding of the originals). */
  readonly zeroFrom: number;
  readonly zeroTo: number;
}

/** Point layout of `ReedSolomonEncoder::new(k, n − k, _)` (parameters already validated). */
export function codewordPoints(k: number, n: number): CodewordPoints {
  const r = n - k;
  const points = new Uint32Array(n);
  if (useHighRate(k, r)) {
    const m = nextPowerOfTwo(r);
    const size = nextPowerOfTwo(m + k);
    for (let i = 0; i < k; i++) points[i] = m + i;
    for (let j = 0; j < r; j++) points[k + j] = j;
    return { size, points, zeroFrom: m + k, zeroTo: size };
  }
  const m = nextPowerOfTwo(k);
  const size = nextPowerOfTwo(m + r);
  for (let i = 0; i < k; i++) points[i] = i;
  for (let j = 0; j < r; j++) points[k + j] = m + j;
  return { size, points, zeroFrom: k, zeroTo: m };
}
