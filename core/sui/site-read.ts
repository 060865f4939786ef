// Reading a site from Sui through the transport-neutral `client.core` API, so the same code runs
// over JSON-RPC (devnet) and gRPC (testnet/mainnet). Routes, redirects and single resources are
// fetched by derived field IDs; the full resource list needs the site's dynamic-field listing.
import type { ClientWithCoreApi, SuiClientTypes } from '@mysten/sui/client';
import { ObjectError } from '@mysten/sui/client';
import { normalizeStructTag } from '@mysten/sui/utils';
import type { Redirect, SiteMetadata, SiteResource } from '../site/types.ts';
import { NotASiteError, SiteNotFoundError } from './errors.ts';
import { parseRedirectsField, parseResourceField, parseRoutesField, parseSite } from './site-bcs.ts';
import {
  redirectsFieldId,
  resourceFieldId,
  resourcePathType,
  routesFieldId,
  siteType,
} from './site-fields.ts';

/** Sui full nodes serve at most 50 objects per multi-get (JSON-RPC and gRPC alike). */
export const MAX_OBJECTS_PER_REQUEST = 50;

export interface ReadSiteOptions {
  /** The walrus_site package's *original* ID (type identity; not the published-at ID of an upgrade). */
  readonly packageId: string;
  /** Multi-gets of resource fields in flight at once. @default 4 */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
}

export interface OnChainSite {
  readonly id: string;
  readonly version: string;
  readonly digest: string;
  /** The owning address, or null if the site is not address-owned (shared, wrapped, …). */
  readonly owner: string | null;
  readonly name: string;
  readonly metadata: SiteMetadata;
  /** Keyed by path, sorted by path (code-unit order), so two reads of one site compare equal. */
  readonly resources: Map<string, SiteResource>;
  /** In on-chain order, which is the order the portal matches them in. */
  readonly routes: [pattern: string, target: string][];
  readonly redirects: [pattern: string, redirect: Redirect][];
}

/**
 * Reads a whole site: the object, its routes and redirects (one multi-get by derived IDs), then
 * every resource field (paged listing, multi-gets of 50). Not a snapshot: a deploy running at the
 * same time can make the result mix old and new resources.
 */
export async function readSite(
  client: ClientWithCoreApi,
  siteId: string,
  options: ReadSiteOptions,
): Promise<OnChainSite> {
  const { signal } = options;
  const {
    objects: [site, routes, redirects],
  } = await client.core.getObjects({
    objectIds: [siteId, routesFieldId(siteId), redirectsFieldId(siteId)],
    include: { content: true },
    ...(signal ? { signal } : {}),
  });
  const object = expectSite(siteId, site, options.packageId);
  const decoded = parseSite(object.content);
  const routeField = present(routes);
  const redirectField = present(redirects);
  return {
    id: object.objectId,
    version: object.version,
    digest: object.digest,
    owner: object.owner.$kind === 'AddressOwner' ? object.owner.AddressOwner : null,
    name: decoded.name,
    metadata: decoded.metadata,
    resources: await readResources(client, object.objectId, options),
    routes: routeField ? parseRoutesField(routeField.content) : [],
    redirects: redirectField ? parseRedirectsField(redirectField.content) : [],
  };
}

/**
 * One resource by its derived field ID: a single request and no listing, for the portal's hot
 * path. Null if the site has no resource at `path` (or the site itself does not exist: the ID of
 * a field says nothing about whether its parent is still there).
 */
