// What the chain says about one request: the exact resource, the site's routes and redirects, read
// as dynamic fields of the Site by offline-derived IDs. Every deploy passes the Site as a mutable
// input, so its object version changes with any change to the site; a field read at one Site
// version is therefore the answer for that version for good. Answers are kept by (site, version,
// field) in memory, and the only thing that goes stale is which version is current: it is checked
// again after a short TTL, so a redeploy is seen within seconds, while the files of one page view
// all come from one version.
//
// A persistent store (the worker's Cache API) keeps the fields across restarts, but what it holds
// is never taken as an answer: it belongs to the site's origin, and any script there can write it.
// It only says which fields were asked for before: the first look at a site after a restart reads
// them all again from the chain, in the same request as the page's own fields (up to a request's
// 50 objects), so the page's other files find their answers in memory — verified — rather than
// costing one chain request each. What the chain answers replaces what the store held.
//
// A store that can vouch for what it holds (the worker's, authenticated with a key the portal gives
// only to the worker script, see sw/lookup-store.ts) changes one thing: fields it kept for the
// version the chain last confirmed, no longer ago than `staleMs`, answer at once, and the chain is
// asked in the background (stale-while-revalidate). A revisit then waits for no chain request. The
// bound is what a replayed entry can cost: an old, authentic entry stops counting `staleMs` after
// the chain last confirmed its version, so a fixed site cannot be held back longer than that.
// Memory works the same way past its TTL, within `staleMs`.
//
// While that request is out, `guess` offers what the store (or memory, past its TTL) said about a
// path, so a caller can start reading the file it names at once. It is a guess and nothing more:
// the caller may use the result only for the resource the chain then names, byte for byte the same
// blob, patch and SHA-256 (site-service.ts does), so a forged entry only costs a wasted read.
//
// Lookups of one site that miss memory within a short window (`batchWindowMs`) share one request:
// a browser asks for a page's subresources in a burst, and one multi-get for all of them costs one
// round trip where one request per file costs one each (or, over HTTP/1.1's six connections per
// host, a round trip per six files).
import { ObjectError } from '@mysten/sui/client';
import type { ObjectReader } from '../sui/object-reader.ts';
import type { Redirect, SiteResource } from '../site/types.ts';
import { parseRedirectsField, parseResourceField, parseRoutesField } from '../sui/site-bcs.ts';
import { redirectsFieldId, resourceFieldId, routesFieldId } from '../sui/site-fields.ts';

export interface Routing {
  readonly routes: readonly (readonly [string, string])[];
  readonly redirects: readonly (readonly [string, Redirect])[];
}

/** A dynamic field's BCS contents at one Site version; null when the site had no such field. */
export type FieldValue = Uint8Array | null;

/** When the chain last said which Site version was current (ms since the epoch). */
export interface Confirmation {
  readonly version: string;
  readonly at: number;
}

/** What a store keeps of a site. */
export interface KeptFields {
  /** By `fieldKey`, of any version: only re-read, unless `confirmed` vouches for them. */
  readonly fields: ReadonlyMap<string, FieldValue>;
  /**
   * Set only by a store that can tell its own writes from anyone else's: the fields it holds for
   * this version are the chain's answers, and the version was current at `at`.
   */
  readonly confirmed: Confirmation | null;
}

/** Fields by `fieldKey` (site, version, field), kept across restarts; see above for their use. */
export interface FieldStore {
  kept(siteId: string): Promise<KeptFields>;
  put(key: string, value: FieldValue): Promise<void>;
  /** Drops the site's fields of every other version (they will not be asked for again). */
  keepOnly(siteId: string, version: string): Promise<void>;
  /** Records that the chain said `version` was the site's current one at `at`. */
  confirm(siteId: string, confirmation: Confirmation): Promise<void>;
}

export interface SiteLookupOptions {
  readonly sui: ObjectReader;
  /** walrus_site original package ID (types and field IDs). */
  readonly packageId: string;
  /** How long a site's version is taken as current without asking the chain (default 10 s). */
  readonly ttlMs?: number;
  /**
   * Past the TTL, how long a confirmed version still answers at once while the chain is asked in
   * the background (see the top). 0 (the default) waits for the chain every time past the TTL.
   */
  readonly staleMs?: number;
  readonly now?: () => number;
  readonly store?: FieldStore;
  /**
   * How long a lookup that must ask the chain waits for others of the same site to share its
   * request. Small next to a round trip to a full node; 0 still joins lookups of the same turn.
   * @default 2
   */
  readonly batchWindowMs?: number;
}

