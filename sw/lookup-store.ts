// On-chain lookups kept across worker restarts. Chromium stops an idle worker after about 30 s, so
// without this every later visit would look each file up on chain again. What is kept here is
// never served as it is — any script on the site's origin can write this cache — but read again
// from the chain, all in one request, on the worker's first look at the site (see
// core/serve/site-lookup.ts); the chain's answers then replace whatever the entries held.
import type { FieldStore, FieldValue } from '../core/serve/site-lookup.ts';
import { LOOKUPS_CACHE, lookupKey, lookupKeyOf } from './cache-names.ts';

/** Marks a field the site did not have at that version (a 404 is an answer too). */
const ABSENT_HEADER = 'x-floe-absent';

export function cacheApiLookups(): FieldStore {
  return {
    async kept(siteId) {
      const cache = await caches.open(LOOKUPS_CACHE);
      const prefix = lookupKey(`${siteId}/`);
      const kept = new Map<string, FieldValue>();
      const requests = (await cache.keys()).filter((request) => request.url.startsWith(prefix));
      await Promise.all(
        requests.map(async (request) => {
          const key = lookupKeyOf(request.url);
          const hit = await cache.match(request);
          if (key === null || !hit) return;
          kept.set(key, hit.headers.has(ABSENT_HEADER) ? null : new Uint8Array(await hit.arrayBuffer()));
        }),
      );
      return kept;
    },
    async put(key, value) {
      const cache = await caches.open(LOOKUPS_CACHE);
      await cache.put(
        lookupKey(key),
        value === null
          ? new Response(null, { headers: { [ABSENT_HEADER]: '1' } })
          : new Response(value as BodyInit),
      );
    },
    async keepOnly(siteId, version) {
      const cache = await caches.open(LOOKUPS_CACHE);
      const prefix = lookupKey(`${siteId}/`);
      const current = lookupKey(`${siteId}/${version}/`);
      for (const request of await cache.keys()) {
        if (request.url.startsWith(prefix) && !request.url.startsWith(current)) await cache.delete(request);
      }
    },
  };
}
