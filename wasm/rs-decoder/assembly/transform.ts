// The additive FFT over all N points (N a power of two, skew offset 0) of reed-solomon-simd, its
// inverse and the formal derivative, on shard-major work areas of `stride` bytes per shard.
//
// Groups that cannot matter are skipped: in the inverse transform a group whose inputs are all zero
// stays zero, and in the forward transform a group none of whose outputs is wanted is never read.
// `live` is a prefix count over points (u32[N + 1]): a group [r, r + 2·dist) is processed only if
// live[r + 2·dist] > live[r].

import { GF_MODULUS, skewAt, TABLES_END } from './gf';
import { buildTable, fftButterfly, ifftButterfly, TABLE_BYTES, xorInto } from './kernels';
import { ensureMemory } from './memory';

/** Nibble tables of the twiddles (SIMD build), one per butterfly position, built up to `tabled`. */
const SKEW_TABLES: usize = TABLES_END;
let tabled: u32 = 0;

/** Makes the twiddle tables for transforms of size ≤ n exist; returns the end of fixed memory. */
export function ensureSkewTables(n: u32): usize {
  if (!ASC_FEATURE_SIMD) return TABLES_END;
  if (n > tabled) {
    ensureMemory(SKEW_TABLES + <usize>n * TABLE_BYTES);
    for (let j = tabled; j < n; j++) {
      const logM = skewAt(j);
      if (logM != GF_MODULUS) buildTable(logM, SKEW_TABLES + <usize>j * TABLE_BYTES);
    }
    tabled = n;
  }
  return SKEW_TABLES + <usize>tabled * TABLE_BYTES;
}

function isLive(live: usize, from: u32, to: u32): bool {
  return load<u32>(live + ((<usize>to) << 2)) > load<u32>(live + ((<usize>from) << 2));
}

export function ifft(work: usize, stride: usize, n: u32, live: usize): void {
  for (let dist: u32 = 1; dist < n; dist <<= 1) {
    const span = <usize>dist * stride;
    for (let r: u32 = 0; r < n; r += dist << 1) {
      if (!isLive(live, r, r + (dist << 1))) continue;
      const j = r + dist - 1;
      const logM = skewAt(j);
      const a = work + <usize>r * stride;
      if (logM == GF_MODULUS) xorInto(a + span, a, span);
      else ifftButterfly(a, a + span, span, logM, SKEW_TABLES + <usize>j * TABLE_BYTES);
    }
  }
}

export function fft(work: usize, stride: usize, n: u32, live: usize): void {
  for (let dist: u32 = n >>> 1; dist > 0; dist >>>= 1) {
    const span = <usize>dist * stride;
    for (let r: u32 = 0; r < n; r += dist << 1) {
      if (!isLive(live, r, r + (dist << 1))) continue;
      const j = r + dist - 1;
      const logM = skewAt(j);
      const a = work + <usize>r * stride;
      if (logM == GF_MODULUS) xorInto(a + span, a, span);
      else fftButterfly(a, a + span, span, logM, SKEW_TABLES + <usize>j * TABLE_BYTES);
    }
  }
}

/**
 * Formal derivative in the novel polynomial basis. Over the Cantor basis every normalised subspace
 * polynomial has derivative 1, so X_i' = Σ X_(i − 2^b) over the set bits b of i: each coefficient
 * i is added to i − 2^b for each of its bits. Walking i upwards with b the lowest set bit of i
 * moves whole runs [i, i + 2^b) at once, and every run is read before it is written.
 */
export function formalDerivative(work: usize, stride: usize, n: u32): void {
  for (let i: u32 = 1; i < n; i++) {
    const width = i & (~i + 1);
    xorInto(work + <usize>(i - width) * stride, work + <usize>i * stride, <usize>width * stride);
  }
}
