// Blake2b-256 Merkle trees as Walrus builds them (merkle.rs): leaves are H(0x00 ‖ data), inner
// nodes H(0x01 ‖ left ‖ right), and a level with an odd count gets an all-zero `Empty` sibling.
import { blake2b256 as fastBlake2b256 } from './blake2b.ts';
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
  if (leaves.length === 0) return EMPTY_NODE.slice();
  let level = leaves.slice();
  const input = new Uint8Array(1 + 2 * DIGEST_LENGTH);
  input[0] = INNER_PREFIX;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      input.set(level[i]!, 1);
      input.set(level[i + 1] ?? EMPTY_NODE, 1 + DIGEST_LENGTH);
      next.push(blake2b256(input));
    }
    level = next;
  }
  return level[0]!;
}

/** Root over `count` equal-sized symbols stored back to back (one leaf per symbol). */
export function merkleRootOfSymbols(symbols: Uint8Array, symbolSize: number): Uint8Array {
  const count = symbols.length / symbolSize;
  const scratch = new Uint8Array(symbolSize + 1);
  const leaves = new Array<Uint8Array>(count);
  for (let i = 0; i < count; i++) {
    leaves[i] = leafHash(symbols.subarray(i * symbolSize, (i + 1) * symbolSize), scratch);
  }
  return merkleRootFromLeafHashes(leaves);
}
