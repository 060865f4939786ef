// `floe name set <name> <site>` and `floe name show <name>`: the handlers behind the commands,
// as plain functions of already-parsed arguments (the CLI wiring opens the network and loads the
// signer). `set` registers the name if it is free (devnet), re-points it if the signer holds its
// NFT, and refuses if someone else does; `show` prints where a name points and who holds it.
import type { ClientWithCoreApi } from '@mysten/sui/client';
import type { Signer } from '@mysten/sui/cryptography';
import type { Transaction } from '@mysten/sui/transactions';
import { normalizeStructTag, normalizeSuiAddress } from '@mysten/sui/utils';
import { base36ToObjectId, objectIdToBase36 } from '../../core/site/base36.ts';
import { normalizeObjectId } from '../../core/site/object-id.ts';
import { NotASiteError, SiteNotFoundError } from '../../core/sui/errors.ts';
import {
  GRACE_PERIOD_MS,
  NameServiceError,
  WALRUS_SITE_ID_KEY,
  findRegistration,
  getNameRecord,
  isReclaimable,
  nameRegistry,
  parseRegistrableName,
  parseSuiName,
  registerNameTransaction,
  registrationType,
  resolveSiteName,
  setSiteTransaction,
} from '../../core/sui/names.ts';
import { portalSiteUrl } from '../../core/sui/networks.ts';
import { siteType } from '../../core/sui/site-fields.ts';
import { toJson } from '../cli/command.ts';
import type { NetworkContext } from '../network.ts';

export const NAME_SET_USAGE = `usage: floe name set <name> <site-id | base36-label> [--network <name>] [--transport grpc|json-rpc] [--json]

Points a name (foo, foo.sui or @foo) at a site, so the portal serves it at http://foo.localhost:3000/.
On the devnet a free name is registered for you (1 year). A name you hold is re-pointed; a name
someone else holds is refused. On testnet and mainnet, buy the name in the SuiNS app first.`;

export const NAME_SHOW_USAGE = `usage: floe name show <name> [--network <name>] [--transport grpc|json-rpc] [--json]

Prints the site a name points at (object ID and base36 label), its portal URL, the address that
holds the name, the address it targets, and when it expires.`;

export interface NameShowArgs {
  /** `foo`, `foo.sui` or `@foo`. */
  readonly name: string;
  /** Only the network config and Sui client are used. */
  readonly network: Pick<NetworkContext, 'network' | 'sui'>;
  /** Print one JSON object instead of text. */
  readonly json: boolean;
  readonly out: (line: string) => void;
}

export interface NameSetArgs extends NameShowArgs {
  /** The site: its object ID (`0x…`) or base36 label. */
  readonly siteId: string;
  readonly signer: Signer;
}

/** The name is held by another address, so the signer cannot point it anywhere. */
export class NameTakenError extends NameServiceError {
  override name = 'NameTakenError';
  /** The address holding the name's NFT, when it is address-owned. */
  readonly holder: string | null;

  constructor(message: string, holder: string | null) {
    super(message);
    this.holder = holder;
  }
}

export type NameSetAction = 'registered' | 'updated' | 'unchanged';

export interface NameSetResult {
  readonly name: string;
  readonly siteId: string;
  readonly action: NameSetAction;
  readonly nftId: string;
  /** Null when nothing had to change. */
  readonly digest: string | null;
  readonly url: string;
}

/**
 * `floe name set`: makes `name` serve `siteId`, registering it (devnet), re-pointing it (held by
 * the signer) or doing nothing (already pointing there). Errors name the holder if it is not
 * the signer's. Returns the exit code (0).
 * @throws InvalidNameError, NameTakenError, NamesUnavailableError, SiteNotFoundError, NotASiteError
 */
