import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeCacheStorage } from './test-support/fake-caches.ts';
import { FakeFetchEvent, fire } from './test-support/fake-fetch-event.ts';
import { FakeSiteService } from './test-support/fake-site-service.ts';
import { handlers } from './handlers.ts';

const ORIGIN = 'http://hello.localhost:3000';
const PAGE = `<html><head><link rel="stylesheet" href="/css/site.css"><script src="/js/main.js"></script></head>
<body><img src="https://elsewhere.example/x.png"><img src="/images/photo.png"></body></html>`;

const html = (body: string, headers: Record<string, string> = {}) =>
  new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });

describe('the worker prefetches after a navigation only', () => {
  // The worker keeps an offline copy of each answer in the Cache API.
  beforeEach(() => vi.stubGlobal('caches', new FakeCacheStorage()));
  afterEach(() => vi.unstubAllGlobals());

  const run = async (navigate: boolean) => {
    const service = new FakeSiteService((request) =>
      new URL(request.url).pathname === '/' ? html(PAGE) : new Response('file'),
    );
    const list = handlers({
      origin: ORIGIN,
      site: async () => ({ service: service.asService(), portalHost: 'localhost' }),
      refreshDelayMs: 0,
    });
    const request = new Request(`${ORIGIN}/`);
    // Request's constructor refuses mode "navigate"; the browser sets it on a page's own request.
    if (navigate) Object.defineProperty(request, 'mode', { value: 'navigate' });
    const event = new FakeFetchEvent(request);
    fire(list, event);
    await event.response();
    await event.settled();
    // The page itself is asked for again by the worker start's refresh of offline copies.
    return new Set(service.calls.map((call) => new URL(call.url).pathname));
  };

  it('a navigation to a page starts reading what it names; a fetch of the same page does not', async () => {
    expect(await run(true)).toEqual(new Set(['/', '/css/site.css', '/js/main.js', '/images/photo.png']));
    expect(await run(false)).toEqual(new Set(['/']));
  });
});
