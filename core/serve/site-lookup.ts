// What the chain says about one request: the exact resource, the site's routes and redirects, read
// as dynamic fields of the Site by offline-derived IDs. Every deploy passes the Site as a mutable
// input, so its object version changes with any change to the site; a field read at one Site
// version is therefore the answer for that version for good. Answers are kept by (site, version,
// field), in memory and optionally in a persistent store (the worker's Cache API), and the only
// thing that goes stale is which version is current: it is checked again after a short TTL, so a
// redeploy is seen within seconds, while the files of one page view all come from one version.
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { ObjectError } from '@mysten/sui/client';
import type { Redirect, SiteResource } from '../site/types.ts';
import { parseRedirectsField, parseResourceField, parseRoutesField } from '../sui/site-bcs.ts';
import { redirectsFieldId, resourceFieldId, routesFieldId } from '../sui/site-fields.ts';

export interface Routing {
  readonly routes: readonly (readonly [string, string])[];
  readonly redirects: readonly (readonly [string, Redirect])[];
}

/** A dynamic field's BCS contents at one Site version; null when the site had no such field. */
export type FieldValue = Uint8Array | null;

/** Fields by `fieldKey` (site, version, field): never changes once written. */
export interface FieldStore {
  get(key: string): Promise<FieldValue | undefined>;
  put(key: string, value: FieldValue): Promise<void>;
  /** Drops the site's fields of every other version (they will not be asked for again). */
  keepOnly(siteId: string, version: string): Promise<void>;
}

export interface SiteLookupOptions {
  readonly sui: ClientWithCoreApi;
  /** walrus_site original package ID (types and field IDs). */
  readonly packageId: string;
  /** How long a site's version is taken as current without asking the chain (default 10 s). */
  readonly ttlMs?: number;
  readonly now?: () => number;
  readonly store?: FieldStore;
}

export function fieldKey(siteId: string, version: string, fieldId: string): string {
  return `${siteId}/${version}/${fieldId}`;
}

const MAX_FIELDS = 4000;
const MAX_SITES = 1000;

export class SiteLookup {
  readonly #options: SiteLookupOptions;
  readonly #fields = new Map<string, FieldValue>();
  /** The version last seen for each site, and when. */
  readonly #versions = new Map<string, { version: string; at: number }>();
  /** Chain requests in flight, so concurrent requests for the same thing share one. */
  readonly #inFlight = new Map<string, Promise<unknown>>();

  constructor(options: SiteLookupOptions) {
    this.#options = options;
  }

  /** The resource at `path` and the site's routing (one chain request at most). */
  async lookup(siteId: string, path: string): Promise<{ resource: SiteResource | null; routing: Routing }> {
    const [resource, routes, redirects] = await this.#read(siteId, [
      resourceFieldId(siteId, path, this.#options.packageId),
      routesFieldId(siteId),
      redirectsFieldId(siteId),
    ]);
    return {
      resource: resource ? parseResourceField(resource) : null,
      routing: {
        routes: routes ? parseRoutesField(routes) : [],
        redirects: redirects ? parseRedirectsField(redirects) : [],
      },
    };
  }

  /** One more resource of the site (a route target, /404.html). */
  async resource(siteId: string, path: string): Promise<SiteResource | null> {
    const [field] = await this.#read(siteId, [resourceFieldId(siteId, path, this.#options.packageId)]);
    return field ? parseResourceField(field) : null;
  }

  /** Asks the chain which version is current before answering anything more about this site. */
  forget(siteId: string): void {
    this.#versions.delete(siteId);
  }

  /** `fieldIds` at the site's current version. */
  async #read(siteId: string, fieldIds: readonly string[]): Promise<FieldValue[]> {
    const seen = this.#versions.get(siteId);
    if (seen) {
      const known = await this.#known(siteId, seen.version, fieldIds);
      if (known) {
        if (this.#now() - seen.at <= this.#ttl()) return known;
        // Everything is known for the version seen last: ask only whether it is still current.
        if ((await this.#currentVersion(siteId)) === seen.version) return known;
      }
    }
    return this.#fetch(siteId, fieldIds);
  }

  /** The fields kept for this version, or null if any is missing. */
  async #known(siteId: string, version: string, fieldIds: readonly string[]): Promise<FieldValue[] | null> {
    const values = await Promise.all(
      fieldIds.map(async (fieldId) => {
        const key = fieldKey(siteId, version, fieldId);
        const kept = this.#fields.get(key);
        if (kept !== undefined || !this.#options.store) return kept;
        const stored = await this.#options.store.get(key).catch(() => undefined);
        if (stored !== undefined) this.#remember(key, stored);
        return stored;
      }),
    );
    return values.every((v) => v !== undefined) ? (values as FieldValue[]) : null;
  }

  /** The site object's version now (null when it no longer exists). */
  #currentVersion(siteId: string): Promise<string | null> {
    return this.#shared(`version ${siteId}`, async () => {
      const { objects } = await this.#options.sui.core.getObjects({ objectIds: [siteId] });
      const version = present(objects[0])?.version ?? null;
      this.#seen(siteId, version);
      return version;
    });
  }

  /** The Site object and the fields in one request; what it says is kept under the Site's version. */
  #fetch(siteId: string, fieldIds: readonly string[]): Promise<FieldValue[]> {
    return this.#shared(`fields ${siteId} ${fieldIds.join(' ')}`, async () => {
      const { objects } = await this.#options.sui.core.getObjects({
        objectIds: [siteId, ...fieldIds],
        include: { content: true },
      });
      const version = present(objects[0])?.version ?? null;
      this.#seen(siteId, version);
      // A deleted Site has no resources, whatever fields it left behind.
      if (version === null) return fieldIds.map(() => null);
      const values = objects.slice(1).map((entry) => present(entry)?.content ?? null);
      fieldIds.forEach((fieldId, i) => {
        const key = fieldKey(siteId, version, fieldId);
        this.#remember(key, values[i]!);
        // Not awaited: persisting must not delay the answer, and a lost write costs one request.
        this.#options.store?.put(key, values[i]!).catch(() => {});
      });
      return values;
    });
  }

  #seen(siteId: string, version: string | null): void {
    if (version === null) {
      this.#versions.delete(siteId);
      return;
    }
    if (this.#versions.size >= MAX_SITES && !this.#versions.has(siteId))
      this.#versions.delete(this.#versions.keys().next().value!);
    // A version new to this instance (a redeploy, or the first look after a restart): what the
    // store holds for older versions is dead weight. In the background; a failure only keeps it.
    if (this.#versions.get(siteId)?.version !== version)
      this.#options.store?.keepOnly(siteId, version).catch(() => {});
    this.#versions.set(siteId, { version, at: this.#now() });
  }

  #remember(key: string, value: FieldValue): void {
    if (this.#fields.size >= MAX_FIELDS) this.#fields.delete(this.#fields.keys().next().value!);
    this.#fields.set(key, value);
  }

  #shared<T>(key: string, run: () => Promise<T>): Promise<T> {
    const pending = this.#inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const started = run().finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, started);
    return started;
  }

  #ttl(): number {
    return this.#options.ttlMs ?? 10_000;
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }
}

/** The object, null when it does not exist; other per-object errors are thrown. */
function present<T>(entry: T | Error | undefined): T | null {
  if (entry === undefined) return null;
  if (entry instanceof Error) {
    if (entry instanceof ObjectError && (entry.reason === 'notFound' || entry.reason === 'deleted'))
      return null;
    throw entry;
  }
  return entry;
}
