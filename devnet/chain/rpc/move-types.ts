// Move type strings as Sui's JSON-RPC prints them. The store keeps fully normalized tags
// (`0x000…002::coin::Coin<0x000…002::sui::SUI>`); a fullnode prints Rust's `StructTag` Display,
// which drops leading zeros of addresses and separates type arguments with ", "
// (`0x2::coin::Coin<0x2::sui::SUI>`). The SDK normalizes wherever it compares types.
import { TypeTagSerializer, type TypeTag } from '@mysten/sui/bcs';
import { normalizeStructTag } from '@mysten/sui/utils';

type StructTagValue = Extract<TypeTag, { struct: unknown }>['struct'];

/** Parses a type string (primitive, vector or struct), normalizing addresses. */
export function parseType(type: string): TypeTag {
  return TypeTagSerializer.parseFromStr(type, true);
}

/** `type` in Sui's display form; unparsable strings are returned unchanged. */
export function displayType(type: string): string {
  try {
    return printType(parseType(type));
  } catch {
    return type;
  }
}

export function printType(tag: TypeTag): string {
  return print(tag, shortAddress, ', ');
}

/**
 * `tag` with full addresses and "," between type arguments: the form `normalizeStructTag` gives
 * and the store's records use, so it is what the ContentRenderer is handed.
 */
export function canonicalType(tag: TypeTag): string {
  return print(tag, (address) => address, ',');
}

function print(tag: TypeTag, addr: (address: string) => string, separator: string): string {
  if ('vector' in tag) return `vector<${print(tag.vector, addr, separator)}>`;
  if (!('struct' in tag)) return Object.keys(tag)[0]!;
  const s: StructTagValue = tag.struct;
  const params = s.typeParams.length
    ? `<${s.typeParams.map((p) => print(p, addr, separator)).join(separator)}>`
    : '';
  return `${addr(s.address)}::${s.module}::${s.name}${params}`;
}

/** 0x + hex without leading zeros (at least one digit), as Rust's `short_str_lossless`. */
export function shortAddress(address: string): string {
  return `0x${address.replace(/^0x/, '').replace(/^0+(?=.)/, '')}`;
}

/** The struct inside a type tag, or undefined for primitives and vectors. */
export function asStruct(tag: TypeTag): StructTagValue | undefined {
  return 'struct' in tag ? tag.struct : undefined;
}

/** Whether `tag` is the struct `address::module::name` (address normalized). */
export function isStruct(
  tag: TypeTag,
  address: string,
  module: string,
  name: string,
): tag is { struct: StructTagValue } {
  const s = asStruct(tag);
  return s !== undefined && s.address === address && s.module === module && s.name === name;
}

/** Normalizes a struct tag string for comparisons; undefined if it does not parse. */
export function normalizeType(type: string): string | undefined {
  try {
    return normalizeStructTag(type);
  } catch {
    return undefined;
  }
}

export const FRAMEWORK = `0x${'0'.repeat(63)}2`;
export const STDLIB = `0x${'0'.repeat(63)}1`;
