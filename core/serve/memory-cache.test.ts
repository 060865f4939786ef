import { describe, expect, it } from 'vitest';
import { memoryBytesCache } from './memory-cache.ts';

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe('memoryBytesCache', () => {
  it('drops the least recently used entries past its budget', async () => {
    const cache = memoryBytesCache(10);
    await cache.put('a', bytes(4));
    await cache.put('b', bytes(4));
    // Reading `a` makes `b` the oldest.
    expect(await cache.get('a')).toEqual(bytes(4));
    await cache.put('c', bytes(4));
    expect(await cache.get('b')).toBeNull();
    expect(await cache.get('a')).toEqual(bytes(4));
    expect(await cache.get('c')).toEqual(bytes(4));
  });

  it('does not keep a file larger than the whole budget', async () => {
    const cache = memoryBytesCache(10);
    await cache.put('a', bytes(4));
    await cache.put('huge', bytes(11));
    expect(await cache.get('huge')).toBeNull();
    expect(await cache.get('a')).toEqual(bytes(4));
  });

  it('frees the room of a deleted entry', async () => {
    const cache = memoryBytesCache(8);
    await cache.put('a', bytes(4));
    await cache.put('b', bytes(4));
    await cache.delete!('a');
    await cache.delete!('missing');
    await cache.put('c', bytes(4));
    expect(await cache.get('a')).toBeNull();
    expect(await cache.get('b')).toEqual(bytes(4));
    expect(await cache.get('c')).toEqual(bytes(4));
  });
});
