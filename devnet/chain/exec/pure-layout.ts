// Which Move types a pure input may take and whether its bytes are a valid BCS value of one: the
// rule of Sui's PTB adapter (MystenLabs/sui sui-execution/latest/sui-adapter, static PTB typing,
// `primitive_serialization_layout` and `bcs_argument_validate`).
import { FRAMEWORK, STD } from '../natives/framework.ts';
import type { MoveType } from '../move/types.ts';

export type PureLayout =
  | { readonly kind: 'bool' | 'address' | 'ascii' | 'utf8' }
  | { readonly kind: 'uint'; readonly bytes: number }
  | { readonly kind: 'vector' | 'option'; readonly of: PureLayout };

const UINT_BYTES: Readonly<Record<string, number>> = { u8: 1, u16: 2, u32: 4, u64: 8, u128: 16, u256: 32 };

/**
 * The layout of a type a pure input can be used at: primitives (not `signer`), vectors and
 * `Option`s of them, `String`, `ascii::String` and `ID`. Null for anything else (objects, structs).
 */
export function pureLayout(type: MoveType): PureLayout | null {
  switch (type.kind) {
    case 'primitive': {
      if (type.name === 'signer') return null;
      if (type.name === 'bool' || type.name === 'address') return { kind: type.name };
      return { kind: 'uint', bytes: UINT_BYTES[type.name]! };
    }
    case 'vector': {
      const of = pureLayout(type.of);
      return of ? { kind: 'vector', of } : null;
    }
    case 'struct': {
      if (type.address === STD && type.module === 'option' && type.name === 'Option') {
        const of = type.typeArgs.length === 1 ? pureLayout(type.typeArgs[0]!) : null;
        return of ? { kind: 'option', of } : null;
      }
      if (type.typeArgs.length > 0) return null;
      if (type.address === FRAMEWORK && type.module === 'object' && type.name === 'ID')
        return { kind: 'address' };
      if (type.address === STD && type.module === 'ascii' && type.name === 'String') return { kind: 'ascii' };
      if (type.address === STD && type.module === 'string' && type.name === 'String') return { kind: 'utf8' };
      return null;
    }
    case 'param':
      return null;
  }
}

/** Whether `bytes` are exactly one canonical BCS value of `layout` (UTF-8 and ASCII text checked too). */
export function isValidPure(bytes: Uint8Array, layout: PureLayout): boolean {
  const reader = { bytes, pos: 0 };
  return read(reader, layout) && reader.pos === bytes.length;
}

interface Reader {
  readonly bytes: Uint8Array;
  pos: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function read(r: Reader, layout: PureLayout): boolean {
  switch (layout.kind) {
    case 'bool': {
      const byte = r.bytes[r.pos++];
      return byte === 0 || byte === 1;
    }
    case 'uint':
      return skip(r, layout.bytes);
    case 'address':
      return skip(r, 32);
    case 'option': {
      // BCS encodes an Option as a vector of at most one element.
      const tag = r.bytes[r.pos++];
      if (tag === 0) return true;
      return tag === 1 && read(r, layout.of);
    }
    case 'vector': {
      const length = uleb(r);
      if (length === null) return false;
      if (layout.of.kind === 'uint') return skip(r, length * layout.of.bytes);
      for (let i = 0; i < length; i++) if (!read(r, layout.of)) return false;
      return true;
    }
    case 'ascii':
    case 'utf8': {
      const length = uleb(r);
      if (length === null || r.pos + length > r.bytes.length) return false;
      const text = r.bytes.subarray(r.pos, r.pos + length);
      r.pos += length;
      if (layout.kind === 'ascii') return text.every((b) => b < 0x80);
      try {
        utf8.decode(text);
        return true;
      } catch {
        return false;
      }
    }
  }
}

function skip(r: Reader, n: number): boolean {
  r.pos += n;
  return r.pos <= r.bytes.length;
}

/** A canonical ULEB128 sequence length as BCS allows it (at most 2^31 - 1), or null. */
function uleb(r: Reader): number | null {
  let value = 0;
  for (let shift = 0; shift < 32; shift += 7) {
    const byte = r.bytes[r.pos++];
    if (byte === undefined) return null;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) {
      // A trailing zero byte would make a longer encoding of the same number.
      if (byte === 0 && shift > 0) return null;
      return value <= 0x7fffffff ? value : null;
    }
  }
  return null;
}
