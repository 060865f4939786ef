// GF(2^16) tables of reed-solomon-simd (the field, Cantor-basis element representation and FFT
// twiddles of the crate). The same construction as core/walrus/rs/gf.ts, which is checked byte for
// byte against the real Walrus encoder; here the tables live in linear memory.

import { align64, ensureMemory } from './memory';

export const GF_MODULUS: u32 = 0xffff;
const GF_ORDER: u32 = 0x10000;
const GF_POLYNOMIAL: u32 = 0x1002d;
/** mulLog of the element 0: any log ≤ 65534 added to it lands in mulExp's zero tail. */
const ZERO_LOG: u32 = 2 * GF_MODULUS;

/** Cantor basis in polynomial representation (element with Cantor bit pattern j = XOR of these). */
const CANTOR = memory.data<u16>([
  0x0001, 0xacca, 0x3c0e, 0x163e, 0xc582, 0xed2e, 0x914c, 0x4012, 0x6c98, 0x10d8, 0x6a72, 0xb900, 0xfdb8,
  0xfb34, 0xff38, 0x991e,
]);
/** 15 working values of the skew construction. */
const TEMP = memory.data(16 * 4);

/** u16 log[x] (log[0] = 65535). */
export const LOG: usize = align64(__heap_base);
/** u16 exp[i], with exp[65535] = exp[0]. */
export const EXP: usize = LOG + 2 * GF_ORDER;
/** u32 log with the zero element mapped to ZERO_LOG. */
export const MUL_LOG: usize = EXP + 2 * GF_ORDER;
/** u16 exp over 3 · 65535 entries, zero from ZERO_LOG on: x · g^l = MUL_EXP[MUL_LOG[x] + l]. */
export const MUL_EXP: usize = MUL_LOG + 4 * GF_ORDER;
/** u16 logs of the FFT twiddles by butterfly position; 65535 means "factor 0, XOR only". */
export const SKEW: usize = MUL_EXP + align64(2 * 3 * GF_MODULUS);
export const TABLES_END: usize = SKEW + 2 * GF_ORDER;

let built = false;

export function logOf(x: u32): u32 {
  return load<u16>(LOG + ((<usize>x) << 1));
}

/** x · g^logM for logM ≤ 65534, branch-free. */
export function mulLog(x: u32, logM: u32): u32 {
  return load<u16>(MUL_EXP + ((<usize>(load<u32>(MUL_LOG + ((<usize>x) << 2)) + logM)) << 1));
}

/** (a + b) mod 65535 with 65535 kept as is: the crate's end-around-carry add. */
function addLogs(a: u32, b: u32): u32 {
  const sum = a + b;
  return (sum + (sum >>> 16)) & 0xffff;
}

function mulSlow(x: u32, logM: u32): u32 {
  if (x == 0) return 0;
  return load<u16>(EXP + ((<usize>addLogs(logOf(x), logM)) << 1));
}

export function buildTables(): void {
  if (built) return;
  ensureMemory(TABLES_END);

  // LFSR walk gives the log of every polynomial-basis value; EXP serves as its scratch.
  let state: u32 = 1;
  for (let i: u32 = 0; i < GF_MODULUS; i++) {
    store<u16>(EXP + ((<usize>state) << 1), <u16>i);
    state <<= 1;
    if (state >= GF_ORDER) state ^= GF_POLYNOMIAL;
  }
  store<u16>(EXP, <u16>GF_MODULUS);

  // Cantor pattern j → polynomial value → log.
  store<u16>(LOG, 0);
  for (let bit: u32 = 0; bit < 16; bit++) {
    const width: u32 = 1 << bit;
    const basis = load<u16>(CANTOR + ((<usize>bit) << 1));
    for (let j: u32 = 0; j < width; j++) {
      store<u16>(LOG + ((<usize>(j + width)) << 1), load<u16>(LOG + ((<usize>j) << 1)) ^ basis);
    }
  }
  for (let j: u32 = 0; j < GF_ORDER; j++) {
    const poly = load<u16>(LOG + ((<usize>j) << 1));
    store<u16>(LOG + ((<usize>j) << 1), load<u16>(EXP + ((<usize>poly) << 1)));
  }
  for (let j: u32 = 0; j < GF_ORDER; j++) store<u16>(EXP + ((<usize>logOf(j)) << 1), <u16>j);
  store<u16>(EXP + 2 * GF_MODULUS, load<u16>(EXP));

  for (let j: u32 = 0; j < GF_ORDER; j++) store<u32>(MUL_LOG + ((<usize>j) << 2), logOf(j));
  store<u32>(MUL_LOG, ZERO_LOG);
  for (let i: u32 = 0; i < 3 * GF_MODULUS; i++) {
    const value: u16 = i < ZERO_LOG ? load<u16>(EXP + ((<usize>(i % GF_MODULUS)) << 1)) : 0;
    store<u16>(MUL_EXP + ((<usize>i) << 1), value);
  }

  buildSkew();
  built = true;
}

/** Twiddles of the Lin–Chung–Han additive FFT over the Cantor basis, as logarithms. */
function buildSkew(): void {
  memory.fill(SKEW, 0, 2 * GF_ORDER);
  for (let i: u32 = 1; i < 16; i++) store<u32>(TEMP + ((<usize>(i - 1)) << 2), 1 << i);

  for (let m: u32 = 0; m < 15; m++) {
    const step: u32 = 1 << (m + 1);
    store<u16>(SKEW + ((<usize>((1 << m) - 1)) << 1), 0);
    for (let i: u32 = m; i < 15; i++) {
      const s: u32 = 1 << (i + 1);
      const t = load<u32>(TEMP + ((<usize>i) << 2));
      for (let j: u32 = (1 << m) - 1; j < s; j += step) {
        const v = load<u16>(SKEW + ((<usize>j) << 1)) ^ t;
        store<u16>(SKEW + ((<usize>(j + s)) << 1), <u16>v);
      }
    }
    const tm = load<u32>(TEMP + ((<usize>m) << 2));
    const normLog = GF_MODULUS - logOf(mulSlow(tm, logOf(tm ^ 1)));
    store<u32>(TEMP + ((<usize>m) << 2), normLog);
    for (let i: u32 = m + 1; i < 15; i++) {
      const ti = load<u32>(TEMP + ((<usize>i) << 2));
      store<u32>(TEMP + ((<usize>i) << 2), mulSlow(ti, addLogs(logOf(ti ^ 1), normLog)));
    }
  }
  for (let j: u32 = 0; j < GF_MODULUS; j++) {
    const p = SKEW + ((<usize>j) << 1);
    store<u16>(p, <u16>logOf(load<u16>(p)));
  }
}

/** Log of the twiddle of the butterfly at position j. */
export function skewAt(j: u32): u32 {
  return load<u16>(SKEW + ((<usize>j) << 1));
}
