// Blake2b-256 Merkle root over equal-sized symbols, as core/walrus/merkle.ts builds it (and Walrus's
// merkle.rs): leaves are H(0x00 ‖ symbol), inner nodes H(0x01 ‖ left ‖ right), and a level with an
// odd count pairs its last node with the all-zero `Empty` node.

import { blake2b256, blake2b256x3, LANES } from './blake2b';

const LEAF_PREFIX: u8 = 0x00;
const INNER_PREFIX: u8 = 0x01;
const DIGEST_BYTES: usize = 32;

/** Last node of an odd level, then the Empty node (never written, so it stays zero). */
const LONE_PAIR = memory.data(2 * <i32>DIGEST_BYTES, 16);

/** H(prefix ‖ input i) of `count` inputs of `length` bytes, `stride` apart, to `out + 32i`. */
function hashAll(prefix: u8, data: usize, stride: usize, length: usize, count: u32, out: usize): void {
  let i: u32 = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + LANES <= count; i += LANES) {
      blake2b256x3(prefix, data + <usize>i * stride, stride, length, out + <usize>i * DIGEST_BYTES);
    }
  }
  for (; i < count; i++) blake2b256(prefix, data + <usize>i * stride, length, out + <usize>i * DIGEST_BYTES);
}

/**
 * Root of `count` symbols of `symbolSize` bytes stored back to back at `symbols`, written to the
 * 32 bytes at `out`. `level` holds count · 32 bytes: the leaf digests, then each level above them
 * in place. One leaf is its own root; no leaves give the Empty node.
 */
export function merkleRoot(symbols: usize, count: u32, symbolSize: u32, level: usize, out: usize): void {
  if (count == 0) {
    memory.fill(out, 0, DIGEST_BYTES);
    return;
  }
  hashAll(LEAF_PREFIX, symbols, symbolSize, symbolSize, count, level);
  for (let width = count; width > 1; width = (width + 1) >>> 1) {
    // Parents i.. overwrite slots i.., whose nodes were read before (slot 2i onwards is read for
    // parent i, and a hash reads its inputs before writing its digests).
    const pairs = width >>> 1;
    hashAll(INNER_PREFIX, level, 2 * DIGEST_BYTES, 2 * DIGEST_BYTES, pairs, level);
    if (width & 1) {
      memory.copy(LONE_PAIR, level + <usize>(width - 1) * DIGEST_BYTES, DIGEST_BYTES);
      blake2b256(INNER_PREFIX, LONE_PAIR, 2 * DIGEST_BYTES, level + <usize>pairs * DIGEST_BYTES);
    }
  }
  memory.copy(out, level, DIGEST_BYTES);
}
