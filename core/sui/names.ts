// Names for sites: `<label>.sui` → the `walrus_site_id` in the name's record, as Walrus Sites
// portals resolve `<label>.<portal host>`. Reads work on every network: SuiNS on testnet/mainnet,
// the devnet's SuiNS-compatible registry (same `Domain`/`NameRecord` layouts, same table keying)
// on the devnet. A record is read by deriving its dynamic-field ID offline and fetching that one
// object, so a lookup is a single request over JSON-RPC and gRPC alike.
//
// Writes: registering is free on the devnet (`register::register` returns the NFT), so Floe builds
// those transactions itself; on SuiNS, names are bought in the SuiNS app and Floe only re-points a
// name the user already holds (`controller::set_user_data`, which there also takes the Clock).
import { bcs } from '@mysten/sui/bcs';
import type { ClientWithCoreApi, SuiClientTypes } from '@mysten/sui/client';
import type { ChainObject, ObjectReader } from './object-reader.ts';
import { ObjectError } from '@mysten/sui/client';
import { Transaction } from '@mysten/sui/transactions';
import {
  SUI_CLOCK_OBJECT_ID,
  deriveDynamicFieldID,
  isValidSuiObjectId,
  normalizeStructTag,
  normalizeSuiAddress,
  normalizeSuiObjectId,
} from '@mysten/sui/utils';
import { FieldBcs, VecMapBcs } from './move-bcs.ts';
import type { NetworkConfig } from './networks.ts';

/** The user-data key portals read a site's object ID from. */
export const WALRUS_SITE_ID_KEY = 'walrus_site_id';
export const SUI_TLD = 'sui';
/** SuiNS `constants::grace_period_ms`: an expired name stays its holder's for 30 more days. */
export const GRACE_PERIOD_MS = 30 * 24 * 60 * 60 * 1000;
/** SuiNS `core_config` defaults: names are registered for 1–5 years, with 3–63 character labels. */
export const MAX_REGISTRATION_YEARS = 5;
export const MIN_SLD_LENGTH = 3;
export const MAX_LABEL_LENGTH = 63;
export const MAX_NAME_LENGTH = 235;
/** SuiNS `constants::leaf_expiration_timestamp`: a leaf subname lives as long as its parent. */
const LEAF_EXPIRATION = 0n;

/**
 * UID of the devnet registry's `Table<Domain, NameRecord>`. The devnet derives it from a fixed
 * label (`floe-devnet/names/registry`), not from genesis, so it is the same on every devnet, just
 * like SuiNS's `registryTableId` is fixed per network (core/sui/names.test.ts checks it against the
 * devnet's own constant).
 */
export const DEVNET_REGISTRY_TABLE_ID = '0x1288a5383cfb7dd474304f178100c978d2d00db7f44f2730ba7640cb579b2280';

/** SuiNS objects from @mysten/suins 1.2.3 `mainPackage` (checked against it by the tests). */
export const SUINS_REGISTRIES = {
  testnet: {
    typesPackageId: '0x22fa05f21b1ad71442491220bb9338f7b7095fe35000ef88d5400d28523bdd93',
    packageId: '0x40eee27b014a872f5c3330dcd5329aa55c7fe0fcc6e70c6498852e2e3727172e',
    registryId: '0x300369e8909b9a6464da265b9a5a9ab6fe2158a040e84e808628cde7a07ee5a3',
    registryTableId: '0xb120c0d55432630fce61f7854795a3463deb6e3b443cc4ae72e1282073ff56e4',
  },
  mainnet: {
    typesPackageId: '0xd22b24490e0bae52676651b4f56660a5ff8022a2576e0089f79b3c88d44e08f0',
    packageId: '0x71af035413ed499710980ed8adb010bbf2cc5cacf4ab37c7710a4bb87eb58ba5',
    registryId: '0x6e0ddefc0ad98889c04bab9639e512c21766c5e6366f89e696956d9be6952871',
    registryTableId: '0xe64cd9db9f829c6cc405d9790bd71567ae07259855f4fba6f02c84f52298c106',
  },
} as const;

/** Something about names went wrong; subclasses say what. */
export class NameServiceError extends Error {
  override name = 'NameServiceError';
}

/** Not a name SuiNS (or the registration rules) accept; `input` is what the user typed. */
export class InvalidNameError extends NameServiceError {
  override name = 'InvalidNameError';
  readonly input: string;

  constructor(input: string, reason: string) {
    super(`invalid name ${JSON.stringify(input)}: ${reason}`);
    this.input = input;
  }
}

