// BCS schemas for Walrus types that contain Move enums. The module registry lays out structs only,
// so for those types this builds the struct from the registry's own field lists (one source of
// truth for field order) and fills in the enums below; every other type is the registry's schema.
import { bcs, type BcsType } from '@mysten/sui/bcs';
import type { ModuleRegistry } from '../../move/registry.ts';
import { substitute, typeToString, type MoveType } from '../../move/types.ts';
import { PKG } from './constants.ts';

const u64 = () => bcs.u64().transform({ output: (v) => BigInt(v) });
const u128 = () => bcs.u128().transform({ output: (v) => BigInt(v) });

/** Enum layouts by `address::module::name`, variants in declaration order (BCS tags 0, 1, …). */
const ENUMS: Readonly<Record<string, () => BcsType<unknown>>> = {
  [`${PKG}::staking_inner::EpochState`]: () =>
    bcs.enum('EpochState', {
      EpochChangeSync: bcs.u16(),
      EpochChangeDone: u64(),
      NextParamsSelected: u64(),
    }) as BcsType<unknown>,
  [`${PKG}::staking_pool::PoolState`]: () =>
    bcs.enum('PoolState', { Active: null, Withdrawing: bcs.u32(), Withdrawn: null }) as BcsType<unknown>,
  [`${PKG}::auth::Authorized`]: () =>
    bcs.enum('Authorized', { Address: bcs.Address, ObjectID: bcs.Address }) as BcsType<unknown>,
  [`${PKG}::exchange_rate::PoolExchangeRate`]: () =>
    bcs.enum('PoolExchangeRate', {
      Flat: null,
      Variable: bcs.struct('Variable', { wal_amount: u128(), share_amount: u128() }),
    }) as BcsType<unknown>,
  [`${PKG}::staked_wal::StakedWalState`]: () =>
    bcs.enum('StakedWalState', {
      Staked: null,
      Withdrawing: bcs.struct('Withdrawing', { withdraw_epoch: bcs.u32() }),
    }) as BcsType<unknown>,
};

const caches = new WeakMap<ModuleRegistry, Map<string, BcsType<unknown>>>();

/** Schema of any concrete Walrus type, enums included. */
export function walrusSchema(registry: ModuleRegistry, type: MoveType): BcsType<unknown> {
  let cache = caches.get(registry);
  if (!cache) caches.set(registry, (cache = new Map()));
  const text = typeToString(type);
  let schema = cache.get(text);
  if (!schema) {
    schema = build(registry, type);
    cache.set(text, schema);
  }
  return schema;
}

function build(registry: ModuleRegistry, type: MoveType): BcsType<unknown> {
  if (type.kind === 'vector') {
    if (type.of.kind === 'primitive' && type.of.name === 'u8') return registry.schema(type);
    return bcs.vector(walrusSchema(registry, type.of)) as BcsType<unknown>;
  }
  if (type.kind !== 'struct') return registry.schema(type);
  const enumSchema = ENUMS[`${type.address}::${type.module}::${type.name}`];
  if (enumSchema) return enumSchema();
  if (!containsEnum(registry, type)) return registry.schema(type);
  if (type.module === 'option' && type.name === 'Option')
    return bcs.option(walrusSchema(registry, type.typeArgs[0]!)) as BcsType<unknown>;
  const found = registry.structDef(type)!;
  const fields: Record<string, BcsType<unknown>> = {};
  for (const [name, text] of found.def.fields)
    fields[name] = walrusSchema(registry, substitute(registry.parse(found.module, text), type.typeArgs));
  return bcs.struct(typeToString(type), fields) as BcsType<unknown>;
}

/** Whether a type's layout reaches one of the enums (so the registry cannot build it). */
function containsEnum(registry: ModuleRegistry, type: MoveType, seen = new Set<string>()): boolean {
  if (type.kind === 'vector') return containsEnum(registry, type.of, seen);
  if (type.kind !== 'struct') return false;
  if (ENUMS[`${type.address}::${type.module}::${type.name}`]) return true;
  const text = typeToString(type);
  if (seen.has(text)) return false;
  seen.add(text);
  if (type.typeArgs.some((arg) => containsEnum(registry, arg, seen))) return true;
  const found = registry.structDef(type);
  if (!found) return false;
  return found.def.fields.some(([, fieldText]) =>
    containsEnum(registry, substitute(registry.parse(found.module, fieldText), type.typeArgs), seen),
  );
}
