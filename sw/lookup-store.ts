// On-chain lookups kept across worker restarts. Chromium stops an idle worker after about 30 s, so
// without this every later visit would look each file up on chain again. A field read at one Site
// version never changes (see core/serve/site-lookup.ts), so entries need no revalidation; only the
// site's current version is checked, by SiteLookup.
import type { FieldStore } from '../core/serve/site-lookup.ts';
import { LOOKUPS_CACHE, lookupKey } from './cache-names.ts';

/** Marks a field the site did not have at that version (a 404 is an answer too). */
const ABSENT_HEADER = 'x-floe-absent';

export function cacheApiLookups(): FieldStore {
  return {
    async get(key) {
      const hit = await (await caches.open(LOOKUPS_CACHE)).match(lookupKey(key));
      if (!hit) return undefined;
      if (hit.headers.has(ABSENT_HEADER)) return null;
      return new Uint8Array(await hit.arrayBuffer());
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
