// Blake2b-256 (RFC 7693, unkeyed, 32-byte digest) specialised for Walrus's hot path: Merkle trees
// hash millions of single-block inputs (a prefixed symbol, or two 32-byte digests), so per-call
// setup and per-operation memory traffic dominate the cost.
//
// JavaScript has no fast 64-bit integers, so each 64-bit word is a (low, high) pair of int32s, and
// the sixteen working words live in local variables: TurboFan keeps those in registers (or cheap
// spill slots), whereas typed-array slots cost a bounds-checked load and store per operation.
//
// The twelve rounds are a loop whose body inlines the eight G calls. Full unrolling measured
// slower: the unrolled function exceeds V8's 60 KiB bytecode limit for optimisation, so it never
// leaves the mid-tier compiler, and split into functions small enough to optimise it was still
// ~1.7x slower than the loop, presumably because its machine code no longer fits the i-cache.
//
// Carries are `+(sum >>> 0 < addend >>> 0)`, which TurboFan compiles to a compare and a flag move;
// `? 1 : 0` becomes a data-dependent branch that mispredicts half the time and costs more than all
// the other arithmetic together.

const BLOCK_BYTES = 128;

const IV = Int32Array.from([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a, 0xade682d1,
  0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
]);

// Parameter block word 0 for an unkeyed hash: digest length 32, fanout 1, depth 1.
const PARAM0 = 0x01010020;

// Message schedule for the twelve rounds, pre-doubled to index (low, high) pairs in `m`.
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

// Module-level scratch so hashing allocates nothing; safe because nothing here yields.
const h = new Int32Array(16);
const m = new Int32Array(32);

/** Loads the 128-byte block at `offset` into `m` as little-endian (low, high) word halves. */
function loadBlock(bytes: Uint8Array, offset: number): void {
  for (let i = 0; i < 32; i++) {
    const o = offset + i * 4;
    m[i] = bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24);
  }
}

/**
 * Loads the final, possibly partial block bytes[offset..end) into `m`, zero-padded. Reading the
 * input in place is cheaper than copying it into a padded 128-byte buffer first.
 */
function loadLastBlock(bytes: Uint8Array, offset: number, end: number): void {
  const whole = (end - offset) >>> 2;
  let i = 0;
  for (; i < whole; i++) {
    const o = offset + i * 4;
    m[i] = bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24);
  }
  if (i < 32) {
    let word = 0;
    for (let o = offset + i * 4, shift = 0; o < end; o++, shift += 8) word |= bytes[o]! << shift;
    m[i++] = word;
  }
  for (; i < 32; i++) m[i] = 0;
}

/**
 * Mixes the block in `m` into `h`. `counter` is the total byte count so far; it may exceed 2^32,
 * so its high half is taken by division rather than a shift.
 */
