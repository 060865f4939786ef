// File bytes in the Cache API by blob, patch and hash. A file's bytes under one key never change,
// but this cache belongs to the site's origin and its scripts can write it too: SiteService checks
// every hit against the hash before serving it and deletes what fails (core/serve/checked-cache.ts).
import type { VerifiedBytesCache } from '../core/serve/site-service.ts';
import { BYTES_CACHE, bytesKey } from './cache-names.ts';

export function cacheApiBytes(): VerifiedBytesCache {
  return {
    async get(key) {
      const cache = await caches.open(BYTES_CACHE);
      const hit = await cache.match(bytesKey(key));
      return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
    },
    async put(key, bytes) {
      const cache = await caches.open(BYTES_CACHE);
      await cache.put(bytesKey(key), new Response(bytes as BodyInit));
    },
    async delete(key) {
      await (await caches.open(BYTES_CACHE)).delete(bytesKey(key));
    },
  };
}
