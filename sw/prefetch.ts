// A page's subresources read as soon as the worker has the page (see
// core/serve/page-subresources.ts): the browser's own requests for them, a parse later, then find
// the lookups and reads in flight or done, and answer from the worker's memory of verified bytes.
import { pageSubresources } from '../core/serve/page-subresources.ts';
import type { SiteService } from '../core/serve/site-service.ts';

/** Starts reading what `response` (the page at `pageUrl`) names; never delays or changes it. */
export function prefetchSubresources(
  service: Pick<SiteService, 'handle'>,
  label: string,
  pageUrl: string,
  response: Response,
  waitUntil: (work: Promise<unknown>) => void,
): void {
  const type = response.headers.get('content-type') ?? '';
  // A stored coding passed on to the browser would have to be decoded first: not worth it here.
  if (!response.ok || !/^text\/html\b/i.test(type) || response.headers.has('content-encoding')) return;
  waitUntil(
    response
      .clone()
      .text()
      .then((html) =>
        Promise.all(
          pageSubresources(html, pageUrl).map((url) =>
            service
              .handle(new Request(url), label)
              .then((answer) => answer.body?.cancel())
              .catch(() => {}),
          ),
        ),
      )
      .catch(() => {}),
  );
}
