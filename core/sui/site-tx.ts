// Pure builders of the transactions that create, update and destroy a site (the site-builder's
// algorithm, MystenLabs/walrus-sites site-builder). Nothing here talks to the network: inputs that
// need the chain (the site object's version, gas) are left for `Transaction.build({ client })`.
//
// A new site's ID is only known once its first transaction has executed, so the update API is a
// plan: `first()` creates (or starts updating) the site, `rest(siteId)` continues it. Execute the
// transactions one at a time, in order, and build each only after the previous one's effects are
// in: each one refers to the site by ID, and the client resolves its current version at build.
import { bcs } from '@mysten/sui/bcs';
import { Transaction, type TransactionArgument, type TransactionResult } from '@mysten/sui/transactions';
import { isValidSuiAddress, normalizeStructTag, normalizeSuiAddress, toHex } from '@mysten/sui/utils';
import type { Redirect, SiteMetadata, SiteResource } from '../site/types.ts';
import { InvalidSiteUpdateError } from './errors.ts';
import { isRedirectStatus } from './site-bcs.ts';
import { siteType } from './site-fields.ts';
import { stepMarker, type UpdateStep } from './site-steps.ts';
import {
  DEFAULT_PTB_LIMITS,
  estimateCalls,
  newSiteCalls,
  opCalls,
  SITE_INPUT_BYTES,
  splitOps,
  TRANSFER_COST,
  type Cost,
  type PlannedCall,
  type PtbLimits,
  type SiteOp,
} from './site-plan.ts';

export type SiteTarget =
  | {
      readonly kind: 'new';
      readonly name: string;
      readonly metadata: SiteMetadata;
      /** Address the new Site object is transferred to. */
      readonly owner: string;
    }
  | { readonly kind: 'existing'; readonly siteId: string };

export type RouteList = readonly (readonly [pattern: string, target: string])[];
export type RedirectList = readonly (readonly [pattern: string, redirect: Redirect])[];

export interface SiteTransactionsOptions {
  /** The walrus_site package to call: its published-at ID (the latest upgrade). */
  readonly packageId: string;
  readonly target: SiteTarget;
  /** Paths to remove (removing an absent path is a no-op). Include every created path that exists. */
  readonly deletes?: readonly string[];
  /** Resources to add. A path that exists on chain must also be in `deletes`, or `add_resource` aborts. */
  readonly creates?: readonly SiteResource[];
  /** The complete new route list; null/undefined leaves routes unchanged, [] removes them. */
  readonly routes?: RouteList | null;
  /** The complete new redirect list; null/undefined leaves redirects unchanged, [] removes them. */
  readonly redirects?: RedirectList | null;
  /** New name of an existing site (a new site takes `target.name`). */
  readonly name?: string;
  /** New metadata of an existing site (a new site takes `target.metadata`). */
  readonly metadata?: SiteMetadata;
  /** Per-transaction limits. @default DEFAULT_PTB_LIMITS (1000 calls, 120 000 bytes) */
  readonly limits?: Partial<PtbLimits>;
}

/** Every transaction references the site once (an object input or new_site's result). */
const SITE_REF: Cost = { calls: 0, bytes: SITE_INPUT_BYTES };

/** The transactions of one site update, in execution order. */
export class SiteTransactionPlan {
  /** The ops of each transaction. For a new site batch 0 may be empty (it still creates the site). */
  readonly batches: readonly (readonly SiteOp[])[];
  readonly #packageId: string;
  readonly #target: SiteTarget;

  constructor(packageId: string, target: SiteTarget, batches: readonly (readonly SiteOp[])[]) {
    this.#packageId = packageId;
    this.#target = target;
    this.batches = batches;
  }

  /** Number of transactions: at least 1 for a new site, 0 for an existing site with no changes. */
  get count(): number {
    return this.batches.length;
  }

