// The worker's request handling as an ordered list: the first handler that claims a request
// answers it; anything unclaimed goes to the network untouched.
import { CHAIN_UNAVAILABLE_ERROR, ERROR_HEADER, isPortalPath } from '../core/serve/portal-protocol.ts';
import { prefetchSubresources } from '../core/serve/prefetch-subresources.ts';
import type { SiteService } from '../core/serve/site-service.ts';
import { KeptCopies, refreshOfflineCopies, rememberOrFallBack } from './offline.ts';
import type { ReadReporter } from './read-reporter.ts';
import { siteLabelOf } from './site-label.ts';
import { aliveWhileStreaming } from './while-streaming.ts';

/** `waitUntil` extends the fetch event's lifetime for work done after answering. */
export type WaitUntil = (work: Promise<unknown>) => void;

/**
 * How long after a worker start's first good answer its offline copies are re-derived: after the
 * page that woke it has loaded, whose own requests would otherwise queue behind the refresh's.
 */
export const REFRESH_DELAY_MS = 3000;

/** What the fetch event brings besides its request. */
export interface FetchExtras {
  /** A navigation's `event.preloadResponse` (core/serve/navigation-preload.ts). */
  readonly preload?: Promise<Response | undefined>;
}

export type Handler = (
  request: Request,
  url: URL,
  waitUntil: WaitUntil,
  extras: FetchExtras,
) => Promise<Response> | null;

/** What the worker serves with, once its portal config is loaded. */
export interface WorkerSite {
  readonly service: SiteService;
  /** The portal's host name, which the worker's own host names a site under. */
  readonly portalHost: string;
}

export interface HandlerContext {
  readonly origin: string;
  readonly site: () => Promise<WorkerSite>;
  /** Reports what the reads counted to the portal, for its network page. */
  readonly reporter?: ReadReporter;
  /** @default REFRESH_DELAY_MS */
  readonly refreshDelayMs?: number;
  /** Resolves when an offline copy may be written (sw/quiet-writes.ts); default at once. */
  readonly whenQuiet?: () => Promise<void>;
}

export function handlers(ctx: HandlerContext): Handler[] {
  // Once per worker start, after the first answer that shows the chain reachable: offline copies
  // (which a site's scripts can write) are re-derived from the chain, see offline.ts.
  let refreshed = false;
  const refresh = ({ service, portalHost }: WorkerSite, waitUntil: WaitUntil) => {
    if (refreshed) return;
    refreshed = true;
    const delay = new Promise((resolve) => setTimeout(resolve, ctx.refreshDelayMs ?? REFRESH_DELAY_MS));
    waitUntil(
      delay.then(() =>
        refreshOfflineCopies((address) => {
          const label = siteLabelOf(new URL(address), ctx.origin, portalHost);
          return label ? service.handle(new Request(address), label) : null;
        }),
      ),
    );
  };
  const kept = new KeptCopies();
  return [
    // The portal's own files (worker, WASM, bootstrap, config) come from the portal server, never
    // from the site or from a cache a site's script can write (the offline copy is not consulted).
    (request, url) => (url.origin === ctx.origin && isPortalPath(url.pathname) ? fetch(request) : null),
    // Other origins (the chain, storage nodes, anything the site links to) are not ours.
    (_request, url) => (url.origin !== ctx.origin ? fetch(_request) : null),
    // Everything else on this origin is a file of the site named by the subdomain.
    (request, url, waitUntil, extras) =>
      ctx.site().then(async (site) => {
        const label = siteLabelOf(url, ctx.origin, site.portalHost);
        // Not a site's host (the worker never installs on the apex, so this is a misconfiguration).
        if (!label) return fetch(request);
        const { service } = site;
        const response = await service.handle(
          request,
          label,
          extras.preload ? { preload: extras.preload } : {},
        );
        if (request.mode === 'navigate')
          prefetchSubresources(service, label, request.url, response, waitUntil);
        const report = ctx.reporter?.noteRead();
        if (report) waitUntil(report);
        if (response.headers.get(ERROR_HEADER) !== CHAIN_UNAVAILABLE_ERROR) refresh(site, waitUntil);
        const answer = await rememberOrFallBack(request, response, waitUntil, {
          tag: service.contentTag(response),
          kept,
          ...(ctx.whenQuiet ? { whenQuiet: ctx.whenQuiet } : {}),
        });
        return aliveWhileStreaming(answer, waitUntil);
      }),
  ];
}

export function dispatch(
  list: readonly Handler[],
  request: Request,
  waitUntil: WaitUntil,
  extras: FetchExtras = {},
): Promise<Response> | null {
  const url = new URL(request.url);
  for (const handler of list) {
    const response = handler(request, url, waitUntil, extras);
    if (response) return response;
  }
  return null;
}
