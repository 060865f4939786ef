// Merkle inclusion proofs over a sliver's expanded symbols, as recovery symbols carry them
// (walrus-core `merkle::MerkleProof`): the sibling of every node on the way from the leaf to the
// root, leaf level first. A level with an odd count is padded with the `Empty` node, and that
// padding appears in proofs as `null`, so a proof round-trips to the same BCS a Walrus node sends.
import { blake2b256Into } from './blake2b.ts';
import { DIGEST_LENGTH } from './geometry.ts';
import { leafHash } from './merkle.ts';

/** Sibling digests from the leaf level up; `null` is the all-zero `Empty` padding node. */
export type MerklePath = readonly (Uint8Array | null)[];

export class MerkleProofError extends Error {
  override name = 'MerkleProofError';
}

const INNER_PREFIX = 0x01;
const EMPTY_NODE = new Uint8Array(DIGEST_LENGTH);

/** Proof for leaf `leafIndex` of the tree over `symbols` (equal-sized, back to back). */
export function merkleProofOfSymbols(symbols: Uint8Array, symbolSize: number, leafIndex: number): MerklePath {
  const count = symbolSize > 0 ? symbols.length / symbolSize : 0;
  if (!Number.isInteger(count) || count === 0) {
    throw new MerkleProofError(`${symbols.length} bytes are not whole symbols of ${symbolSize} bytes`);
  }
  if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= count) {
    throw new MerkleProofError(`leaf ${leafIndex} out of range 0..${count - 1}`);
  }
  let level: (Uint8Array | null)[] = [];
  for (let i = 0; i < count; i++)
    level.push(leafHash(symbols.subarray(i * symbolSize, (i + 1) * symbolSize)));
  const path: (Uint8Array | null)[] = [];
  let index = leafIndex;
  while (level.length > 1) {
    if (level.length % 2 === 1) level.push(null);
    path.push(level[index ^ 1]!);
    const parents: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) parents.push(innerHash(level[i]!, level[i + 1]!));
    level = parents;
    index >>= 1;
  }
  return path;
}

/** The root a proof leads to from `leaf` at `leafIndex`; throws if the index needs a longer path. */
export function merkleRootFromProof(leaf: Uint8Array, leafIndex: number, path: MerklePath): Uint8Array {
  // Walrus refuses an index with bits above the path length rather than ignoring them.
  if (!Number.isInteger(leafIndex) || leafIndex < 0 || Math.floor(leafIndex / 2 ** path.length) !== 0) {
    throw new MerkleProofError(`leaf ${leafIndex} does not fit a path of ${path.length} nodes`);
  }
  let node: Uint8Array = leafHash(leaf);
  let index = leafIndex;
  for (const sibling of path) {
    node = index % 2 === 0 ? innerHash(node, sibling) : innerHash(sibling, node);
    index = Math.floor(index / 2);
  }
  return node;
}

/** Depth of a tree over `leafCount` leaves: the longest path a proof may have. */
export function merklePathLength(leafCount: number): number {
  return leafCount <= 1 ? 0 : Math.ceil(Math.log2(leafCount));
}

/** True when `path` proves `leaf` is leaf `leafIndex` of a `leafCount`-leaf tree with `root`. */
export function verifyMerkleProof(
  root: Uint8Array,
  leafCount: number,
  leaf: Uint8Array,
  leafIndex: number,
  path: MerklePath,
): boolean {
  if (path.length > merklePathLength(leafCount)) return false;
  let computed: Uint8Array;
  try {
    computed = merkleRootFromProof(leaf, leafIndex, path);
  } catch {
    return false;
  }
  return computed.length === root.length && computed.every((byte, i) => byte === root[i]);
}

function innerHash(left: Uint8Array | null, right: Uint8Array | null): Uint8Array {
  const input = new Uint8Array(1 + 2 * DIGEST_LENGTH);
  input[0] = INNER_PREFIX;
  input.set(left ?? EMPTY_NODE, 1);
  input.set(right ?? EMPTY_NODE, 1 + DIGEST_LENGTH);
  const out = new Uint8Array(DIGEST_LENGTH);
  blake2b256Into(input, out, 0);
  return out;
}
