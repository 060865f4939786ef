// Blake2b-256 (RFC 7693: unkeyed, 32-byte digest) of a one-byte prefix followed by `length` bytes,
// for the Merkle trees of merkle.ts, where the prefix is the leaf or inner-node tag. Only the first
// block (prefix and 127 data bytes) and the last (zero-padded) are staged in static memory; blocks
// in between are read in place. WebAssembly is little-endian, so a message word is one load.
//
// The rounds are written out with σ applied, one line per half of G, so that every message word
// is a local: a loop over the rounds reading σ from a table measured ~1.45x slower, and a G helper
// cannot update its caller's locals.
//
// The SIMD build hashes three inputs of equal length at once, two in the i64x2 lanes of v128 words
// and one in u64s, interleaved line by line. Alone, the two-lane vector rounds are no faster per
// input than the scalar ones: rotations other than by 32 cost two or three instructions, and V8 on
// x64 has fewer vector registers than the sixteen state words. Interleaved, the vector and integer
// units work side by side: ~1.35x the scalar throughput per input.

const IV0: u64 = 0x6a09e667f3bcc908;
const IV1: u64 = 0xbb67ae8584caa73b;
const IV2: u64 = 0x3c6ef372fe94f82b;
const IV3: u64 = 0xa54ff53a5f1d36f1;
const IV4: u64 = 0x510e527fade682d1;
const IV5: u64 = 0x9b05688c2b3e6c1f;
const IV6: u64 = 0x1f83d9abfb41bd6b;
const IV7: u64 = 0x5be0cd19137e2179;

/** Parameter block word 0 for an unkeyed hash: digest length 32, fanout 1, depth 1. */
const PARAM0: u64 = 0x01010020;

const BLOCK_BYTES: usize = 128;
/** Inputs hashed at once by `blake2b256x3`. */
export const LANES: u32 = 3;

/** Chaining value h[0..8] of the scalar lane (the only lane of `blake2b256`, the third of x3). */
const STATE = memory.data(64, 16);
/** Chaining values of the two vector lanes: h[i] of both in the i-th v128. */
const STATE2 = memory.data(128, 16);
/** The vector lanes' current block: word i of both in the i-th v128. */
const MSG = memory.data(256, 16);
/** First blocks and partial last blocks, one per lane, zero-padded. */
const STAGED = memory.data(<i32>LANES * <i32>BLOCK_BYTES, 16);

/** Compresses the block at `m` into STATE; `t` counts the bytes hashed, this block included. */
// prettier-ignore
function compress(m: usize, t: u64, last: bool): void {
  const m0 = load<u64>(m, 0), m1 = load<u64>(m, 8), m2 = load<u64>(m, 16), m3 = load<u64>(m, 24);
  const m4 = load<u64>(m, 32), m5 = load<u64>(m, 40), m6 = load<u64>(m, 48), m7 = load<u64>(m, 56);
  const m8 = load<u64>(m, 64), m9 = load<u64>(m, 72), m10 = load<u64>(m, 80), m11 = load<u64>(m, 88);
  const m12 = load<u64>(m, 96), m13 = load<u64>(m, 104), m14 = load<u64>(m, 112), m15 = load<u64>(m, 120);
  let v0 = load<u64>(STATE, 0), v1 = load<u64>(STATE, 8), v2 = load<u64>(STATE, 16), v3 = load<u64>(STATE, 24);
  let v4 = load<u64>(STATE, 32), v5 = load<u64>(STATE, 40), v6 = load<u64>(STATE, 48), v7 = load<u64>(STATE, 56);
  let v8 = IV0, v9 = IV1, v10 = IV2, v11 = IV3, v12 = IV4 ^ t, v13 = IV5, v14 = last ? ~IV6 : IV6, v15 = IV7;
  // Round 0: σ = 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
  v0 += v4 + m0; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  v0 += v4 + m1; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  v1 += v5 + m2; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  v1 += v5 + m3; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  v2 += v6 + m4; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  v2 += v6 + m5; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  v3 += v7 + m6; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  v3 += v7 + m7; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  v0 += v5 + m8; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  v0 += v5 + m9; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  v1 += v6 + m10; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  v1 += v6 + m11; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  v2 += v7 + m12; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  v2 += v7 + m13; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  v3 += v4 + m14; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  v3 += v4 + m15; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 1: σ = 14 10 4 8 9 15 13 6 1 12 0 2 11 7 5 3
  v0 += v4 + m14; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  v0 += v4 + m10; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  v1 += v5 + m4; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  v1 += v5 + m8; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  v2 += v6 + m9; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  v2 += v6 + m15; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  v3 += v7 + m13; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  v3 += v7 + m6; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  v0 += v5 + m1; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  v0 += v5 + m12; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  v1 += v6 + m0; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  v1 += v6 + m2; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  v2 += v7 + m11; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  v2 += v7 + m7; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  v3 += v4 + m5; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  v3 += v4 + m3; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 2: σ = 11 8 12 0 5 2 15 13 10 14 3 6 7 1 9 4
  v0 += v4 + m11; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  v0 += v4 + m8; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  v1 += v5 + m12; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  v1 += v5 + m0; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  v2 += v6 + m5; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  v2 += v6 + m2; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  v3 += v7 + m15; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  v3 += v7 + m13; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  v0 += v5 + m10; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  v0 += v5 + m14; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  v1 += v6 + m3; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  v1 += v6 + m6; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  v2 += v7 + m7; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  v2 += v7 + m1; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  v3 += v4 + m9; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  v3 += v4 + m4; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 3: σ = 7 9 3 1 13 12 11 14 2 6 5 10 4 0 15 8
  v0 += v4 + m7; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  v0 += v4 + m9; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  v1 += v5 + m3; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  v1 += v5 + m1; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  v2 += v6 + m13; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  v2 += v6 + m12; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  v3 += v7 + m11; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  v3 += v7 + m14; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  v0 += v5 + m2; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  v0 += v5 + m6; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  v1 += v6 + m5; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  v1 += v6 + m10; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  v2 += v7 + m4; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  v2 += v7 + m0; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  v3 += v4 + m15; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  v3 += v4 + m8; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 4: σ = 9 0 5 7 2 4 10 15 14 1 11 12 6 8 3 13
  v0 += v4 + m9; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  v0 += v4 + m0; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  v1 += v5 + m5; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  v1 += v5 + m7; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  v2 += v6 + m2; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  v2 += v6 + m4; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  v3 += v7 + m10; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  v3 += v7 + m15; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  v0 += v5 + m14; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  v0 += v5 + m1; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  v1 += v6 + m11; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  v1 += v6 + m12; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  v2 += v7 + m6; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  v2 += v7 + m8; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  v3 += v4 + m3; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  v3 += v4 + m13; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 5: σ = 2 12 6 10 0 11 8 3 4 13 7 5 15 14 1 9
  v0 += v4 + m2; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  v0 += v4 + m12; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  v1 += v5 + m6; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  v1 += v5 + m10; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  v2 += v6 + m0; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  v2 += v6 + m11; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  v3 += v7 + m8; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  v3 += v7 + m3; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  v0 += v5 + m4; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  v0 += v5 + m13; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  v1 += v6 + m7; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  v1 += v6 + m5; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  v2 += v7 + m15; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  v2 += v7 + m14; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  v3 += v4 + m1; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  v3 += v4 + m9; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 6: σ = 12 5 1 15 14 13 4 10 0 7 6 3 9 2 8 11
  v0 += v4 + m12; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  v0 += v4 + m5; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  v1 += v5 + m1; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  v1 += v5 + m15; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  v2 += v6 + m14; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  v2 += v6 + m13; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  v3 += v7 + m4; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  v3 += v7 + m10; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  v0 += v5 + m0; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  v0 += v5 + m7; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  v1 += v6 + m6; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  v1 += v6 + m3; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  v2 += v7 + m9; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  v2 += v7 + m2; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  v3 += v4 + m8; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  v3 += v4 + m11; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 7: σ = 13 11 7 14 12 1 3 9 5 0 15 4 8 6 2 10
  v0 += v4 + m13; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  v0 += v4 + m11; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  v1 += v5 + m7; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  v1 += v5 + m14; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  v2 += v6 + m12; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  v2 += v6 + m1; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  v3 += v7 + m3; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  v3 += v7 + m9; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  v0 += v5 + m5; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  v0 += v5 + m0; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  v1 += v6 + m15; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  v1 += v6 + m4; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  v2 += v7 + m8; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  v2 += v7 + m6; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  v3 += v4 + m2; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  v3 += v4 + m10; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 8: σ = 6 15 14 9 11 3 0 8 12 2 13 7 1 4 10 5
  v0 += v4 + m6; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  v0 += v4 + m15; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  v1 += v5 + m14; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  v1 += v5 + m9; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  v2 += v6 + m11; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  v2 += v6 + m3; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  v3 += v7 + m0; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  v3 += v7 + m8; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  v0 += v5 + m12; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  v0 += v5 + m2; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  v1 += v6 + m13; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  v1 += v6 + m7; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  v2 += v7 + m1; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  v2 += v7 + m4; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  v3 += v4 + m10; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  v3 += v4 + m5; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 9: σ = 10 2 8 4 7 6 1 5 15 11 9 14 3 12 13 0
  v0 += v4 + m10; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  v0 += v4 + m2; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  v1 += v5 + m8; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  v1 += v5 + m4; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  v2 += v6 + m7; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  v2 += v6 + m6; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  v3 += v7 + m1; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  v3 += v7 + m5; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  v0 += v5 + m15; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  v0 += v5 + m11; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  v1 += v6 + m9; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  v1 += v6 + m14; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  v2 += v7 + m3; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  v2 += v7 + m12; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  v3 += v4 + m13; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  v3 += v4 + m0; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 10: σ = 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
  v0 += v4 + m0; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  v0 += v4 + m1; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  v1 += v5 + m2; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  v1 += v5 + m3; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  v2 += v6 + m4; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  v2 += v6 + m5; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  v3 += v7 + m6; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  v3 += v7 + m7; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  v0 += v5 + m8; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  v0 += v5 + m9; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  v1 += v6 + m10; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  v1 += v6 + m11; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  v2 += v7 + m12; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  v2 += v7 + m13; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  v3 += v4 + m14; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  v3 += v4 + m15; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 11: σ = 14 10 4 8 9 15 13 6 1 12 0 2 11 7 5 3
  v0 += v4 + m14; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  v0 += v4 + m10; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  v1 += v5 + m4; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  v1 += v5 + m8; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  v2 += v6 + m9; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  v2 += v6 + m15; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  v3 += v7 + m13; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  v3 += v7 + m6; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  v0 += v5 + m1; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  v0 += v5 + m12; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  v1 += v6 + m0; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  v1 += v6 + m2; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  v2 += v7 + m11; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  v2 += v7 + m7; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  v3 += v4 + m5; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  v3 += v4 + m3; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  store<u64>(STATE, load<u64>(STATE, 0) ^ v0 ^ v8, 0);
  store<u64>(STATE, load<u64>(STATE, 8) ^ v1 ^ v9, 8);
  store<u64>(STATE, load<u64>(STATE, 16) ^ v2 ^ v10, 16);
  store<u64>(STATE, load<u64>(STATE, 24) ^ v3 ^ v11, 24);
  store<u64>(STATE, load<u64>(STATE, 32) ^ v4 ^ v12, 32);
  store<u64>(STATE, load<u64>(STATE, 40) ^ v5 ^ v13, 40);
  store<u64>(STATE, load<u64>(STATE, 48) ^ v6 ^ v14, 48);
  store<u64>(STATE, load<u64>(STATE, 56) ^ v7 ^ v15, 56);
}

