// Two bytes caches as one: a small fast one (memory) in front of a large slow one (the worker's
// Cache API, a few milliseconds per read and slower still when reads queue behind writes). A hit
// in the back is copied to the front, so a page's files are read from the back once per worker
// start. Neither tier is trusted more than the other: readChecked hashes whatever `get` returns,
// and a rejected entry is deleted from both.
import type { VerifiedBytesCache } from './checked-cache.ts';

export function tieredBytesCache(front: VerifiedBytesCache, back: VerifiedBytesCache): VerifiedBytesCache {
  return {
    async get(key) {
      const near = await front.get(key).catch(() => null);
      if (near) return near;
      const far = await back.get(key);
      if (far) await front.put(key, far).catch(() => {});
      return far;
    },
    async put(key, bytes) {
      await front.put(key, bytes).catch(() => {});
      await back.put(key, bytes);
    },
    async delete(key) {
      await front.delete?.(key).catch(() => {});
      await back.delete?.(key);
    },
  };
}
