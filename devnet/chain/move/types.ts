// Move types as the emulator sees them: parsed from the signature strings native modules declare,
// printed in Sui's normalized form, and rendered as `sui_getNormalizedMoveFunction` JSON.
import { normalizeSuiAddress } from '@mysten/sui/utils';

export type Primitive = 'bool' | 'u8' | 'u16' | 'u32' | 'u64' | 'u128' | 'u256' | 'address' | 'signer';

export type MoveType =
  | { readonly kind: 'primitive'; readonly name: Primitive }
  | { readonly kind: 'vector'; readonly of: MoveType }
  | {
      readonly kind: 'struct';
      readonly address: string;
      readonly module: string;
      readonly name: string;
      readonly typeArgs: readonly MoveType[];
    }
  | { readonly kind: 'param'; readonly index: number };

export type Reference = 'none' | 'immutable' | 'mutable';

export interface ParamType {
  readonly ref: Reference;
  readonly type: MoveType;
}

export class TypeParseError extends Error {
  override name = 'TypeParseError';
}

const PRIMITIVES = new Set<string>(['bool', 'u8', 'u16', 'u32', 'u64', 'u128', 'u256', 'address', 'signer']);

/**
 * Parses `&mut 0x2::coin::Coin<T0>`-style text. `aliases` maps short names a module uses in its
 * signatures (e.g. `String`, `Site`) to full paths; `T0`, `T1`… are type parameters.
 */
export function parseParam(text: string, aliases: Readonly<Record<string, string>> = {}): ParamType {
  const trimmed = text.trim();
  if (trimmed.startsWith('&mut ')) return { ref: 'mutable', type: parseType(trimmed.slice(5), aliases) };
  if (trimmed.startsWith('&')) return { ref: 'immutable', type: parseType(trimmed.slice(1), aliases) };
  return { ref: 'none', type: parseType(trimmed, aliases) };
}

export function parseType(text: string, aliases: Readonly<Record<string, string>> = {}): MoveType {
  const parser = new Parser(text, aliases);
  const type = parser.type();
  parser.end();
  return type;
}

class Parser {
  #pos = 0;
  readonly #text: string;
  readonly #aliases: Readonly<Record<string, string>>;

  constructor(text: string, aliases: Readonly<Record<string, string>>) {
    this.#text = text;
    this.#aliases = aliases;
  }

  type(): MoveType {
    const word = this.#word();
    if (PRIMITIVES.has(word)) return { kind: 'primitive', name: word as Primitive };
    if (word === 'vector') {
      this.#expect('<');
      const of = this.type();
      this.#expect('>');
      return { kind: 'vector', of };
    }
    const param = /^T(\d+)$/.exec(word);
    if (param) return { kind: 'param', index: Number(param[1]) };
    const path = word.includes('::') ? word : this.#aliases[word];
    if (!path)
      throw new TypeParseError(`unknown type name ${JSON.stringify(word)} in ${JSON.stringify(this.#text)}`);
    const [address, module, name] = path.split('::');
    if (!address || !module || !name) throw new TypeParseError(`bad struct path ${path}`);
    const typeArgs: MoveType[] = [];
    this.#skipSpace();
    if (this.#text[this.#pos] === '<') {
      this.#pos++;
      for (;;) {
        typeArgs.push(this.type());
        this.#skipSpace();
        if (this.#text[this.#pos] === ',') {
          this.#pos++;
          continue;
        }
        this.#expect('>');
        break;
      }
    }
    return { kind: 'struct', address: normalizeSuiAddress(address), module, name, typeArgs };
  }

  end(): void {
    this.#skipSpace();
    if (this.#pos !== this.#text.length)
      throw new TypeParseError(`trailing text in type ${JSON.stringify(this.#text)}`);
  }

  #word(): string {
    this.#skipSpace();
    const match = /^[A-Za-z0-9_]+(?:::[A-Za-z0-9_]+)*/.exec(this.#text.slice(this.#pos));
    if (!match) throw new TypeParseError(`expected a type at ${this.#pos} in ${JSON.stringify(this.#text)}`);
    this.#pos += match[0].length;
    return match[0];
  }

  #expect(char: string): void {
    this.#skipSpace();
    if (this.#text[this.#pos] !== char)
      throw new TypeParseError(`expected '${char}' in ${JSON.stringify(this.#text)}`);
    this.#pos++;
  }

  #skipSpace(): void {
    while (this.#text[this.#pos] === ' ') this.#pos++;
  }
}

/** Normalized text form, as Sui prints object and event types. */
export function typeToString(type: MoveType): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'vector':
      return `vector<${typeToString(type.of)}>`;
    case 'param':
      return `T${type.index}`;
    case 'struct': {
      const args = type.typeArgs.length > 0 ? `<${type.typeArgs.map(typeToString).join(', ')}>` : '';
      return `${type.address}::${type.module}::${type.name}${args}`;
    }
  }
}

export function substitute(type: MoveType, args: readonly MoveType[]): MoveType {
  switch (type.kind) {
    case 'param': {
      const arg = args[type.index];
      if (!arg) throw new TypeParseError(`missing type argument T${type.index}`);
      return arg;
    }
    case 'vector':
      return { kind: 'vector', of: substitute(type.of, args) };
    case 'struct':
      return { ...type, typeArgs: type.typeArgs.map((a) => substitute(a, args)) };
    default:
      return type;
  }
}

export function sameType(a: MoveType, b: MoveType): boolean {
  return typeToString(a) === typeToString(b);
}

export function isStruct(type: MoveType, address: string, module: string, name: string): boolean {
  return (
    type.kind === 'struct' &&
    type.address === normalizeSuiAddress(address) &&
    type.module === module &&
    type.name === name
  );
}

/** `sui_getNormalizedMoveFunction` JSON for a type. */
export function normalizedJson(type: MoveType): unknown {
  switch (type.kind) {
    case 'primitive':
      return type.name === 'signer' ? 'Signer' : type.name[0]!.toUpperCase() + type.name.slice(1);
    case 'vector':
      return { Vector: normalizedJson(type.of) };
    case 'param':
      return { TypeParameter: type.index };
    case 'struct':
      return {
        Struct: {
          address: type.address,
          module: type.module,
          name: type.name,
          typeArguments: type.typeArgs.map(normalizedJson),
        },
      };
  }
}

export function normalizedParamJson(param: ParamType): unknown {
  const body = normalizedJson(param.type);
  if (param.ref === 'mutable') return { MutableReference: body };
  if (param.ref === 'immutable') return { Reference: body };
  return body;
}
