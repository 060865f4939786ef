// The module's Merkle root against the TypeScript one (../merkle.ts), in the SIMD and the scalar
// build. The TypeScript Blake2b is checked against known vectors and @noble/hashes in
// ../blake2b.test.ts; here a one-leaf tree exposes the module's hash of H(0x00 ‖ x) directly.
import { beforeAll, describe, expect, it } from 'vitest';
import { blake2b256 } from '../blake2b.ts';
import { merkleRootOfSymbols } from '../merkle.ts';
import { RsParameterError } from '../rs/errors.ts';
import { randomBytes } from '../test-support/fixtures.ts';
import { DecoderKernel, type KernelVariant } from './kernel.ts';
import { kernelMerkleRoot } from './merkle.ts';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function prefixed(prefix: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 1);
  out[0] = prefix;
  out.set(data, 1);
  return out;
}

// (count, symbol size): empty, single-leaf and odd levels, odd symbol sizes, symbols around the
// 128-byte block boundary (the prefix makes a 127-byte symbol exactly one block), and a real row.
const SHAPES: readonly [number, number][] = [
  [0, 2],
  [1, 2],
  [2, 2],
  [3, 64],
  [5, 127],
  [7, 128],
  [8, 129],
  [1000, 942],
  [17, 4096],
];

describe.each<KernelVariant>(['simd', 'scalar'])('kernelMerkleRoot (%s)', (variant) => {
  let kernel: DecoderKernel;
  beforeAll(async () => {
    kernel = await DecoderKernel.instantiate(variant);
  });

  it('hashes a one-leaf tree as Blake2b-256(0x00 ‖ symbol)', () => {
    // The reference itself, on the standard vectors.
    expect(hex(blake2b256(new Uint8Array(0)))).toBe(
      '0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8',
    );
    const abc = new TextEncoder().encode('abc');
    expect(hex(blake2b256(abc))).toBe('bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319');
    expect(hex(kernelMerkleRoot(kernel, abc, 3))).toBe(hex(blake2b256(prefixed(0, abc))));
    // Every input length through three blocks, each side of every block boundary included.
    for (let size = 1; size <= 400; size++) {
      const symbol = randomBytes(size, size);
      expect(hex(kernelMerkleRoot(kernel, symbol, size)), `size ${size}`).toBe(
        hex(blake2b256(prefixed(0, symbol))),
      );
    }
  });

  it('hashes three leaves at once (the SIMD build) like one at a time, at every size through three blocks', () => {
    for (let size = 1; size <= 400; size++) {
      const symbols = randomBytes(3 * size, size + 1000);
      expect(hex(kernelMerkleRoot(kernel, symbols, size)), `size ${size}`).toBe(
        hex(merkleRootOfSymbols(symbols, size)),
      );
    }
  });

  it.each(SHAPES)('matches merkleRootOfSymbols for %i symbols of %i bytes', (count, size) => {
    const symbols = randomBytes(count * size, count * 7919 + size);
    expect(hex(kernelMerkleRoot(kernel, symbols, size))).toBe(hex(merkleRootOfSymbols(symbols, size)));
  });

  it('gives the same roots when a smaller call reuses the scratch of a larger one', () => {
    const large = randomBytes(300 * 1000, 11);
    const small = randomBytes(3 * 50, 12);
    expect(hex(kernelMerkleRoot(kernel, large, 1000))).toBe(hex(merkleRootOfSymbols(large, 1000)));
    expect(hex(kernelMerkleRoot(kernel, small, 50))).toBe(hex(merkleRootOfSymbols(small, 50)));
    expect(hex(kernelMerkleRoot(kernel, new Uint8Array(0), 50))).toBe(hex(new Uint8Array(32)));
    expect(hex(kernelMerkleRoot(kernel, large, 1000))).toBe(hex(merkleRootOfSymbols(large, 1000)));
  });

  it('rejects input that is not whole symbols', () => {
    expect(() => kernelMerkleRoot(kernel, new Uint8Array(10), 3)).toThrow(RsParameterError);
    expect(() => kernelMerkleRoot(kernel, new Uint8Array(10), 0)).toThrow(RsParameterError);
    expect(() => kernelMerkleRoot(kernel, new Uint8Array(10), 2.5)).toThrow(RsParameterError);
  });
});
