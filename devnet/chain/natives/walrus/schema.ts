// Layouts of the Move enums in Walrus's types (EpochState, PoolState, …). The module registry lays
// out structs from field lists; these enums are registered with it as custom layouts, so every
// Walrus type — including StakingInnerV1 and StakingPool — can be loaded by transactions.
import { bcs, type BcsType } from '@mysten/sui/bcs';
import type { ModuleRegistry } from '../../move/registry.ts';
import type { MoveType } from '../../move/types.ts';
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

/** Registers the Walrus enums with the registry, so every Walrus type has a layout there. */
export function addWalrusEnumLayouts(registry: ModuleRegistry): void {
  for (const [path, schema] of Object.entries(ENUMS)) {
    registry.addCustomLayout(path, { abilities: ['copy', 'drop', 'store'], schema });
  }
}

/** Schema of any concrete Walrus type, enums included (the registry's, once the enums are added). */
export function walrusSchema(registry: ModuleRegistry, type: MoveType): BcsType<unknown> {
  return registry.schema(type);
}