function add(a: v128, b: v128): v128 {
  return i64x2.add(a, b);
}

function xor(a: v128, b: v128): v128 {
  return v128.xor(a, b);
}

function rot32(x: v128): v128 {
  return i32x4.shuffle(x, x, 1, 0, 3, 2);
}

// Shifts rather than a byte shuffle: V8 rebuilds a shuffle's mask from immediates at every use,
// with integer instructions that the scalar lane needs.
function rot24(x: v128): v128 {
  return v128.or(i64x2.shr_u(x, 24), i64x2.shl(x, 40));
}

// V8 makes this shuffle two word shuffles, without a mask.
function rot16(x: v128): v128 {
  return i8x16.shuffle(x, x, 2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9);
}

function rot63(x: v128): v128 {
  return v128.or(i64x2.shr_u(x, 63), i64x2.add(x, x));
}

function msg(word: usize): v128 {
  return v128.load(MSG + (word << 4));
}

/** Words 2·pair and 2·pair + 1 of the blocks at `a` and `b` into MSG. */
function transpose(a: usize, b: usize, pair: usize): void {
  const wa = v128.load(a + (pair << 4)),
    wb = v128.load(b + (pair << 4));
  v128.store(MSG + (pair << 5), i64x2.shuffle(wa, wb, 0, 2));
  v128.store(MSG + (pair << 5), i64x2.shuffle(wa, wb, 1, 3), 16);
}

