// The worker's request handling as an ordered list: the first handler that claims a request
// answers it; anything unclaimed goes to the network untouched.
import type { SiteService } from '../core/serve/site-service.ts';
import { rememberOrFallBack } from './offline.ts';
import type { ReadReporter } from './read-reporter.ts';
import { siteLabelOf } from './site-label.ts';

/** `waitUntil` extends the fetch event's lifetime for work done after answering. */
export type WaitUntil = (work: Promise<unknown>) => void;

export type Handler = (request: Request, url: URL, waitUntil: WaitUntil) => Promise<Response> | null;

export interface HandlerContext {
  readonly origin: string;
  readonly service: () => Promise<SiteService>;
  /** Reports what the reads counted to the portal, for its network page. */
  readonly reporter?: ReadReporter;
}

export function handlers(ctx: HandlerContext): Handler[] {
  return [
    // The portal's own files (worker, WASM, bootstrap, config) come from the portal server.
    (_request, url) =>
      url.origin === ctx.origin && url.pathname.startsWith('/__floe/') ? fetch(_request) : null,
    // Other origins (the chain, storage nodes, anything the site links to) are not ours.
    (_request, url) => (url.origin !== ctx.origin ? fetch(_request) : null),
    // Everything else on this origin is a file of the site named by the subdomain.
    (request, url, waitUntil) => {
      const label = siteLabelOf(url, ctx.origin);
      if (!label) return null;
      return ctx.service().then(async (service) => {
        const response = await service.handle(request, label);
        const report = ctx.reporter?.noteRead();
        if (report) waitUntil(report);
        return rememberOrFallBack(request, response, waitUntil);
      });
    },
  ];
}

export function dispatch(
  list: readonly Handler[],
  request: Request,
  waitUntil: WaitUntil,
): Promise<Response> | null {
  const url = new URL(request.url);
  for (const handler of list) {
    const response = handler(request, url, waitUntil);
    if (response) return response;
  }
  return null;
}
