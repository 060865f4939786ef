// Shard kernels: XOR, scaling by a constant and the two butterflies, on shards in the crate's SIMD
// layout (64-byte blocks: 32 low bytes, then the 32 high bytes of the same 32 elements).
//
// With SIMD, x · c for a fixed c is linear over GF(2), so it splits over the four nibbles of x:
// x · c = ⊕ₜ (nibble t of x) · (c · 16ᵗ). Each term is a 16-entry table lookup, which
// i8x16.swizzle does for 16 elements at once, once for the low and once for the high byte of the
// product: 8 swizzles per 16 elements instead of 32 scalar table reads. The scalar build (for
// engines without SIMD) does one log/exp lookup per element instead.

import { GF_MODULUS, mulLog } from './gf';

/** 128-byte nibble table of one constant: low-byte tables for nibbles 0..3, then high-byte ones. */
export const TABLE_BYTES: usize = 128;
const SCRATCH_TABLE = memory.data(128, 16);

/** Writes the nibble table of g^logM to `dst`. */
export function buildTable(logM: u32, dst: usize): void {
  for (let t: u32 = 0; t < 4; t++) {
    const lo = dst + ((<usize>t) << 4);
    const hi = lo + 64;
    store<u8>(lo, 0);
    store<u8>(hi, 0);
    for (let v: u32 = 1; v < 16; v++) {
      // Products of the single bits, then every other nibble value as the XOR of its bits'.
      const rest = v & (v - 1);
      let product: u32;
      if (rest == 0) product = mulLog(v << (t << 2), logM);
      else {
        const bit = v ^ rest;
        product =
          ((<u32>load<u8>(lo + rest)) | ((<u32>load<u8>(hi + rest)) << 8)) ^
          ((<u32>load<u8>(lo + bit)) | ((<u32>load<u8>(hi + bit)) << 8));
      }
      store<u8>(lo + v, <u8>product);
      store<u8>(hi + v, <u8>(product >>> 8));
    }
  }
}

/** dst ^= src over `bytes` (a multiple of 64). */
export function xorInto(dst: usize, src: usize, bytes: usize): void {
  if (ASC_FEATURE_SIMD) {
    for (let off: usize = 0; off < bytes; off += 16) {
      v128.store(dst + off, v128.xor(v128.load(dst + off), v128.load(src + off)));
    }
  } else {
    for (let off: usize = 0; off < bytes; off += 8) {
      store<u64>(dst + off, load<u64>(dst + off) ^ load<u64>(src + off));
    }
  }
}

// SIMD product of 16 elements (low bytes `lo`, high bytes `hi`) with the table in t0..t7.
function productLow(n0: v128, n1: v128, n2: v128, n3: v128, t0: v128, t1: v128, t2: v128, t3: v128): v128 {
  return v128.xor(
    v128.xor(i8x16.swizzle(t0, n0), i8x16.swizzle(t1, n1)),
    v128.xor(i8x16.swizzle(t2, n2), i8x16.swizzle(t3, n3)),
  );
}

/** The element at byte `p` (low byte) and `p + 32` (high byte). */
function element(p: usize): u32 {
  return (<u32>load<u8>(p)) | ((<u32>load<u8>(p, 32)) << 8);
}

function setElement(p: usize, value: u32): void {
  store<u8>(p, <u8>value);
  store<u8>(p, <u8>(value >>> 8), 32);
}

/** shard *= g^logM in place over `bytes` (a multiple of 64); logM ≤ 65534. */
export function scale(shard: usize, bytes: usize, logM: u32): void {
  if (logM == 0 || logM == GF_MODULUS) return; // × 1
  if (ASC_FEATURE_SIMD) {
    buildTable(logM, SCRATCH_TABLE);
    const tab = SCRATCH_TABLE;
    const mask = i8x16.splat(0x0f);
    const t0 = v128.load(tab, 0),
      t1 = v128.load(tab, 16),
      t2 = v128.load(tab, 32),
      t3 = v128.load(tab, 48);
    const u0 = v128.load(tab, 64),
      u1 = v128.load(tab, 80),
      u2 = v128.load(tab, 96),
      u3 = v128.load(tab, 112);
    for (let off: usize = 0; off < bytes; off += 64) {
      for (let half: usize = 0; half < 32; half += 16) {
        const p = shard + off + half;
        const lo = v128.load(p),
          hi = v128.load(p, 32);
        const n0 = v128.and(lo, mask),
          n1 = i8x16.shr_u(lo, 4);
        const n2 = v128.and(hi, mask),
          n3 = i8x16.shr_u(hi, 4);
        v128.store(p, productLow(n0, n1, n2, n3, t0, t1, t2, t3));
        v128.store(p, productLow(n0, n1, n2, n3, u0, u1, u2, u3), 32);
      }
    }
  } else {
    for (let off: usize = 0; off < bytes; off += 64) {
      for (let lane: usize = 0; lane < 32; lane++) {
        const p = shard + off + lane;
        setElement(p, mulLog(element(p), logM));
      }
    }
  }
}

