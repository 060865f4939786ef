// Native Move modules: struct layouts (for BCS) and functions implemented in TypeScript. The
// registry answers three questions: the BCS schema of any concrete type, the signature of any
// function (for `sui_getNormalizedMoveFunction` and argument decoding), and its implementation.
import { bcs, type BcsType } from '@mysten/sui/bcs';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { NativeContext } from '../exec/native-context.ts';
import { parseParam, parseType, substitute, typeToString, type MoveType, type ParamType } from './types.ts';

export type Ability = 'copy' | 'drop' | 'store' | 'key';

export interface StructDef {
  readonly abilities: readonly Ability[];
  readonly typeParameters?: readonly { readonly abilities: readonly Ability[]; readonly phantom?: boolean }[];
  /** Field name → type text (module aliases and T0… allowed). Order is BCS order. */
  readonly fields: readonly (readonly [string, string])[];
}

export interface FunctionDef {
  readonly visibility?: 'Public' | 'Friend' | 'Private';
  readonly isEntry?: boolean;
  readonly typeParameters?: readonly (readonly Ability[])[];
  /** Parameter type texts; a trailing `&mut TxContext`/`&TxContext` is supplied by the runtime. */
  readonly parameters: readonly string[];
  readonly returns: readonly string[];
  readonly run: (ctx: NativeContext, args: unknown[], typeArgs: readonly MoveType[]) => unknown[];
}

export interface NativeModule {
  readonly address: string;
  readonly name: string;
  /** Short names usable in this module's type texts. */
  readonly aliases?: Readonly<Record<string, string>>;
  readonly structs?: Readonly<Record<string, StructDef>>;
  readonly functions?: Readonly<Record<string, FunctionDef>>;
}

export interface ResolvedFunction {
  readonly module: NativeModule;
  readonly name: string;
  readonly def: FunctionDef;
  readonly parameters: readonly ParamType[];
  /**
   * Return types; a reference is legal Move (accessors) though no PTB may call such a function,
   * which its native reports as InvalidPublicFunctionReturnType when called.
   */
  readonly returns: readonly ParamType[];
  /** Whether the last declared parameter is the TxContext the runtime injects. */
  readonly takesContext: boolean;
}

export class UnknownMoveItemError extends Error {
  override name = 'UnknownMoveItemError';
}

/** Aliases every module may use. */
export const COMMON_ALIASES: Readonly<Record<string, string>> = {
  String: '0x1::string::String',
  Option: '0x1::option::Option',
  UID: '0x2::object::UID',
  ID: '0x2::object::ID',
  TxContext: '0x2::tx_context::TxContext',
  VecMap: '0x2::vec_map::VecMap',
  Balance: '0x2::balance::Balance',
  Coin: '0x2::coin::Coin',
  SUI: '0x2::sui::SUI',
  Table: '0x2::table::Table',
  ObjectTable: '0x2::object_table::ObjectTable',
  Field: '0x2::dynamic_field::Field',
};

/** A type whose layout is not a plain struct (a Move enum), given by its BCS schema. */
export interface CustomLayout {
  readonly abilities: readonly Ability[];
  readonly schema: (typeArgs: readonly MoveType[]) => BcsType<unknown>;
}

export class ModuleRegistry {
  readonly #modules = new Map<string, NativeModule>();
  readonly #schemas = new Map<string, BcsType<unknown>>();
  readonly #custom = new Map<string, CustomLayout>();

  /** Registers an enum (or other non-struct) layout under `address::module::Name`. */
  addCustomLayout(path: string, layout: CustomLayout): void {
    const [address, module, name] = path.split('::');
    this.#custom.set(`${key(address!, module!)}::${name}`, layout);
  }

