import { describe, expect, it } from 'vitest';
import { sha256 } from '../walrus/sha256.ts';
import { readChecked, type VerifiedBytesCache } from './checked-cache.ts';
import { memoryBytesCache } from './memory-cache.ts';
import { tieredBytesCache } from './tiered-cache.ts';

/** A slow tier that counts its reads. */
class CountingCache implements VerifiedBytesCache {
  readonly entries = new Map<string, Uint8Array>();
  reads = 0;
  async get(key: string) {
    this.reads++;
    return this.entries.get(key) ?? null;
  }
  async put(key: string, bytes: Uint8Array) {
    this.entries.set(key, bytes);
  }
  async delete(key: string) {
    this.entries.delete(key);
  }
}

const page = new TextEncoder().encode('<h1>hello</h1>');

describe('tieredBytesCache', () => {
  it('reads the back once, then answers from the front', async () => {
    const back = new CountingCache();
    back.entries.set('k', page);
    const cache = tieredBytesCache(memoryBytesCache(1024), back);
    expect(await cache.get('k')).toEqual(page);
    expect(await cache.get('k')).toEqual(page);
    expect(back.reads).toBe(1);
  });

  it('writes both tiers, so a fresh front (a restarted worker) still finds the bytes', async () => {
    const back = new CountingCache();
    await tieredBytesCache(memoryBytesCache(1024), back).put('k', page);
    expect(back.entries.get('k')).toEqual(page);
    expect(await tieredBytesCache(memoryBytesCache(1024), back).get('k')).toEqual(page);
  });

  it('drops a forged back entry from both tiers once its hash fails', async () => {
    const back = new CountingCache();
    back.entries.set('k', new TextEncoder().encode('<script>forged</script>'));
    const front = memoryBytesCache(1024);
    const cache = tieredBytesCache(front, back);
    expect(await readChecked(cache, 'k', await sha256(page))).toEqual({ kind: 'rejected' });
    expect(back.entries.has('k')).toBe(false);
    expect(await front.get('k')).toBeNull();
  });

  it('reads through to the back when the front fails', async () => {
    const back = new CountingCache();
    back.entries.set('k', page);
    const broken: VerifiedBytesCache = {
      get: () => Promise.reject(new Error('gone')),
      put: () => Promise.reject(new Error('gone')),
    };
    expect(await tieredBytesCache(broken, back).get('k')).toEqual(page);
  });
});
