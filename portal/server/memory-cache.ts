// Verified file bytes kept in the portal server's memory, least recently used dropped first, so
// curl and crawlers do not make every request read slivers again.
import type { VerifiedBytesCache } from '../../core/serve/site-service.ts';

export function memoryBytesCache(maxBytes = 256 * 1024 * 1024): VerifiedBytesCache {
  const entries = new Map<string, Uint8Array>();
  let total = 0;
  return {
    async get(key) {
      const hit = entries.get(key);
      if (!hit) return null;
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
  };
}