function compress(counter: number, last: boolean): void {
  let v0l = h[0]!;
  let v0h = h[1]!;
  let v1l = h[2]!;
  let v1h = h[3]!;
  let v2l = h[4]!;
  let v2h = h[5]!;
  let v3l = h[6]!;
  let v3h = h[7]!;
  let v4l = h[8]!;
  let v4h = h[9]!;
  let v5l = h[10]!;
  let v5h = h[11]!;
  let v6l = h[12]!;
  let v6h = h[13]!;
  let v7l = h[14]!;
  let v7h = h[15]!;
  let v8l = IV[0]!;
  let v8h = IV[1]!;
  let v9l = IV[2]!;
  let v9h = IV[3]!;
  let v10l = IV[4]!;
  let v10h = IV[5]!;
  let v11l = IV[6]!;
  let v11h = IV[7]!;
  let v12l = IV[8]! ^ counter;
  let v12h = IV[9]! ^ ((counter / 0x1_0000_0000) | 0);
  let v13l = IV[10]!;
  let v13h = IV[11]!;
  let v14l = last ? ~IV[12]! : IV[12]!;
  let v14h = last ? ~IV[13]! : IV[13]!;
  let v15l = IV[14]!;
  let v15h = IV[15]!;
  let s: number, t: number, u: number;
  // Each G(a, b, c, d, x, y) is: a += b + x; d = rotr32(d ^ a); c += d; b = rotr24(b ^ c);
  // a += b + y; d = rotr16(d ^ a); c += d; b = rotr63(b ^ c).
  for (let r = 0; r < 192; r += 16) {
    s = SIGMA[r]!;
    t = (v0l + v4l) | 0;
    v0h = (v0h + v4h + +(t >>> 0 < v0l >>> 0)) | 0;
    v0l = (t + m[s]!) | 0;
    v0h = (v0h + m[s + 1]! + +(v0l >>> 0 < t >>> 0)) | 0;
    t = v12l ^ v0l;
    v12l = v12h ^ v0h;
    v12h = t;
    t = (v8l + v12l) | 0;
    v8h = (v8h + v12h + +(t >>> 0 < v8l >>> 0)) | 0;
    v8l = t;
    t = v4l ^ v8l;
    u = v4h ^ v8h;
    v4l = (t >>> 24) | (u << 8);
    v4h = (u >>> 24) | (t << 8);
    s = SIGMA[r + 1]!;
    t = (v0l + v4l) | 0;
    v0h = (v0h + v4h + +(t >>> 0 < v0l >>> 0)) | 0;
    v0l = (t + m[s]!) | 0;
    v0h = (v0h + m[s + 1]! + +(v0l >>> 0 < t >>> 0)) | 0;
    t = v12l ^ v0l;
    u = v12h ^ v0h;
    v12l = (t >>> 16) | (u << 16);
    v12h = (u >>> 16) | (t << 16);
    t = (v8l + v12l) | 0;
    v8h = (v8h + v12h + +(t >>> 0 < v8l >>> 0)) | 0;
    v8l = t;
    t = v4l ^ v8l;
    u = v4h ^ v8h;
    v4l = (u >>> 31) | (t << 1);
    v4h = (t >>> 31) | (u << 1);
    s = SIGMA[r + 2]!;
    t = (v1l + v5l) | 0;
    v1h = (v1h + v5h + +(t >>> 0 < v1l >>> 0)) | 0;
    v1l = (t + m[s]!) | 0;
    v1h = (v1h + m[s + 1]! + +(v1l >>> 0 < t >>> 0)) | 0;
    t = v13l ^ v1l;
    v13l = v13h ^ v1h;
    v13h = t;
    t = (v9l + v13l) | 0;
    v9h = (v9h + v13h + +(t >>> 0 < v9l >>> 0)) | 0;
    v9l = t;
    t = v5l ^ v9l;
    u = v5h ^ v9h;
    v5l = (t >>> 24) | (u << 8);
    v5h = (u >>> 24) | (t << 8);
    s = SIGMA[r + 3]!;
    t = (v1l + v5l) | 0;
    v1h = (v1h + v5h + +(t >>> 0 < v1l >>> 0)) | 0;
    v1l = (t + m[s]!) | 0;
    v1h = (v1h + m[s + 1]! + +(v1l >>> 0 < t >>> 0)) | 0;
    t = v13l ^ v1l;
    u = v13h ^ v1h;
    v13l = (t >>> 16) | (u << 16);
    v13h = (u >>> 16) | (t << 16);
    t = (v9l + v13l) | 0;
    v9h = (v9h + v13h + +(t >>> 0 < v9l >>> 0)) | 0;
    v9l = t;
    t = v5l ^ v9l;
    u = v5h ^ v9h;
    v5l = (u >>> 31) | (t << 1);
    v5h = (t >>> 31) | (u << 1);
    s = SIGMA[r + 4]!;
    t = (v2l + v6l) | 0;
    v2h = (v2h + v6h + +(t >>> 0 < v2l >>> 0)) | 0;
    v2l = (t + m[s]!) | 0;
    v2h = (v2h + m[s + 1]! + +(v2l >>> 0 < t >>> 0)) | 0;
    t = v14l ^ v2l;
    v14l = v14h ^ v2h;
    v14h = t;
    t = (v10l + v14l) | 0;
    v10h = (v10h + v14h + +(t >>> 0 < v10l >>> 0)) | 0;
    v10l = t;
    t = v6l ^ v10l;
    u = v6h ^ v10h;
    v6l = (t >>> 24) | (u << 8);
    v6h = (u >>> 24) | (t << 8);
    s = SIGMA[r + 5]!;
    t = (v2l + v6l) | 0;
    v2h = (v2h + v6h + +(t >>> 0 < v2l >>> 0)) | 0;
    v2l = (t + m[s]!) | 0;
    v2h = (v2h + m[s + 1]! + +(v2l >>> 0 < t >>> 0)) | 0;
    t = v14l ^ v2l;
    u = v14h ^ v2h;
    v14l = (t >>> 16) | (u << 16);
    v14h = (u >>> 16) | (t << 16);
    t = (v10l + v14l) | 0;
    v10h = (v10h + v14h + +(t >>> 0 < v10l >>> 0)) | 0;
    v10l = t;
    t = v6l ^ v10l;
    u = v6h ^ v10h;
    v6l = (u >>> 31) | (t << 1);
    v6h = (t >>> 31) | (u << 1);
    s = SIGMA[r + 6]!;
    t = (v3l + v7l) | 0;
    v3h = (v3h + v7h + +(t >>> 0 < v3l >>> 0)) | 0;
    v3l = (t + m[s]!) | 0;
    v3h = (v3h + m[s + 1]! + +(v3l >>> 0 < t >>> 0)) | 0;
    t = v15l ^ v3l;
    v15l = v15h ^ v3h;
    v15h = t;
    t = (v11l + v15l) | 0;
    v11h = (v11h + v15h + +(t >>> 0 < v11l >>> 0)) | 0;
    v11l = t;
    t = v7l ^ v11l;
    u = v7h ^ v11h;
    v7l = (t >>> 24) | (u << 8);
    v7h = (u >>> 24) | (t << 8);
    s = SIGMA[r + 7]!;
    t = (v3l + v7l) | 0;
    v3h = (v3h + v7h + +(t >>> 0 < v3l >>> 0)) | 0;
    v3l = (t + m[s]!) | 0;
    v3h = (v3h + m[s + 1]! + +(v3l >>> 0 < t >>> 0)) | 0;
    t = v15l ^ v3l;
    u = v15h ^ v3h;
    v15l = (t >>> 16) | (u << 16);
    v15h = (u >>> 16) | (t << 16);
    t = (v11l + v15l) | 0;
    v11h = (v11h + v15h + +(t >>> 0 < v11l >>> 0)) | 0;
    v11l = t;
    t = v7l ^ v11l;
    u = v7h ^ v11h;
    v7l = (u >>> 31) | (t << 1);
    v7h = (t >>> 31) | (u << 1);
    s = SIGMA[r + 8]!;
    t = (v0l + v5l) | 0;
    v0h = (v0h + v5h + +(t >>> 0 < v0l >>> 0)) | 0;
    v0l = (t + m[s]!) | 0;
    v0h = (v0h + m[s + 1]! + +(v0l >>> 0 < t >>> 0)) | 0;
    t = v15l ^ v0l;
    v15l = v15h ^ v0h;
    v15h = t;
    t = (v10l + v15l) | 0;
    v10h = (v10h + v15h + +(t >>> 0 < v10l >>> 0)) | 0;
    v10l = t;
    t = v5l ^ v10l;
    u = v5h ^ v10h;
    v5l = (t >>> 24) | (u << 8);
    v5h = (u >>> 24) | (t << 8);
    s = SIGMA[r + 9]!;
    t = (v0l + v5l) | 0;
    v0h = (v0h + v5h + +(t >>> 0 < v0l >>> 0)) | 0;
    v0l = (t + m[s]!) | 0;
    v0h = (v0h + m[s + 1]! + +(v0l >>> 0 < t >>> 0)) | 0;
    t = v15l ^ v0l;
    u = v15h ^ v0h;
    v15l = (t >>> 16) | (u << 16);
    v15h = (u >>> 16) | (t << 16);
    t = (v10l + v15l) | 0;
    v10h = (v10h + v15h + +(t >>> 0 < v10l >>> 0)) | 0;
    v10l = t;
    t = v5l ^ v10l;
    u = v5h ^ v10h;
    v5l = (u >>> 31) | (t << 1);
    v5h = (t >>> 31) | (u << 1);
    s = SIGMA[r + 10]!;
    t = (v1l + v6l) | 0;
    v1h = (v1h + v6h + +(t >>> 0 < v1l >>> 0)) | 0;
    v1l = (t + m[s]!) | 0;
    v1h = (v1h + m[s + 1]! + +(v1l >>> 0 < t >>> 0)) | 0;
    t = v12l ^ v1l;
    v12l = v12h ^ v1h;
    v12h = t;
    t = (v11l + v12l) | 0;
    v11h = (v11h + v12h + +(t >>> 0 < v11l >>> 0)) | 0;
    v11l = t;
    t = v6l ^ v11l;
    u = v6h ^ v11h;
    v6l = (t >>> 24) | (u << 8);
    v6h = (u >>> 24) | (t << 8);
    s = SIGMA[r + 11]!;
    t = (v1l + v6l) | 0;
    v1h = (v1h + v6h + +(t >>> 0 < v1l >>> 0)) | 0;
    v1l = (t + m[s]!) | 0;
    v1h = (v1h + m[s + 1]! + +(v1l >>> 0 < t >>> 0)) | 0;
    t = v12l ^ v1l;
    u = v12h ^ v1h;
    v12l = (t >>> 16) | (u << 16);
    v12h = (u >>> 16) | (t << 16);
    t = (v11l + v12l) | 0;
    v11h = (v11h + v12h + +(t >>> 0 < v11l >>> 0)) | 0;
    v11l = t;
    t = v6l ^ v11l;
    u = v6h ^ v11h;
    v6l = (u >>> 31) | (t << 1);
    v6h = (t >>> 31) | (u << 1);
    s = SIGMA[r + 12]!;
    t = (v2l + v7l) | 0;
    v2h = (v2h + v7h + +(t >>> 0 < v2l >>> 0)) | 0;
    v2l = (t + m[s]!) | 0;
    v2h = (v2h + m[s + 1]! + +(v2l >>> 0 < t >>> 0)) | 0;
    t = v13l ^ v2l;
    v13l = v13h ^ v2h;
    v13h = t;
    t = (v8l + v13l) | 0;
    v8h = (v8h + v13h + +(t >>> 0 < v8l >>> 0)) | 0;
    v8l = t;
    t = v7l ^ v8l;
    u = v7h ^ v8h;
    v7l = (t >>> 24) | (u << 8);
    v7h = (u >>> 24) | (t << 8);
    s = SIGMA[r + 13]!;
    t = (v2l + v7l) | 0;
    v2h = (v2h + v7h + +(t >>> 0 < v2l >>> 0)) | 0;
    v2l = (t + m[s]!) | 0;
    v2h = (v2h + m[s + 1]! + +(v2l >>> 0 < t >>> 0)) | 0;
    t = v13l ^ v2l;
    u = v13h ^ v2h;
    v13l = (t >>> 16) | (u << 16);
    v13h = (u >>> 16) | (t << 16);
    t = (v8l + v13l) | 0;
    v8h = (v8h + v13h + +(t >>> 0 < v8l >>> 0)) | 0;
    v8l = t;
    t = v7l ^ v8l;
    u = v7h ^ v8h;
    v7l = (u >>> 31) | (t << 1);
    v7h = (t >>> 31) | (u << 1);
    s = SIGMA[r + 14]!;
    t = (v3l + v4l) | 0;
    v3h = (v3h + v4h + +(t >>> 0 < v3l >>> 0)) | 0;
    v3l = (t + m[s]!) | 0;
    v3h = (v3h + m[s + 1]! + +(v3l >>> 0 < t >>> 0)) | 0;
    t = v14l ^ v3l;
    v14l = v14h ^ v3h;
    v14h = t;
    t = (v9l + v14l) | 0;
    v9h = (v9h + v14h + +(t >>> 0 < v9l >>> 0)) | 0;
    v9l = t;
    t = v4l ^ v9l;
    u = v4h ^ v9h;
    v4l = (t >>> 24) | (u << 8);
    v4h = (u >>> 24) | (t << 8);
    s = SIGMA[r + 15]!;
    t = (v3l + v4l) | 0;
    v3h = (v3h + v4h + +(t >>> 0 < v3l >>> 0)) | 0;
    v3l = (t + m[s]!) | 0;
    v3h = (v3h + m[s + 1]! + +(v3l >>> 0 < t >>> 0)) | 0;
    t = v14l ^ v3l;
    u = v14h ^ v3h;
    v14l = (t >>> 16) | (u << 16);
    v14h = (u >>> 16) | (t << 16);
    t = (v9l + v14l) | 0;
    v9h = (v9h + v14h + +(t >>> 0 < v9l >>> 0)) | 0;
    v9l = t;
    t = v4l ^ v9l;
    u = v4h ^ v9h;
    v4l = (u >>> 31) | (t << 1);
    v4h = (t >>> 31) | (u << 1);
  }
  h[0] = h[0]! ^ v0l ^ v8l;
  h[1] = h[1]! ^ v0h ^ v8h;
  h[2] = h[2]! ^ v1l ^ v9l;
  h[3] = h[3]! ^ v1h ^ v9h;
  h[4] = h[4]! ^ v2l ^ v10l;
  h[5] = h[5]! ^ v2h ^ v10h;
  h[6] = h[6]! ^ v3l ^ v11l;
  h[7] = h[7]! ^ v3h ^ v11h;
  h[8] = h[8]! ^ v4l ^ v12l;
  h[9] = h[9]! ^ v4h ^ v12h;
  h[10] = h[10]! ^ v5l ^ v13l;
  h[11] = h[11]! ^ v5h ^ v13h;
  h[12] = h[12]! ^ v6l ^ v14l;
  h[13] = h[13]! ^ v6h ^ v14h;
  h[14] = h[14]! ^ v7l ^ v15l;
  h[15] = h[15]! ^ v7h ^ v15h;
}

/** Writes Blake2b-256(input) into out[outOffset .. outOffset+32). */
export function blake2b256Into(input: Uint8Array, out: Uint8Array, outOffset = 0): void {
  for (let i = 0; i < 16; i++) h[i] = IV[i]!;
  h[0] = h[0]! ^ PARAM0;
  const length = input.length;
  let offset = 0;
  // The last block is compressed with the finalisation flag even when it is full, so only blocks
  // that are strictly followed by more input take this path.
  while (length - offset > BLOCK_BYTES) {
    loadBlock(input, offset);
    offset += BLOCK_BYTES;
    compress(offset, false);
  }
  loadLastBlock(input, offset, length);
  compress(length, true);
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
