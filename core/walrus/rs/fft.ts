// In-place additive FFT / IFFT over GF(2^16) on a block of shards, with the butterfly order, skew indexing
// and truncation of `reed-solomon-simd`.
//
// `work` holds shards back to back, `width` elements per shard, so shards i..i+dist−1 form one contiguous
// run of dist·width elements. A butterfly group pairs such a run with the run that follows it, which lets
// every group be processed as one flat loop regardless of the shard width.
//
// Truncation: only groups starting below `truncated` are processed. The crate relies on the skipped part
// being all zeros on input (so it stays valid), or on its output being ignored; we reproduce the same
// arithmetic so the valid part is identical.

import { GF_MODULUS, type GfTables } from './gf.ts';

/**
 * Inverse transform of shards [pos, pos+size) (size a power of two), layers from distance 1 upwards.
 * Butterfly: b ^= a; a ^= b·skew.
 */
export function ifft(
  t: GfTables,
  work: Uint16Array,
  width: number,
  pos: number,
  size: number,
  truncated: number,
  skewDelta: number,
): void {
  const { mulLog, mulExp, skew } = t;
  for (let dist = 1; dist < size; dist <<= 1) {
    const span = dist * width;
    for (let r = 0; r < truncated; r += dist << 1) {
      const logM = skew[r + dist + skewDelta - 1] ?? GF_MODULUS;
      const start = (pos + r) * width;
      const end = start + span;
      if (logM === GF_MODULUS) {
        for (let a = start; a < end; a++) work[a + span] = work[a + span]! ^ work[a]!;
      } else {
        for (let a = start; a < end; a++) {
          const b = work[a + span]! ^ work[a]!;
          work[a + span] = b;
          work[a] = work[a]! ^ mulExp[mulLog[b]! + logM]!;
        }
      }
    }
  }
}

/**
 * Forward transform of shards [pos, pos+size), layers from distance size/2 downwards.
 * Butterfly: a ^= b·skew; b ^= a.
 */
export function fft(
  t: GfTables,
  work: Uint16Array,
  width: number,
  pos: number,
  size: number,
  truncated: number,
  skewDelta: number,
): void {
  const { mulLog, mulExp, skew } = t;
  for (let dist = size >>> 1; dist > 0; dist >>>= 1) {
    const span = dist * width;
    for (let r = 0; r < truncated; r += dist << 1) {
      const logM = skew[r + dist + skewDelta - 1] ?? GF_MODULUS;
      const start = (pos + r) * width;
      const end = start + span;
      if (logM === GF_MODULUS) {
        for (let a = start; a < end; a++) work[a + span] = work[a + span]! ^ work[a]!;
      } else {
        for (let a = start; a < end; a++) {
          const b = work[a + span]!;
          const x = work[a]! ^ mulExp[mulLog[b]! + logM]!;
          work[a] = x;
          work[a + span] = b ^ x;
        }
      }
    }
  }
}

/** work[dst .. dst+count) ^= work[src .. src+count), in shards; the ranges must not overlap. */
export function xorShards(work: Uint16Array, width: number, dst: number, src: number, count: number): void {
  const d = dst * width;
  const s = src * width;
  const n = count * width;
  for (let i = 0; i < n; i++) work[d + i] = work[d + i]! ^ work[s + i]!;
}
