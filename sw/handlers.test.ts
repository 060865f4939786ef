// The worker's handler list, driven as sw.ts drives it: which requests go to the portal server or
// the network, which to the site, and what a visitor gets when the chain cannot be reached. Each
// test is one behaviour a visitor relies on; together they fail if the site's handler moves ahead
// of the other two (or either is dropped) or the offline path loses a check. The first two handlers
// claim disjoint requests and both fetch them, so their order among themselves is not observable.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SiteService } from '../core/serve/site-service.ts';
import { ChainReadError } from '../core/sui/object-reader.ts';
import { TESTNET } from '../core/sui/networks.ts';
import { PAGES_CACHE } from './cache-names.ts';
import { handlers, REFRESH_DELAY_MS } from './handlers.ts';
import { OFFLINE_MAX_AGE_MS, STORED_AT_HEADER } from './offline-policy.ts';
import { FakeCacheStorage } from './test-support/fake-caches.ts';
import { FakeFetchEvent, fire } from './test-support/fake-fetch-event.ts';
import { FakeNetwork } from './test-support/fake-network.ts';
import { ORIGIN, PORTAL_HOST, startWorker } from './test-support/test-worker.ts';

let storage: FakeCacheStorage;
let network: FakeNetwork;
beforeEach(() => {
  storage = new FakeCacheStorage();
  network = new FakeNetwork();
  vi.stubGlobal('caches', storage);
  vi.stubGlobal('fetch', network.fetch);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

// Header names and values are spelled out, not imported: they are the contract with the site
// service and with pages, so a rename on one side only must fail here.
const page = (body: string) => new Response(body, { headers: { 'content-type': 'text/html' } });
/** An error page of the site service, tagged with its kind as site-service.ts does. */
const servicePage = (kind: string, status: number) =>
  new Response(`<h1>${kind}</h1>`, { status, headers: { 'x-floe-error': kind } });
const chainDown = () => servicePage('chain-unavailable', 503);

/** A copy in the offline cache, as the worker (or any script on the origin) can write one. */
async function writeOfflineCopy(url: string, body: string, storedAt = Date.now()) {
  const cache = await storage.open(PAGES_CACHE);
  await cache.put(url, new Response(body, { headers: { [STORED_AT_HEADER]: String(storedAt) } }));
}

describe("the portal's own files", () => {
  it.each(['/__floe/sw.js', '/__floe/config.json', '/__floe/walrus_wasm_bg.wasm?v=2'])(
    '%s comes from the portal server, even with the chain down and an offline copy written for it',
    async (path) => {
      const url = `${ORIGIN}${path}`;
      await writeOfflineCopy(url, 'a script wrote this');
      const worker = startWorker(chainDown);

      const response = await worker.visit(path);
      expect(await response.text()).toBe(`network: ${url}`);
      expect(network.urls).toEqual([url]);
      expect(worker.service.calls).toEqual([]);
    },
  );

  it('fails as a network error when the portal server is unreachable, not with the offline copy', async () => {
    const url = `${ORIGIN}/__floe/sw.js`;
    await writeOfflineCopy(url, 'a script wrote this');
    network.answer = () => Promise.reject(new TypeError('Failed to fetch'));
    const worker = startWorker(chainDown);

    await expect(worker.request('/__floe/sw.js').response()).rejects.toThrow('Failed to fetch');
    expect(worker.service.calls).toEqual([]);
  });

  it('a percent-encoded /__floe/ is refused by the real site service, never served from a copy', async () => {
    // The browser does not decode %5F in a path, so this is no portal path to the worker: the
    // site service must refuse it, before it asks the chain (which is down here, so a
    // chain-unavailable answer would bring out the copy a script wrote).
    const spelled = `${ORIGIN}/%5F%5Ffloe/sw.js`;
    await writeOfflineCopy(spelled, 'a script wrote this');
    await writeOfflineCopy(`${ORIGIN}/index.html`, 'kept page');
    const unreachable = () => Promise.reject(new ChainReadError('the chain is unreachable'));
    const service = new SiteService({
      network: TESTNET,
      sui: { core: { getObjects: unreachable } },
      committee: unreachable,
    });
    const list = handlers({
      origin: ORIGIN,
      site: async () => ({ service, portalHost: PORTAL_HOST }),
      refreshDelayMs: 0,
    });
    const visit = async (url: string) => {
      const event = new FakeFetchEvent(new Request(url));
      fire(list, event);
      const response = await event.response();
      await event.settled();
      return response;
    };

    const refused = await visit(spelled);
    expect(refused.headers.get('x-floe-error')).toBe('invalid-path');
    expect(await refused.text()).not.toContain('a script wrote this');
    // The chain really is down for this worker: a site's page comes from its copy.
    expect(await (await visit(`${ORIGIN}/index.html`)).text()).toBe('kept page');
    expect(network.urls).toEqual([]);
  });
});

describe('other origins', () => {
  it.each([
    'https://fullnode.testnet.sui.io/sui.rpc.v2.LedgerService/BatchGetObjects',
    'http://localhost:3000/__floe/config.json', // the portal's apex, not this site's origin
    'http://other.localhost:3000/index.html', // another site
  ])('%s goes to the network untouched', async (url) => {
    const worker = startWorker(() => page('from the site'));
    const event = worker.request(url, { method: 'POST', body: 'query' });

    expect(await (await event.response()).text()).toBe(`network: ${url}`);
    expect(network.requests).toHaveLength(1);
    expect(network.requests[0]).toBe(event.request);
    expect(worker.service.calls).toEqual([]);
  });
});

describe('before the site config is loaded', () => {
  it('portal files and other origins do not wait for it, nor fail with it', async () => {
    // The portal config a worker start needs can fail (portal unreachable); requests that are not
    // the site's must not depend on it, or a broken start would also break the worker's update.
    const site = () => Promise.reject(new Error('portal config unavailable'));
    const worker = startWorker(() => page('from the site'), { site });

    const portalFile = await worker.visit('/__floe/sw.js');
    expect(await portalFile.text()).toBe(`network: ${ORIGIN}/__floe/sw.js`);
    const elsewhere = await worker.visit('https://fullnode.testnet.sui.io/');
    expect(await elsewhere.text()).toBe('network: https://fullnode.testnet.sui.io/');
  });
});

describe("the site's files", () => {
  it.each([
    ['http://hello.localhost:3000', 'hello'],
    ['http://blog.hello.localhost:3000', 'blog.hello'],
  ])('on %s are asked of the site service as site %s', async (origin, label) => {
    const worker = startWorker(() => page('from the site'), { origin });

    const response = await worker.visit('/docs/a.html?x=1');
    expect(await response.text()).toBe('from the site');
    expect(worker.service.calls[0]).toEqual({ url: `${origin}/docs/a.html?x=1`, label });
    expect(network.urls).toEqual([]);
  });

  it.each(['http://localhost:3000', 'http://127.0.0.1:3000', 'http://example.com'])(
    'a worker on %s, which names no site, leaves requests to the network',
    async (origin) => {
      const worker = startWorker(() => page('from the site'), { origin });

      const response = await worker.visit('/index.html');
      expect(await response.text()).toBe(`network: ${origin}/index.html`);
      expect(worker.service.calls).toEqual([]);
    },
  );
});

describe('offline visits', () => {
  it('serve the last good answer, marked stale, when the chain is unreachable', async () => {
    const worker = startWorker(() => page('<h1>v1</h1>'));
    await worker.visit('/index.html');

    worker.service.answer = chainDown;
    const response = await worker.visit('/index.html');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<h1>v1</h1>');
    expect(response.headers.get('x-floe-stale')).toMatch(/unverified offline copy/);
    expect(network.urls).toEqual([]);
  });

  it('do not serve a copy older than the offline limit', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const worker = startWorker(() => page('<h1>v1</h1>'));
    await worker.visit('/index.html');

    vi.setSystemTime(Date.now() + OFFLINE_MAX_AGE_MS + 60_000);
    worker.service.answer = chainDown;
    const response = await worker.visit('/index.html');
    expect(response.status).toBe(503);
    expect(response.headers.get('x-floe-error')).toBe('chain-unavailable');
    expect(response.headers.has('x-floe-stale')).toBe(false);
  });

  it('pass a missing file through as the 404 it is, not as an older copy', async () => {
    const worker = startWorker(() => page('<h1>v1</h1>'));
    await worker.visit('/index.html');

    // The chain answered: the file is gone from the site, which the visitor must see.
    worker.service.answer = () => servicePage('resource-not-found', 404);
    const response = await worker.visit('/index.html');
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('<h1>resource-not-found</h1>');
    expect(response.headers.has('x-floe-stale')).toBe(false);
  });
  it('are not written again while the answer is unchanged', async () => {
    // Rewriting every answer cost about half the worker's time on a cached page view.
    const worker = startWorker(() => worker.service.tag(page('<h1>v1</h1>'), 'v1'));
    await worker.visit('/index.html');
    const cache = await storage.open(PAGES_CACHE);
    const writes = cache.puts;

    await worker.visit('/index.html');
    expect(cache.puts).toBe(writes);
  });
});

describe('the offline-copies refresh', () => {
  /** A site whose /old.html now says something else than the copy a script left in the cache. */
  const site = (request: Request) =>
    new URL(request.url).pathname === '/old.html' ? page('old, from the chain') : page('index');
  const OLD = `${ORIGIN}/old.html`;
  const refreshes = (calls: readonly { url: string }[]) => calls.filter((call) => call.url === OLD).length;

  it('re-derives kept copies from the site after the first good answer', async () => {
    await writeOfflineCopy(OLD, 'a script wrote this');
    const worker = startWorker(site);
    await worker.visit('/index.html');

    expect(worker.service.calls).toContainEqual({ url: OLD, label: 'hello' });
    const copy = await (await storage.open(PAGES_CACHE)).match(OLD);
    expect(await copy?.text()).toBe('old, from the chain');
  });

  it('waits for a good answer: none runs while the chain is unreachable', async () => {
    await writeOfflineCopy(OLD, 'a script wrote this');
    const worker = startWorker(chainDown);
    await worker.visit('/index.html');
    expect(refreshes(worker.service.calls)).toBe(0);

    worker.service.answer = site;
    await worker.visit('/index.html');
    expect(refreshes(worker.service.calls)).toBe(1);
  });

  it('runs once per worker start', async () => {
    await writeOfflineCopy(OLD, 'a script wrote this');
    const first = startWorker(site);
    await first.visit('/index.html');
    await first.visit('/about.html');
    expect(refreshes(first.service.calls)).toBe(1);

    const restarted = startWorker(site);
    await restarted.visit('/index.html');
    expect(refreshes(restarted.service.calls)).toBe(1);
  });

  it('starts after the refresh delay, and the worker is kept alive until it is done', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    await writeOfflineCopy(OLD, 'a script wrote this');
    const worker = startWorker(site, { refreshDelayMs: undefined }); // the worker's own default
    const event = worker.request('/index.html');
    await event.response();
    let done = false;
    void event.settled().then(() => (done = true));

    await vi.advanceTimersByTimeAsync(REFRESH_DELAY_MS - 1);
    expect(refreshes(worker.service.calls)).toBe(0);
    expect(done).toBe(false);

    await vi.advanceTimersByTimeAsync(1);
    await event.settled();
    expect(refreshes(worker.service.calls)).toBe(1);
  });
});

