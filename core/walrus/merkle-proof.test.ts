import { describe, expect, it } from 'vitest';
import { parseSliverData } from './bcs.ts';
import { geometry } from './geometry.ts';
import { merkleRootOfSymbols } from './merkle.ts';
import {
  MerkleProofError,
  merklePathLength,
  merkleProofOfSymbols,
  merkleRootFromProof,
  verifyMerkleProof,
} from './merkle-proof.ts';
import { expandSymbols } from './rs/encoder.ts';
import { encodedBlob, randomBytes } from './test-support/fixtures.ts';

describe('Merkle proofs', () => {
  it('lead every leaf back to the root merkle.ts computes, for every tree size', () => {
    for (let count = 1; count <= 17; count++) {
      const symbols = randomBytes(count * 4, count);
      const root = merkleRootOfSymbols(symbols, 4);
      for (let leaf = 0; leaf < count; leaf++) {
        const path = merkleProofOfSymbols(symbols, 4, leaf);
        expect(path).toHaveLength(merklePathLength(count));
        const data = symbols.subarray(leaf * 4, leaf * 4 + 4);
        expect(merkleRootFromProof(data, leaf, path)).toEqual(root);
        expect(verifyMerkleProof(root, count, data, leaf, path)).toBe(true);
        expect(verifyMerkleProof(root, count, Uint8Array.of(9, 9, 9, 9), leaf, path)).toBe(false);
      }
    }
  });

  it('carries the Empty padding of odd levels as null, where Walrus puts Node::Empty', () => {
    // Three leaves: level 0 is [L0, L1, L2, Empty], so leaf 2's first sibling is the padding.
    const path = merkleProofOfSymbols(randomBytes(6, 3), 2, 2);
    expect(path[0]).toBeNull();
    expect(path[1]).toHaveLength(32);
    expect(merkleProofOfSymbols(randomBytes(6, 3), 2, 0)[0]).toHaveLength(32);
  });

  it('refuses indices beyond the path and paths longer than the tree', () => {
    const symbols = randomBytes(8, 1);
    const path = merkleProofOfSymbols(symbols, 2, 3);
    expect(() => merkleRootFromProof(symbols.subarray(6), 4, path)).toThrow(MerkleProofError);
    expect(() => merkleProofOfSymbols(symbols, 2, 4)).toThrow(MerkleProofError);
    const root = merkleRootOfSymbols(symbols, 2);
    expect(verifyMerkleProof(root, 4, symbols.subarray(6), 3, [...path, null])).toBe(false);
  });

  it('proves symbols of a real sliver against the hash in the blob metadata', () => {
    const n = 10;
    const g = geometry(n);
    const { encoded } = encodedBlob(n, 3000, 5);
    const sliver = parseSliverData(encoded.primary[2]!);
    const expanded = expandSymbols(sliver.data, g.s, n, sliver.symbolSize);
    const root = encoded.metadata.hashes[2]!.primary!;
    for (let leaf = 0; leaf < n; leaf++) {
      const data = expanded.subarray(leaf * sliver.symbolSize, (leaf + 1) * sliver.symbolSize);
      const path = merkleProofOfSymbols(expanded, sliver.symbolSize, leaf);
      expect(verifyMerkleProof(root, n, data, leaf, path)).toBe(true);
    }
  });
});
