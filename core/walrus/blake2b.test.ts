import { blake2b } from '@noble/hashes/blake2.js';
import { describe, expect, it } from 'vitest';

import { blake2b256, blake2b256Into } from './blake2b.ts';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

// Deterministic bytes so a failure reproduces; a linear congruential generator is plenty here.
function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

// Lengths around the 128-byte block boundary matter most: the last block is finalised even when
// it is full, and partial trailing words must be zero-padded.
const LENGTHS = [0, 1, 31, 32, 63, 64, 65, 127, 128, 129, 255, 256, 257, 1000, 4096, 100_003];

describe('blake2b256', () => {
  it('matches the known vectors for "" and "abc"', () => {
    expect(hex(blake2b256(new Uint8Array(0)))).toBe(
      '0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8',
    );
    expect(hex(blake2b256(new TextEncoder().encode('abc')))).toBe(
      'bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319',
    );
  });

  it.each(LENGTHS)('matches @noble/hashes for %i bytes', (length) => {
    const data = pseudoRandomBytes(length, length + 1);
    expect(hex(blake2b256(data))).toBe(hex(blake2b(data, { dkLen: 32 })));
  });

  it('matches @noble/hashes for every length up to three blocks', () => {
    for (let length = 0; length <= 3 * 128 + 1; length++) {
      const data = pseudoRandomBytes(length, 7 * length + 3);
      expect(hex(blake2b256(data)), `length ${length}`).toBe(hex(blake2b(data, { dkLen: 32 })));
    }
  });

  it('hashes subarrays with a non-zero byte offset', () => {
    const backing = pseudoRandomBytes(300, 42);
    const view = backing.subarray(3, 3 + 200);
    expect(hex(blake2b256(view))).toBe(hex(blake2b(view.slice(), { dkLen: 32 })));
  });

  it('writes into out at outOffset without touching the surrounding bytes', () => {
    const data = pseudoRandomBytes(65, 9);
    const out = new Uint8Array(40).fill(0xaa);
    blake2b256Into(data, out, 5);
    expect(hex(out.subarray(5, 37))).toBe(hex(blake2b(data, { dkLen: 32 })));
    expect(Array.from(out.subarray(0, 5))).toEqual([0xaa, 0xaa, 0xaa, 0xaa, 0xaa]);
    expect(Array.from(out.subarray(37))).toEqual([0xaa, 0xaa, 0xaa]);
  });

  it('does not carry state between calls', () => {
    const a = pseudoRandomBytes(1000, 1);
    const b = pseudoRandomBytes(65, 2);
    const first = hex(blake2b256(b));
    blake2b256(a);
    expect(hex(blake2b256(b))).toBe(first);
  });
});