describe('streamed files', () => {
  /** A big file as the site service streams it: `rows` chunks, each read when the page asks. */
  const streamedFile = (rows: number) => {
    let sent = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (sent === rows) return controller.close();
          controller.enqueue(new Uint8Array([sent++]));
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const response = new Response(body, {
      headers: { 'content-type': 'video/mp4', 'content-length': String(rows), 'x-floe-streamed': '1' },
    });
    return { response, sent: () => sent, cancelled: () => cancelled };
  };
  const settledYet = (event: FakeFetchEvent) => {
    let settled = false;
    void event.settled().then(() => (settled = true));
    return () => settled;
  };

  it('keep the worker alive until the page has read the whole body, and keep no copy', async () => {
    const file = streamedFile(3);
    const worker = startWorker(() => file.response);
    const event = worker.request('/video.mp4');
    const response = await event.response();
    const settled = settledYet(event);

    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled()).toBe(false);
    expect(file.sent()).toBe(0);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([0, 1, 2]));
    await event.settled();
    expect(settled()).toBe(true);
    expect((await storage.open(PAGES_CACHE)).puts).toBe(0);
  });

  it('let the worker stop once the page cancels the body, and cancel the reads', async () => {
    const file = streamedFile(100);
    const worker = startWorker(() => file.response);
    const event = worker.request('/video.mp4');
    const response = await event.response();
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();

    await event.settled();
    expect(file.cancelled()).toBe(true);
    expect(file.sent()).toBeLessThan(100);
  });

  it('let the worker stop when the body fails, which the page sees as a failed read', async () => {
    const body = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.error(new Error('row 7 could not be verified')),
    });
    const worker = startWorker(() => new Response(body, { headers: { 'x-floe-streamed': '1' } }));
    const event = worker.request('/video.mp4');
    const response = await event.response();

    await expect(response.arrayBuffer()).rejects.toThrow('row 7 could not be verified');
    await event.settled();
  });
});

describe('read reports', () => {
  it('are asked for after every site answer, and the worker lives until each is sent', async () => {
    const report = Promise.resolve();
    const noteRead = vi.fn(() => report);
    const worker = startWorker(() => page('index'), { reporter: { noteRead } });

    const good = worker.request('/index.html');
    await good.response();
    await good.settled();
    expect(noteRead).toHaveBeenCalledTimes(1);
    expect(good.work).toContain(report);

    worker.service.answer = chainDown;
    const offline = worker.request('/index.html');
    await offline.response();
    expect(noteRead).toHaveBeenCalledTimes(2);
    expect(offline.work).toContain(report);

    // Not for what the site did not answer.
    await worker.visit('/__floe/config.json');
    await worker.visit('https://fullnode.testnet.sui.io/');
    expect(noteRead).toHaveBeenCalledTimes(2);
  });
});