/** `compress` of the block at `m` into STATE, and of the blocks at `a` and `b` into STATE2. */
// prettier-ignore
function compress3(a: usize, b: usize, m: usize, t: u64, last: bool): void {
  transpose(a, b, 0); transpose(a, b, 1);
  transpose(a, b, 2); transpose(a, b, 3);
  transpose(a, b, 4); transpose(a, b, 5);
  transpose(a, b, 6); transpose(a, b, 7);
  let x0 = v128.load(STATE2, 0), x1 = v128.load(STATE2, 16), x2 = v128.load(STATE2, 32), x3 = v128.load(STATE2, 48);
  let x4 = v128.load(STATE2, 64), x5 = v128.load(STATE2, 80), x6 = v128.load(STATE2, 96), x7 = v128.load(STATE2, 112);
  let x8 = i64x2.splat(IV0), x9 = i64x2.splat(IV1), x10 = i64x2.splat(IV2), x11 = i64x2.splat(IV3);
  let x12 = i64x2.splat(IV4 ^ t), x13 = i64x2.splat(IV5), x14 = i64x2.splat(last ? ~IV6 : IV6);
  let x15 = i64x2.splat(IV7);
  const m0 = load<u64>(m, 0), m1 = load<u64>(m, 8), m2 = load<u64>(m, 16), m3 = load<u64>(m, 24);
  const m4 = load<u64>(m, 32), m5 = load<u64>(m, 40), m6 = load<u64>(m, 48), m7 = load<u64>(m, 56);
  const m8 = load<u64>(m, 64), m9 = load<u64>(m, 72), m10 = load<u64>(m, 80), m11 = load<u64>(m, 88);
  const m12 = load<u64>(m, 96), m13 = load<u64>(m, 104), m14 = load<u64>(m, 112), m15 = load<u64>(m, 120);
  let v0 = load<u64>(STATE, 0), v1 = load<u64>(STATE, 8), v2 = load<u64>(STATE, 16), v3 = load<u64>(STATE, 24);
  let v4 = load<u64>(STATE, 32), v5 = load<u64>(STATE, 40), v6 = load<u64>(STATE, 48), v7 = load<u64>(STATE, 56);
  let v8 = IV0, v9 = IV1, v10 = IV2, v11 = IV3, v12 = IV4 ^ t, v13 = IV5, v14 = last ? ~IV6 : IV6, v15 = IV7;
  // Round 0: σ = 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
  x0 = add(add(x0, x4), msg(0)); x12 = rot32(xor(x12, x0)); x8 = add(x8, x12); x4 = rot24(xor(x4, x8));
  v0 += v4 + m0; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  x0 = add(add(x0, x4), msg(1)); x12 = rot16(xor(x12, x0)); x8 = add(x8, x12); x4 = rot63(xor(x4, x8));
  v0 += v4 + m1; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  x1 = add(add(x1, x5), msg(2)); x13 = rot32(xor(x13, x1)); x9 = add(x9, x13); x5 = rot24(xor(x5, x9));
  v1 += v5 + m2; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  x1 = add(add(x1, x5), msg(3)); x13 = rot16(xor(x13, x1)); x9 = add(x9, x13); x5 = rot63(xor(x5, x9));
  v1 += v5 + m3; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  x2 = add(add(x2, x6), msg(4)); x14 = rot32(xor(x14, x2)); x10 = add(x10, x14); x6 = rot24(xor(x6, x10));
  v2 += v6 + m4; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  x2 = add(add(x2, x6), msg(5)); x14 = rot16(xor(x14, x2)); x10 = add(x10, x14); x6 = rot63(xor(x6, x10));
  v2 += v6 + m5; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  x3 = add(add(x3, x7), msg(6)); x15 = rot32(xor(x15, x3)); x11 = add(x11, x15); x7 = rot24(xor(x7, x11));
  v3 += v7 + m6; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  x3 = add(add(x3, x7), msg(7)); x15 = rot16(xor(x15, x3)); x11 = add(x11, x15); x7 = rot63(xor(x7, x11));
  v3 += v7 + m7; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  x0 = add(add(x0, x5), msg(8)); x15 = rot32(xor(x15, x0)); x10 = add(x10, x15); x5 = rot24(xor(x5, x10));
  v0 += v5 + m8; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  x0 = add(add(x0, x5), msg(9)); x15 = rot16(xor(x15, x0)); x10 = add(x10, x15); x5 = rot63(xor(x5, x10));
  v0 += v5 + m9; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  x1 = add(add(x1, x6), msg(10)); x12 = rot32(xor(x12, x1)); x11 = add(x11, x12); x6 = rot24(xor(x6, x11));
  v1 += v6 + m10; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  x1 = add(add(x1, x6), msg(11)); x12 = rot16(xor(x12, x1)); x11 = add(x11, x12); x6 = rot63(xor(x6, x11));
  v1 += v6 + m11; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  x2 = add(add(x2, x7), msg(12)); x13 = rot32(xor(x13, x2)); x8 = add(x8, x13); x7 = rot24(xor(x7, x8));
  v2 += v7 + m12; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  x2 = add(add(x2, x7), msg(13)); x13 = rot16(xor(x13, x2)); x8 = add(x8, x13); x7 = rot63(xor(x7, x8));
  v2 += v7 + m13; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  x3 = add(add(x3, x4), msg(14)); x14 = rot32(xor(x14, x3)); x9 = add(x9, x14); x4 = rot24(xor(x4, x9));
  v3 += v4 + m14; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  x3 = add(add(x3, x4), msg(15)); x14 = rot16(xor(x14, x3)); x9 = add(x9, x14); x4 = rot63(xor(x4, x9));
  v3 += v4 + m15; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 1: σ = 14 10 4 8 9 15 13 6 1 12 0 2 11 7 5 3
  x0 = add(add(x0, x4), msg(14)); x12 = rot32(xor(x12, x0)); x8 = add(x8, x12); x4 = rot24(xor(x4, x8));
  v0 += v4 + m14; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  x0 = add(add(x0, x4), msg(10)); x12 = rot16(xor(x12, x0)); x8 = add(x8, x12); x4 = rot63(xor(x4, x8));
  v0 += v4 + m10; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  x1 = add(add(x1, x5), msg(4)); x13 = rot32(xor(x13, x1)); x9 = add(x9, x13); x5 = rot24(xor(x5, x9));
  v1 += v5 + m4; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  x1 = add(add(x1, x5), msg(8)); x13 = rot16(xor(x13, x1)); x9 = add(x9, x13); x5 = rot63(xor(x5, x9));
  v1 += v5 + m8; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  x2 = add(add(x2, x6), msg(9)); x14 = rot32(xor(x14, x2)); x10 = add(x10, x14); x6 = rot24(xor(x6, x10));
  v2 += v6 + m9; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  x2 = add(add(x2, x6), msg(15)); x14 = rot16(xor(x14, x2)); x10 = add(x10, x14); x6 = rot63(xor(x6, x10));
  v2 += v6 + m15; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  x3 = add(add(x3, x7), msg(13)); x15 = rot32(xor(x15, x3)); x11 = add(x11, x15); x7 = rot24(xor(x7, x11));
  v3 += v7 + m13; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  x3 = add(add(x3, x7), msg(6)); x15 = rot16(xor(x15, x3)); x11 = add(x11, x15); x7 = rot63(xor(x7, x11));
  v3 += v7 + m6; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  x0 = add(add(x0, x5), msg(1)); x15 = rot32(xor(x15, x0)); x10 = add(x10, x15); x5 = rot24(xor(x5, x10));
  v0 += v5 + m1; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  x0 = add(add(x0, x5), msg(12)); x15 = rot16(xor(x15, x0)); x10 = add(x10, x15); x5 = rot63(xor(x5, x10));
  v0 += v5 + m12; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  x1 = add(add(x1, x6), msg(0)); x12 = rot32(xor(x12, x1)); x11 = add(x11, x12); x6 = rot24(xor(x6, x11));
  v1 += v6 + m0; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  x1 = add(add(x1, x6), msg(2)); x12 = rot16(xor(x12, x1)); x11 = add(x11, x12); x6 = rot63(xor(x6, x11));
  v1 += v6 + m2; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  x2 = add(add(x2, x7), msg(11)); x13 = rot32(xor(x13, x2)); x8 = add(x8, x13); x7 = rot24(xor(x7, x8));
  v2 += v7 + m11; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  x2 = add(add(x2, x7), msg(7)); x13 = rot16(xor(x13, x2)); x8 = add(x8, x13); x7 = rot63(xor(x7, x8));
  v2 += v7 + m7; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  x3 = add(add(x3, x4), msg(5)); x14 = rot32(xor(x14, x3)); x9 = add(x9, x14); x4 = rot24(xor(x4, x9));
  v3 += v4 + m5; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  x3 = add(add(x3, x4), msg(3)); x14 = rot16(xor(x14, x3)); x9 = add(x9, x14); x4 = rot63(xor(x4, x9));
  v3 += v4 + m3; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 2: σ = 11 8 12 0 5 2 15 13 10 14 3 6 7 1 9 4
  x0 = add(add(x0, x4), msg(11)); x12 = rot32(xor(x12, x0)); x8 = add(x8, x12); x4 = rot24(xor(x4, x8));
  v0 += v4 + m11; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  x0 = add(add(x0, x4), msg(8)); x12 = rot16(xor(x12, x0)); x8 = add(x8, x12); x4 = rot63(xor(x4, x8));
  v0 += v4 + m8; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  x1 = add(add(x1, x5), msg(12)); x13 = rot32(xor(x13, x1)); x9 = add(x9, x13); x5 = rot24(xor(x5, x9));
  v1 += v5 + m12; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  x1 = add(add(x1, x5), msg(0)); x13 = rot16(xor(x13, x1)); x9 = add(x9, x13); x5 = rot63(xor(x5, x9));
  v1 += v5 + m0; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  x2 = add(add(x2, x6), msg(5)); x14 = rot32(xor(x14, x2)); x10 = add(x10, x14); x6 = rot24(xor(x6, x10));
  v2 += v6 + m5; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  x2 = add(add(x2, x6), msg(2)); x14 = rot16(xor(x14, x2)); x10 = add(x10, x14); x6 = rot63(xor(x6, x10));
  v2 += v6 + m2; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  x3 = add(add(x3, x7), msg(15)); x15 = rot32(xor(x15, x3)); x11 = add(x11, x15); x7 = rot24(xor(x7, x11));
  v3 += v7 + m15; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  x3 = add(add(x3, x7), msg(13)); x15 = rot16(xor(x15, x3)); x11 = add(x11, x15); x7 = rot63(xor(x7, x11));
  v3 += v7 + m13; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  x0 = add(add(x0, x5), msg(10)); x15 = rot32(xor(x15, x0)); x10 = add(x10, x15); x5 = rot24(xor(x5, x10));
  v0 += v5 + m10; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  x0 = add(add(x0, x5), msg(14)); x15 = rot16(xor(x15, x0)); x10 = add(x10, x15); x5 = rot63(xor(x5, x10));
  v0 += v5 + m14; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  x1 = add(add(x1, x6), msg(3)); x12 = rot32(xor(x12, x1)); x11 = add(x11, x12); x6 = rot24(xor(x6, x11));
  v1 += v6 + m3; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  x1 = add(add(x1, x6), msg(6)); x12 = rot16(xor(x12, x1)); x11 = add(x11, x12); x6 = rot63(xor(x6, x11));
  v1 += v6 + m6; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  x2 = add(add(x2, x7), msg(7)); x13 = rot32(xor(x13, x2)); x8 = add(x8, x13); x7 = rot24(xor(x7, x8));
  v2 += v7 + m7; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  x2 = add(add(x2, x7), msg(1)); x13 = rot16(xor(x13, x2)); x8 = add(x8, x13); x7 = rot63(xor(x7, x8));
  v2 += v7 + m1; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  x3 = add(add(x3, x4), msg(9)); x14 = rot32(xor(x14, x3)); x9 = add(x9, x14); x4 = rot24(xor(x4, x9));
  v3 += v4 + m9; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  x3 = add(add(x3, x4), msg(4)); x14 = rot16(xor(x14, x3)); x9 = add(x9, x14); x4 = rot63(xor(x4, x9));
  v3 += v4 + m4; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 3: σ = 7 9 3 1 13 12 11 14 2 6 5 10 4 0 15 8
  x0 = add(add(x0, x4), msg(7)); x12 = rot32(xor(x12, x0)); x8 = add(x8, x12); x4 = rot24(xor(x4, x8));
  v0 += v4 + m7; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  x0 = add(add(x0, x4), msg(9)); x12 = rot16(xor(x12, x0)); x8 = add(x8, x12); x4 = rot63(xor(x4, x8));
  v0 += v4 + m9; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  x1 = add(add(x1, x5), msg(3)); x13 = rot32(xor(x13, x1)); x9 = add(x9, x13); x5 = rot24(xor(x5, x9));
  v1 += v5 + m3; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  x1 = add(add(x1, x5), msg(1)); x13 = rot16(xor(x13, x1)); x9 = add(x9, x13); x5 = rot63(xor(x5, x9));
  v1 += v5 + m1; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  x2 = add(add(x2, x6), msg(13)); x14 = rot32(xor(x14, x2)); x10 = add(x10, x14); x6 = rot24(xor(x6, x10));
  v2 += v6 + m13; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  x2 = add(add(x2, x6), msg(12)); x14 = rot16(xor(x14, x2)); x10 = add(x10, x14); x6 = rot63(xor(x6, x10));
  v2 += v6 + m12; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  x3 = add(add(x3, x7), msg(11)); x15 = rot32(xor(x15, x3)); x11 = add(x11, x15); x7 = rot24(xor(x7, x11));
  v3 += v7 + m11; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  x3 = add(add(x3, x7), msg(14)); x15 = rot16(xor(x15, x3)); x11 = add(x11, x15); x7 = rot63(xor(x7, x11));
  v3 += v7 + m14; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  x0 = add(add(x0, x5), msg(2)); x15 = rot32(xor(x15, x0)); x10 = add(x10, x15); x5 = rot24(xor(x5, x10));
  v0 += v5 + m2; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  x0 = add(add(x0, x5), msg(6)); x15 = rot16(xor(x15, x0)); x10 = add(x10, x15); x5 = rot63(xor(x5, x10));
  v0 += v5 + m6; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  x1 = add(add(x1, x6), msg(5)); x12 = rot32(xor(x12, x1)); x11 = add(x11, x12); x6 = rot24(xor(x6, x11));
  v1 += v6 + m5; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  x1 = add(add(x1, x6), msg(10)); x12 = rot16(xor(x12, x1)); x11 = add(x11, x12); x6 = rot63(xor(x6, x11));
  v1 += v6 + m10; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  x2 = add(add(x2, x7), msg(4)); x13 = rot32(xor(x13, x2)); x8 = add(x8, x13); x7 = rot24(xor(x7, x8));
  v2 += v7 + m4; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  x2 = add(add(x2, x7), msg(0)); x13 = rot16(xor(x13, x2)); x8 = add(x8, x13); x7 = rot63(xor(x7, x8));
  v2 += v7 + m0; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  x3 = add(add(x3, x4), msg(15)); x14 = rot32(xor(x14, x3)); x9 = add(x9, x14); x4 = rot24(xor(x4, x9));
  v3 += v4 + m15; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  x3 = add(add(x3, x4), msg(8)); x14 = rot16(xor(x14, x3)); x9 = add(x9, x14); x4 = rot63(xor(x4, x9));
  v3 += v4 + m8; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 4: σ = 9 0 5 7 2 4 10 15 14 1 11 12 6 8 3 13
  x0 = add(add(x0, x4), msg(9)); x12 = rot32(xor(x12, x0)); x8 = add(x8, x12); x4 = rot24(xor(x4, x8));
  v0 += v4 + m9; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  x0 = add(add(x0, x4), msg(0)); x12 = rot16(xor(x12, x0)); x8 = add(x8, x12); x4 = rot63(xor(x4, x8));
  v0 += v4 + m0; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  x1 = add(add(x1, x5), msg(5)); x13 = rot32(xor(x13, x1)); x9 = add(x9, x13); x5 = rot24(xor(x5, x9));
  v1 += v5 + m5; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  x1 = add(add(x1, x5), msg(7)); x13 = rot16(xor(x13, x1)); x9 = add(x9, x13); x5 = rot63(xor(x5, x9));
  v1 += v5 + m7; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  x2 = add(add(x2, x6), msg(2)); x14 = rot32(xor(x14, x2)); x10 = add(x10, x14); x6 = rot24(xor(x6, x10));
  v2 += v6 + m2; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  x2 = add(add(x2, x6), msg(4)); x14 = rot16(xor(x14, x2)); x10 = add(x10, x14); x6 = rot63(xor(x6, x10));
  v2 += v6 + m4; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  x3 = add(add(x3, x7), msg(10)); x15 = rot32(xor(x15, x3)); x11 = add(x11, x15); x7 = rot24(xor(x7, x11));
  v3 += v7 + m10; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  x3 = add(add(x3, x7), msg(15)); x15 = rot16(xor(x15, x3)); x11 = add(x11, x15); x7 = rot63(xor(x7, x11));
  v3 += v7 + m15; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  x0 = add(add(x0, x5), msg(14)); x15 = rot32(xor(x15, x0)); x10 = add(x10, x15); x5 = rot24(xor(x5, x10));
  v0 += v5 + m14; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  x0 = add(add(x0, x5), msg(1)); x15 = rot16(xor(x15, x0)); x10 = add(x10, x15); x5 = rot63(xor(x5, x10));
  v0 += v5 + m1; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  x1 = add(add(x1, x6), msg(11)); x12 = rot32(xor(x12, x1)); x11 = add(x11, x12); x6 = rot24(xor(x6, x11));
  v1 += v6 + m11; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  x1 = add(add(x1, x6), msg(12)); x12 = rot16(xor(x12, x1)); x11 = add(x11, x12); x6 = rot63(xor(x6, x11));
  v1 += v6 + m12; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  x2 = add(add(x2, x7), msg(6)); x13 = rot32(xor(x13, x2)); x8 = add(x8, x13); x7 = rot24(xor(x7, x8));
  v2 += v7 + m6; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  x2 = add(add(x2, x7), msg(8)); x13 = rot16(xor(x13, x2)); x8 = add(x8, x13); x7 = rot63(xor(x7, x8));
  v2 += v7 + m8; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  x3 = add(add(x3, x4), msg(3)); x14 = rot32(xor(x14, x3)); x9 = add(x9, x14); x4 = rot24(xor(x4, x9));
  v3 += v4 + m3; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  x3 = add(add(x3, x4), msg(13)); x14 = rot16(xor(x14, x3)); x9 = add(x9, x14); x4 = rot63(xor(x4, x9));
  v3 += v4 + m13; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 5: σ = 2 12 6 10 0 11 8 3 4 13 7 5 15 14 1 9
  x0 = add(add(x0, x4), msg(2)); x12 = rot32(xor(x12, x0)); x8 = add(x8, x12); x4 = rot24(xor(x4, x8));
  v0 += v4 + m2; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  x0 = add(add(x0, x4), msg(12)); x12 = rot16(xor(x12, x0)); x8 = add(x8, x12); x4 = rot63(xor(x4, x8));
  v0 += v4 + m12; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  x1 = add(add(x1, x5), msg(6)); x13 = rot32(xor(x13, x1)); x9 = add(x9, x13); x5 = rot24(xor(x5, x9));
  v1 += v5 + m6; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  x1 = add(add(x1, x5), msg(10)); x13 = rot16(xor(x13, x1)); x9 = add(x9, x13); x5 = rot63(xor(x5, x9));
  v1 += v5 + m10; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  x2 = add(add(x2, x6), msg(0)); x14 = rot32(xor(x14, x2)); x10 = add(x10, x14); x6 = rot24(xor(x6, x10));
  v2 += v6 + m0; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  x2 = add(add(x2, x6), msg(11)); x14 = rot16(xor(x14, x2)); x10 = add(x10, x14); x6 = rot63(xor(x6, x10));
  v2 += v6 + m11; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  x3 = add(add(x3, x7), msg(8)); x15 = rot32(xor(x15, x3)); x11 = add(x11, x15); x7 = rot24(xor(x7, x11));
  v3 += v7 + m8; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  x3 = add(add(x3, x7), msg(3)); x15 = rot16(xor(x15, x3)); x11 = add(x11, x15); x7 = rot63(xor(x7, x11));
  v3 += v7 + m3; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  x0 = add(add(x0, x5), msg(4)); x15 = rot32(xor(x15, x0)); x10 = add(x10, x15); x5 = rot24(xor(x5, x10));
  v0 += v5 + m4; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  x0 = add(add(x0, x5), msg(13)); x15 = rot16(xor(x15, x0)); x10 = add(x10, x15); x5 = rot63(xor(x5, x10));
  v0 += v5 + m13; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  x1 = add(add(x1, x6), msg(7)); x12 = rot32(xor(x12, x1)); x11 = add(x11, x12); x6 = rot24(xor(x6, x11));
  v1 += v6 + m7; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  x1 = add(add(x1, x6), msg(5)); x12 = rot16(xor(x12, x1)); x11 = add(x11, x12); x6 = rot63(xor(x6, x11));
  v1 += v6 + m5; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  x2 = add(add(x2, x7), msg(15)); x13 = rot32(xor(x13, x2)); x8 = add(x8, x13); x7 = rot24(xor(x7, x8));
  v2 += v7 + m15; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  x2 = add(add(x2, x7), msg(14)); x13 = rot16(xor(x13, x2)); x8 = add(x8, x13); x7 = rot63(xor(x7, x8));
  v2 += v7 + m14; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  x3 = add(add(x3, x4), msg(1)); x14 = rot32(xor(x14, x3)); x9 = add(x9, x14); x4 = rot24(xor(x4, x9));
  v3 += v4 + m1; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  x3 = add(add(x3, x4), msg(9)); x14 = rot16(xor(x14, x3)); x9 = add(x9, x14); x4 = rot63(xor(x4, x9));
  v3 += v4 + m9; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 6: σ = 12 5 1 15 14 13 4 10 0 7 6 3 9 2 8 11
  x0 = add(add(x0, x4), msg(12)); x12 = rot32(xor(x12, x0)); x8 = add(x8, x12); x4 = rot24(xor(x4, x8));
  v0 += v4 + m12; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  x0 = add(add(x0, x4), msg(5)); x12 = rot16(xor(x12, x0)); x8 = add(x8, x12); x4 = rot63(xor(x4, x8));
  v0 += v4 + m5; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  x1 = add(add(x1, x5), msg(1)); x13 = rot32(xor(x13, x1)); x9 = add(x9, x13); x5 = rot24(xor(x5, x9));
  v1 += v5 + m1; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  x1 = add(add(x1, x5), msg(15)); x13 = rot16(xor(x13, x1)); x9 = add(x9, x13); x5 = rot63(xor(x5, x9));
  v1 += v5 + m15; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  x2 = add(add(x2, x6), msg(14)); x14 = rot32(xor(x14, x2)); x10 = add(x10, x14); x6 = rot24(xor(x6, x10));
  v2 += v6 + m14; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  x2 = add(add(x2, x6), msg(13)); x14 = rot16(xor(x14, x2)); x10 = add(x10, x14); x6 = rot63(xor(x6, x10));
  v2 += v6 + m13; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  x3 = add(add(x3, x7), msg(4)); x15 = rot32(xor(x15, x3)); x11 = add(x11, x15); x7 = rot24(xor(x7, x11));
  v3 += v7 + m4; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  x3 = add(add(x3, x7), msg(10)); x15 = rot16(xor(x15, x3)); x11 = add(x11, x15); x7 = rot63(xor(x7, x11));
  v3 += v7 + m10; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  x0 = add(add(x0, x5), msg(0)); x15 = rot32(xor(x15, x0)); x10 = add(x10, x15); x5 = rot24(xor(x5, x10));
  v0 += v5 + m0; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  x0 = add(add(x0, x5), msg(7)); x15 = rot16(xor(x15, x0)); x10 = add(x10, x15); x5 = rot63(xor(x5, x10));
  v0 += v5 + m7; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  x1 = add(add(x1, x6), msg(6)); x12 = rot32(xor(x12, x1)); x11 = add(x11, x12); x6 = rot24(xor(x6, x11));
  v1 += v6 + m6; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  x1 = add(add(x1, x6), msg(3)); x12 = rot16(xor(x12, x1)); x11 = add(x11, x12); x6 = rot63(xor(x6, x11));
  v1 += v6 + m3; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  x2 = add(add(x2, x7), msg(9)); x13 = rot32(xor(x13, x2)); x8 = add(x8, x13); x7 = rot24(xor(x7, x8));
  v2 += v7 + m9; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  x2 = add(add(x2, x7), msg(2)); x13 = rot16(xor(x13, x2)); x8 = add(x8, x13); x7 = rot63(xor(x7, x8));
  v2 += v7 + m2; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  x3 = add(add(x3, x4), msg(8)); x14 = rot32(xor(x14, x3)); x9 = add(x9, x14); x4 = rot24(xor(x4, x9));
  v3 += v4 + m8; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  x3 = add(add(x3, x4), msg(11)); x14 = rot16(xor(x14, x3)); x9 = add(x9, x14); x4 = rot63(xor(x4, x9));
  v3 += v4 + m11; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 7: σ = 13 11 7 14 12 1 3 9 5 0 15 4 8 6 2 10
  x0 = add(add(x0, x4), msg(13)); x12 = rot32(xor(x12, x0)); x8 = add(x8, x12); x4 = rot24(xor(x4, x8));
  v0 += v4 + m13; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  x0 = add(add(x0, x4), msg(11)); x12 = rot16(xor(x12, x0)); x8 = add(x8, x12); x4 = rot63(xor(x4, x8));
  v0 += v4 + m11; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  x1 = add(add(x1, x5), msg(7)); x13 = rot32(xor(x13, x1)); x9 = add(x9, x13); x5 = rot24(xor(x5, x9));
  v1 += v5 + m7; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  x1 = add(add(x1, x5), msg(14)); x13 = rot16(xor(x13, x1)); x9 = add(x9, x13); x5 = rot63(xor(x5, x9));
  v1 += v5 + m14; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  x2 = add(add(x2, x6), msg(12)); x14 = rot32(xor(x14, x2)); x10 = add(x10, x14); x6 = rot24(xor(x6, x10));
  v2 += v6 + m12; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  x2 = add(add(x2, x6), msg(1)); x14 = rot16(xor(x14, x2)); x10 = add(x10, x14); x6 = rot63(xor(x6, x10));
  v2 += v6 + m1; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  x3 = add(add(x3, x7), msg(3)); x15 = rot32(xor(x15, x3)); x11 = add(x11, x15); x7 = rot24(xor(x7, x11));
  v3 += v7 + m3; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  x3 = add(add(x3, x7), msg(9)); x15 = rot16(xor(x15, x3)); x11 = add(x11, x15); x7 = rot63(xor(x7, x11));
  v3 += v7 + m9; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  x0 = add(add(x0, x5), msg(5)); x15 = rot32(xor(x15, x0)); x10 = add(x10, x15); x5 = rot24(xor(x5, x10));
  v0 += v5 + m5; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  x0 = add(add(x0, x5), msg(0)); x15 = rot16(xor(x15, x0)); x10 = add(x10, x15); x5 = rot63(xor(x5, x10));
  v0 += v5 + m0; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  x1 = add(add(x1, x6), msg(15)); x12 = rot32(xor(x12, x1)); x11 = add(x11, x12); x6 = rot24(xor(x6, x11));
  v1 += v6 + m15; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  x1 = add(add(x1, x6), msg(4)); x12 = rot16(xor(x12, x1)); x11 = add(x11, x12); x6 = rot63(xor(x6, x11));
  v1 += v6 + m4; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  x2 = add(add(x2, x7), msg(8)); x13 = rot32(xor(x13, x2)); x8 = add(x8, x13); x7 = rot24(xor(x7, x8));
  v2 += v7 + m8; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  x2 = add(add(x2, x7), msg(6)); x13 = rot16(xor(x13, x2)); x8 = add(x8, x13); x7 = rot63(xor(x7, x8));
  v2 += v7 + m6; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  x3 = add(add(x3, x4), msg(2)); x14 = rot32(xor(x14, x3)); x9 = add(x9, x14); x4 = rot24(xor(x4, x9));
  v3 += v4 + m2; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  x3 = add(add(x3, x4), msg(10)); x14 = rot16(xor(x14, x3)); x9 = add(x9, x14); x4 = rot63(xor(x4, x9));
  v3 += v4 + m10; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 8: σ = 6 15 14 9 11 3 0 8 12 2 13 7 1 4 10 5
  x0 = add(add(x0, x4), msg(6)); x12 = rot32(xor(x12, x0)); x8 = add(x8, x12); x4 = rot24(xor(x4, x8));
  v0 += v4 + m6; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  x0 = add(add(x0, x4), msg(15)); x12 = rot16(xor(x12, x0)); x8 = add(x8, x12); x4 = rot63(xor(x4, x8));
  v0 += v4 + m15; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  x1 = add(add(x1, x5), msg(14)); x13 = rot32(xor(x13, x1)); x9 = add(x9, x13); x5 = rot24(xor(x5, x9));
  v1 += v5 + m14; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  x1 = add(add(x1, x5), msg(9)); x13 = rot16(xor(x13, x1)); x9 = add(x9, x13); x5 = rot63(xor(x5, x9));
  v1 += v5 + m9; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  x2 = add(add(x2, x6), msg(11)); x14 = rot32(xor(x14, x2)); x10 = add(x10, x14); x6 = rot24(xor(x6, x10));
  v2 += v6 + m11; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  x2 = add(add(x2, x6), msg(3)); x14 = rot16(xor(x14, x2)); x10 = add(x10, x14); x6 = rot63(xor(x6, x10));
  v2 += v6 + m3; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  x3 = add(add(x3, x7), msg(0)); x15 = rot32(xor(x15, x3)); x11 = add(x11, x15); x7 = rot24(xor(x7, x11));
  v3 += v7 + m0; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  x3 = add(add(x3, x7), msg(8)); x15 = rot16(xor(x15, x3)); x11 = add(x11, x15); x7 = rot63(xor(x7, x11));
  v3 += v7 + m8; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  x0 = add(add(x0, x5), msg(12)); x15 = rot32(xor(x15, x0)); x10 = add(x10, x15); x5 = rot24(xor(x5, x10));
  v0 += v5 + m12; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  x0 = add(add(x0, x5), msg(2)); x15 = rot16(xor(x15, x0)); x10 = add(x10, x15); x5 = rot63(xor(x5, x10));
  v0 += v5 + m2; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  x1 = add(add(x1, x6), msg(13)); x12 = rot32(xor(x12, x1)); x11 = add(x11, x12); x6 = rot24(xor(x6, x11));
  v1 += v6 + m13; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  x1 = add(add(x1, x6), msg(7)); x12 = rot16(xor(x12, x1)); x11 = add(x11, x12); x6 = rot63(xor(x6, x11));
  v1 += v6 + m7; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  x2 = add(add(x2, x7), msg(1)); x13 = rot32(xor(x13, x2)); x8 = add(x8, x13); x7 = rot24(xor(x7, x8));
  v2 += v7 + m1; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  x2 = add(add(x2, x7), msg(4)); x13 = rot16(xor(x13, x2)); x8 = add(x8, x13); x7 = rot63(xor(x7, x8));
  v2 += v7 + m4; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  x3 = add(add(x3, x4), msg(10)); x14 = rot32(xor(x14, x3)); x9 = add(x9, x14); x4 = rot24(xor(x4, x9));
  v3 += v4 + m10; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  x3 = add(add(x3, x4), msg(5)); x14 = rot16(xor(x14, x3)); x9 = add(x9, x14); x4 = rot63(xor(x4, x9));
  v3 += v4 + m5; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 9: σ = 10 2 8 4 7 6 1 5 15 11 9 14 3 12 13 0
  x0 = add(add(x0, x4), msg(10)); x12 = rot32(xor(x12, x0)); x8 = add(x8, x12); x4 = rot24(xor(x4, x8));
  v0 += v4 + m10; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  x0 = add(add(x0, x4), msg(2)); x12 = rot16(xor(x12, x0)); x8 = add(x8, x12); x4 = rot63(xor(x4, x8));
  v0 += v4 + m2; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  x1 = add(add(x1, x5), msg(8)); x13 = rot32(xor(x13, x1)); x9 = add(x9, x13); x5 = rot24(xor(x5, x9));
  v1 += v5 + m8; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  x1 = add(add(x1, x5), msg(4)); x13 = rot16(xor(x13, x1)); x9 = add(x9, x13); x5 = rot63(xor(x5, x9));
  v1 += v5 + m4; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  x2 = add(add(x2, x6), msg(7)); x14 = rot32(xor(x14, x2)); x10 = add(x10, x14); x6 = rot24(xor(x6, x10));
  v2 += v6 + m7; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  x2 = add(add(x2, x6), msg(6)); x14 = rot16(xor(x14, x2)); x10 = add(x10, x14); x6 = rot63(xor(x6, x10));
  v2 += v6 + m6; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  x3 = add(add(x3, x7), msg(1)); x15 = rot32(xor(x15, x3)); x11 = add(x11, x15); x7 = rot24(xor(x7, x11));
  v3 += v7 + m1; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  x3 = add(add(x3, x7), msg(5)); x15 = rot16(xor(x15, x3)); x11 = add(x11, x15); x7 = rot63(xor(x7, x11));
  v3 += v7 + m5; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  x0 = add(add(x0, x5), msg(15)); x15 = rot32(xor(x15, x0)); x10 = add(x10, x15); x5 = rot24(xor(x5, x10));
  v0 += v5 + m15; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  x0 = add(add(x0, x5), msg(11)); x15 = rot16(xor(x15, x0)); x10 = add(x10, x15); x5 = rot63(xor(x5, x10));
  v0 += v5 + m11; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  x1 = add(add(x1, x6), msg(9)); x12 = rot32(xor(x12, x1)); x11 = add(x11, x12); x6 = rot24(xor(x6, x11));
  v1 += v6 + m9; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  x1 = add(add(x1, x6), msg(14)); x12 = rot16(xor(x12, x1)); x11 = add(x11, x12); x6 = rot63(xor(x6, x11));
  v1 += v6 + m14; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  x2 = add(add(x2, x7), msg(3)); x13 = rot32(xor(x13, x2)); x8 = add(x8, x13); x7 = rot24(xor(x7, x8));
  v2 += v7 + m3; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  x2 = add(add(x2, x7), msg(12)); x13 = rot16(xor(x13, x2)); x8 = add(x8, x13); x7 = rot63(xor(x7, x8));
  v2 += v7 + m12; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  x3 = add(add(x3, x4), msg(13)); x14 = rot32(xor(x14, x3)); x9 = add(x9, x14); x4 = rot24(xor(x4, x9));
  v3 += v4 + m13; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  x3 = add(add(x3, x4), msg(0)); x14 = rot16(xor(x14, x3)); x9 = add(x9, x14); x4 = rot63(xor(x4, x9));
  v3 += v4 + m0; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 10: σ = 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
  x0 = add(add(x0, x4), msg(0)); x12 = rot32(xor(x12, x0)); x8 = add(x8, x12); x4 = rot24(xor(x4, x8));
  v0 += v4 + m0; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  x0 = add(add(x0, x4), msg(1)); x12 = rot16(xor(x12, x0)); x8 = add(x8, x12); x4 = rot63(xor(x4, x8));
  v0 += v4 + m1; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  x1 = add(add(x1, x5), msg(2)); x13 = rot32(xor(x13, x1)); x9 = add(x9, x13); x5 = rot24(xor(x5, x9));
  v1 += v5 + m2; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  x1 = add(add(x1, x5), msg(3)); x13 = rot16(xor(x13, x1)); x9 = add(x9, x13); x5 = rot63(xor(x5, x9));
  v1 += v5 + m3; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  x2 = add(add(x2, x6), msg(4)); x14 = rot32(xor(x14, x2)); x10 = add(x10, x14); x6 = rot24(xor(x6, x10));
  v2 += v6 + m4; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  x2 = add(add(x2, x6), msg(5)); x14 = rot16(xor(x14, x2)); x10 = add(x10, x14); x6 = rot63(xor(x6, x10));
  v2 += v6 + m5; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  x3 = add(add(x3, x7), msg(6)); x15 = rot32(xor(x15, x3)); x11 = add(x11, x15); x7 = rot24(xor(x7, x11));
  v3 += v7 + m6; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  x3 = add(add(x3, x7), msg(7)); x15 = rot16(xor(x15, x3)); x11 = add(x11, x15); x7 = rot63(xor(x7, x11));
  v3 += v7 + m7; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  x0 = add(add(x0, x5), msg(8)); x15 = rot32(xor(x15, x0)); x10 = add(x10, x15); x5 = rot24(xor(x5, x10));
  v0 += v5 + m8; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  x0 = add(add(x0, x5), msg(9)); x15 = rot16(xor(x15, x0)); x10 = add(x10, x15); x5 = rot63(xor(x5, x10));
  v0 += v5 + m9; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  x1 = add(add(x1, x6), msg(10)); x12 = rot32(xor(x12, x1)); x11 = add(x11, x12); x6 = rot24(xor(x6, x11));
  v1 += v6 + m10; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  x1 = add(add(x1, x6), msg(11)); x12 = rot16(xor(x12, x1)); x11 = add(x11, x12); x6 = rot63(xor(x6, x11));
  v1 += v6 + m11; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  x2 = add(add(x2, x7), msg(12)); x13 = rot32(xor(x13, x2)); x8 = add(x8, x13); x7 = rot24(xor(x7, x8));
  v2 += v7 + m12; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  x2 = add(add(x2, x7), msg(13)); x13 = rot16(xor(x13, x2)); x8 = add(x8, x13); x7 = rot63(xor(x7, x8));
  v2 += v7 + m13; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  x3 = add(add(x3, x4), msg(14)); x14 = rot32(xor(x14, x3)); x9 = add(x9, x14); x4 = rot24(xor(x4, x9));
  v3 += v4 + m14; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  x3 = add(add(x3, x4), msg(15)); x14 = rot16(xor(x14, x3)); x9 = add(x9, x14); x4 = rot63(xor(x4, x9));
  v3 += v4 + m15; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  // Round 11: σ = 14 10 4 8 9 15 13 6 1 12 0 2 11 7 5 3
  x0 = add(add(x0, x4), msg(14)); x12 = rot32(xor(x12, x0)); x8 = add(x8, x12); x4 = rot24(xor(x4, x8));
  v0 += v4 + m14; v12 = rotr<u64>(v12 ^ v0, 32); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 24);
  x0 = add(add(x0, x4), msg(10)); x12 = rot16(xor(x12, x0)); x8 = add(x8, x12); x4 = rot63(xor(x4, x8));
  v0 += v4 + m10; v12 = rotr<u64>(v12 ^ v0, 16); v8 += v12; v4 = rotr<u64>(v4 ^ v8, 63);
  x1 = add(add(x1, x5), msg(4)); x13 = rot32(xor(x13, x1)); x9 = add(x9, x13); x5 = rot24(xor(x5, x9));
  v1 += v5 + m4; v13 = rotr<u64>(v13 ^ v1, 32); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 24);
  x1 = add(add(x1, x5), msg(8)); x13 = rot16(xor(x13, x1)); x9 = add(x9, x13); x5 = rot63(xor(x5, x9));
  v1 += v5 + m8; v13 = rotr<u64>(v13 ^ v1, 16); v9 += v13; v5 = rotr<u64>(v5 ^ v9, 63);
  x2 = add(add(x2, x6), msg(9)); x14 = rot32(xor(x14, x2)); x10 = add(x10, x14); x6 = rot24(xor(x6, x10));
  v2 += v6 + m9; v14 = rotr<u64>(v14 ^ v2, 32); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 24);
  x2 = add(add(x2, x6), msg(15)); x14 = rot16(xor(x14, x2)); x10 = add(x10, x14); x6 = rot63(xor(x6, x10));
  v2 += v6 + m15; v14 = rotr<u64>(v14 ^ v2, 16); v10 += v14; v6 = rotr<u64>(v6 ^ v10, 63);
  x3 = add(add(x3, x7), msg(13)); x15 = rot32(xor(x15, x3)); x11 = add(x11, x15); x7 = rot24(xor(x7, x11));
  v3 += v7 + m13; v15 = rotr<u64>(v15 ^ v3, 32); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 24);
  x3 = add(add(x3, x7), msg(6)); x15 = rot16(xor(x15, x3)); x11 = add(x11, x15); x7 = rot63(xor(x7, x11));
  v3 += v7 + m6; v15 = rotr<u64>(v15 ^ v3, 16); v11 += v15; v7 = rotr<u64>(v7 ^ v11, 63);
  x0 = add(add(x0, x5), msg(1)); x15 = rot32(xor(x15, x0)); x10 = add(x10, x15); x5 = rot24(xor(x5, x10));
  v0 += v5 + m1; v15 = rotr<u64>(v15 ^ v0, 32); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 24);
  x0 = add(add(x0, x5), msg(12)); x15 = rot16(xor(x15, x0)); x10 = add(x10, x15); x5 = rot63(xor(x5, x10));
  v0 += v5 + m12; v15 = rotr<u64>(v15 ^ v0, 16); v10 += v15; v5 = rotr<u64>(v5 ^ v10, 63);
  x1 = add(add(x1, x6), msg(0)); x12 = rot32(xor(x12, x1)); x11 = add(x11, x12); x6 = rot24(xor(x6, x11));
  v1 += v6 + m0; v12 = rotr<u64>(v12 ^ v1, 32); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 24);
  x1 = add(add(x1, x6), msg(2)); x12 = rot16(xor(x12, x1)); x11 = add(x11, x12); x6 = rot63(xor(x6, x11));
  v1 += v6 + m2; v12 = rotr<u64>(v12 ^ v1, 16); v11 += v12; v6 = rotr<u64>(v6 ^ v11, 63);
  x2 = add(add(x2, x7), msg(11)); x13 = rot32(xor(x13, x2)); x8 = add(x8, x13); x7 = rot24(xor(x7, x8));
  v2 += v7 + m11; v13 = rotr<u64>(v13 ^ v2, 32); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 24);
  x2 = add(add(x2, x7), msg(7)); x13 = rot16(xor(x13, x2)); x8 = add(x8, x13); x7 = rot63(xor(x7, x8));
  v2 += v7 + m7; v13 = rotr<u64>(v13 ^ v2, 16); v8 += v13; v7 = rotr<u64>(v7 ^ v8, 63);
  x3 = add(add(x3, x4), msg(5)); x14 = rot32(xor(x14, x3)); x9 = add(x9, x14); x4 = rot24(xor(x4, x9));
  v3 += v4 + m5; v14 = rotr<u64>(v14 ^ v3, 32); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 24);
  x3 = add(add(x3, x4), msg(3)); x14 = rot16(xor(x14, x3)); x9 = add(x9, x14); x4 = rot63(xor(x4, x9));
  v3 += v4 + m3; v14 = rotr<u64>(v14 ^ v3, 16); v9 += v14; v4 = rotr<u64>(v4 ^ v9, 63);
  v128.store(STATE2, xor(v128.load(STATE2, 0), xor(x0, x8)), 0);
  v128.store(STATE2, xor(v128.load(STATE2, 16), xor(x1, x9)), 16);
  v128.store(STATE2, xor(v128.load(STATE2, 32), xor(x2, x10)), 32);
  v128.store(STATE2, xor(v128.load(STATE2, 48), xor(x3, x11)), 48);
  v128.store(STATE2, xor(v128.load(STATE2, 64), xor(x4, x12)), 64);
  v128.store(STATE2, xor(v128.load(STATE2, 80), xor(x5, x13)), 80);
  v128.store(STATE2, xor(v128.load(STATE2, 96), xor(x6, x14)), 96);
  v128.store(STATE2, xor(v128.load(STATE2, 112), xor(x7, x15)), 112);
  store<u64>(STATE, load<u64>(STATE, 0) ^ v0 ^ v8, 0);
  store<u64>(STATE, load<u64>(STATE, 8) ^ v1 ^ v9, 8);
  store<u64>(STATE, load<u64>(STATE, 16) ^ v2 ^ v10, 16);
  store<u64>(STATE, load<u64>(STATE, 24) ^ v3 ^ v11, 24);
  store<u64>(STATE, load<u64>(STATE, 32) ^ v4 ^ v12, 32);
  store<u64>(STATE, load<u64>(STATE, 40) ^ v5 ^ v13, 40);
  store<u64>(STATE, load<u64>(STATE, 48) ^ v6 ^ v14, 48);
  store<u64>(STATE, load<u64>(STATE, 56) ^ v7 ^ v15, 56);
}