export async function nameSet(args: NameSetArgs): Promise<number> {
  const { network, sui } = args.network;
  const parsed = parseRegistrableName(args.name);
  const siteId = parseSiteId(args.siteId);
  const owner = normalizeSuiAddress(args.signer.toSuiAddress());
  const [record] = await Promise.all([getNameRecord(sui, network, parsed.name), expectSite(args, siteId)]);
  const now = Date.now();
  let action: NameSetAction;
  let nftId: string;
  let digest: string | null = null;
  if (!record || isReclaimable(record, now)) {
    const tx = registerNameTransaction({ network, name: parsed.name, owner, siteId });
    const result = await execute(sui, args.signer, tx);
    digest = result.digest;
    const type = registrationType(nameRegistry(network)!);
    const created = Object.entries(result.objectTypes).find(
      ([id, objectType]) => result.created.has(id) && normalizeStructTag(objectType) === type,
    );
    nftId = created ? normalizeSuiAddress(created[0]) : '';
    action = 'registered';
  } else {
    const held = await findRegistration(sui, network, owner, parsed.name);
    if (!held || held.nftId !== record.nftId) {
      const holder = await nftHolder(sui, record.nftId);
      throw new NameTakenError(
        `${parsed.name} is registered to ${holder ?? `whoever holds NFT ${record.nftId}`}, not to you ` +
          `(${owner}); pick another name` +
          (record.expirationTimestampMs > 0
            ? ` or wait until it can be registered again after ${isoDate(record.expirationTimestampMs + GRACE_PERIOD_MS)}`
            : ''),
        holder,
      );
    }
    if (record.expirationTimestampMs < now) {
      throw new NameServiceError(
        `${parsed.name} expired on ${isoDate(record.expirationTimestampMs)}; it stays yours until ` +
          `${isoDate(record.expirationTimestampMs + GRACE_PERIOD_MS)} but must be renewed before it can point at a site`,
      );
    }
    nftId = record.nftId;
    if (normalizeObjectId(record.data[WALRUS_SITE_ID_KEY] ?? '') === siteId) {
      action = 'unchanged';
    } else {
      digest = (await execute(sui, args.signer, setSiteTransaction({ network, nftId, siteId }))).digest;
      action = 'updated';
    }
  }
  const result: NameSetResult = {
    name: parsed.name,
    siteId,
    action,
    nftId,
    digest,
    url: portalSiteUrl(network, parsed.label),
  };
  if (args.json) {
    args.out(toJson(result));
  } else {
    const verb = { registered: 'registered', updated: 'now points at', unchanged: 'already points at' }[
      action
    ];
    args.out(
      action === 'registered'
        ? `${result.name} registered, pointing at ${siteId}`
        : `${result.name} ${verb} ${siteId}`,
    );
    args.out(`  ${result.url}`);
  }
  return 0;
}

export type NameStatus = 'active' | 'expired' | 'reclaimable';

export interface NameShowResult {
  readonly network: string;
  readonly name: string;
  readonly registered: boolean;
  /** `expired`: past expiry, still the holder's for the grace period; `reclaimable`: anyone's. */
  readonly status?: NameStatus;
  readonly siteId?: string | null;
  readonly siteLabel?: string | null;
  /** The portal URL by name; null while the name does not resolve to a site. */
  readonly url?: string | null;
  /** The address holding the name's NFT (null if not address-owned, e.g. in a kiosk). */
  readonly owner?: string | null;
  readonly target?: string | null;
  readonly nftId?: string;
  /** 0 for a leaf subname (it lives as long as its parent). */
  readonly expiresAtMs?: number;
  readonly expiresAt?: string | null;
}

/**
 * `floe name show`: where a name points and who holds it. Returns the exit code: 0, or 1 when the
 * name is not registered (still printed, as `registered: false` with --json).
 * @throws InvalidNameError, NamesUnavailableError
 */