export async function readResource(
  client: ClientWithCoreApi,
  siteId: string,
  path: string,
  options: { readonly packageId: string; readonly signal?: AbortSignal },
): Promise<SiteResource | null> {
  const {
    objects: [field],
  } = await client.core.getObjects({
    objectIds: [resourceFieldId(siteId, path, options.packageId)],
    include: { content: true },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const found = present(field);
  return found ? parseResourceField(found.content) : null;
}

type ContentObject = SuiClientTypes.Object<{ content: true }>;

function isMissing(error: Error): boolean {
  return error instanceof ObjectError && (error.reason === 'notFound' || error.reason === 'deleted');
}

/** The object, or null if it does not exist (any other per-object error is thrown). */
function present(entry: ContentObject | Error | undefined): ContentObject | null {
  if (entry === undefined) return null;
  if (entry instanceof Error) {
    if (isMissing(entry)) return null;
    throw entry;
  }
  return entry;
}

function expectSite(
  siteId: string,
  entry: ContentObject | Error | undefined,
  packageId: string,
): ContentObject {
  const object = present(entry);
  if (!object) throw new SiteNotFoundError(siteId, entry instanceof Error ? { cause: entry } : undefined);
  const expected = siteType(packageId);
  if (!sameStructType(object.type, expected)) throw new NotASiteError(siteId, object.type, expected);
  return object;
}

/** Compares struct types whatever address form each transport prints (`0x2` vs 0x000…002). */
function sameStructType(a: string, b: string): boolean {
  if (!a.includes('::')) return false;
  try {
    return normalizeStructTag(a) === normalizeStructTag(b);
  } catch {
    return false;
  }
}

async function readResources(
  client: ClientWithCoreApi,
  siteId: string,
  options: ReadSiteOptions,
): Promise<Map<string, SiteResource>> {
  const { signal } = options;
  const pathType = resourcePathType(options.packageId);
  const limit = createLimiter(Math.max(1, options.concurrency ?? 4));
  const fetches: Promise<SiteResource[]>[] = [];
  let pending: string[] = [];
  const flush = (ids: string[]) => {
    const fetch = limit(() => fetchResourceFields(client, ids, signal));
    // Handled by Promise.all below; without this a failure while we still list would be reported
    // as an unhandled rejection.
    fetch.catch(() => {});
    fetches.push(fetch);
  };
  let cursor: string | null = null;
  // Fetching starts while later pages are still being listed; the listing itself is sequential
  // because each page needs the previous page's cursor.
  do {
    const page: SuiClientTypes.ListDynamicFieldsResponse = await client.core.listDynamicFields({
      parentId: siteId,
      cursor,
      ...(signal ? { signal } : {}),
    });
    for (const entry of page.dynamicFields) {
      // Other fields (routes, redirects, anything a future version adds) have other name types.
      if (entry.$kind === 'DynamicField' && sameStructType(entry.name.type, pathType))
        pending.push(entry.fieldId);
    }
    while (pending.length >= MAX_OBJECTS_PER_REQUEST) {
      flush(pending.slice(0, MAX_OBJECTS_PER_REQUEST));
      pending = pending.slice(MAX_OBJECTS_PER_REQUEST);
    }
    cursor = page.hasNextPage ? page.cursor : null;
  } while (cursor !== null);
  if (pending.length > 0) flush(pending);
  const resources = (await Promise.all(fetches)).flat();
  resources.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return new Map(resources.map((r) => [r.path, r]));
}

async function fetchResourceFields(
  client: ClientWithCoreApi,
  fieldIds: string[],
  signal: AbortSignal | undefined,
): Promise<SiteResource[]> {
  const { objects } = await client.core.getObjects({
    objectIds: fieldIds,
    include: { content: true },
    ...(signal ? { signal } : {}),
  });
  // A field removed between the listing and this read belongs to a concurrent update; skip it.
  return objects.flatMap((entry) => {
    const field = present(entry);
    return field ? [parseResourceField(field.content)] : [];
  });
}

/** At most `max` of the returned functions' tasks run at once; the rest wait their turn. */
function createLimiter(max: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finishing task hands its slot straight to the next waiter, so no newcomer can slip in.
    if (active >= max) await new Promise<void>((resolve) => queue.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      const next = queue.shift();
      if (next) next();
      else active--;
    }
  };
}
