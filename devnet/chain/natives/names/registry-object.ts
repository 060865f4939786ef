// Where the name registry lives on a devnet: the shared `Registry` created at genesis, and the
// `packageInfo` @mysten/suins needs to read it. The table IDs are constants, but the Registry's own
// ID is derived from the genesis digest (which covers the per-directory faucet key), so it is
// looked up from the genesis transaction instead of being hard-coded.
import type { PackageInfo } from '@mysten/suins';
import { normalizeStructTag, normalizeSuiAddress } from '@mysten/sui/utils';
import type { GenesisObject } from '../../genesis.ts';
import type { ChainStore } from '../../state/store.ts';
import { NAMES_PACKAGE, REGISTRY_TABLE_ID, REGISTRY_TYPE, REVERSE_REGISTRY_TABLE_ID } from './constants.ts';

/** The genesis object that holds every name: a shared `registry::Registry` with empty tables. */
export function namesGenesisObjects(): GenesisObject[] {
  return [
    {
      type: REGISTRY_TYPE,
      owner: { Shared: { initial_shared_version: '1' } },
      fields: {
        registry: { id: REGISTRY_TABLE_ID, size: 0n },
        reverse_registry: { id: REVERSE_REGISTRY_TABLE_ID, size: 0n },
      },
    },
  ];
}

export class NamesRegistryMissingError extends Error {
  override name = 'NamesRegistryMissingError';
}

const registryIds = new WeakMap<ChainStore, string>();

/**
 * The ID of the shared Registry (the object PTBs pass as `&mut Registry`). Throws for a chain
 * directory created before the name registry existed: genesis only runs for a new directory.
 */
export function namesRegistryId(store: ChainStore): string {
  const cached = registryIds.get(store);
  if (cached) return cached;
  const type = normalizeStructTag(REGISTRY_TYPE);
  const genesis = store.getCheckpoint(0n);
  for (const digest of genesis?.transactions ?? []) {
    const created = store
      .getTransaction(digest)
      ?.changes.find((c) => c.kind === 'created' && c.after?.type === type);
    if (created) {
      registryIds.set(store, created.id);
      return created.id;
    }
  }
  throw new NamesRegistryMissingError(
    'This devnet has no name registry: its genesis predates it. Start from a fresh chain directory.',
  );
}

/** Unused by name reads; @mysten/suins's `PackageInfo` type requires these fields regardless. */
const NONE = normalizeSuiAddress('0x0');

/**
 * `packageInfo` for `client.$extend(suins({ packageInfo }))`. `getNameRecord` needs only
 * `packageIdV1` (the `Domain` type) and `registryTableId`; `suins` is the shared Registry, which
 * is what devnet PTBs pass where SuiNS passes its `SuiNS` object. Pricing, payments, discounts and
 * Pyth do not exist on the devnet, so their IDs are 0x0 and the price-list reads fail.
 */
export function namesPackageInfo(chain: { readonly store: ChainStore }): PackageInfo {
  return {
    packageId: NAMES_PACKAGE,
    packageIdV1: NAMES_PACKAGE,
    packageIdPricing: NAMES_PACKAGE,
    suins: namesRegistryId(chain.store),
    registryTableId: REGISTRY_TABLE_ID,
    discountsPackage: { packageId: NONE, discountHouseId: NONE },
    subNamesPackageId: NONE,
    tempSubdomainsProxyPackageId: NONE,
    coupons: { packageId: NONE },
    payments: { packageId: NONE },
    bbb: { packageId: NONE, vault: NONE },
    pyth: { pythStateId: NONE, wormholeStateId: NONE },
    coins: { SUI: { type: normalizeStructTag('0x2::sui::SUI'), feed: '' } },
  };
}
