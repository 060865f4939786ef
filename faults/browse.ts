// The three ways a schedule browses a site, all answering the same question — what bytes did the
// client get for this URL — as a digest, so the invariant compares every path alike:
//   chromium  headless Chromium through the portal: the bootstrap page installs the service worker
//             on the site's origin, and `fetch()` in the page is answered by the worker from slivers
//             it fetched and verified in the browser (the real browser path);
//   portal    the portal server over HTTP without the worker (curl, crawlers): the same
//             core/serve/site-service.ts run in Node, with the portal's verified-bytes cache;
//   service   that SiteService in-process with no bytes cache, so every file is read from the
//             nodes again (the most exposure to faults per second of CPU).
import { request as httpRequest } from 'node:http';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { SiteService } from '../core/serve/site-service.ts';
import type { Portal } from '../portal/server/server.ts';
import { sha256Hex, type Chain } from './chain.ts';

export interface Served {
  /** 0 when no response arrived (the fetch failed or timed out). */
  readonly status: number;
  /** `x-floe-error` of the portal's error pages. */
  readonly errorKind: string | null;
  readonly sha256: string;
  readonly length: number;
  /** How the portal read the file (`x-floe-read`), when it says. */
  readonly read: string | null;
  /** The worker's offline copy (`x-floe-stale`): the last good answer, served when the chain is unreachable. */
  readonly stale: boolean;
  readonly failure: string | null;
}

export interface BrowseDriver {
  get(label: string, urlPath: string, range: string | null): Promise<Served>;
  /** Forget caches (a new browser context, a new service), so files are read from the nodes again. */
  fresh(): Promise<void>;
  /**
   * A hostile script on the site's origin (Chromium only): it overwrites every cache the worker
   * keeps with other bytes, then the worker is stopped, so the next answers come from a new worker
   * that only has those caches. Returns what went wrong, or null.
   */
  poison?(label: string): Promise<string | null>;
  close(): Promise<void>;
}

const BROWSE_TIMEOUT_MS = 60_000;

function failed(failure: string): Served {
  return { status: 0, errorKind: null, sha256: '', length: 0, read: null, stale: false, failure };
}

export function serviceDriver(chain: Chain): BrowseDriver {
  const make = () =>
    new SiteService({
      network: chain.network,
      sui: chain.sui,
      committee: chain.committee,
      debugHeader: true,
    });
  let service = make();
  return {
    async get(label, urlPath, range) {
      const request = new Request(`http://${label}.localhost${urlPath}`, {
        headers: range ? { range } : {},
      });
      try {
        const response = await service.handle(request, label);
        const body = new Uint8Array(await response.arrayBuffer());
        return {
          status: response.status,
          errorKind: response.headers.get('x-floe-error'),
          sha256: sha256Hex(body),
          length: body.length,
          read: response.headers.get('x-floe-read'),
          stale: response.headers.has('x-floe-stale'),
          failure: null,
        };
      } catch (error) {
        return failed(`SiteService threw ${(error as Error).name}: ${(error as Error).message}`);
      }
    },
    async fresh() {
      service = make();
    },
    async close() {},
  };
}

export function portalDriver(portal: Portal): BrowseDriver {
  return {
    get(label, urlPath, range) {
      return new Promise<Served>((resolve) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: portal.port,
            path: urlPath,
            headers: { host: `${label}.localhost:${portal.port}`, ...(range ? { range } : {}) },
            timeout: BROWSE_TIMEOUT_MS,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', (e) => resolve(failed(`response: ${e.message}`)));
            res.on('end', () => {
              const body = Buffer.concat(chunks);
              const header = (name: string) => {
                const v = res.headers[name];
                return typeof v === 'string' ? v : null;
              };
              resolve({
                status: res.statusCode ?? 0,
                errorKind: header('x-floe-error'),
                sha256: sha256Hex(body),
                length: body.length,
                read: header('x-floe-read'),
                stale: header('x-floe-stale') !== null,
                failure: null,
              });
            });
          },
        );
        req.on('timeout', () => req.destroy(new Error(`no answer within ${BROWSE_TIMEOUT_MS} ms`)));
        req.on('error', (e) => resolve(failed(`request: ${e.message}`)));
        req.end();
      });
    },
    async fresh() {
      // The portal's cache is its own; a fresh visit is the same as any other.
    },
    async close() {},
  };
}

