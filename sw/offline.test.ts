import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PAGES_CACHE } from './cache-names.ts';
import { KeptCopies, refreshOfflineCopies, rememberOrFallBack, RESTAMP_AFTER_MS } from './offline.ts';
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

  it('keeps no copy of a streamed file, nor reads its stream', async () => {
    const file = pulledStream();
    const answer = await remember(streamed(file.stream, 200));
    expect(file.pulls()).toBe(0);
    expect(answer.headers.get('x-floe-streamed')).toBe('1');
    expect((await storage.open(PAGES_CACHE)).puts).toBe(0);
  });

  it('keeps no copy of a partial answer', async () => {
    await remember(new Response('part', { status: 206, headers: { 'content-range': 'bytes 0-3/10' } }));
    expect((await storage.open(PAGES_CACHE)).puts).toBe(0);
  });
});

describe('refreshOfflineCopies', () => {
  it('drops a kept copy whose file is now streamed, and cancels the stream', async () => {
    await remember(page('<h1>small once</h1>'));
    const file = pulledStream();
    await refreshOfflineCopies(async () => streamed(file.stream, 200));
    expect(await (await storage.open(PAGES_CACHE)).match(URL_A)).toBeUndefined();
    expect(file.cancelled()).toBe(true);
  });
});

/** A streamed answer as the site service gives for a big blob (`x-floe-streamed`). */
function streamed(body: ReadableStream<Uint8Array>, status: number) {
  return new Response(body, { status, headers: { 'x-floe-streamed': '1', 'content-length': '3' } });
}

/** A stream that counts how often it was read from and says whether it was cancelled. */
function pulledStream() {
  let pulls = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array([1, 2, 3]));
        controller.close();
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulls: () => pulls, cancelled: () => cancelled };
}