/** Field IDs gathered for one request of a site, and the answer they all wait for. */
interface Batch {
  readonly ids: Set<string>;
  readonly answer: Promise<Map<string, FieldValue>>;
}

export function fieldKey(siteId: string, version: string, fieldId: string): string {
  return `${siteId}/${version}/${fieldId}`;
}

/** The field ID of a `fieldKey` of `siteId`, or null for anything else (a store holds what anyone wrote). */
export function fieldIdOfKey(key: string, siteId: string): string | null {
  const parts = key.split('/');
  if (parts.length !== 3 || parts[0] !== siteId || !/^\d+$/.test(parts[1]!)) return null;
  return OBJECT_ID.test(parts[2]!) ? parts[2]! : null;
}

const OBJECT_ID = /^0x[0-9a-f]{64}$/;
const MAX_FIELDS = 4000;
const MAX_SITES = 1000;
/** Objects in one getObjects request (both transports split larger ones into sequential batches). */
const MAX_OBJECTS_PER_REQUEST = 50;

export class SiteLookup {
  readonly #options: SiteLookupOptions;
  readonly #fields = new Map<string, FieldValue>();
  /** The version last seen for each site, and when. */
  readonly #versions = new Map<string, { version: string; at: number }>();
  /** Chain requests in flight, so concurrent requests for the same thing share one. */
  readonly #inFlight = new Map<string, Promise<unknown>>();
  /** Per site, the first read of this instance, which also re-reads what the store kept. */
  readonly #firstReads = new Map<string, Promise<void>>();
  /** Per site, the request still gathering field IDs. */
  readonly #batches = new Map<string, Batch>();
  /** Per site, what the store held when this instance first looked (until that first read ends). */
  readonly #keptSnapshots = new Map<string, Promise<KeptFields>>();
  /** Sites whose kept answers failed a read (see `forget`): the chain answers them from now on. */
  readonly #distrusted = new Set<string>();
  /**
   * Derived field IDs by site and path, and parsed field values by their bytes: a page view asks
   * for the same few fields many times, and deriving an ID (type tag parsing, BCS, BLAKE2b) or
   * parsing a field again cost the worker milliseconds per request on the 2-core test machine.
   */
  readonly #fieldIds = new Map<string, string>();
  readonly #parsed = new WeakMap<Uint8Array, unknown>();

  constructor(options: SiteLookupOptions) {
    this.#options = options;
  }

