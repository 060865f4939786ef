// Reed–Solomon erasure decoder for the codes of reed-solomon-simd (Walrus RS2), host-driven.
//
// The host (core/walrus/rs-wasm/) maps codeword positions to FFT points, asks `locator` once per
// erasure pattern, then calls `decode` with the known shards of one or many codewords. Every
// pointer below is into this module's memory, above `scratchBase()`, laid out by the host.

import { buildTables, GF_MODULUS } from './gf';
import { pack, unpack } from './layout';
import { scale } from './kernels';
import { align64 } from './memory';
import { ensureSkewTables, fft, formalDerivative, ifft } from './transform';

export { locator } from './locator';
// Not decoding, but the same module and host memory: Merkle roots of rows of symbols.
export { merkleRoot } from './merkle';

/** Whether this build uses v128 (the host also checks, by validating the binary). */
export function simd(): bool {
  return ASC_FEATURE_SIMD;
}

/** Builds the GF tables once and returns where the host's scratch may start. */
export function init(): usize {
  buildTables();
  return ensureSkewTables(0);
}

/** Prepares for transforms over n points; returns where the host's scratch may start (it may move up). */
export function scratchBase(n: u32): usize {
  return align64(ensureSkewTables(n));
}

/** Fills live (u32[n + 1]) with the prefix count of the points listed in `entries` (stride in u32s). */
function prefixCount(live: usize, n: u32, entries: usize, count: u32, stride: u32): void {
  memory.fill(live, 0, (<usize>n + 1) << 2);
  for (let i: u32 = 0; i < count; i++) {
    const point = load<u32>(entries + ((<usize>(i * stride)) << 2));
    store<u32>(live + ((<usize>(point + 1)) << 2), 1);
  }
  let sum: u32 = 0;
  for (let i: u32 = 1; i <= n; i++) {
    const p = live + ((<usize>i) << 2);
    sum += load<u32>(p);
    store<u32>(p, sum);
  }
}

/**
 * Erasure decoding of `count` codewords at once. Let f be the codeword polynomial and
 * Λ(x) = Π(x − ω_e) over the erased points. g = f·Λ is known at every point (0 where erased), so one
 * inverse transform gives its coefficients; g' = f'·Λ + f·Λ' equals f·Λ' at erased points, so
 * after the formal derivative and one forward transform, f(ω_e) = g'(ω_e) / Λ'(ω_e).
 *
 * - n: transform size (power of two); stride: bytes per work shard (multiple of 64).
 * - work: n · stride bytes; logs: u16[n] from `locator` for this erasure pattern.
 * - inputs: numInputs pairs (point, ptr to count · sym bytes) of known, non-erased points.
 * - outputs: numOutputs triples (point, ptr, check) of erased points; check = 0 writes the decoded
 *   symbols to ptr, check = 1 compares them with the symbols at ptr instead.
 * - live: 4 · (n + 1) bytes; temp: stride bytes.
 * Returns −1, or the index of the first output whose check failed.
 */
export function decode(
  n: u32,
  stride: u32,
  sym: u32,
  count: u32,
  work: usize,
  logs: usize,
  inputs: usize,
  numInputs: u32,
  outputs: usize,
  numOutputs: u32,
  live: usize,
  temp: usize,
): i32 {
  memory.fill(work, 0, <usize>n * stride);
  for (let i: u32 = 0; i < numInputs; i++) {
    const point = load<u32>(inputs + ((<usize>i) << 3));
    const shard = work + <usize>point * stride;
    pack(load<u32>(inputs + ((<usize>i) << 3) + 4), sym, count, shard);
    scale(shard, stride, load<u16>(logs + ((<usize>point) << 1)));
  }

  prefixCount(live, n, inputs, numInputs, 2);
  ifft(work, stride, n, live);
  formalDerivative(work, stride, n);
  prefixCount(live, n, outputs, numOutputs, 3);
  fft(work, stride, n, live);

  for (let i: u32 = 0; i < numOutputs; i++) {
    const entry = outputs + <usize>i * 12;
    const point = load<u32>(entry);
    const target = load<u32>(entry + 4);
    const shard = work + <usize>point * stride;
    scale(shard, stride, (GF_MODULUS - load<u16>(logs + ((<usize>point) << 1))) % GF_MODULUS);
    if (load<u32>(entry + 8) == 0) {
      unpack(shard, sym, count, target);
    } else {
      memory.fill(temp, 0, stride);
      pack(target, sym, count, temp);
      if (memory.compare(temp, shard, stride) != 0) return <i32>i;
    }
  }
  return -1;
}
