import { describe, expect, it } from 'vitest';
import { cachedRows, RowCache } from './row-cache.ts';

const row = (size: number, fill: number) => new Uint8Array(size).fill(fill);

describe('RowCache', () => {
  it('keeps rows by blob and index within its byte budget, least recently used out first', () => {
    const cache = new RowCache(30);
    cache.put('a', 0, row(10, 1));
    cache.put('a', 1, row(10, 2));
    cache.put('b', 0, row(10, 3));
    expect(cache.get('a', 0, 10)).toEqual(row(10, 1)); // now the most recent
    cache.put('b', 1, row(10, 4)); // over budget: a/1 goes
    expect(cache.get('a', 1, 10)).toBeUndefined();
    expect(cache.get('a', 0, 10)).toEqual(row(10, 1));
    expect(cache.get('b', 0, 10)).toEqual(row(10, 3));
    expect(cache.bytes).toBe(30);
  });

  it('counts a replaced row once, and keeps nothing larger than its budget or with a budget of 0', () => {
    const cache = new RowCache(25);
    cache.put('a', 0, row(10, 1));
    cache.put('a', 0, row(10, 5));
    expect(cache.bytes).toBe(10);
    expect(cache.get('a', 0, 10)).toEqual(row(10, 5));
    cache.put('a', 1, row(26, 1));
    expect(cache.get('a', 1, 26)).toBeUndefined();
    expect(cache.bytes).toBe(10);
    const none = new RowCache(0);
    none.put('a', 0, row(1, 1));
    expect(none.get('a', 0, 1)).toBeUndefined();
  });

  it('drops a row whose bytes are no longer its size (its buffer was transferred away)', () => {
    const cache = new RowCache(100);
    const data = row(10, 7);
    cache.put('a', 0, data);
    structuredClone(data.buffer, { transfer: [data.buffer] });
    expect(data.length).toBe(0);
    expect(cache.get('a', 0, 10)).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });
});

describe('cachedRows', () => {
  it('asks the source only for rows not kept, and keeps what it verified', async () => {
    const cache = new RowCache(100);
    const asked: number[] = [];
    const source = cachedRows(cache, 'blob', 4, async (r) => (asked.push(r), row(4, r)));
    const signal = new AbortController().signal;
    const turn = () => Promise.resolve();
    expect(await source(1, signal, turn)).toEqual(row(4, 1));
    expect(await source(1, signal, turn)).toEqual(row(4, 1));
    expect(await source(2, signal, turn)).toEqual(row(4, 2));
    expect(asked).toEqual([1, 2]);
    // Another blob's rows are its own.
    const other = cachedRows(cache, 'other', 4, async (r) => (asked.push(r + 100), row(4, 9)));
    expect(await other(1, signal, turn)).toEqual(row(4, 9));
    expect(asked).toEqual([1, 2, 101]);
  });

  it('keeps nothing when the source fails', async () => {
    const cache = new RowCache(100);
    const source = cachedRows(cache, 'blob', 4, async () => {
      throw new Error('no row');
    });
    await expect(source(0, new AbortController().signal, () => Promise.resolve())).rejects.toThrow('no row');
    expect(cache.bytes).toBe(0);
  });
});
