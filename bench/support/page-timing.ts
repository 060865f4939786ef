// Page-load times measured inside Chromium, the same way for Floe and the static server: from the
// start of the visit's first navigation to the end of the `load` event of the page the visitor
// sees. A first Floe visit is one document, the site's page answered by the portal (which installs
// the worker after `load`); only when the portal has no read slot free does it span two (the
// bootstrap page, which installs the worker and reloads, then the site's page), so each visit's
// first document leaves its start time in sessionStorage for the page that ends the visit. Loads
// are reported through a binding rather than polled for.
import type { BrowserContext, Page } from '@playwright/test';

export interface PageLoad {
  /** Navigation start of the visit → loadEventEnd of the site's page, in ms. */
  readonly ms: number;
  /** The page's URL. */
  readonly url: string;
  /** Whether the visit went through the bootstrap page first. */
  readonly bootstrapped: boolean;
  /** Whether a service worker answered the page (it controlled the document from its start). */
  readonly controlled: boolean;
  /** `document.body.dataset.js`: "ok" once examples/hello's module script ran. */
  readonly js: string | null;
  /** `document.title` */
  readonly title: string;
  /** Set by Floe's error pages (`data-floe-error` on body). */
  readonly floeError: string | null;
}

const BINDING = '__floeBenchLoaded';
const START_KEY = '__floe-bench-start';

/** Runs in every document of the context before its own scripts. */
function timingScript({ binding, startKey }: { binding: string; startKey: string }): void {
  const storage = (() => {
    try {
      return sessionStorage;
    } catch {
      return null; // about:blank and other opaque origins
    }
  })();
  const bootstrap = () => document.body?.hasAttribute('data-floe-bootstrap') ?? false;
  // Read before any script runs: a worker that takes control later (clients.claim) did not answer
  // this document.
  const controlled = (() => {
    try {
      return (navigator.serviceWorker?.controller ?? null) !== null;
    } catch {
      return false; // opaque origins may not even ask
    }
  })();
  // A visit starts with its first document: the bootstrap page's start is kept for the page after it.
  if (storage && !storage.getItem(startKey)) storage.setItem(startKey, String(performance.timeOrigin));
  addEventListener('load', () =>
    // loadEventEnd is set once every load listener has returned.
    setTimeout(() => {
      if (bootstrap() || location.protocol === 'about:') return;
      const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      const end = performance.timeOrigin + (nav?.loadEventEnd || performance.now());
      const start = Number(storage?.getItem(startKey) ?? performance.timeOrigin);
      storage?.removeItem(startKey);
      const report = (window as unknown as Record<string, (payload: unknown) => void>)[binding];
      report?.({
        ms: end - start,
        url: location.href,
        bootstrapped: start !== performance.timeOrigin,
        controlled,
        js: document.body?.dataset['js'] ?? null,
        title: document.title,
        floeError: document.body?.getAttribute('data-floe-error') ?? null,
      });
    }, 0),
  );
}

/** Page loads of one context: call `next(page)` before navigating, then await what it returns. */
export interface PageLoadWatcher {
  /**
   * Resolves with the next site page `page` finishes loading, at `url` when given (a late load of
   * an earlier navigation is ignored then); rejects after `timeoutMs`.
   */
  next(page: Page, timeoutMs: number, url?: string): Promise<PageLoad>;
}

export async function watchPageLoads(context: BrowserContext): Promise<PageLoadWatcher> {
  const waiting = new Map<Page, { url: string | undefined; settle: (load: PageLoad) => void }>();
  await context.exposeBinding(BINDING, ({ page }, payload: PageLoad) => {
    const entry = waiting.get(page);
    if (!entry || (entry.url !== undefined && entry.url !== payload.url)) return;
    waiting.delete(page);
    entry.settle(payload);
  });
  await context.addInitScript(timingScript, { binding: BINDING, startKey: START_KEY });
  return {
    next: (page, timeoutMs, url) => {
      const load = new Promise<PageLoad>((resolve, reject) => {
        const entry = {
          url,
          settle: (loaded: PageLoad) => {
            clearTimeout(timer);
            resolve(loaded);
          },
        };
        const timer = setTimeout(() => {
          // Only its own entry: a later `next` for the same page may have replaced it.
          if (waiting.get(page) === entry) waiting.delete(page);
          reject(new Error(`no page load within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(page, entry);
      });
      // A caller whose navigation failed never awaits this; its timeout must not crash the process.
      load.catch(() => {});
      return load;
    },
  };
}
