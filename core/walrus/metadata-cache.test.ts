import { describe, expect, it, vi } from 'vitest';
import type { BlobMetadata } from './bcs.ts';
import { MetadataCache, type MetadataLoader } from './metadata-cache.ts';

const id = (k: number) => new Uint8Array(32).fill(k);
const meta = (length: number): BlobMetadata => ({ encodingType: 1, unencodedLength: length, hashes: [] });

/** A loader whose answers the test releases by hand, recording the signal of each load. */
function manualLoader() {
  const loads: { signal: AbortSignal; resolve: (m: BlobMetadata) => void; reject: (e: Error) => void }[] = [];
  const load = vi.fn<MetadataLoader>(
    (signal) =>
      new Promise<BlobMetadata>((resolve, reject) => {
        loads.push({ signal, resolve, reject });
        signal.addEventListener('abort', () => reject(signal.reason as Error));
      }),
  );
  return { load, loads };
}

describe('MetadataCache', () => {
  it('loads once for concurrent and later callers', async () => {
    const cache = new MetadataCache();
    const { load, loads } = manualLoader();
    const a = cache.get(id(1), load);
    const b = cache.get(id(1), load, new AbortController().signal);
    expect(load).toHaveBeenCalledTimes(1);
    loads[0]!.resolve(meta(7));
    expect((await a).unencodedLength).toBe(7);
    expect((await b).unencodedLength).toBe(7);
    expect((await cache.get(id(1), load)).unencodedLength).toBe(7);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('evicts the least recently used entry', async () => {
    const cache = new MetadataCache(2);
    const load = vi.fn<MetadataLoader>(() => Promise.resolve(meta(1)));
    await cache.get(id(1), load);
    await cache.get(id(2), load);
    await cache.get(id(1), load); // 1 is now the most recent
    await cache.get(id(3), load); // evicts 2
    expect(cache.size).toBe(2);
    expect(load).toHaveBeenCalledTimes(3);
    await cache.get(id(1), load);
    expect(load).toHaveBeenCalledTimes(3);
    await cache.get(id(2), load);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('does not remember a failure', async () => {
    const cache = new MetadataCache();
    const load = vi
      .fn<MetadataLoader>()
      .mockRejectedValueOnce(new Error('no node answered'))
      .mockResolvedValueOnce(meta(3));
    await expect(cache.get(id(1), load)).rejects.toThrow('no node answered');
    expect((await cache.get(id(1), load)).unencodedLength).toBe(3);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('stops a load only when every caller has given up', async () => {
    const cache = new MetadataCache();
    const { load, loads } = manualLoader();
    const first = new AbortController();
    const second = new AbortController();
    const a = cache.get(id(1), load, first.signal);
    const b = cache.get(id(1), load, second.signal);
    first.abort(new Error('first left'));
    await expect(a).rejects.toThrow('first left');
    expect(loads[0]!.signal.aborted).toBe(false);
    second.abort(new Error('second left'));
    await expect(b).rejects.toThrow('second left');
    expect(loads[0]!.signal.aborted).toBe(true);
    // A new caller starts a fresh load rather than joining the stopped one.
    const c = cache.get(id(1), load);
    expect(load).toHaveBeenCalledTimes(2);
    loads[1]!.resolve(meta(9));
    expect((await c).unencodedLength).toBe(9);
  });

  it('rejects at once for a signal already aborted, without loading', async () => {
    const cache = new MetadataCache();
    const load = vi.fn<MetadataLoader>(() => Promise.resolve(meta(1)));
    await expect(cache.get(id(1), load, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    expect(load).not.toHaveBeenCalled();
  });
});
