// Offline visits: the last good response for each URL is kept, and served when the chain cannot
// be reached (the page's files themselves are verified bytes; only "which file" is stale).
import { PAGES_CACHE } from './cache-names.ts';

/** Set by the site service on its error pages (see core/serve/site-service.ts). */
const ERROR_HEADER = 'x-floe-error';

/**
 * `waitUntil` keeps the worker alive for work that outlasts the response (the event's own): the
 * copy is stored after the page has its answer, so no visit waits for a cache write.
 */
export async function rememberOrFallBack(
  request: Request,
  response: Response,
  waitUntil: (work: Promise<unknown>) => void,
): Promise<Response> {
  if (request.method !== 'GET' || request.headers.has('range')) return response;
  if (response.status === 200 || (response.status === 404 && !response.headers.has(ERROR_HEADER))) {
    const copy = response.clone();
    waitUntil(
      caches
        .open(PAGES_CACHE)
        .then((cache) => cache.put(request.url, copy))
        .catch(() => {}),
    );
    return response;
  }
  if (response.headers.get(ERROR_HEADER) === 'chain-unavailable') {
    const stale = await (await caches.open(PAGES_CACHE)).match(request.url);
    if (stale) {
      const headers = new Headers(stale.headers);
      headers.set('x-floe-stale', 'chain unreachable; served from the offline cache');
      return new Response(stale.body, { status: stale.status, headers });
    }
  }
  return response;
}
