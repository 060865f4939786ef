// NAL unit framing (ITU-T H.264 §7.3.1, §7.4.1): the one-byte header and emulation prevention,
// which keeps the byte patterns 00 00 0x (x ≤ 3) out of the payload.

export const NAL_TYPE = { idrSlice: 5, sps: 7, pps: 8 } as const;

/** A NAL unit (without start code or length prefix) carrying `rbsp`. */
export function nalUnit(refIdc: number, type: number, rbsp: Uint8Array): Uint8Array {
  const escaped = escapeEmulation(rbsp);
  const out = new Uint8Array(1 + escaped.length);
  out[0] = ((refIdc & 3) << 5) | (type & 31);
  out.set(escaped, 1);
  return out;
}

/** Inserts `emulation_prevention_three_byte` after every 00 00 that precedes a byte ≤ 3. */
export function escapeEmulation(rbsp: Uint8Array): Uint8Array {
  const inserts = walk(rbsp, () => {});
  if (inserts === 0) return rbsp;
  const out = new Uint8Array(rbsp.length + inserts);
  let o = 0;
  walk(rbsp, (byte, escape) => {
    if (escape) out[o++] = 3;
    out[o++] = byte;
  });
  return out;
}

/** Visits each byte, saying whether an escape byte goes before it; returns the escape count. */
function walk(rbsp: Uint8Array, visit: (byte: number, escape: boolean) => void): number {
  let zeros = 0;
  let escapes = 0;
  for (const byte of rbsp) {
    const escape = zeros >= 2 && byte <= 3;
    if (escape) {
      escapes++;
      zeros = 0;
    }
    visit(byte, escape);
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return escapes;
}
