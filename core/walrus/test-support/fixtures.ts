// Deterministic test blobs and a per-process cache of their real WASM encodings: encoding at
// n = 1000 costs seconds, so every test file shares the ones it needs.
import { WalrusCodec, type EncodedBlob } from '../encoding.ts';

/** xorshift32: reproducible pseudo-random bytes without depending on Math.random. */
export function randomBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

const codecs = new Map<number, WalrusCodec>();
const encodings = new Map<string, { data: Uint8Array; encoded: EncodedBlob }>();

export function codecFor(n: number): WalrusCodec {
  let codec = codecs.get(n);
  if (!codec) {
    codec = new WalrusCodec(n);
    codecs.set(n, codec);
  }
  return codec;
}

export function encodedBlob(n: number, length: number, seed = 1): { data: Uint8Array; encoded: EncodedBlob } {
  const key = `${n}/${length}/${seed}`;
  let entry = encodings.get(key);
  if (!entry) {
    const data = randomBytes(length, seed);
    entry = { data, encoded: codecFor(n).encode(data) };
    encodings.set(key, entry);
  }
  return entry;
}

/** (shard count, blob length) pairs that cover small, odd and mainnet-sized geometries. */
export const SLIVER_SHAPES = [
  [7, 5000],
  [10, 100_000],
  [100, 4567],
  [1000, 1 << 20],
] as const;