  /**
   * The transaction to run first, or null if there is nothing to do. For a new site it creates
   * the Site, applies the first batch and transfers the Site to the owner; read the new ID from
   * its effects with `createdSiteId`.
   */
  first(): Transaction | null {
    const batch = this.batches[0];
    if (!batch) return null;
    const target = this.#target;
    return target.kind === 'new'
      ? buildBatch(
          this.#packageId,
          { kind: 'new', name: target.name, metadata: target.metadata, owner: target.owner },
          batch,
          this.#step(0),
        )
      : buildBatch(this.#packageId, { kind: 'existing', siteId: target.siteId }, batch, this.#step(0));
  }

  /**
   * The transactions after `first()`. `siteId` is required for a new site (the ID its first
   * transaction created); for an existing site it may be omitted but must match if given.
   */
  rest(siteId?: string): Transaction[] {
    return this.batches.slice(1).map((_, i) => this.after(i + 1, siteId));
  }

  /**
   * Transaction `index` (1 ≤ index < count) of `rest(siteId)`, built alone: an update of
   * thousands of resources then holds one transaction at a time, not all of them.
   */
  after(index: number, siteId?: string): Transaction {
    const batch = this.batches[index];
    if (index < 1 || !batch) throw new RangeError(`no site transaction ${index} after the first`);
    const id = this.#siteIdFor(siteId);
    return buildBatch(this.#packageId, { kind: 'existing', siteId: id }, batch, this.#step(index));
  }

  /** Only an update of several transactions marks them (site-steps.ts). */
  #step(batch: number): UpdateStep | null {
    return this.batches.length > 1 ? { index: batch + 1, count: this.batches.length } : null;
  }

  #siteIdFor(siteId: string | undefined): string {
    const target = this.#target;
    if (target.kind === 'existing') {
      if (siteId !== undefined && normalizeSuiAddress(siteId) !== normalizeSuiAddress(target.siteId)) {
        throw new InvalidSiteUpdateError(`plan is for site ${target.siteId}, not ${siteId}`);
      }
      return target.siteId;
    }
    if (siteId === undefined) {
      throw new InvalidSiteUpdateError(
        'the rest of a new site needs the ID created by its first transaction',
      );
    }
    return siteId;
  }
}

/** Plans a site update: validates it, orders it (deletes, creates, routes, redirects, name, metadata) and splits it. */
export function buildSiteTransactions(options: SiteTransactionsOptions): SiteTransactionPlan {
  const limits = { ...DEFAULT_PTB_LIMITS, ...options.limits };
  const target = options.target;
  const isNew = target.kind === 'new';
  if (isNew && (options.name !== undefined || options.metadata !== undefined)) {
    throw new InvalidSiteUpdateError('a new site takes its name and metadata from the target');
  }
  if (isNew && !isValidSuiAddress(normalizeSuiAddress(target.owner))) {
    throw new InvalidSiteUpdateError(`owner ${target.owner} is not a Sui address`);
  }
  const ops: SiteOp[] = [];
  for (const path of options.deletes ?? []) ops.push({ kind: 'deleteResource', path });
  const created = new Set<string>();
  for (const resource of options.creates ?? []) {
    if (created.has(resource.path))
      throw new InvalidSiteUpdateError(`resource ${resource.path} is created twice`);
    created.add(resource.path);
    checkRange(resource);
    ops.push({ kind: 'createResource', resource });
  }
  if (options.routes != null) {
    // A brand-new site has nothing to clear.
    if (!isNew) ops.push({ kind: 'clearRoutes' });
    if (options.routes.length > 0) {
      ops.push({ kind: 'createRoutes' });
      for (const [pattern, target] of unique('route', options.routes)) {
        ops.push({ kind: 'insertRoute', pattern, target });
      }
    }
  }
  if (options.redirects != null) {
    if (!isNew) ops.push({ kind: 'clearRedirects' });
    if (options.redirects.length > 0) {
      ops.push({ kind: 'createRedirects' });
      for (const [pattern, redirect] of unique('redirect', options.redirects)) {
        if (!isRedirectStatus(redirect.statusCode)) {
          throw new InvalidSiteUpdateError(`redirect ${pattern} has status ${redirect.statusCode}`);
        }
        ops.push({ kind: 'insertRedirect', pattern, redirect });
      }
    }
  }
  if (options.name !== undefined) ops.push({ kind: 'updateName', name: options.name });
  if (options.metadata !== undefined) ops.push({ kind: 'updateMetadata', metadata: options.metadata });

  const firstReserve = isNew ? newSiteCost(target.name, target.metadata) : undefined;
  const batches = splitOps(ops, limits, SITE_REF, firstReserve);
  // Only a new site keeps an empty first batch: that transaction still creates the site.
  return new SiteTransactionPlan(
    options.packageId,
    target,
    isNew ? batches : batches.filter((b) => b.length > 0),
  );
}

export interface DestroyTransactionsOptions {
  /** The walrus_site package to call (published-at ID). */
  readonly packageId: string;
  readonly siteId: string;
  /** Every resource path of the site: `burn` does not remove them and they would be orphaned. */
  readonly paths: readonly string[];
  readonly hasRoutes: boolean;
  readonly hasRedirects: boolean;
  readonly limits?: Partial<PtbLimits>;
}

