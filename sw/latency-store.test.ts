import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NodeLatency } from '../core/walrus/node-latency.ts';
import { latencyKey } from './cache-names.ts';
import { LatencyStore, type LatencyCache } from './latency-store.ts';

const A = 'http://127.0.0.1:9001';
const B = 'http://127.0.0.1:9002';

/** An in-memory stand-in for one Cache API cache, counting writes. */
function memoryCache() {
  const entries = new Map<string, string>();
  let puts = 0;
  const cache: LatencyCache = {
    async match(key) {
      const body = entries.get(key);
      return body === undefined ? undefined : new Response(body);
    },
    async put(key, response) {
      puts++;
      entries.set(key, await response.text());
    },
  };
  return { cache, entries, puts: () => puts };
}

describe('LatencyStore', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves at most once per interval and a later worker starts with what was learned', async () => {
    const { cache, puts } = memoryCache();
    const first = new NodeLatency({ now: () => 0 });
    const store = new LatencyStore({ latency: first, open: async () => cache, intervalMs: 10_000 });
    first.observe(A, 30);
    const save = store.noteRead();
    expect(save).not.toBeNull();
    first.observe(B, 400);
    expect(store.noteRead()).toBeNull();
    await vi.advanceTimersByTimeAsync(10_000);
    await save;
    expect(puts()).toBe(1);

    const next = new NodeLatency({ now: () => 0 });
    await new LatencyStore({ latency: next, open: async () => cache }).load();
    expect(next.order([B, A])).toEqual([A, B]);
    expect(next.score(B)).toBe(first.score(B));
    // The next read schedules the next save.
    expect(store.noteRead()).not.toBeNull();
  });

  it('starts cold, without throwing, from a missing, garbled or unreachable store', async () => {
    const { cache, entries } = memoryCache();
    const latency = new NodeLatency({ now: () => 0 });
    await new LatencyStore({ latency, open: async () => cache }).load();
    entries.set(latencyKey(), '{not json');
    await new LatencyStore({ latency, open: async () => cache }).load();
    entries.set(latencyKey(), JSON.stringify({ version: 1, takenAt: 0, nodes: { [A]: { srtt: 'x' } } }));
    await new LatencyStore({ latency, open: async () => cache }).load();
    await new LatencyStore({ latency, open: () => Promise.reject(new Error('no caches')) }).load();
    expect(latency.size).toBe(0);
  });

  it('a failed save is dropped quietly and the next read tries again', async () => {
    const latency = new NodeLatency({ now: () => 0 });
    const store = new LatencyStore({
      latency,
      open: () => Promise.reject(new Error('quota')),
      intervalMs: 1000,
    });
    const save = store.noteRead()!;
    await vi.advanceTimersByTimeAsync(1000);
    await expect(save).resolves.toBeUndefined();
    expect(store.noteRead()).not.toBeNull();
  });
});
