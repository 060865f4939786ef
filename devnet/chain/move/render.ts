// Move values as Sui's JSON-RPC renders them in `content.fields`, `parsedJson` and dynamic-field
// names: integers above u32 as strings, UIDs as `{ id }`, IDs and addresses as hex strings,
// nested structs as `{ type, fields }`, options as the value or null.
import { toHex } from '@mysten/bcs';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { ModuleRegistry } from './registry.ts';
import { parseType, substitute, typeToString, type MoveType } from './types.ts';

const STD = normalizeSuiAddress('0x1');
const FRAMEWORK = normalizeSuiAddress('0x2');

export class ContentRenderer {
  readonly #registry: ModuleRegistry;

  constructor(registry: ModuleRegistry) {
    this.#registry = registry;
  }

  /** Fields of a stored struct value, or undefined when its layout is unknown. */
  fields(type: string, contents: Uint8Array): unknown {
    try {
      const parsed = parseType(type);
      const value = this.#registry.schema(parsed).parse(contents);
      return (this.json(parsed, value) as { fields?: unknown }).fields;
    } catch {
      return undefined;
    }
  }

  /** Any value of a known type as JSON (used for event `parsedJson` and field names). */
  value(type: string, contents: Uint8Array): unknown {
    try {
      const parsed = parseType(type);
      return this.json(parsed, this.#registry.schema(parsed).parse(contents));
    } catch {
      return undefined;
    }
  }

  /** A dynamic-field name at the start of `bytes`: its JSON and BCS length. */
  nameValue(type: string, bytes: Uint8Array): { json: unknown; length: number } | undefined {
    try {
      const parsed = parseType(type);
      const schema = this.#registry.schema(parsed);
      const value = schema.parse(bytes);
      const json = this.json(parsed, value);
      // Sui shows a struct-typed name as its fields (e.g. `{ path }` for ResourcePath).
      const shown =
        json !== null && typeof json === 'object' && 'fields' in json
          ? (json as { fields: unknown }).fields
          : json;
      return { json: shown, length: schema.serialize(value as never).toBytes().length };
    } catch {
      return undefined;
    }
  }

  nameBcs(type: string, json: unknown): Uint8Array | undefined {
    return this.bcs(type, json);
  }

  /** BCS of a JSON value of `type` (for `suix_getDynamicFieldObject` names). */
  bcs(type: string, json: unknown): Uint8Array | undefined {
    try {
      const parsed = parseType(type);
      return this.#registry
        .schema(parsed)
        .serialize(this.#fromJson(parsed, json) as never)
        .toBytes();
    } catch {
      return undefined;
    }
  }

  json(type: MoveType, value: unknown): unknown {
    switch (type.kind) {
      case 'primitive':
        if (type.name === 'u64' || type.name === 'u128' || type.name === 'u256') return String(value);
        return value;
      case 'vector':
        if (value instanceof Uint8Array) return [...value];
        return (value as unknown[]).map((v) => this.json(type.of, v));
      case 'param':
        return value;
      case 'struct': {
        if (type.address === STD && (type.module === 'string' || type.module === 'ascii')) return value;
        if (type.address === STD && type.module === 'option')
          return value === null ? null : this.json(type.typeArgs[0]!, value);
        if (type.address === FRAMEWORK && type.module === 'object' && type.name === 'UID')
          return { id: value };
        if (type.address === FRAMEWORK && type.module === 'object' && type.name === 'ID') return value;
        const found = this.#registry.structDef(type);
        if (!found) return value;
        const fields: Record<string, unknown> = {};
        for (const [name, text] of found.def.fields) {
          const fieldType = substitute(this.#registry.parse(found.module, text), type.typeArgs);
          fields[name] = this.json(fieldType, (value as Record<string, unknown>)[name]);
        }
        // Balances render as their number, as in Sui.
        if (type.address === FRAMEWORK && type.module === 'balance') return fields['value'];
        return { type: typeToString(type), fields };
      }
    }
  }

  #fromJson(type: MoveType, json: unknown): unknown {
    switch (type.kind) {
      case 'primitive':
        if (type.name === 'u64' || type.name === 'u128' || type.name === 'u256')
          return BigInt(json as string);
        if (type.name === 'address') return normalizeSuiAddress(json as string);
        return json;
      case 'vector':
        if (type.of.kind === 'primitive' && type.of.name === 'u8') {
          return typeof json === 'string'
            ? new TextEncoder().encode(json)
            : Uint8Array.from(json as number[]);
        }
        return (json as unknown[]).map((v) => this.#fromJson(type.of, v));
      case 'struct': {
        if (type.address === STD && (type.module === 'string' || type.module === 'ascii')) return json;
        if (type.address === STD && type.module === 'option')
          return json === null ? null : this.#fromJson(type.typeArgs[0]!, json);
        if (type.address === FRAMEWORK && type.module === 'object')
          return normalizeSuiAddress(json as string);
        const found = this.#registry.structDef(type);
        if (!found) throw new Error(`unknown struct ${typeToString(type)}`);
        // A single-field struct may be given as its field's value (e.g. ResourcePath as the path).
        const record = (
          typeof json === 'object' && json !== null ? json : { [found.def.fields[0]![0]]: json }
        ) as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const [name, text] of found.def.fields) {
          out[name] = this.#fromJson(
            substitute(this.#registry.parse(found.module, text), type.typeArgs),
            record[name],
          );
        }
        return out;
      }
      default:
        return json;
    }
  }
}

export function hex(bytes: Uint8Array): string {
  return `0x${toHex(bytes)}`;
}