/**
 * Removes every resource, the routes and the redirects, then burns the site (in the last
 * transaction; `burn` aborts while routes or redirects exist). Run in order, like an update.
 */
export function buildDestroyTransactions(options: DestroyTransactionsOptions): Transaction[] {
  const ops: SiteOp[] = options.paths.map((path) => ({ kind: 'deleteResource', path }));
  if (options.hasRoutes) ops.push({ kind: 'clearRoutes' });
  if (options.hasRedirects) ops.push({ kind: 'clearRedirects' });
  ops.push({ kind: 'burn' });
  const batches = splitOps(ops, { ...DEFAULT_PTB_LIMITS, ...options.limits }, SITE_REF).filter(
    (b) => b.length > 0,
  );
  return batches.map((batch) =>
    buildBatch(options.packageId, { kind: 'existing', siteId: options.siteId }, batch),
  );
}

/** What `createdSiteId` needs of an executed transaction (include `effects` and `objectTypes`). */
export interface CreatedObjects {
  readonly effects: { readonly changedObjects: readonly { objectId: string; idOperation: string }[] };
  readonly objectTypes: Readonly<Record<string, string>>;
}

/** The ID of the Site a `first()` transaction created, or null if it created none. */
export function createdSiteId(transaction: CreatedObjects, originalPackageId: string): string | null {
  const expected = normalizeStructTag(siteType(originalPackageId));
  for (const change of transaction.effects.changedObjects) {
    if (change.idOperation !== 'Created') continue;
    const type = transaction.objectTypes[change.objectId];
    if (type && normalizeStructTag(type) === expected) return change.objectId;
  }
  return null;
}

type BatchSite =
  { kind: 'new'; name: string; metadata: SiteMetadata; owner: string } | { kind: 'existing'; siteId: string };

function buildBatch(
  packageId: string,
  site: BatchSite,
  ops: readonly SiteOp[],
  step: UpdateStep | null = null,
): Transaction {
  const tx = new Transaction();
  if (step) tx.pure(stepMarker(step));
  const pkg = normalizeSuiAddress(packageId);
  // Equal pure values (header names, common values) share one input; Sui copies pure inputs per use.
  const pures = new Map<string, TransactionArgument>();
  let siteArg: TransactionArgument | undefined =
    site.kind === 'existing' ? tx.object(site.siteId) : undefined;
  const emit = (calls: readonly PlannedCall[]): TransactionResult[] => {
    const results: TransactionResult[] = [];
    for (const call of calls) {
      const args = call.args.map((arg): TransactionArgument => {
        if (arg.kind === 'site') return siteArg!;
        if (arg.kind === 'result') return results[arg.call]!;
        const key = `${arg.type}:${toHex(arg.bytes)}`;
        let input = pures.get(key);
        if (!input) pures.set(key, (input = tx.pure(arg.bytes)));
        return input;
      });
      results.push(tx.moveCall({ target: `${pkg}::${call.module}::${call.fn}`, arguments: args }));
    }
    return results;
  };
  if (site.kind === 'new') siteArg = emit(newSiteCalls(site.name, site.metadata))[1]!;
  for (const op of ops) emit(opCalls(op));
  if (site.kind === 'new')
    tx.transferObjects([siteArg!], tx.pure(bcs.Address.serialize(site.owner).toBytes()));
  return tx;
}

function newSiteCost(name: string, metadata: SiteMetadata): Cost {
  const calls = estimateCalls(newSiteCalls(name, metadata));
  return { calls: calls.calls + TRANSFER_COST.calls, bytes: calls.bytes + TRANSFER_COST.bytes };
}

function checkRange(resource: SiteResource): void {
  const range = resource.range;
  // new_range aborts (code 1) unless end > start, although the bounds are documented as inclusive.
  if (range && range.start !== null && range.end !== null && !(range.end > range.start)) {
    throw new InvalidSiteUpdateError(`resource ${resource.path} has range ${range.start}..${range.end}`);
  }
}

/** VecMap.insert aborts on a duplicate key, so a duplicate pattern would fail on chain. */
function unique<T>(what: string, entries: readonly (readonly [string, T])[]): (readonly [string, T])[] {
  const seen = new Set<string>();
  for (const [pattern] of entries) {
    if (seen.has(pattern)) throw new InvalidSiteUpdateError(`${what} ${pattern} is listed twice`);
    seen.add(pattern);
  }
  return [...entries];
}
