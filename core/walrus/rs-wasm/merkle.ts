// Merkle roots of rows of symbols in the decoder's module (wasm/rs-decoder/assembly/merkle.ts): the
// same tree as merkleRootOfSymbols in ../merkle.ts, at several times its speed, because Blake2b's
// 64-bit words are native in WebAssembly and JavaScript has to split each into two int32s.

import { DIGEST_LENGTH } from '../geometry.ts';
import { RsParameterError } from '../rs/errors.ts';
import { align64, type DecoderKernel } from './kernel.ts';

/** Root over the equal-sized symbols stored back to back in `symbols` (one leaf per symbol). */
export function kernelMerkleRoot(kernel: DecoderKernel, symbols: Uint8Array, symbolSize: number): Uint8Array {
  if (!Number.isInteger(symbolSize) || symbolSize < 1) {
    throw new RsParameterError(`symbol size must be a positive integer, got ${symbolSize}`);
  }
  if (symbols.length % symbolSize !== 0) {
    throw new RsParameterError(`${symbols.length} bytes are not whole symbols of ${symbolSize} bytes`);
  }
  const count = symbols.length / symbolSize;
  // Scratch: the symbols, the levels (hashed in place), the root.
  const levelOffset = align64(symbols.length);
  const rootOffset = levelOffset + count * DIGEST_LENGTH;
  const base = kernel.reserve(0, rootOffset + DIGEST_LENGTH);
  kernel.bytes().set(symbols, base);
  kernel.calls.merkleRoot(base, count, symbolSize, base + levelOffset, base + rootOffset);
  return kernel.bytes().slice(base + rootOffset, base + rootOffset + DIGEST_LENGTH);
}
