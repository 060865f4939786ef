import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PAGES_CACHE } from './cache-names.ts';
import { KeptCopies, rememberOrFallBack, RESTAMP_AFTER_MS } from './offline.ts';
import { OFFLINE_MAX_AGE_MS, STORED_AT_HEADER } from './offline-policy.ts';
import { FakeCacheStorage } from './test-support/fake-caches.ts';

const URL_A = 'http://site.localhost:3000/index.html';

let storage: FakeCacheStorage;
beforeEach(() => {
  storage = new FakeCacheStorage();
  vi.stubGlobal('caches', storage);
});
afterEach(() => vi.unstubAllGlobals());

/** Runs `rememberOrFallBack` and waits for the work it hands to waitUntil. */
async function remember(response: Response, options: Parameters<typeof rememberOrFallBack>[3] = {}) {
  const work: Promise<unknown>[] = [];
  const answer = await rememberOrFallBack(new Request(URL_A), response, (w) => work.push(w), options);
  await Promise.all(work);
  return answer;
}

const page = (body: string) => new Response(body, { headers: { 'content-type': 'text/html' } });
const chainDown = () =>
  new Response('chain down', { status: 503, headers: { 'x-floe-error': 'chain-unavailable' } });

describe('rememberOrFallBack', () => {
  it('keeps a stamped copy of a good answer and serves it, marked stale, when the chain is down', async () => {
    await remember(page('<h1>v1</h1>'), { now: () => 1000 });
    const copy = await (await storage.open(PAGES_CACHE)).match(URL_A);
    expect(copy?.headers.get(STORED_AT_HEADER)).toBe('1000');

    const offline = await remember(chainDown(), { now: () => 2000 });
    expect(offline.status).toBe(200);
    expect(await offline.text()).toBe('<h1>v1</h1>');
    expect(offline.headers.get('x-floe-stale')).toMatch(/unverified offline copy/);
    expect(offline.headers.has(STORED_AT_HEADER)).toBe(false);
  });

  it('does not write an unchanged answer again within the hour, but does once it changes', async () => {
    const kept = new KeptCopies();
    await remember(page('<h1>v1</h1>'), { now: () => 0, tag: 'v1', kept });
    await remember(page('<h1>v1</h1>'), { now: () => 1000, tag: 'v1', kept });
    const cache = await storage.open(PAGES_CACHE);
    expect(cache.puts).toBe(1);

    await remember(page('<h1>v2</h1>'), { now: () => 2000, tag: 'v2', kept });
    expect(cache.puts).toBe(2);
    expect(await (await cache.match(URL_A))!.text()).toBe('<h1>v2</h1>');
  });

  it('stamps an unchanged copy again once it is an hour old, so it stays usable offline', async () => {
    const kept = new KeptCopies();
    await remember(page('<h1>v1</h1>'), { now: () => 0, tag: 'v1', kept });
    await remember(page('<h1>v1</h1>'), { now: () => RESTAMP_AFTER_MS, tag: 'v1', kept });
    const copy = await (await storage.open(PAGES_CACHE)).match(URL_A);
    expect(copy?.headers.get(STORED_AT_HEADER)).toBe(String(RESTAMP_AFTER_MS));
  });

  it('writes every answer when it has no tag (error pages, other callers)', async () => {
    const kept = new KeptCopies();
    await remember(page('<h1>v1</h1>'), { now: () => 0, kept });
    await remember(page('<h1>v1</h1>'), { now: () => 1, kept });
    expect((await storage.open(PAGES_CACHE)).puts).toBe(2);
  });

  it('refuses a copy older than the offline limit and deletes it', async () => {
    await remember(page('<h1>v1</h1>'), { now: () => 0 });
    const offline = await remember(chainDown(), { now: () => OFFLINE_MAX_AGE_MS + 1 });
    expect(offline.status).toBe(503);
    expect(await (await storage.open(PAGES_CACHE)).match(URL_A)).toBeUndefined();
  });
});
