// Blake2b-256 Merkle trees as Walrus builds them (merkle.rs): leaves are H(0x00 ‖ data), inner
// nodes H(0x01 ‖ left ‖ right), and a level with an odd count gets an all-zero `Empty` sibling.
// Levels live in one flat buffer: per-sliver verification hashes 2n nodes, hundreds of times a read.
import { blake2b256 as fastBlake2b256, blake2b256Into } from './blake2b.ts';
import { DIGEST_LENGTH } from './geometry.ts';

const LEAF_PREFIX = 0x00;
const INNER_PREFIX = 0x01;
const EMPTY_NODE = new Uint8Array(DIGEST_LENGTH);

export function blake2b256(data: Uint8Array): Uint8Array {
  return fastBlake2b256(data);
}

/** H(0x00 ‖ data) written into a reusable scratch buffer so hashing n symbols allocates little. */
export function leafHash(data: Uint8Array, scratch?: Uint8Array): Uint8Array {
  const buffer = scratch && scratch.length >= data.length + 1 ? scratch : new Uint8Array(data.length + 1);
  buffer[0] = LEAF_PREFIX;
  buffer.set(data, 1);
  return blake2b256(buffer.subarray(0, data.length + 1));
}

/** Root over already-hashed leaves; a single leaf is its own root, no leaves give the Empty node. */
export function merkleRootFromLeafHashes(leaves: readonly Uint8Array[]): Uint8Array {
  const level = new Uint8Array(leaves.length * DIGEST_LENGTH);
  leaves.forEach((leaf, i) => level.set(leaf, i * DIGEST_LENGTH));
  return rootOfLevel(level, leaves.length);
}

/** Root over `count` equal-sized symbols stored back to back (one leaf per symbol). */
export function merkleRootOfSymbols(symbols: Uint8Array, symbolSize: number): Uint8Array {
  const count = symbols.length / symbolSize;
  const level = new Uint8Array(count * DIGEST_LENGTH);
  hashLeavesInto(symbols, symbolSize, level, 0, DIGEST_LENGTH);
  return rootOfLevel(level, count);
}

/**
 * Leaf digests of equal-sized symbols stored back to back, the i-th written at
 * `outOffset + i·outStride` of `out` — a stride lets a caller fill one column of a digest table.
 */
export function hashLeavesInto(
  symbols: Uint8Array,
  symbolSize: number,
  out: Uint8Array,
  outOffset: number,
  outStride: number,
): void {
  const count = symbols.length / symbolSize;
  const input = new Uint8Array(symbolSize + 1);
  input[0] = LEAF_PREFIX;
  for (let i = 0; i < count; i++) {
    input.set(symbols.subarray(i * symbolSize, (i + 1) * symbolSize), 1);
    blake2b256Into(input, out, outOffset + i * outStride);
  }
}

/**
 * Root over `count` leaf digests read from `digests` at `offset + i·stride` (a row or a column of
 * a digest table). The digests are copied first, so the table is left as it was.
 */
export function merkleRootOfDigests(
  digests: Uint8Array,
  count: number,
  offset: number,
  stride: number,
): Uint8Array {
  const level = new Uint8Array(count * DIGEST_LENGTH);
  for (let i = 0; i < count; i++) {
    const from = offset + i * stride;
    level.set(digests.subarray(from, from + DIGEST_LENGTH), i * DIGEST_LENGTH);
  }
  return rootOfLevel(level, count);
}

/** Hashes a level of `count` digests upward in place until one remains. */
function rootOfLevel(level: Uint8Array, count: number): Uint8Array {
  if (count === 0) return EMPTY_NODE.slice();
  const input = new Uint8Array(1 + 2 * DIGEST_LENGTH);
  input[0] = INNER_PREFIX;
  let width = count;
  while (width > 1) {
    const parents = Math.ceil(width / 2);
    for (let i = 0; i < parents; i++) {
      const left = 2 * i * DIGEST_LENGTH;
      input.set(level.subarray(left, left + DIGEST_LENGTH), 1);
      if (2 * i + 1 < width)
        input.set(level.subarray(left + DIGEST_LENGTH, left + 2 * DIGEST_LENGTH), 1 + DIGEST_LENGTH);
      else input.set(EMPTY_NODE, 1 + DIGEST_LENGTH);
      // Parent i overwrites slot i, which is never read again at this level (i ≤ 2i).
      blake2b256Into(input, level, i * DIGEST_LENGTH);
    }
    width = parents;
  }
  return level.slice(0, DIGEST_LENGTH);
}
