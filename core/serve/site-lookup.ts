// What the chain says about one request: the exact resource, the site's routes and redirects —
// all three from one multi-get by offline-derived dynamic-field IDs (one RPC per page view), and
// further resources (a route's target, /404.html) one request each. Results are kept for a short
// TTL so a page's subresources do not each ask the chain again, while a redeploy is seen quickly.
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { ObjectError } from '@mysten/sui/client';
import type { Redirect, SiteResource } from '../site/types.ts';
import { parseRedirectsField, parseResourceField, parseRoutesField } from '../sui/site-bcs.ts';
import { redirectsFieldId, resourceFieldId, routesFieldId } from '../sui/site-fields.ts';

export interface Routing {
  readonly routes: readonly (readonly [string, string])[];
  readonly redirects: readonly (readonly [string, Redirect])[];
}

export interface SiteLookupOptions {
  readonly sui: ClientWithCoreApi;
  /** walrus_site original package ID (types and field IDs). */
  readonly packageId: string;
  /** How long an answer is reused (default 10 s). */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

interface Entry<T> {
  readonly at: number;
  readonly value: Promise<T>;
}

const MAX_ENTRIES = 2000;

export class SiteLookup {
  readonly #options: SiteLookupOptions;
  readonly #resources = new Map<string, Entry<SiteResource | null>>();
  readonly #routing = new Map<string, Entry<Routing>>();

  constructor(options: SiteLookupOptions) {
    this.#options = options;
  }

  /** The resource at `path` and the site's routing, in one request when neither is cached. */
  async lookup(siteId: string, path: string): Promise<{ resource: SiteResource | null; routing: Routing }> {
    const resource = this.#fresh(this.#resources, `${siteId}\u0000${path}`);
    const routing = this.#fresh(this.#routing, siteId);
    if (resource && routing) return { resource: await resource, routing: await routing };
    const ids = [
      resourceFieldId(siteId, path, this.#options.packageId),
      routesFieldId(siteId),
      redirectsFieldId(siteId),
    ];
    const all = this.#options.sui.core
      .getObjects({ objectIds: ids, include: { content: true } })
      .then(({ objects }) => objects.map(present));
    const r =
      resource ??
      this.#store(
        this.#resources,
        `${siteId}\u0000${path}`,
        all.then(([field]) => (field ? parseResourceField(field) : null)),
      );
    const g =
      routing ??
      this.#store(
        this.#routing,
        siteId,
        all.then(([, routes, redirects]) => ({
          routes: routes ? parseRoutesField(routes) : [],
          redirects: redirects ? parseRedirectsField(redirects) : [],
        })),
      );
    return { resource: await r, routing: await g };
  }

  /** One more resource of the site (a route target, /404.html). */
  resource(siteId: string, path: string): Promise<SiteResource | null> {
    const key = `${siteId}\u0000${path}`;
    return (
      this.#fresh(this.#resources, key) ??
      this.#store(
        this.#resources,
        key,
        this.#options.sui.core
          .getObjects({
            objectIds: [resourceFieldId(siteId, path, this.#options.packageId)],
            include: { content: true },
          })
          .then(({ objects }) => {
            const field = present(objects[0]);
            return field ? parseResourceField(field) : null;
          }),
      )
    );
  }

  /** Drops what is kept for `path` and for the site's routing: the next lookup asks the chain. */
  forget(siteId: string, path: string): void {
    this.#resources.delete(`${siteId}\u0000${path}`);
    this.#routing.delete(siteId);
  }

  #fresh<T>(map: Map<string, Entry<T>>, key: string): Promise<T> | null {
    const entry = map.get(key);
    const now = this.#options.now?.() ?? Date.now();
    if (!entry || now - entry.at > (this.#options.ttlMs ?? 10_000)) return null;
    return entry.value;
  }

  #store<T>(map: Map<string, Entry<T>>, key: string, value: Promise<T>): Promise<T> {
    if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!);
    map.set(key, { at: this.#options.now?.() ?? Date.now(), value });
    // A failed lookup (chain unreachable) must not be remembered.
    value.catch(() => {
      if (map.get(key)?.value === value) map.delete(key);
    });
    return value;
  }
}

/** Object content, null when the object does not exist; other per-object errors are thrown. */
function present(entry: { content: Uint8Array } | Error | undefined): Uint8Array | null {
  if (entry === undefined) return null;
  if (entry instanceof Error) {
    if (entry instanceof ObjectError && (entry.reason === 'notFound' || entry.reason === 'deleted'))
      return null;
    throw entry;
  }
  return entry.content;
}
