// The devnet's native Move modules as `sui.rpc.v2` package, datatype and function descriptors, in
// the shape a full node builds them (MystenLabs/sui crates/sui-rpc-api/src/grpc/v2/
// move_package_service/conversions.rs): datatype names fully qualified with the 0x-prefixed 64-hex
// package ID, abilities in copy/drop/store/key order, no `reference` on a by-value signature, and
// modules, datatypes and functions sorted by name (the package resolver keeps them in BTreeMaps).
import { GrpcTypes } from '@mysten/sui/grpc';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import {
  COMMON_ALIASES,
  type Ability,
  type FunctionDef,
  type ModuleRegistry,
  type NativeModule,
  type StructDef,
} from '../move/registry.ts';
import { parseParam, type MoveType, type ParamType } from '../move/types.ts';

const ABILITY_ORDER: readonly Ability[] = ['copy', 'drop', 'store', 'key'];
const ABILITY: Readonly<Record<Ability, GrpcTypes.Ability>> = {
  copy: GrpcTypes.Ability.COPY,
  drop: GrpcTypes.Ability.DROP,
  store: GrpcTypes.Ability.STORE,
  key: GrpcTypes.Ability.KEY,
};

const PRIMITIVE: Readonly<Record<string, GrpcTypes.OpenSignatureBody_Type>> = {
  address: GrpcTypes.OpenSignatureBody_Type.ADDRESS,
  bool: GrpcTypes.OpenSignatureBody_Type.BOOL,
  u8: GrpcTypes.OpenSignatureBody_Type.U8,
  u16: GrpcTypes.OpenSignatureBody_Type.U16,
  u32: GrpcTypes.OpenSignatureBody_Type.U32,
  u64: GrpcTypes.OpenSignatureBody_Type.U64,
  u128: GrpcTypes.OpenSignatureBody_Type.U128,
  u256: GrpcTypes.OpenSignatureBody_Type.U256,
};

const VISIBILITY: Readonly<
  Record<NonNullable<FunctionDef['visibility']>, GrpcTypes.FunctionDescriptor_Visibility>
> = {
  Public: GrpcTypes.FunctionDescriptor_Visibility.PUBLIC,
  Friend: GrpcTypes.FunctionDescriptor_Visibility.FRIEND,
  Private: GrpcTypes.FunctionDescriptor_Visibility.PRIVATE,
};

export function abilities(set: readonly Ability[]): GrpcTypes.Ability[] {
  return ABILITY_ORDER.filter((a) => set.includes(a)).map((a) => ABILITY[a]);
}

export function signatureBody(type: MoveType): GrpcTypes.OpenSignatureBody {
  switch (type.kind) {
    case 'primitive':
      // `signer` has no value in the proto enum; Sui's package resolver rejects it in signatures.
      return {
        type: PRIMITIVE[type.name] ?? GrpcTypes.OpenSignatureBody_Type.TYPE_UNKNOWN,
        typeParameterInstantiation: [],
      };
    case 'vector':
      return {
        type: GrpcTypes.OpenSignatureBody_Type.VECTOR,
        typeParameterInstantiation: [signatureBody(type.of)],
      };
    case 'param':
      return {
        type: GrpcTypes.OpenSignatureBody_Type.TYPE_PARAMETER,
        typeParameter: type.index,
        typeParameterInstantiation: [],
      };
    case 'struct':
      return {
        type: GrpcTypes.OpenSignatureBody_Type.DATATYPE,
        typeName: `${type.address}::${type.module}::${type.name}`,
        typeParameterInstantiation: type.typeArgs.map(signatureBody),
      };
  }
}

export function signature(param: ParamType): GrpcTypes.OpenSignature {
  const body = signatureBody(param.type);
  if (param.ref === 'immutable') return { reference: GrpcTypes.OpenSignature_Reference.IMMUTABLE, body };
  if (param.ref === 'mutable') return { reference: GrpcTypes.OpenSignature_Reference.MUTABLE, body };
  return { body };
}

/**
 * The descriptor of a native function. Signatures are read from the declaration, not from
 * `ModuleRegistry.resolveFunction`, whose returns cannot carry a reference (`&Redirects`).
 */
export function functionDescriptor(
  module: NativeModule,
  name: string,
  def: FunctionDef,
): GrpcTypes.FunctionDescriptor {
  const aliases = { ...COMMON_ALIASES, ...module.aliases };
  return {
    name,
    // The same defaults `sui_getNormalizedMoveFunction` applies (devnet/chain/api/move.ts).
    visibility: VISIBILITY[def.visibility ?? 'Public'],
    isEntry: def.isEntry ?? false,
    typeParameters: (def.typeParameters ?? []).map((set) => ({ constraints: abilities(set) })),
    parameters: def.parameters.map((text) => signature(parseParam(text, aliases))),
    returns: def.returns.map((text) => signature(parseParam(text, aliases))),
  };
}

export function datatypeDescriptor(
  registry: ModuleRegistry,
  module: NativeModule,
  name: string,
  def: StructDef,
): GrpcTypes.DatatypeDescriptor {
  const packageId = normalizeSuiAddress(module.address);
  return {
    typeName: `${packageId}::${module.name}::${name}`,
    // Native packages are never upgraded, so every type was defined by the package itself.
    definingId: packageId,
    module: module.name,
    name,
    abilities: abilities(def.abilities),
    typeParameters: (def.typeParameters ?? []).map((p) => ({
      constraints: abilities(p.abilities),
      isPhantom: p.phantom ?? false,
    })),
    kind: GrpcTypes.DatatypeDescriptor_DatatypeKind.STRUCT,
    fields: def.fields.map(([field, text], position) => ({
      name: field,
      position,
      type: signatureBody(registry.parse(module, text)),
    })),
    variants: [],
  };
}

export function moduleDescriptor(registry: ModuleRegistry, module: NativeModule): GrpcTypes.Module {
  return {
    name: module.name,
    // No bytecode: native modules are TypeScript, so `contents` stays unset.
    datatypes: sortedEntries(module.structs).map(([name, def]) =>
      datatypeDescriptor(registry, module, name, def),
    ),
    functions: sortedEntries(module.functions).map(([name, def]) => functionDescriptor(module, name, def)),
  };
}

function sortedEntries<T>(record: Readonly<Record<string, T>> | undefined): [string, T][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
