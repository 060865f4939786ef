// Fixed facts of the devnet name registry: type names readers build from `packageIdV1`, the IDs of
// the registry's two tables and SuiNS's timing and length rules. The table IDs are derived from a
// label (like the native package IDs) rather than drawn at genesis, so `registryTableId` is known
// before the chain starts and identical on every devnet.
import { blake2b } from '@noble/hashes/blake2.js';
import { toHex } from '@mysten/bcs';
import { NAMES_PACKAGE } from '../packages.ts';

export { NAMES_PACKAGE };

function fixedId(label: string): string {
  return `0x${toHex(blake2b(new TextEncoder().encode(`floe-devnet/names/${label}`), { dkLen: 32 }))}`;
}

/** UID of `Registry.registry`: its dynamic fields are `Field<Domain, NameRecord>` (SuiNS `registryTableId`). */
export const REGISTRY_TABLE_ID = fixedId('registry');
/** UID of `Registry.reverse_registry`: dynamic fields `Field<address, Domain>` (default names). */
export const REVERSE_REGISTRY_TABLE_ID = fixedId('reverse_registry');

export const DOMAIN_TYPE = `${NAMES_PACKAGE}::domain::Domain`;
export const NAME_RECORD_TYPE = `${NAMES_PACKAGE}::name_record::NameRecord`;
export const REGISTRATION_TYPE = `${NAMES_PACKAGE}::suins_registration::SuinsRegistration`;
export const REGISTRY_TYPE = `${NAMES_PACKAGE}::registry::Registry`;

/** SuiNS `constants::year_ms`: registrations are sold in 365-day years. */
export const YEAR_MS = 365n * 24n * 60n * 60n * 1000n;
/** SuiNS `constants::grace_period_ms`: an expired name stays reserved for its holder for 30 days. */
export const GRACE_PERIOD_MS = 30n * 24n * 60n * 60n * 1000n;
/** SuiNS `core_config` defaults: 1–5 years per purchase, second-level labels of 3–63 characters. */
export const MAX_YEARS = 5;
export const MIN_SLD_LENGTH = 3;
export const MAX_SLD_LENGTH = 63;
/** SuiNS `domain`: per-label and whole-name limits. */
export const MAX_LABEL_LENGTH = 63;
export const MAX_DOMAIN_LENGTH = 235;
export const SUI_TLD = 'sui';
/** SuiNS `constants::leaf_expiration_timestamp`: leaf records never expire on their own. */
export const LEAF_EXPIRATION_TIMESTAMP = 0n;
/** SuiNS `constants::default_image` (an IPFS hash), so registrations look like mainnet NFTs. */
export const DEFAULT_IMAGE = 'QmaLFg4tQYansFpyRqmDfABdkUVy66dHtpnkH15v1LPzcY';
/** The only keys SuiNS's `controller::set_user_data` accepts. */
export const USER_DATA_KEYS: readonly string[] = ['avatar', 'content_hash', 'walrus_site_id'];