/** The network has no name registry Floe can use for this (a devnet without one, SuiNS writes). */
export class NamesUnavailableError extends NameServiceError {
  override name = 'NamesUnavailableError';
}

/** Where a network's names live. */
export interface NameRegistry {
  /** `devnet`: Floe's free registry; `suins`: the real SuiNS (names are bought in its app). */
  readonly kind: 'devnet' | 'suins';
  /** The package that defines the types: `<id>::domain::Domain`, `…::SuinsRegistration`. */
  readonly typesPackageId: string;
  /** The package Move calls go to (`register`, `controller`). */
  readonly packageId: string;
  /** UID of the `Table<Domain, NameRecord>` whose dynamic fields are the name records. */
  readonly registryTableId: string;
  /**
   * The shared object controller calls take first: the devnet's `Registry`, SuiNS's `SuiNS`.
   * Null when the network config does not say (a devnet.json without `namesRegistryId`).
   */
  readonly registryId: string | null;
}

/**
 * Fields this module reads from a devnet `NetworkConfig` that `NetworkConfig` does not declare yet:
 * the devnet Registry's ID differs per genesis, so it can only come from devnet.json.
 */

/** The network's name registry, or null for a devnet that has none (its genesis predates it). */
export function nameRegistry(network: NetworkConfig): NameRegistry | null {
  if (network.name === 'testnet' || network.name === 'mainnet') {
    return { kind: 'suins', ...SUINS_REGISTRIES[network.name] };
  }
  if (!network.namesPackageId) return null;
  const registryId = network.namesRegistryId;
  return {
    kind: 'devnet',
    typesPackageId: network.namesPackageId,
    packageId: network.namesPackageId,
    registryTableId: DEVNET_REGISTRY_TABLE_ID,
    registryId: registryId ? normalizeSuiObjectId(registryId) : null,
  };
}

function requireRegistry(network: NetworkConfig): NameRegistry {
  const registry = nameRegistry(network);
  if (!registry) {
    throw new NamesUnavailableError(
      `this ${network.name} has no name registry (devnet.json has no packages.names): ` +
        'start a devnet from a fresh directory to get one',
    );
  }
  return registry;
}

function requireDevnetRegistry(
  network: NetworkConfig,
  action: string,
): NameRegistry & { registryId: string } {
  const registry = requireRegistry(network);
  if (registry.kind !== 'devnet') {
    throw new NamesUnavailableError(
      `cannot ${action} on ${network.name}: SuiNS names are bought in the SuiNS app (https://suins.io); ` +
        'once you hold one, `floe name set` can point it at a site',
    );
  }
  if (!registry.registryId) throw missingRegistryId(network, action);
  return { ...registry, registryId: registry.registryId };
}

function missingRegistryId(network: NetworkConfig, action: string): NamesUnavailableError {
  return new NamesUnavailableError(
    `cannot ${action} on this ${network.name}: its config does not say which object is the name ` +
      'Registry (namesRegistryId); restart the devnet with a Floe version that writes it to devnet.json',
  );
}

// --- Names ---------------------------------------------------------------------------------------

