// Move values as the `json` fields of Sui's gRPC API render them (MystenLabs/sui
// crates/sui-types/src/object/rpc_visitor.rs), which differs from JSON-RPC's `content.fields`:
// u8–u32 are numbers and wider integers strings, `vector<u8>` is base64, UID and ID are their
// address, String/ascii/Url their text, Balance its value, Option the value or null, other structs
// a plain map of their fields (no `{type, fields}` wrapper), enum variants `{"@variant": name, …}`.
import type { GrpcTypes } from '@mysten/sui/grpc';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { ModuleRegistry } from '../move/registry.ts';
import { parseType, substitute, type MoveType } from '../move/types.ts';

/** google.protobuf.Value, as the generated `Object.json` field types it. */
export type ProtoValue = NonNullable<GrpcTypes.Object['json']>;

/** Plain JSON: what the visitor produces before it becomes a protobuf Value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const STD = normalizeSuiAddress('0x1');
const FRAMEWORK = normalizeSuiAddress('0x2');

/**
 * A Move value of `type` (a type string as the store keeps it) from its BCS, as a protobuf
 * Value; undefined when the registry has no layout for it (Sui then leaves `json` unset too).
 */
export function moveJson(registry: ModuleRegistry, type: string, bytes: Uint8Array): ProtoValue | undefined {
  try {
    const parsed = parseType(type);
    return protoValue(render(registry, parsed, registry.schema(parsed).parse(bytes)));
  } catch {
    return undefined;
  }
}

/** A parsed BCS value of `type` as Sui's gRPC JSON. */
export function render(registry: ModuleRegistry, type: MoveType, value: unknown): Json {
  switch (type.kind) {
    case 'primitive':
      return type.name === 'u64' || type.name === 'u128' || type.name === 'u256'
        ? String(value)
        : (value as boolean | number | string);
    case 'vector':
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      return (value as unknown[]).map((v) => render(registry, type.of, v));
    case 'param':
      return untyped(value);
    case 'struct':
      return renderStruct(registry, type, value);
  }
}

function renderStruct(registry: ModuleRegistry, type: MoveType & { kind: 'struct' }, value: unknown): Json {
  if (type.address === STD && (type.module === 'string' || type.module === 'ascii')) return value as string;
  if (type.address === STD && type.module === 'option')
    return value === null || value === undefined ? null : render(registry, type.typeArgs[0]!, value);
  // The registry's schema for UID and ID is the bare address.
  if (type.address === FRAMEWORK && type.module === 'object' && (type.name === 'UID' || type.name === 'ID'))
    return value as string;
  const found = registry.structDef(type);
  if (!found) return untyped(value);
  const fields: Record<string, Json> = {};
  for (const [name, text] of found.def.fields) {
    const fieldType = substitute(registry.parse(found.module, text), type.typeArgs);
    fields[name] = render(registry, fieldType, (value as Record<string, unknown>)[name]);
  }
  if (type.address === FRAMEWORK && type.module === 'balance' && type.name === 'Balance')
    return fields['value'] ?? null;
  if (type.address === FRAMEWORK && type.module === 'url' && type.name === 'Url')
    return fields['url'] ?? null;
  return fields;
}

/**
 * A value whose Move layout is not a plain struct (an enum the registry knows only as a BCS
 * schema): integers above u32 as strings, bytes as base64, `@mysten/bcs` enum values
 * (`{ $kind, [variant]: payload }`) as Sui's `{"@variant": name, …fields}` maps, where a
 * positional payload is field `pos0` and a unit variant (which `@mysten/bcs` reads as `true`)
 * has no fields.
 */
function untyped(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(untyped);
  const record = value as Record<string, unknown>;
  if (typeof record.$kind === 'string') {
    const variant = record.$kind;
    const payload = record[variant];
    if (payload === true) return { '@variant': variant };
    const fields = untyped(payload);
    return fields !== null && typeof fields === 'object' && !Array.isArray(fields)
      ? { '@variant': variant, ...fields }
      : { '@variant': variant, pos0: fields };
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, untyped(v)]));
}

/** Plain JSON as a google.protobuf.Value message. */
export function protoValue(json: Json): ProtoValue {
  if (json === null) return { kind: { oneofKind: 'nullValue', nullValue: 0 } };
  if (typeof json === 'boolean') return { kind: { oneofKind: 'boolValue', boolValue: json } };
  if (typeof json === 'number') return { kind: { oneofKind: 'numberValue', numberValue: json } };
  if (typeof json === 'string') return { kind: { oneofKind: 'stringValue', stringValue: json } };
  if (Array.isArray(json))
    return { kind: { oneofKind: 'listValue', listValue: { values: json.map(protoValue) } } };
  const fields: Record<string, ProtoValue> = {};
  for (const [key, value] of Object.entries(json)) fields[key] = protoValue(value);
  return { kind: { oneofKind: 'structValue', structValue: { fields } } };
}
