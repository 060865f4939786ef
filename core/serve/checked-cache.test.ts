import { describe, expect, it } from 'vitest';
import { sha256 } from '../walrus/sha256.ts';
import { readChecked, type VerifiedBytesCache } from './checked-cache.ts';

class MapCache implements VerifiedBytesCache {
  readonly entries = new Map<string, Uint8Array>();
  readonly deleted: string[] = [];
  async get(key: string) {
    return this.entries.get(key) ?? null;
  }
  async put(key: string, bytes: Uint8Array) {
    this.entries.set(key, bytes);
  }
  async delete(key: string) {
    this.deleted.push(key);
    this.entries.delete(key);
  }
}

const file = new TextEncoder().encode('<h1>hello</h1>');

describe('readChecked', () => {
  it('returns bytes whose SHA-256 is the expected one', async () => {
    const cache = new MapCache();
    await cache.put('k', file);
    expect(await readChecked(cache, 'k', await sha256(file))).toEqual({ kind: 'hit', bytes: file });
    expect(cache.deleted).toEqual([]);
  });

  it('rejects and deletes an entry holding other bytes (a site script overwrote it)', async () => {
    const cache = new MapCache();
    await cache.put('k', new TextEncoder().encode('<h1>pwned</h1>'));
    expect(await readChecked(cache, 'k', await sha256(file))).toEqual({ kind: 'rejected' });
    expect(cache.deleted).toEqual(['k']);
    expect(cache.entries.has('k')).toBe(false);
  });

  it('rejects a truncated or empty entry', async () => {
    const cache = new MapCache();
    await cache.put('k', file.subarray(0, 5));
    expect((await readChecked(cache, 'k', await sha256(file))).kind).toBe('rejected');
    await cache.put('k', new Uint8Array(0));
    expect((await readChecked(cache, 'k', await sha256(file))).kind).toBe('rejected');
  });

  it('counts a missing entry, no cache, or a failing cache as a miss', async () => {
    const expected = await sha256(file);
    expect(await readChecked(new MapCache(), 'k', expected)).toEqual({ kind: 'miss' });
    expect(await readChecked(undefined, 'k', expected)).toEqual({ kind: 'miss' });
    const broken: VerifiedBytesCache = {
      get: () => Promise.reject(new Error('quota')),
      put: () => Promise.resolve(),
    };
    expect(await readChecked(broken, 'k', expected)).toEqual({ kind: 'miss' });
  });

  it('still rejects when the cache cannot delete (no delete method, or it fails)', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const cache: VerifiedBytesCache = { get: async () => bytes, put: async () => {} };
    expect((await readChecked(cache, 'k', await sha256(file))).kind).toBe('rejected');
    const failing: VerifiedBytesCache = { ...cache, delete: () => Promise.reject(new Error('gone')) };
    expect((await readChecked(failing, 'k', await sha256(file))).kind).toBe('rejected');
  });
});
