// ISO BMFF (ISO/IEC 14496-12) box serialisation: a box is a 32-bit size, a four-character type
// and its payload; a full box adds a version byte and 24 bits of flags. Boxes here stay under
// 4 GiB, so the 64-bit `largesize` form is never needed.
import { concatBytes as concat } from '../chain/bytes.ts';

export type Bytes = Uint8Array;

export function u8(value: number): Bytes {
  return Uint8Array.of(value & 0xff);
}

export function u16(value: number): Bytes {
  return Uint8Array.of((value >>> 8) & 0xff, value & 0xff);
}

export function u32(value: number): Bytes {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0);
  return out;
}

/** Several 32-bit values in one buffer (sample tables hold thousands). */
export function u32s(values: readonly number[]): Bytes {
  const out = new Uint8Array(4 * values.length);
  const view = new DataView(out.buffer);
  values.forEach((value, i) => view.setUint32(4 * i, value >>> 0));
  return out;
}

export function zeros(count: number): Bytes {
  return new Uint8Array(count);
}

export function fourcc(text: string): Bytes {
  if (!/^[\x20-\x7e]{4}$/.test(text))
    throw new RangeError(`not a four-character code: ${JSON.stringify(text)}`);
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** The header of a box whose payload is `payloadLength` bytes (for payloads written separately). */
export function boxHeader(type: string, payloadLength: number): Bytes {
  const size = 8 + payloadLength;
  if (size > 0xffff_ffff) throw new RangeError(`box ${type} of ${size} bytes needs a 64-bit size`);
  return concat([u32(size), fourcc(type)]);
}

export function box(type: string, ...payload: readonly Bytes[]): Bytes {
  const body = concat(payload);
  return concat([boxHeader(type, body.length), body]);
}

export function fullBox(type: string, version: number, flags: number, ...payload: readonly Bytes[]): Bytes {
  return box(type, u8(version), u8(flags >>> 16), u16(flags & 0xffff), ...payload);
}

/** The identity transformation matrix of `mvhd` and `tkhd` (16.16 and 2.30 fixed point). */
export const UNITY_MATRIX: Bytes = u32s([0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000]);
