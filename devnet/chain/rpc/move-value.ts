// Move values whose layout needs no package knowledge: primitives, vectors, strings, object IDs and
// options. Dynamic-field names are nearly always one of these, so the RPC layer can decode and
// encode them by itself; struct names go to the injected ContentRenderer. The JSON forms match
// Sui's (u8–u32 as numbers, u64 and wider as strings, addresses as 0x-hex, Option as value or null).
import { bcs as suiBcs, type TypeTag } from '@mysten/sui/bcs';
import { bcs, BcsReader, type BcsType } from '@mysten/bcs';
import { FRAMEWORK, isStruct, parseType, STDLIB } from './move-types.ts';

// Our schemas all take their own output as input, which is what decode→encode needs.
type AnyBcs = BcsType<unknown, unknown>;

/** A BCS schema for `tag`, or undefined when its layout needs package knowledge. */
export function builtinBcs(tag: TypeTag): AnyBcs | undefined {
  if ('bool' in tag) return bcs.bool() as AnyBcs;
  if ('u8' in tag) return bcs.u8() as AnyBcs;
  if ('u16' in tag) return bcs.u16() as AnyBcs;
  if ('u32' in tag) return bcs.u32() as AnyBcs;
  if ('u64' in tag) return bcs.u64() as AnyBcs;
  if ('u128' in tag) return bcs.u128() as AnyBcs;
  if ('u256' in tag) return bcs.u256() as AnyBcs;
  if ('address' in tag) return suiBcs.Address as AnyBcs;
  if ('vector' in tag) {
    const inner = builtinBcs(tag.vector);
    return inner && (bcs.vector(inner) as AnyBcs);
  }
  if (isStruct(tag, STDLIB, 'string', 'String') || isStruct(tag, STDLIB, 'ascii', 'String'))
    return bcs.string() as AnyBcs;
  if (isStruct(tag, FRAMEWORK, 'object', 'ID')) return suiBcs.Address as AnyBcs;
  if (isStruct(tag, STDLIB, 'option', 'Option')) {
    const param = tag.struct.typeParams[0];
    const inner = param && builtinBcs(param);
    return inner && (bcs.option(inner) as AnyBcs);
  }
  return undefined;
}

/** Fixed BCS size of a builtin type, if it has one. */
export function fixedSize(tag: TypeTag): number | undefined {
  const sizes: Record<string, number> = {
    bool: 1,
    u8: 1,
    u16: 2,
    u32: 4,
    u64: 8,
    u128: 16,
    u256: 32,
    address: 32,
  };
  const [kind] = Object.keys(tag);
  if (kind && kind in sizes) return sizes[kind];
  if (isStruct(tag, FRAMEWORK, 'object', 'ID')) return 32;
  return undefined;
}

/** Decodes the builtin value of `type` at the start of `bytes`: its JSON and byte length. */
export function decodeBuiltin(
  type: string,
  bytes: Uint8Array,
): { json: unknown; length: number } | undefined {
  const schema = schemaFor(type);
  if (!schema) return undefined;
  try {
    const json = schema.read(new BcsReader(bytes));
    // BCS is canonical, so re-encoding the value gives exactly the bytes it was read from.
    return { json, length: schema.serialize(json).toBytes().length };
  } catch {
    return undefined;
  }
}

/** BCS of a builtin value given in Sui's JSON form, or undefined if `type` is not builtin or `json` does not fit. */
export function encodeBuiltin(type: string, json: unknown): Uint8Array | undefined {
  let tag: TypeTag;
  try {
    tag = parseType(type);
  } catch {
    return undefined;
  }
  const schema = builtinBcs(tag);
  if (!schema || !fitsJson(tag, json)) return undefined;
  try {
    return schema.serialize(json).toBytes();
  } catch {
    return undefined;
  }
}

/** Whether `json` has the shape of a `tag` value (BCS writers coerce, e.g. "abc" to 0 for a u8). */
function fitsJson(tag: TypeTag, json: unknown): boolean {
  if ('bool' in tag) return typeof json === 'boolean';
  if ('vector' in tag) return Array.isArray(json) && json.every((item) => fitsJson(tag.vector, item));
  if ('address' in tag || isStruct(tag, FRAMEWORK, 'object', 'ID')) return typeof json === 'string';
  if (isStruct(tag, STDLIB, 'option', 'Option'))
    return json === null || fitsJson(tag.struct.typeParams[0] ?? { bool: null }, json);
  if ('struct' in tag) return typeof json === 'string';
  // Integers: a JSON integer or a decimal string (how Sui writes u64 and wider).
  return (
    (typeof json === 'number' && Number.isSafeInteger(json)) ||
    (typeof json === 'string' && /^\d+$/.test(json))
  );
}

function schemaFor(type: string): AnyBcs | undefined {
  try {
    return builtinBcs(parseType(type));
  } catch {
    return undefined;
  }
}