export async function nameShow(args: NameShowArgs): Promise<number> {
  const { network, sui } = args.network;
  const parsed = parseSuiName(args.name);
  const now = Date.now();
  const [record, resolved] = await Promise.all([
    getNameRecord(sui, network, parsed.name),
    resolveSiteName(sui, network, parsed.name, { nowMs: now }),
  ]);
  if (!record) {
    if (args.json) args.out(toJson({ network: network.name, name: parsed.name, registered: false }));
    else args.out(`${parsed.name} is not registered on ${network.name}`);
    return 1;
  }
  const owner = await nftHolder(sui, record.nftId);
  const status: NameStatus = resolved ? 'active' : isReclaimable(record, now) ? 'reclaimable' : 'expired';
  const siteId = normalizeObjectId(record.data[WALRUS_SITE_ID_KEY] ?? '');
  const expiresAtMs = resolved?.expiresAtMs ?? record.expirationTimestampMs;
  const result: NameShowResult = {
    network: network.name,
    name: parsed.name,
    registered: true,
    status,
    siteId,
    siteLabel: siteId ? objectIdToBase36(siteId) : null,
    url: resolved?.siteId ? portalSiteUrl(network, parsed.label) : null,
    owner,
    target: record.targetAddress,
    nftId: record.nftId,
    expiresAtMs,
    expiresAt: expiresAtMs > 0 ? isoDate(expiresAtMs) : null,
  };
  if (args.json) {
    args.out(toJson(result));
    return 0;
  }
  const rows: [string, string][] = [
    ['name', parsed.name],
    ['site', siteId ?? '(none: the name has no walrus_site_id)'],
  ];
  if (result.siteLabel) rows.push(['base36', result.siteLabel]);
  if (result.url) rows.push(['url', result.url]);
  rows.push(['owner', owner ?? `(NFT ${record.nftId} is not held by an address)`]);
  rows.push(['target', record.targetAddress ?? '(none)']);
  rows.push(['expires', describeExpiry(status, expiresAtMs)]);
  for (const [key, value] of rows) args.out(`${`${key}:`.padEnd(9)}${value}`);
  return 0;
}

function describeExpiry(status: NameStatus, expiresAtMs: number): string {
  if (expiresAtMs === 0) return 'with its parent name';
  const at = isoDate(expiresAtMs);
  if (status === 'active') return at;
  if (status === 'expired') {
    return `${at} (expired; the holder can renew it until ${isoDate(expiresAtMs + GRACE_PERIOD_MS)})`;
  }
  return `${at} (expired; anyone can register it again)`;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

/** `0x…` object ID or base36 label → object ID. */
function parseSiteId(input: string): string {
  const text = input.trim();
  const id = /^0x/i.test(text) ? normalizeObjectId(text) : base36ToObjectId(text);
  if (!id)
    throw new TypeError(`${JSON.stringify(input)} is neither a site object ID (0x…) nor a base36 label`);
  return id;
}

/** The site must exist and be a walrus_site Site, or the name would point at nothing a portal serves. */
async function expectSite(args: NameShowArgs, siteId: string): Promise<void> {
  const { network, sui } = args.network;
  const {
    objects: [object],
  } = await sui.core.getObjects({ objectIds: [siteId] });
  if (!object || object instanceof Error)
    throw new SiteNotFoundError(siteId, object ? { cause: object } : undefined);
  const expected = siteType(network.walrusSite.originalPackageId);
  if (normalizeStructTag(object.type) !== normalizeStructTag(expected)) {
    throw new NotASiteError(siteId, object.type, expected);
  }
}

/** Who holds an NFT: its owning address, or null (gone, in a kiosk, wrapped, shared). */
async function nftHolder(client: ClientWithCoreApi, nftId: string): Promise<string | null> {
  const {
    objects: [object],
  } = await client.core.getObjects({ objectIds: [nftId] });
  if (!object || object instanceof Error) return null;
  return object.owner.$kind === 'AddressOwner' ? normalizeSuiAddress(object.owner.AddressOwner) : null;
}

/** Signs, executes and waits until the transaction is readable; throws if it failed. */
async function execute(client: ClientWithCoreApi, signer: Signer, tx: Transaction) {
  tx.setSenderIfNotSet(signer.toSuiAddress());
  const result = await client.core.signAndExecuteTransaction({
    transaction: tx,
    signer,
    include: { effects: true, objectTypes: true },
  });
  if (result.$kind !== 'Transaction') {
    const failed = result.FailedTransaction;
    throw new NameServiceError(
      `transaction ${failed.digest} failed: ${failed.status.error?.message ?? 'unknown error'}`,
    );
  }
  await client.core.waitForTransaction({ digest: result.Transaction.digest });
  const created = new Set(
    result.Transaction.effects.changedObjects
      .filter((change) => change.idOperation === 'Created')
      .map((change) => change.objectId),
  );
  return { digest: result.Transaction.digest, objectTypes: result.Transaction.objectTypes, created };
}
