// Error-locator values by fast Walsh–Hadamard transform.
//
// Points are field elements in the Cantor representation, so ω_i − ω_e = ω_(i⊕e) and
// log Λ(ω_i) = Σ_(e erased) log(ω_(i⊕e)) is an XOR-convolution of the erasure indicator with the
// log table, computed mod 65535 in O(N log N). Taking log 0 as 0 makes the same sum at an erased i
// skip its own factor, i.e. give log Λ'(ω_i) = log Π_(e ≠ i)(ω_i − ω_e).

import { GF_MODULUS, logOf } from './gf';

function walshHadamard(data: usize, n: u32): void {
  for (let dist: u32 = 1; dist < n; dist <<= 1) {
    for (let r: u32 = 0; r < n; r += dist << 1) {
      for (let i = r; i < r + dist; i++) {
        const pa = data + ((<usize>i) << 2);
        const pb = pa + ((<usize>dist) << 2);
        const a = load<u32>(pa),
          b = load<u32>(pb);
        store<u32>(pa, (a + b) % GF_MODULUS);
        store<u32>(pb, (a + GF_MODULUS - b) % GF_MODULUS);
      }
    }
  }
}

/**
 * For n points (a power of two ≤ 65536) with `erased` (u8[n], 1 = erased), writes u16[n] to `out`:
 * log Λ(ω_i) at known points, log Λ'(ω_i) at erased ones. `scratch` holds 8·n bytes.
 */
export function locator(n: u32, erased: usize, out: usize, scratch: usize): void {
  const logs = scratch;
  const marks = scratch + ((<usize>n) << 2);
  for (let i: u32 = 0; i < n; i++) {
    store<u32>(logs + ((<usize>i) << 2), i == 0 ? 0 : logOf(i));
    store<u32>(marks + ((<usize>i) << 2), <u32>load<u8>(erased + i));
  }
  walshHadamard(logs, n);
  walshHadamard(marks, n);
  for (let i: u32 = 0; i < n; i++) {
    const p = logs + ((<usize>i) << 2);
    store<u32>(p, <u32>((<u64>load<u32>(p) * <u64>load<u32>(marks + ((<usize>i) << 2))) % GF_MODULUS));
  }
  walshHadamard(logs, n);
  // The transform applied twice multiplies by n = 2^L; 2^16 ≡ 1 (mod 65535), so 1/n = 2^(16 − L).
  const inverse: u64 = (<u64>1) << (16 - ctz(n));
  for (let i: u32 = 0; i < n; i++) {
    const value = (<u64>load<u32>(logs + ((<usize>i) << 2)) * inverse) % GF_MODULUS;
    store<u16>(out + ((<usize>i) << 1), <u16>value);
  }
}
