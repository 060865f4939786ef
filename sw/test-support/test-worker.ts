// One worker start for the handler tests: the real handler list (handlers.ts) over a fake site
// service, on the worker origin a test chooses, with requests fired the way sw.ts's fetch listener
// fires them. The test stubs the globals the worker uses (`fetch`, `caches`).
import type { ReadReporter } from '../read-reporter.ts';
import { handlers, type HandlerContext } from '../handlers.ts';
import { FakeFetchEvent, fire } from './fake-fetch-event.ts';
import { FakeSiteService, type SiteAnswer } from './fake-site-service.ts';

/** A site's origin, as the worker is installed on (`<label>.<portal host>:<port>`). */
export const ORIGIN = 'http://hello.localhost:3000';
export const PORTAL_HOST = 'localhost';

export interface TestWorkerOptions {
  /** The worker's own origin. @default ORIGIN */
  readonly origin?: string;
  readonly reporter?: Pick<ReadReporter, 'noteRead'>;
  /** Replaces the worker's site config (the fake service under PORTAL_HOST), e.g. to fail it. */
  readonly site?: HandlerContext['site'];
  /** @default 0, so a refresh runs as soon as the event's work is awaited */
  readonly refreshDelayMs?: number | undefined;
}

export interface TestWorker {
  readonly service: FakeSiteService;
  /** Fires a fetch event for `url` (relative to the worker's origin) and returns it. */
  request(url: string, init?: RequestInit): FakeFetchEvent;
  /** Fires a fetch event, then waits for its answer and for the work it left to waitUntil. */
  visit(url: string, init?: RequestInit): Promise<Response>;
}

export function startWorker(answer: SiteAnswer, options: TestWorkerOptions = {}): TestWorker {
  const origin = options.origin ?? ORIGIN;
  const service = new FakeSiteService(answer);
  const list = handlers({
    origin,
    site: options.site ?? (async () => ({ service: service.asService(), portalHost: PORTAL_HOST })),
    refreshDelayMs: 'refreshDelayMs' in options ? options.refreshDelayMs : 0,
    // The worker calls only noteRead on its reporter.
    ...(options.reporter ? { reporter: options.reporter as ReadReporter } : {}),
  });
  const request = (url: string, init?: RequestInit) => {
    const event = new FakeFetchEvent(new Request(new URL(url, origin), init));
    fire(list, event);
    return event;
  };
  return {
    service,
    request,
    async visit(url, init) {
      const event = request(url, init);
      const response = await event.response();
      await event.settled();
      return response;
    },
  };
}