/** Chromium: one browser context per site (and per `fresh`), one page on the site's origin. */
export function chromiumDriver(browser: Browser, portal: Portal): BrowseDriver {
  let context: BrowserContext | null = null;
  let page: { label: string; page: Page } | null = null;
  // The bootstrap page installs the worker and reloads; the reloaded page (no bootstrap status
  // line) is the worker's, and from then on the worker answers the page's requests.
  const workerPage = async (p: Page) => {
    await p.waitForFunction(
      () => navigator.serviceWorker.controller !== null && document.getElementById('floe-status') === null,
      null,
      { timeout: BROWSE_TIMEOUT_MS },
    );
    await p.waitForLoadState('load', { timeout: BROWSE_TIMEOUT_MS });
  };
  const open = async (label: string): Promise<Page> => {
    if (page?.label === label && !page.page.isClosed()) return page.page;
    context ??= await browser.newContext({ serviceWorkers: 'allow' });
    const p = await context.newPage();
    await p.goto(portal.siteUrl(label), { timeout: BROWSE_TIMEOUT_MS });
    await workerPage(p);
    page = { label, page: p };
    return p;
  };
  const reset = async () => {
    await context?.close().catch(() => {});
    context = null;
    page = null;
  };
  return {
    async poison(label) {
      try {
        const p = await open(label);
        await p.evaluate(poisonEveryCache);
        const cdp = await p.context().newCDPSession(p);
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        await cdp.detach();
        // The step's next request (its first target is the page itself, `/`) starts a new worker,
        // which has nothing but the poisoned caches.
        return null;
      } catch (error) {
        await reset();
        return `poisoning in Chromium: ${(error as Error).message.split('\n')[0]}`;
      }
    },
    async get(label, urlPath, range) {
      let p: Page;
      try {
        p = await open(label);
      } catch (error) {
        await reset();
        return failed(`opening the site in Chromium: ${(error as Error).message.split('\n')[0]}`);
      }
      try {
        return await p.evaluate(
          async ({ urlPath, range, timeoutMs }) => {
            try {
              const response = await fetch(urlPath, {
                headers: range ? { range } : {},
                signal: AbortSignal.timeout(timeoutMs),
              });
              const body = new Uint8Array(await response.arrayBuffer());
              const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
              return {
                status: response.status,
                errorKind: response.headers.get('x-floe-error'),
                sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''),
                length: body.length,
                read: response.headers.get('x-floe-read'),
                stale: response.headers.has('x-floe-stale'),
                failure: null,
              };
            } catch (error) {
              return {
                status: 0,
                errorKind: null,
                sha256: '',
                length: 0,
                read: null,
                stale: false,
                failure: `fetch in the page: ${String(error)}`,
              };
            }
          },
          { urlPath, range, timeoutMs: BROWSE_TIMEOUT_MS },
        );
      } catch (error) {
        await reset();
        return failed(`Chromium: ${(error as Error).message.split('\n')[0]}`);
      }
    },
    fresh: reset,
    close: reset,
  };
}

/**
 * Runs in the site's page: every entry of every Cache API cache on the origin (the worker's are all
 * of them) gets the next entry's body — other bytes that still look right: another file, another
 * resource's field — with a fresh `x-floe-stored-at`, so an offline copy would look just stored.
 * IndexedDB is left alone: the worker keeps nothing there (e2e/security-cache.spec.ts checks).
 */
async function poisonEveryCache(): Promise<void> {
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    const requests = await cache.keys();
    const bodies = await Promise.all(
      requests.map(
        async (r) => new Uint8Array(await ((await cache.match(r)) ?? new Response()).arrayBuffer()),
      ),
    );
    for (const [i, request] of requests.entries()) {
      const other =
        bodies.length > 1 ? bodies[(i + 1) % bodies.length]! : new TextEncoder().encode('poisoned');
      await cache.put(
        request,
        new Response(other as BodyInit, { headers: { 'x-floe-stored-at': String(Date.now()) } }),
      );
    }
  }
}