  /** The resource at `path` and the site's routing (one chain request at most). */
  async lookup(siteId: string, path: string): Promise<{ resource: SiteResource | null; routing: Routing }> {
    const [resource, routes, redirects] = await this.#read(siteId, [
      this.#resourceId(siteId, path),
      this.#fieldId(siteId, 'routes', routesFieldId),
      this.#fieldId(siteId, 'redirects', redirectsFieldId),
    ]);
    return {
      resource: resource ? this.#parse(resource, parseResourceField) : null,
      routing: {
        routes: routes ? this.#parse(routes, parseRoutesField) : [],
        redirects: redirects ? this.#parse(redirects, parseRedirectsField) : [],
      },
    };
  }

  /** One more resource of the site (a route target, /404.html). */
  async resource(siteId: string, path: string): Promise<SiteResource | null> {
    const [field] = await this.#read(siteId, [this.#resourceId(siteId, path)]);
    return field ? this.#parse(field, parseResourceField) : null;
  }

  #resourceId(siteId: string, path: string): string {
    return this.#fieldId(siteId, `resource ${path}`, (id) =>
      resourceFieldId(id, path, this.#options.packageId),
    );
  }

  /** `derive(siteId)`, kept under (site, `name`). */
  #fieldId(siteId: string, name: string, derive: (siteId: string) => string): string {
    const key = `${siteId} ${name}`;
    let id = this.#fieldIds.get(key);
    if (id === undefined) {
      id = derive(siteId);
      if (this.#fieldIds.size >= MAX_FIELDS) this.#fieldIds.delete(this.#fieldIds.keys().next().value!);
      this.#fieldIds.set(key, id);
    }
    return id;
  }

  /** `parse(bytes)`, once per field value (answers are never mutated by their users). */
  #parse<T>(bytes: Uint8Array, parse: (bytes: Uint8Array) => T): T {
    if (this.#parsed.has(bytes)) return this.#parsed.get(bytes) as T;
    const value = parse(bytes);
    this.#parsed.set(bytes, value);
    return value;
  }

  /**
   * An unchecked guess at the resource at `path`, for starting its read while the chain is asked:
   * null when lookups of the site are answered from memory anyway (nothing to win), else the value
   * of the last version this instance saw, else the store's. Never an answer (see the top).
   */
  async guess(siteId: string, path: string): Promise<SiteResource | null> {
    const seen = this.#versions.get(siteId);
    if (seen && this.#now() - seen.at <= this.#ttl()) return null;
    const fieldId = this.#resourceId(siteId, path);
    let value: FieldValue | undefined = seen
      ? this.#fields.get(fieldKey(siteId, seen.version, fieldId))
      : undefined;
    if (value === undefined && this.#options.store && !seen) {
      const kept = (await this.#keptSnapshot(siteId)).fields;
      let newest = -1n;
      for (const [key, entry] of kept) {
        if (fieldIdOfKey(key, siteId) !== fieldId) continue;
        const version = BigInt(key.split('/')[1]!);
        if (version > newest) [newest, value] = [version, entry];
      }
    }
    if (!value) return null;
    try {
      return parseResourceField(value);
    } catch {
      return null; // anyone can write the store: garbage is no guess
    }
  }

  /**
   * Asks the chain which version is current before answering anything more about this site, and
   * stops answering it from kept fields (a read of what they named failed).
   */
  forget(siteId: string): void {
    this.#versions.delete(siteId);
    if (this.#distrusted.size >= MAX_SITES) this.#distrusted.clear();
    this.#distrusted.add(siteId);
  }

  /**
   * Whether the site is known to exist without asking the chain: the chain named a version of it
   * within the staleness bound (in memory, or as a store vouches). A label that decodes to its ID
   * then needs no resolution.
   */
  async vouched(siteId: string): Promise<boolean> {
    const seen = this.#versions.get(siteId);
    if (seen) return this.#now() - seen.at <= Math.max(this.#ttl(), this.#stale());
    return (await this.#vouchedSnapshot(siteId)) !== null;
  }

  /** `fieldIds` at the site's current version. */
  async #read(siteId: string, fieldIds: readonly string[]): Promise<FieldValue[]> {
    const kept = await this.#fromVouchedStore(siteId, fieldIds);
    if (kept) return kept;
    await this.#firstRead(siteId, fieldIds);
    const seen = this.#versions.get(siteId);
    if (seen) {
      const known = this.#known(siteId, seen.version, fieldIds);
      if (known) {
        const age = this.#now() - seen.at;
        if (age <= this.#ttl()) return known;
        if (age <= this.#stale()) {
          // Still within the staleness bound: answer, and ask whether it is current for next time.
          this.#currentVersion(siteId).catch(() => {});
          return known;
        }
        // Everything is known for the version seen last: ask only whether it is still current.
        if ((await this.#currentVersion(siteId)) === seen.version) return known;
      }
    }
    return this.#batched(siteId, fieldIds);
  }

  /**
   * Before this instance has heard from the chain about the site: the fields a vouching store holds
   * for the version last confirmed, if it holds them all; the first read (which re-reads them all)
   * then runs in the background. Null when the chain must answer.
   */
  async #fromVouchedStore(siteId: string, fieldIds: readonly string[]): Promise<FieldValue[] | null> {
    if (this.#versions.has(siteId)) return null;
    const snapshot = await this.#vouchedSnapshot(siteId);
    if (!snapshot?.confirmed) return null;
    const version = snapshot.confirmed.version;
    const values = fieldIds.map((id) => snapshot.fields.get(fieldKey(siteId, version, id)));
    if (values.some((value) => value === undefined)) return null;
    this.#firstRead(siteId, fieldIds)?.catch(() => {});
    return values as FieldValue[];
  }

  /** The store's snapshot of the site, if it vouches for a version confirmed within `staleMs`. */
  async #vouchedSnapshot(siteId: string): Promise<KeptFields | null> {
    if (this.#stale() <= 0 || !this.#options.store || this.#distrusted.has(siteId)) return null;
    const snapshot = await this.#keptSnapshot(siteId);
    const confirmed = snapshot.confirmed;
    if (!confirmed) return null;
    // A confirmation from the future (the clock went back) is not taken as fresh either.
    const age = this.#now() - confirmed.at;
    return age >= 0 && age <= this.#stale() ? snapshot : null;
  }

  /** `fieldIds` read in the site's next batch (a new one when the open one would overflow). */
  async #batched(siteId: string, fieldIds: readonly string[]): Promise<FieldValue[]> {
    let batch = this.#batches.get(siteId);
    const added = fieldIds.filter((id) => !batch?.ids.has(id)).length;
    if (!batch || batch.ids.size + added > MAX_OBJECTS_PER_REQUEST - 1) {
      const ids = new Set<string>();
      const opened: Batch = {
        ids,
        answer: new Promise<void>((resolve) => setTimeout(resolve, this.#options.batchWindowMs ?? 2)).then(
          async () => {
            // Closed: later lookups open the next batch.
            if (this.#batches.get(siteId) === opened) this.#batches.delete(siteId);
            const list = [...ids];
            const values = await this.#fetch(siteId, list);
            return new Map(list.map((id, i) => [id, values[i]!]));
          },
        ),
      };
      batch = opened;
      this.#batches.set(siteId, batch);
    }
    for (const id of fieldIds) batch.ids.add(id);
    const answer = await batch.answer;
    return fieldIds.map((id) => answer.get(id) ?? null);
  }

  /** The fields read from the chain for this version, or null if any is missing. */
  #known(siteId: string, version: string, fieldIds: readonly string[]): FieldValue[] | null {
    const values = fieldIds.map((fieldId) => this.#fields.get(fieldKey(siteId, version, fieldId)));
    return values.every((v) => v !== undefined) ? (values as FieldValue[]) : null;
  }

  /**
   * With a store, the first read of a site in this instance (concurrent ones wait for it): the
   * requested fields and the kept ones, all read from the chain in one request. A failed first
   * read is tried again by the next request.
   */
  #firstRead(siteId: string, fieldIds: readonly string[]): Promise<void> | undefined {
    const store = this.#options.store;
    if (!store) return undefined;
    let pending = this.#firstReads.get(siteId);
    if (pending) return pending;
    pending = (async () => {
      const kept = await this.#keptSnapshot(siteId);
      const ids = new Set(fieldIds);
      for (const key of kept.fields.keys()) {
        if (ids.size >= MAX_OBJECTS_PER_REQUEST - 1) break;
        const id = fieldIdOfKey(key, siteId);
        if (id) ids.add(id);
      }
      await this.#fetch(siteId, [...ids], kept);
    })();
    if (this.#firstReads.size >= MAX_SITES) this.#firstReads.delete(this.#firstReads.keys().next().value!);
    this.#firstReads.set(siteId, pending);
    pending.then(
      // From here on memory knows more than the snapshot did.
      () => this.#keptSnapshots.delete(siteId),
      () => this.#firstReads.delete(siteId),
    );
    return pending;
  }

  /** The store's fields of the site, read once per first look (the guess and the first read share it). */
  #keptSnapshot(siteId: string): Promise<KeptFields> {
    let snapshot = this.#keptSnapshots.get(siteId);
    if (!snapshot) {
      const store = this.#options.store;
      const none: KeptFields = { fields: new Map(), confirmed: null };
      snapshot = store ? store.kept(siteId).catch(() => none) : Promise.resolve(none);
      if (this.#keptSnapshots.size >= MAX_SITES) this.#keptSnapshots.clear();
      this.#keptSnapshots.set(siteId, snapshot);
    }
    return snapshot;
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

  /**
   * The Site object and the fields in one request; what it says is kept under the Site's version,
   * and stored unless `kept` (what the store held) already says the same.
   */
  #fetch(siteId: string, fieldIds: readonly string[], kept?: KeptFields): Promise<FieldValue[]> {
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
        if (kept?.fields.has(key) && sameValue(kept.fields.get(key)!, values[i]!)) return;
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
    const at = this.#now();
    this.#versions.set(siteId, { version, at });
    // Only worth a write when kept fields may answer for it (see the top).
    if (this.#stale() > 0) this.#options.store?.confirm(siteId, { version, at }).catch(() => {});
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

  #stale(): number {
    return this.#options.staleMs ?? 0;
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }
}

function sameValue(a: FieldValue, b: FieldValue): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
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
