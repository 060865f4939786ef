// GF(2^16) arithmetic tables for the Leopard-style additive-FFT Reed–Solomon code used by the Rust crate
// `reed-solomon-simd` 3.1.0 (and therefore by Walrus RS2). The field, its Cantor basis and the skew factors
// must match that crate bit for bit: any deviation changes every recovery symbol.
//
// Tables are built once, lazily, on first use (≈ 50 ms) and shared by every encoder call afterwards.

/** Number of field elements, 2^16. */
export const GF_ORDER = 0x10000;
/** Multiplicative group order, 2^16 − 1. Also the "log of zero" sentinel in the skew table. */
export const GF_MODULUS = 0xffff;
/** Reduction polynomial x^16 + x^5 + x^3 + x^2 + 1 of the LFSR that enumerates powers of the generator. */
const GF_POLYNOMIAL = 0x1002d;

/**
 * Cantor basis: field elements are written as bit combinations of these (polynomial-basis) values, which is
 * what makes the subspace-polynomial FFT of Lin–Chung–Han work with plain XOR butterflies.
 */
const CANTOR_BASIS: readonly number[] = [
  0x0001, 0xacca, 0x3c0e, 0x163e, 0xc582, 0xed2e, 0x914c, 0x4012, 0x6c98, 0x10d8, 0x6a72, 0xb900, 0xfdb8,
  0xfb34, 0xff38, 0x991e,
];

/**
 * Index that `mulLog` assigns to the element 0. Any `logM ≤ 65534` added to it lands in the zero-filled tail
 * of `mulExp`, so a product with 0 needs no branch.
 */
const ZERO_LOG = 2 * GF_MODULUS;

export interface GfTables {
  /** log[x] for x ≠ 0 (0..65534, Cantor-basis representation); log[0] = 65535. */
  readonly log: Uint16Array;
  /** exp[i] for i in 0..65535 with exp[65535] = exp[0]; inverse of `log` on non-zero elements. */
  readonly exp: Uint16Array;
  /** Like `log` but with mulLog[0] = ZERO_LOG, for branch-free multiplication. */
  readonly mulLog: Uint32Array;
  /**
   * exp extended so that mulExp[a + b] = exp[(a + b) mod 65535] for a, b ≤ 65534, and = 0 from ZERO_LOG on.
   * x · g^logM is then `mulExp[mulLog[x] + logM]` without any modular reduction or zero test.
   */
  readonly mulExp: Uint16Array;
  /**
   * Logarithms of the FFT twiddle ("skew") factors, indexed by butterfly position. 65535 means the factor is
   * zero and the multiply-add of the butterfly is skipped.
   */
  readonly skew: Uint16Array;
}

let cached: GfTables | undefined;

/** The shared tables, computed on first call. */
export function gfTables(): GfTables {
  cached ??= buildTables();
  return cached;
}

/** Sum of two logarithms modulo 65535, with 65535 itself left as is (the crate's end-around-carry add). */
function addLogs(a: number, b: number): number {
  const sum = a + b;
  return (sum + (sum >>> 16)) & 0xffff;
}

function buildTables(): GfTables {
  // Step 1: walk the LFSR; lfsrLog[v] = i where v = α^i in polynomial basis.
  const lfsrLog = new Uint16Array(GF_ORDER);
  let state = 1;
  for (let i = 0; i < GF_MODULUS; i++) {
    lfsrLog[state] = i;
    state <<= 1;
    if (state >= GF_ORDER) state ^= GF_POLYNOMIAL;
  }
  lfsrLog[0] = GF_MODULUS;

  // Step 2: the element whose Cantor-basis bit pattern is j has polynomial-basis value XOR of the selected
  // basis vectors. Its log is the log of that polynomial-basis value.
  const log = new Uint16Array(GF_ORDER);
  for (let bit = 0; bit < 16; bit++) {
    const width = 1 << bit;
    const basis = CANTOR_BASIS[bit] ?? 0;
    for (let j = 0; j < width; j++) log[j + width] = (log[j] ?? 0) ^ basis;
  }
  for (let j = 0; j < GF_ORDER; j++) log[j] = lfsrLog[log[j] ?? 0] ?? 0;

  const exp = new Uint16Array(GF_ORDER);
  for (let j = 0; j < GF_ORDER; j++) exp[log[j] ?? 0] = j;
  // log[0] = 65535 wrote exp[65535] = 0 above; the crate then aliases 65535 to exponent 0.
  exp[GF_MODULUS] = exp[0] ?? 0;

  const mul = (x: number, logM: number): number => (x === 0 ? 0 : (exp[addLogs(log[x] ?? 0, logM)] ?? 0));

  const mulLog = new Uint32Array(GF_ORDER);
  mulLog.set(log);
  mulLog[0] = ZERO_LOG;
  const mulExp = new Uint16Array(ZERO_LOG + GF_MODULUS);
  for (let i = 0; i < ZERO_LOG; i++) mulExp[i] = exp[i % GF_MODULUS] ?? 0;

  return { log, exp, mulLog, mulExp, skew: buildSkew(log, mul) };
}

/**
 * Twiddle factors of the additive FFT (Lin–Chung–Han, as built by Leopard). For each layer m the normalised
 * vanishing polynomial of the subspace spanned by the first m Cantor basis points is evaluated at the
 * remaining basis points (`temp`); every butterfly's factor is an XOR combination of those evaluations,
 * stored by position and finally converted to its logarithm.
 */
function buildSkew(log: Uint16Array, mul: (x: number, logM: number) => number): Uint16Array {
  const skew = new Uint16Array(GF_MODULUS);
  // temp[i] starts as the basis point 2^(i+1) and is progressively replaced by polynomial values.
  const temp: number[] = [];
  for (let i = 1; i < 16; i++) temp.push(1 << i);

  for (let m = 0; m < 15; m++) {
    const step = 1 << (m + 1);
    skew[(1 << m) - 1] = 0;
    // Fill the entries of layer m by XOR-ing in the current (already evaluated) basis values.
    for (let i = m; i < 15; i++) {
      const s = 1 << (i + 1);
      const t = temp[i] ?? 0;
      for (let j = (1 << m) - 1; j < s; j += step) skew[j + s] = (skew[j] ?? 0) ^ t;
    }
    // Move to the next subspace: temp[i] ← temp[i]·(temp[i]+1) / (temp[m]·(temp[m]+1)) for the points still
    // to come; temp[m] itself is kept as the log of that divisor's inverse.
    const tm = temp[m] ?? 0;
    const normLog = GF_MODULUS - (log[mul(tm, log[tm ^ 1] ?? 0)] ?? 0);
    temp[m] = normLog;
    for (let i = m + 1; i < 15; i++) {
      const ti = temp[i] ?? 0;
      temp[i] = mul(ti, addLogs(log[ti ^ 1] ?? 0, normLog));
    }
  }

  for (let j = 0; j < GF_MODULUS; j++) skew[j] = log[skew[j] ?? 0] ?? 0;
  return skew;
}
