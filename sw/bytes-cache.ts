// Verified bytes in the Cache API: a file once read and checked against its on-chain hash never
// changes (the key includes blob, patch and hash), so it is served from here without revalidation.
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
  };
}