  #customOf(type: MoveType): CustomLayout | undefined {
    return type.kind === 'struct'
      ? this.#custom.get(`${key(type.address, type.module)}::${type.name}`)
      : undefined;
  }

  add(module: NativeModule): void {
    this.#modules.set(key(module.address, module.name), module);
  }

  module(address: string, name: string): NativeModule | undefined {
    return this.#modules.get(key(address, name));
  }

  modulesOf(address: string): NativeModule[] {
    const normalized = normalizeSuiAddress(address);
    return [...this.#modules.values()].filter((m) => normalizeSuiAddress(m.address) === normalized);
  }

  /** Parses a type text in the context of a module (its aliases, then the common ones). */
  parse(module: NativeModule | undefined, text: string): MoveType {
    return parseType(text, { ...COMMON_ALIASES, ...module?.aliases });
  }

  resolveFunction(address: string, moduleName: string, name: string): ResolvedFunction {
    const module = this.module(address, moduleName);
    const def = module?.functions?.[name];
    if (!module || !def) {
      throw new UnknownMoveItemError(
        `No function ${name} in module ${normalizeSuiAddress(address)}::${moduleName}`,
      );
    }
    const aliases = { ...COMMON_ALIASES, ...module.aliases };
    const parameters = def.parameters.map((p) => parseParam(p, aliases));
    const last = parameters.at(-1);
    const takesContext =
      last !== undefined &&
      last.type.kind === 'struct' &&
      last.type.module === 'tx_context' &&
      last.type.name === 'TxContext';
    return {
      module,
      name,
      def,
      parameters,
      returns: def.returns.map((r) => parseParam(r, aliases)),
      takesContext,
    };
  }

  structDef(type: MoveType): { module: NativeModule; def: StructDef } | undefined {
    if (type.kind !== 'struct') return undefined;
    const module = this.module(type.address, type.module);
    const def = module?.structs?.[type.name];
    return module && def ? { module, def } : undefined;
  }

  abilities(type: MoveType): readonly Ability[] {
    if (type.kind === 'primitive') return type.name === 'signer' ? ['drop'] : ['copy', 'drop', 'store'];
    if (type.kind === 'vector') return this.abilities(type.of);
    if (type.kind === 'param') return [];
    const custom = this.#customOf(type);
    if (custom) return custom.abilities;
    const found = this.structDef(type);
    if (!found) throw new UnknownMoveItemError(`unknown struct ${typeToString(type)}`);
    return found.def.abilities;
  }

  /** BCS schema of a concrete (no type parameters) type, cached by its text. */
  schema(type: MoveType): BcsType<unknown> {
    const text = typeToString(type);
    let schema = this.#schemas.get(text);
    if (!schema) {
      schema = this.#build(type);
      this.#schemas.set(text, schema);
    }
    return schema;
  }

  #build(type: MoveType): BcsType<unknown> {
    switch (type.kind) {
      case 'primitive':
        return primitiveSchema(type.name);
      case 'vector':
        return (
          type.of.kind === 'primitive' && type.of.name === 'u8'
            ? bcs.byteVector()
            : bcs.vector(this.schema(type.of))
        ) as BcsType<unknown>;
      case 'param':
        throw new UnknownMoveItemError(`type parameter T${type.index} has no layout`);
      case 'struct': {
        // Types whose JS form is simpler than their Move struct.
        if (
          type.address === STD &&
          (type.module === 'string' || type.module === 'ascii') &&
          type.name === 'String'
        ) {
          return bcs.string() as BcsType<unknown>;
        }
        if (type.address === STD && type.module === 'option' && type.name === 'Option') {
          return bcs.option(this.schema(type.typeArgs[0]!)) as BcsType<unknown>;
        }
        if (
          type.address === FRAMEWORK &&
          type.module === 'object' &&
          (type.name === 'UID' || type.name === 'ID')
        ) {
          return bcs.Address as BcsType<unknown>;
        }
        const custom = this.#customOf(type);
        if (custom) return custom.schema(type.typeArgs);
        const found = this.structDef(type);
        if (!found) throw new UnknownMoveItemError(`no layout for ${typeToString(type)}`);
        const fields: Record<string, BcsType<unknown>> = {};
        for (const [name, text] of found.def.fields) {
          fields[name] = this.schema(substitute(this.parse(found.module, text), type.typeArgs));
        }
        return bcs.struct(typeToString(type), fields) as BcsType<unknown>;
      }
    }
  }
}

const STD = normalizeSuiAddress('0x1');
const FRAMEWORK = normalizeSuiAddress('0x2');

function primitiveSchema(name: string): BcsType<unknown> {
  switch (name) {
    case 'bool':
      return bcs.bool() as BcsType<unknown>;
    case 'u8':
      return bcs.u8() as BcsType<unknown>;
    case 'u16':
      return bcs.u16() as BcsType<unknown>;
    case 'u32':
      return bcs.u32() as BcsType<unknown>;
    case 'u64':
      return bcs.u64().transform({ output: (v) => BigInt(v) }) as BcsType<unknown>;
    case 'u128':
      return bcs.u128().transform({ output: (v) => BigInt(v) }) as BcsType<unknown>;
    case 'u256':
      return bcs.u256().transform({ output: (v) => BigInt(v) }) as BcsType<unknown>;
    case 'address':
      return bcs.Address as BcsType<unknown>;
    default:
      throw new UnknownMoveItemError(`no layout for ${name}`);
  }
}

function key(address: string, module: string): string {
  return `${normalizeSuiAddress(address)}::${module}`;
}
