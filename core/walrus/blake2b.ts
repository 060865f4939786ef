// Blake2b-256 (RFC 7693) specialised for Walrus's hot path: Merkle trees hash millions of tiny
// inputs (a symbol, or two 32-byte digests), where a general-purpose hasher's per-call setup
// dominates. 64-bit words are kept as (low, high) pairs of 32-bit integers in typed arrays.

const IV = Int32Array.from([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a, 0xade682d1,
  0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
]);

// Message schedule, pre-doubled to index (low, high) pairs.
const SIGMA = Uint8Array.from(
  [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5,
    3, 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4, 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0,
    15, 8, 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13, 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15,
    14, 1, 9, 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11, 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4,
    8, 6, 2, 10, 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5, 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14,
    3, 12, 13, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0,
    2, 11, 7, 5, 3,
  ].map((x) => x * 2),
);

const BLOCK = 128;
const h = new Int32Array(16);
const v = new Int32Array(32);
const m = new Int32Array(32);
const block = new Uint8Array(BLOCK);

// v[a] += v[b] + (x.lo, x.hi) over 64 bits, then the four rotations of the G function.
function g(a: number, b: number, c: number, d: number, x: number, y: number): void {
  let lo = v[a]! + v[b]!;
  let hi = v[a + 1]! + v[b + 1]! + (lo >>> 0 < v[a]! >>> 0 ? 1 : 0);
  let lo2 = lo + m[x]!;
  hi = hi + m[x + 1]! + (lo2 >>> 0 < lo >>> 0 ? 1 : 0);
  v[a] = lo2;
  v[a + 1] = hi;
  // d = (d ^ a) >>> 32
  let dl = v[d]! ^ v[a]!;
  let dh = v[d + 1]! ^ v[a + 1]!;
  v[d] = dh;
  v[d + 1] = dl;
  // c += d; b = (b ^ c) >>> 24
  lo = v[c]! + v[d]!;
  v[c + 1] = v[c + 1]! + v[d + 1]! + (lo >>> 0 < v[c]! >>> 0 ? 1 : 0);
  v[c] = lo;
  let bl = v[b]! ^ v[c]!;
  let bh = v[b + 1]! ^ v[c + 1]!;
  v[b] = (bl >>> 24) ^ (bh << 8);
  v[b + 1] = (bh >>> 24) ^ (bl << 8);
  // a += b + y
  lo = v[a]! + v[b]!;
  hi = v[a + 1]! + v[b + 1]! + (lo >>> 0 < v[a]! >>> 0 ? 1 : 0);
  lo2 = lo + m[y]!;
  hi = hi + m[y + 1]! + (lo2 >>> 0 < lo >>> 0 ? 1 : 0);
  v[a] = lo2;
  v[a + 1] = hi;
  // d = (d ^ a) >>> 16
  dl = v[d]! ^ v[a]!;
  dh = v[d + 1]! ^ v[a + 1]!;
  v[d] = (dl >>> 16) ^ (dh << 16);
  v[d + 1] = (dh >>> 16) ^ (dl << 16);
  // c += d; b = (b ^ c) >>> 63, i.e. rotate left by one
  lo = v[c]! + v[d]!;
  v[c + 1] = v[c + 1]! + v[d + 1]! + (lo >>> 0 < v[c]! >>> 0 ? 1 : 0);
  v[c] = lo;
  bl = v[b]! ^ v[c]!;
  bh = v[b + 1]! ^ v[c + 1]!;
  v[b] = (bh >>> 31) ^ (bl << 1);
  v[b + 1] = (bl >>> 31) ^ (bh << 1);
}

function compress(bytes: Uint8Array, offset: number, counter: number, last: boolean): void {
  for (let i = 0; i < 32; i++) {
    const o = offset + i * 4;
    m[i] = bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24);
  }
  for (let i = 0; i < 16; i++) {
    v[i] = h[i]!;
    v[i + 16] = IV[i]!;
  }
  v[24] = v[24]! ^ counter;
  v[25] = v[25]! ^ Math.floor(counter / 0x1_0000_0000);
  if (last) {
    v[28] = ~v[28]!;
    v[29] = ~v[29]!;
  }
  for (let r = 0; r < 12; r++) {
    const s = r * 16;
    g(0, 8, 16, 24, SIGMA[s]!, SIGMA[s + 1]!);
    g(2, 10, 18, 26, SIGMA[s + 2]!, SIGMA[s + 3]!);
    g(4, 12, 20, 28, SIGMA[s + 4]!, SIGMA[s + 5]!);
    g(6, 14, 22, 30, SIGMA[s + 6]!, SIGMA[s + 7]!);
    g(0, 10, 20, 30, SIGMA[s + 8]!, SIGMA[s + 9]!);
    g(2, 12, 22, 24, SIGMA[s + 10]!, SIGMA[s + 11]!);
    g(4, 14, 16, 26, SIGMA[s + 12]!, SIGMA[s + 13]!);
    g(6, 8, 18, 28, SIGMA[s + 14]!, SIGMA[s + 15]!);
  }
  for (let i = 0; i < 16; i++) h[i] = h[i]! ^ v[i]! ^ v[i + 16]!;
}

/** Writes Blake2b-256(input) into out[outOffset .. outOffset+32). */
export function blake2b256Into(input: Uint8Array, out: Uint8Array, outOffset = 0): void {
  h.set(IV);
  h[0] = h[0]! ^ 0x01010020; // parameter block: digest length 32, fanout 1, depth 1, no key
  let offset = 0;
  while (input.length - offset > BLOCK) {
    compress(input, offset, offset + BLOCK, false);
    offset += BLOCK;
  }
  block.fill(0);
  block.set(input.subarray(offset), 0);
  compress(block, 0, input.length, true);
  for (let i = 0; i < 8; i++) {
    const word = h[i]!;
    const o = outOffset + i * 4;
    out[o] = word;
    out[o + 1] = word >>> 8;
    out[o + 2] = word >>> 16;
    out[o + 3] = word >>> 24;
  }
}

export function blake2b256(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  blake2b256Into(input, out, 0);
  return out;
}