/** Compresses block by block of every lane; lane k's block is at `block + k·stride`. */
function compressLanes(lanes: u32, block: usize, stride: usize, t: u64, last: bool): void {
  if (ASC_FEATURE_SIMD && lanes == LANES) compress3(block, block + stride, block + 2 * stride, t, last);
  else compress(block, t, last);
}

/**
 * Blake2b-256(prefix ‖ data[k·stride, k·stride + length)) of lanes k = 0..lanes−1 (1, or LANES
 * with SIMD), digest k to `out + 32k`. Every input is read before any digest is written, so the
 * digests may overwrite the inputs.
 */
function hash(prefix: u8, data: usize, stride: usize, length: usize, lanes: u32, out: usize): void {
  store<u64>(STATE, IV0 ^ PARAM0, 0);
  store<u64>(STATE, IV1, 8);
  store<u64>(STATE, IV2, 16);
  store<u64>(STATE, IV3, 24);
  store<u64>(STATE, IV4, 32);
  store<u64>(STATE, IV5, 40);
  store<u64>(STATE, IV6, 48);
  store<u64>(STATE, IV7, 56);
  if (ASC_FEATURE_SIMD) {
    for (let i: usize = 0; i < 8; i++) {
      v128.store(STATE2 + (i << 4), i64x2.splat(load<u64>(STATE + (i << 3))));
    }
  }

  const total = length + 1;
  const head = min<usize>(length, BLOCK_BYTES - 1);
  for (let k: u32 = 0; k < lanes; k++) {
    const block = STAGED + <usize>k * BLOCK_BYTES;
    store<u8>(block, prefix);
    memory.copy(block + 1, data + <usize>k * stride, head);
    memory.fill(block + 1 + head, 0, BLOCK_BYTES - 1 - head);
  }
  if (total <= BLOCK_BYTES) {
    compressLanes(lanes, STAGED, BLOCK_BYTES, total, true);
  } else {
    compressLanes(lanes, STAGED, BLOCK_BYTES, BLOCK_BYTES, false);
    // `at`: offset in data of the next block. The last block, even a whole one, carries the final
    // flag, so the loop stops while more than one block's worth remains.
    let at = BLOCK_BYTES - 1;
    for (; length - at > BLOCK_BYTES; at += BLOCK_BYTES) {
      compressLanes(lanes, data + at, stride, at + 1 + BLOCK_BYTES, false);
    }
    const rest = length - at;
    for (let k: u32 = 0; k < lanes; k++) {
      const block = STAGED + <usize>k * BLOCK_BYTES;
      memory.copy(block, data + <usize>k * stride + at, rest);
      memory.fill(block + rest, 0, BLOCK_BYTES - rest);
    }
    compressLanes(lanes, STAGED, BLOCK_BYTES, total, true);
  }

  if (ASC_FEATURE_SIMD && lanes == LANES) {
    // Vector lanes: the low halves of h[0..4] are digest 0, the high halves digest 1.
    const h0 = v128.load(STATE2, 0),
      h1 = v128.load(STATE2, 16),
      h2 = v128.load(STATE2, 32),
      h3 = v128.load(STATE2, 48);
    v128.store(out, i64x2.shuffle(h0, h1, 0, 2), 0);
    v128.store(out, i64x2.shuffle(h2, h3, 0, 2), 16);
    v128.store(out, i64x2.shuffle(h0, h1, 1, 3), 32);
    v128.store(out, i64x2.shuffle(h2, h3, 1, 3), 48);
    memory.copy(out + 64, STATE, 32);
  } else {
    memory.copy(out, STATE, 32);
  }
}

/** Writes Blake2b-256(prefix ‖ data[0, length)) to the 32 bytes at `out` (which may overlap data). */
export function blake2b256(prefix: u8, data: usize, length: usize, out: usize): void {
  hash(prefix, data, 0, length, 1, out);
}

/** `blake2b256` of LANES inputs `stride` bytes apart, digests to `out`, `out + 32`, …; SIMD only. */
export function blake2b256x3(prefix: u8, data: usize, stride: usize, length: usize, out: usize): void {
  hash(prefix, data, stride, length, LANES, out);
}
