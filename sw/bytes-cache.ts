// File bytes in the Cache API by blob, patch and hash. A file's bytes under one key never change,
// but this cache belongs to the site's origin and its scripts can write it too: SiteService checks
// every hit against the hash before serving it and deletes what fails (core/serve/checked-cache.ts).
import type { VerifiedBytesCache } from '../core/serve/checked-cache.ts';
import { BYTES_CACHE, bytesKey } from './cache-names.ts';

/**
 * `whenQuiet` holds each write until it resolves (sw/quiet-writes.ts), so a page's reads of this
 * cache do not queue behind the writes of the files it was answered before.
 */
export function cacheApiBytes(whenQuiet: () => Promise<void> = () => Promise.resolve()): VerifiedBytesCache {
  // Opened once per worker start rather than per request: each open is another trip to the
  // browser's storage backend, which a page's burst of requests already queues on.
  let opened: Promise<Cache> | undefined;
  const open = () => {
    opened ??= caches.open(BYTES_CACHE);
    opened.catch(() => (opened = undefined));
    return opened;
  };
  return {
    async get(key) {
      const hit = await (await open()).match(bytesKey(key));
      return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
    },
    async put(key, bytes) {
      await whenQuiet();
      await (await open()).put(bytesKey(key), new Response(bytes as BodyInit));
    },
    async delete(key) {
      await (await open()).delete(bytesKey(key));
    },
  };
}