export interface SuiName {
  /** `<label>.sui`, lowercase: the form SuiNS records and events use. */
  readonly name: string;
  /** The name without `.sui`: the portal subdomain (`foo`, or `app.foo` for a subname). */
  readonly label: string;
  /** Labels TLD first (`app.foo.sui` → [sui, foo, app]): the `Domain` key of the record. */
  readonly domainLabels: readonly string[];
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * A name as the CLI accepts it: `foo`, `foo.sui`, `@foo`, and subnames `app.foo`, `app.foo.sui`,
 * `app@foo`. Case-insensitive like @mysten/sui's `normalizeSuiNSName`; each label then has to pass
 * SuiNS's `domain::new` rules (a-z, 0-9, inner hyphens, 1–63 characters, 235 in all).
 */
export function parseSuiName(input: string): SuiName {
  const text = input.trim().toLowerCase();
  if (text === '') throw new InvalidNameError(input, 'the name is empty');
  let labels: string[];
  if (text.includes('@')) {
    const [sub, domain, ...rest] = text.split('@');
    if (rest.length > 0) throw new InvalidNameError(input, "a name has at most one '@'");
    labels = [...(sub ? sub.split('.') : []), domain!, SUI_TLD];
  } else {
    labels = text.split('.');
    if (labels.length < 2 || labels.at(-1) !== SUI_TLD) labels.push(SUI_TLD);
  }
  const name = labels.join('.');
  if (name.length > MAX_NAME_LENGTH) {
    throw new InvalidNameError(input, `longer than ${MAX_NAME_LENGTH} characters`);
  }
  for (const label of labels) {
    if (label.length === 0) throw new InvalidNameError(input, 'it has an empty label (a stray dot)');
    if (label.length > MAX_LABEL_LENGTH) {
      throw new InvalidNameError(input, `label "${label}" is longer than ${MAX_LABEL_LENGTH} characters`);
    }
    if (!LABEL.test(label)) {
      throw new InvalidNameError(
        input,
        `label "${label}" may only use a-z, 0-9 and hyphens, and may not start or end with a hyphen`,
      );
    }
  }
  return { name, label: labels.slice(0, -1).join('.'), domainLabels: [...labels].reverse() };
}

/** A name that can be registered: a second-level `<label>.sui` with a label of 3–63 characters. */
export function parseRegistrableName(input: string): SuiName {
  const parsed = parseSuiName(input);
  if (parsed.domainLabels.length > 2) {
    throw new InvalidNameError(input, 'subnames cannot be registered, only <label>.sui');
  }
  if (parsed.label.length < MIN_SLD_LENGTH) {
    throw new InvalidNameError(input, `registered names need at least ${MIN_SLD_LENGTH} characters`);
  }
  return parsed;
}

// --- Reading records -----------------------------------------------------------------------------

// SuiNS layouts (suins `domain.move`, `name_record.move`, `suins_registration.move`). @mysten/suins
// exports its client, transaction builder and constants but keeps its generated layouts internal,
// and its client's record reads would bring an SDK client into the worker, which resolves names;
// so Floe spells out the few layouts it reads.
const Domain = bcs.struct('Domain', { labels: bcs.vector(bcs.string()) });
const NameRecordBcs = bcs.struct('NameRecord', {
  nft_id: bcs.Address,
  expiration_timestamp_ms: bcs.u64(),
  target_address: bcs.option(bcs.Address),
  data: VecMapBcs(bcs.string(), bcs.string()),
});
/** The object a record is stored in. */
const RecordField = FieldBcs(Domain, NameRecordBcs);
const SuinsRegistrationBcs = bcs.struct('SuinsRegistration', {
  id: bcs.Address,
  domain: Domain,
  domain_name: bcs.string(),
  expiration_timestamp_ms: bcs.u64(),
  image_url: bcs.string(),
});

/** A name's record as stored, expired or not. */
export interface NameRecord {
  /** `<label>.sui`. */
  readonly name: string;
  /** The `SuinsRegistration` NFT whose holder controls the record. */
  readonly nftId: string;
  readonly targetAddress: string | null;
  /** 0 for a leaf subname, which lives as long as its parent. */
  readonly expirationTimestampMs: number;
  /** User data: `walrus_site_id`, `avatar`, `content_hash`. */
  readonly data: Readonly<Record<string, string>>;
}

export interface NameLookupOptions {
  /** The time expiry is judged at. @default Date.now() */
  readonly nowMs?: number;
  readonly signal?: AbortSignal;
}

/** The dynamic-field object ID of `name`'s record in the registry table. */
export function nameRecordFieldId(registry: NameRegistry, name: SuiName): string {
  const key = Domain.serialize({ labels: [...name.domainLabels] }).toBytes();
  return deriveDynamicFieldID(registry.registryTableId, `${registry.typesPackageId}::domain::Domain`, key);
}

/**
 * The record of `name` (any form `parseSuiName` accepts) exactly as stored, or null if there is
 * none. Does not judge expiry: `resolveSiteName` does.
 * @throws InvalidNameError, NamesUnavailableError
 */
export async function getNameRecord(
  client: ObjectReader,
  network: NetworkConfig,
  name: string,
  options: Pick<NameLookupOptions, 'signal'> = {},
): Promise<NameRecord | null> {
  const parsed = parseSuiName(name);
  const [record] = await readRecords(client, requireRegistry(network), [parsed], options.signal);
  return record ?? null;
}

async function readRecords(
  client: ObjectReader,
  registry: NameRegistry,
  names: SuiName[],
  signal: AbortSignal | undefined,
): Promise<(NameRecord | null)[]> {
  const { objects } = await client.core.getObjects({
    objectIds: names.map((n) => nameRecordFieldId(registry, n)),
    include: { content: true },
    ...(signal ? { signal } : {}),
  });
  return objects.map((entry) => {
    const object = present(entry);
    if (!object) return null;
    // Asked for with `content`; an answer without it fails to parse, as a corrupt one would.
    const field = RecordField.parse(object.content ?? new Uint8Array());
    const data: Record<string, string> = {};
    for (const { key, value } of field.value.data.contents) data[key] = value;
    return {
      name: [...field.name.labels].reverse().join('.'),
      nftId: normalizeSuiAddress(field.value.nft_id),
      targetAddress: field.value.target_address ? normalizeSuiAddress(field.value.target_address) : null,
      expirationTimestampMs: Number(field.value.expiration_timestamp_ms),
      data,
    };
  });
}

/** What a name points at, for portals and `floe name show`. */
export interface ResolvedName {
  /** `<label>.sui`. */
  readonly name: string;
  /** The portal subdomain: the name without `.sui`. */
  readonly label: string;
  /** The record's `walrus_site_id`, or null if the name points at no site. */
  readonly siteId: string | null;
  /** The address the name resolves to, or null if unset. */
  readonly target: string | null;
  /** When the name stops resolving (a leaf subname: its parent's expiry). */
  readonly expiresAtMs: number;
  readonly nftId: string;
}

/**
 * Resolves a name to its site the way a Sui full node resolves names: null when there is no
 * record or it has expired (a leaf subname: when its parent has, or was re-registered). No grace
 * period applies to resolution; it only keeps others from registering the name for 30 days.
 * @throws InvalidNameError, NamesUnavailableError
 */
export async function resolveSiteName(
  client: ObjectReader,
  network: NetworkConfig,
  name: string,
  options: NameLookupOptions = {},
): Promise<ResolvedName | null> {
  const parsed = parseSuiName(name);
  const registry = requireRegistry(network);
  const parent: SuiName | null =
    parsed.domainLabels.length > 2
      ? parseSuiName(parsed.domainLabels.slice(0, -1).reverse().join('.'))
      : null;
  // The parent is fetched in the same request in case the name turns out to be a leaf.
  const [record, parentRecord] = await readRecords(
    client,
    registry,
    parent ? [parsed, parent] : [parsed],
    options.signal,
  );
  if (!record) return null;
  const now = options.nowMs ?? Date.now();
  let expiresAtMs = record.expirationTimestampMs;
  if (BigInt(expiresAtMs) === LEAF_EXPIRATION) {
    if (!parentRecord || parentRecord.nftId !== record.nftId) return null;
    expiresAtMs = parentRecord.expirationTimestampMs;
  }
  if (expiresAtMs < now) return null;
  const site = record.data[WALRUS_SITE_ID_KEY];
  return {
    name: parsed.name,
    label: parsed.label,
    siteId: site && isValidSuiObjectId(normalizeSuiObjectId(site)) ? normalizeSuiObjectId(site) : null,
    target: record.targetAddress,
    expiresAtMs,
    nftId: record.nftId,
  };
}

/** Whether a record's name may be registered afresh: past its expiry and its grace period. */
export function isReclaimable(record: NameRecord, nowMs: number = Date.now()): boolean {
  if (BigInt(record.expirationTimestampMs) === LEAF_EXPIRATION) return false;
  return record.expirationTimestampMs + GRACE_PERIOD_MS < nowMs;
}

// --- Registrations (the NFTs) --------------------------------------------------------------------

/** A `SuinsRegistration` NFT: holding it is what owning a name means. */
export interface Registration {
  readonly nftId: string;
  /** `<label>.sui`. */
  readonly name: string;
  readonly expirationTimestampMs: number;
}

export function registrationType(registry: NameRegistry): string {
  return normalizeStructTag(`${registry.typesPackageId}::suins_registration::SuinsRegistration`);
}

/**
 * `owner`'s registration NFT for `name`, or null if the address holds none. If it holds several
 * (an old one of a lapsed registration next to the current one), the one expiring last, which is
 * the current one if the owner holds it; compare `nftId` with the record's to be sure.
 * @throws InvalidNameError, NamesUnavailableError
 */
export async function findRegistration(
  client: ClientWithCoreApi,
  network: NetworkConfig,
  owner: string,
  name: string,
  options: Pick<NameLookupOptions, 'signal'> = {},
): Promise<Registration | null> {
  const wanted = parseSuiName(name).name;
  const registry = requireRegistry(network);
  let best: Registration | null = null;
  let cursor: string | null = null;
  do {
    const page: SuiClientTypes.ListOwnedObjectsResponse<{ content: true }> =
      await client.core.listOwnedObjects({
        owner,
        type: registrationType(registry),
        include: { content: true },
        cursor,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    for (const object of page.objects) {
      const nft = SuinsRegistrationBcs.parse(object.content);
      const domainName = [...nft.domain.labels].reverse().join('.');
      if (domainName !== wanted) continue;
      const expirationTimestampMs = Number(nft.expiration_timestamp_ms);
      if (!best || expirationTimestampMs > best.expirationTimestampMs) {
        best = { nftId: normalizeSuiAddress(nft.id), name: domainName, expirationTimestampMs };
      }
    }
    cursor = page.hasNextPage ? page.cursor : null;
  } while (cursor !== null);
  return best;
}

// --- Transactions --------------------------------------------------------------------------------

export interface RegisterNameOptions {
  readonly network: NetworkConfig;
  /** `foo`, `foo.sui` or `@foo`: a second-level name. */
  readonly name: string;
  /** Receives the NFT and becomes the name's target address. */
  readonly owner: string;
  /** The Site object the name should serve (`walrus_site_id`). */
  readonly siteId: string;
  /** 1–5. @default 1 */
  readonly years?: number;
}

/**
 * Registers `<label>.sui` on the devnet (free), targets it at `owner`, sets `walrus_site_id` and
 * hands the NFT to `owner`, in one transaction. Aborts on chain if the name is taken and not past
 * its grace period.
 * @throws InvalidNameError, NamesUnavailableError (not the devnet, or no Registry ID in the config)
 */
export function registerNameTransaction(options: RegisterNameOptions): Transaction {
  const name = parseRegistrableName(options.name);
  const years = options.years ?? 1;
  if (!Number.isInteger(years) || years < 1 || years > MAX_REGISTRATION_YEARS) {
    throw new RangeError(`years must be a whole number from 1 to ${MAX_REGISTRATION_YEARS}, got ${years}`);
  }
  const owner = objectIdOrThrow(options.owner, 'owner');
  const siteId = objectIdOrThrow(options.siteId, 'site ID');
  const registry = requireDevnetRegistry(options.network, 'register names');
  const tx = new Transaction();
  const shared = tx.object(registry.registryId);
  const nft = tx.moveCall({
    target: `${registry.packageId}::register::register`,
    arguments: [shared, tx.pure.string(name.name), tx.pure.u8(years), tx.pure.option('address', owner)],
  });
  tx.moveCall({
    target: `${registry.packageId}::controller::set_user_data`,
    arguments: [shared, nft, tx.pure.string(WALRUS_SITE_ID_KEY), tx.pure.string(siteId)],
  });
  tx.transferObjects([nft], owner);
  return tx;
}

export interface SetSiteOptions {
  readonly network: NetworkConfig;
  /** The name's current `SuinsRegistration`, held by the sender (see `findRegistration`). */
  readonly nftId: string;
  readonly siteId: string;
}

/**
 * Points the name of `nftId` at `siteId` (`controller::set_user_data(walrus_site_id)`). On the
 * devnet through its Registry; on testnet/mainnet through SuiNS's controller, which also takes the
 * Clock. Aborts on chain if the NFT is not the record's current one or the name has expired.
 * @throws NamesUnavailableError
 */
export function setSiteTransaction(options: SetSiteOptions): Transaction {
  const nftId = objectIdOrThrow(options.nftId, 'NFT ID');
  const siteId = objectIdOrThrow(options.siteId, 'site ID');
  const registry = requireRegistry(options.network);
  if (!registry.registryId) throw missingRegistryId(options.network, 'point names at sites');
  const tx = new Transaction();
  tx.moveCall({
    target: `${registry.packageId}::controller::set_user_data`,
    arguments: [
      tx.object(registry.registryId),
      tx.object(nftId),
      tx.pure.string(WALRUS_SITE_ID_KEY),
      tx.pure.string(siteId),
      ...(registry.kind === 'suins' ? [tx.object(SUI_CLOCK_OBJECT_ID)] : []),
    ],
  });
  return tx;
}

// --- Helpers -------------------------------------------------------------------------------------

function objectIdOrThrow(value: string, what: string): string {
  const id = /^0x[0-9a-fA-F]{1,64}$/.test(value.trim()) ? normalizeSuiObjectId(value.trim()) : null;
  if (!id || !isValidSuiObjectId(id))
    throw new TypeError(`${what} ${JSON.stringify(value)} is not a Sui object ID`);
  return id;
}

type ContentObject = ChainObject;

/** The object, or null if it does not exist (any other per-object error is thrown). */
function present(entry: ContentObject | Error | undefined): ContentObject | null {
  if (entry === undefined) return null;
  if (entry instanceof Error) {
    if (entry instanceof ObjectError && (entry.reason === 'notFound' || entry.reason === 'deleted'))
      return null;
    throw entry;
  }
  return entry;
}