/**
 * One FFT butterfly group, `bytes` per side: a ^= b · g^logM; b ^= a. `tab` is the constant's
 * nibble table (SIMD build only).
 */
export function fftButterfly(a: usize, b: usize, bytes: usize, logM: u32, tab: usize): void {
  if (ASC_FEATURE_SIMD) {
    const mask = i8x16.splat(0x0f);
    const t0 = v128.load(tab, 0),
      t1 = v128.load(tab, 16),
      t2 = v128.load(tab, 32),
      t3 = v128.load(tab, 48);
    const u0 = v128.load(tab, 64),
      u1 = v128.load(tab, 80),
      u2 = v128.load(tab, 96),
      u3 = v128.load(tab, 112);
    for (let off: usize = 0; off < bytes; off += 64) {
      for (let half: usize = 0; half < 32; half += 16) {
        const pa = a + off + half,
          pb = b + off + half;
        const bl = v128.load(pb),
          bh = v128.load(pb, 32);
        const n0 = v128.and(bl, mask),
          n1 = i8x16.shr_u(bl, 4);
        const n2 = v128.and(bh, mask),
          n3 = i8x16.shr_u(bh, 4);
        const al = v128.xor(v128.load(pa), productLow(n0, n1, n2, n3, t0, t1, t2, t3));
        const ah = v128.xor(v128.load(pa, 32), productLow(n0, n1, n2, n3, u0, u1, u2, u3));
        v128.store(pa, al);
        v128.store(pa, ah, 32);
        v128.store(pb, v128.xor(bl, al));
        v128.store(pb, v128.xor(bh, ah), 32);
      }
    }
  } else {
    for (let off: usize = 0; off < bytes; off += 64) {
      for (let lane: usize = 0; lane < 32; lane++) {
        const pa = a + off + lane,
          pb = b + off + lane;
        const y = element(pb);
        const x = element(pa) ^ mulLog(y, logM);
        setElement(pa, x);
        setElement(pb, y ^ x);
      }
    }
  }
}

/** One IFFT butterfly group: b ^= a; a ^= b · g^logM. */
export function ifftButterfly(a: usize, b: usize, bytes: usize, logM: u32, tab: usize): void {
  if (ASC_FEATURE_SIMD) {
    const mask = i8x16.splat(0x0f);
    const t0 = v128.load(tab, 0),
      t1 = v128.load(tab, 16),
      t2 = v128.load(tab, 32),
      t3 = v128.load(tab, 48);
    const u0 = v128.load(tab, 64),
      u1 = v128.load(tab, 80),
      u2 = v128.load(tab, 96),
      u3 = v128.load(tab, 112);
    for (let off: usize = 0; off < bytes; off += 64) {
      for (let half: usize = 0; half < 32; half += 16) {
        const pa = a + off + half,
          pb = b + off + half;
        const al = v128.load(pa),
          ah = v128.load(pa, 32);
        const bl = v128.xor(v128.load(pb), al),
          bh = v128.xor(v128.load(pb, 32), ah);
        v128.store(pb, bl);
        v128.store(pb, bh, 32);
        const n0 = v128.and(bl, mask),
          n1 = i8x16.shr_u(bl, 4);
        const n2 = v128.and(bh, mask),
          n3 = i8x16.shr_u(bh, 4);
        v128.store(pa, v128.xor(al, productLow(n0, n1, n2, n3, t0, t1, t2, t3)));
        v128.store(pa, v128.xor(ah, productLow(n0, n1, n2, n3, u0, u1, u2, u3)), 32);
      }
    }
  } else {
    for (let off: usize = 0; off < bytes; off += 64) {
      for (let lane: usize = 0; lane < 32; lane++) {
        const pa = a + off + lane,
          pb = b + off + lane;
        const y = element(pb) ^ element(pa);
        setElement(pb, y);
        setElement(pa, element(pa) ^ mulLog(y, logM));
      }
    }
  }
}
