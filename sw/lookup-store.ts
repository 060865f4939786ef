// On-chain lookups kept across worker restarts. Chromium stops an idle worker after about 30 s, so
// without this every later visit would look each file up on chain again. What is kept here is
// never served as it is — any script on the site's origin can write this cache — but read again
// from the chain, all in one request, on the worker's first look at the site (see
// core/serve/site-lookup.ts); the chain's answers then replace whatever the entries held.
//
// A site's fields live in one Cache API entry (JSON, newest first), because a restarted worker
// reads them before its first chain request: one read, where one entry per field cost one read per
// field. Writes are coalesced: the fields one chain answer brings are written together, once.
import { fromBase64, toBase64 } from '@mysten/sui/utils';
import { fieldIdOfKey, type FieldStore, type FieldValue } from '../core/serve/site-lookup.ts';
import { LOOKUPS_CACHE, siteLookupsKey } from './cache-names.ts';

/**
 * Fields kept per site, most recently written first. The first look after a restart re-reads at
 * most one request's worth (49) of them; the rest only cover pages visited less recently.
 */
export const MAX_KEPT_FIELDS = 200;

/** The part of the Cache API this store uses. */
export interface LookupsCache {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
}

/** A site's fields by key, oldest first (a re-put moves a key to the end). */
type SiteFields = Map<string, FieldValue>;

interface Entry {
  readonly fields: [key: string, value: string | null][];
}

export function cacheApiLookups(
  open: () => Promise<LookupsCache> = () => caches.open(LOOKUPS_CACHE),
): FieldStore {
  /** What this worker knows the entry of each site holds (loaded once, then kept in step). */
  const sites = new Map<string, Promise<SiteFields>>();
  /** Per site, the write scheduled for the current turn's changes. */
  const writes = new Map<string, Promise<void>>();

  const load = (siteId: string): Promise<SiteFields> => {
    let fields = sites.get(siteId);
    if (!fields) {
      fields = read(open, siteId).catch(() => new Map());
      sites.set(siteId, fields);
    }
    return fields;
  };

  /** Writes the site's entry once the current turn's puts are in. */
  const write = (siteId: string): Promise<void> => {
    let pending = writes.get(siteId);
    if (!pending) {
      pending = new Promise((resolve) => setTimeout(resolve, 0)).then(async () => {
        writes.delete(siteId);
        const fields = await load(siteId);
        const entry: Entry = {
          fields: [...fields].reverse().map(([key, value]) => [key, value === null ? null : toBase64(value)]),
        };
        await (
          await open()
        ).put(
          siteLookupsKey(siteId),
          new Response(JSON.stringify(entry), { headers: { 'content-type': 'application/json' } }),
        );
      });
      writes.set(siteId, pending);
    }
    return pending;
  };

  return {
    async kept(siteId) {
      // Newest first: the first read re-reads as many as one request holds, from the front.
      return new Map([...(await load(siteId))].reverse());
    },
    async put(key, value) {
      const siteId = key.split('/')[0]!;
      const fields = await load(siteId);
      fields.delete(key);
      fields.set(key, value);
      for (const old of fields.keys()) {
        if (fields.size <= MAX_KEPT_FIELDS) break;
        fields.delete(old);
      }
      await write(siteId);
    },
    async keepOnly(siteId, version) {
      const fields = await load(siteId);
      const before = fields.size;
      for (const key of fields.keys()) {
        if (key.split('/')[1] !== version) fields.delete(key);
      }
      if (fields.size !== before) await write(siteId);
    },
  };
}

/** The site's entry; what does not parse is left out (anyone on the origin can write it). */
async function read(open: () => Promise<LookupsCache>, siteId: string): Promise<SiteFields> {
  const fields: SiteFields = new Map();
  const hit = await (await open()).match(siteLookupsKey(siteId));
  if (!hit) return fields;
  const entry = (await hit.json()) as Partial<Entry> | null;
  const list = Array.isArray(entry?.fields) ? entry.fields : [];
  for (const item of list.slice(0, MAX_KEPT_FIELDS).reverse()) {
    if (!Array.isArray(item)) continue;
    const [key, value] = item as unknown[];
    if (typeof key !== 'string' || fieldIdOfKey(key, siteId) === null) continue;
    if (value === null) fields.set(key, null);
    else if (typeof value === 'string') {
      try {
        fields.set(key, fromBase64(value));
      } catch {
        // Not base64: no field.
      }
    }
  }
  return fields;
}
