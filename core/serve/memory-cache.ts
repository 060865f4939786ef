// Verified file bytes kept in memory, least recently used dropped first. The portal server keeps
// them so curl and crawlers do not make every request read slivers again; the worker keeps them in
// front of its Cache API (tiered-cache.ts), whose reads cost milliseconds each in Chromium.
import type { VerifiedBytesCache } from './checked-cache.ts';

export function memoryBytesCache(maxBytes = 256 * 1024 * 1024): VerifiedBytesCache {
  const entries = new Map<string, Uint8Array>();
  let total = 0;
  return {
    async get(key) {
      const hit = entries.get(key);
      if (!hit) return null;
      // Most recently used last: eviction walks the map from the front.
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    },
    async put(key, bytes) {
      if (bytes.length > maxBytes || entries.has(key)) return;
      entries.set(key, bytes);
      total += bytes.length;
      for (const [k, v] of entries) {
        if (total <= maxBytes) break;
        entries.delete(k);
        total -= v.length;
      }
    },
    async delete(key) {
      const gone = entries.get(key);
      if (!gone) return;
      entries.delete(key);
      total -= gone.length;
    },
  };
}
