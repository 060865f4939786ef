// A page's subresources read as soon as the page has been read (see page-subresources.ts): the
// browser's own requests for them, a parse and a round trip later, then find the lookups and
// reads in flight or done, and are answered from memory of verified bytes. The worker does this
// for the pages it serves; the portal server does it for the first visit's page, which it serves
// before any worker exists.
import { pageSubresources } from './page-subresources.ts';
import { STREAMED_HEADER } from './portal-protocol.ts';
import type { SiteService } from './site-service.ts';

export interface PrefetchOptions {
  /**
   * Asked before each read: a function that ends the read's claim on shared capacity, or null to
   * skip this file (the browser then asks for it itself). The portal lends free read slots only.
   * @default every file is read
   */
  readonly admit?: () => (() => void) | null;
}

/** Starts reading what `response` (the page at `pageUrl`) names; never delays or changes it. */
export function prefetchSubresources(
  service: Pick<SiteService, 'handle'>,
  label: string,
  pageUrl: string,
  response: Response,
  waitUntil: (work: Promise<unknown>) => void,
  options: PrefetchOptions = {},
): void {
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok || !/^text\/html\b/i.test(type)) return;
  // A stored coding passed on to the browser would have to be decoded first: not worth it here.
  // A streamed page is a big file: reading it again for its links would buffer all of it.
  if (response.headers.has('content-encoding') || response.headers.has(STREAMED_HEADER)) return;
  waitUntil(
    response
      .clone()
      .text()
      .then((html) =>
        Promise.all(
          pageSubresources(html, pageUrl).map(async (url) => {
            const done = options.admit ? options.admit() : () => {};
            if (!done) return;
            try {
              const answer = await service.handle(new Request(url), label);
              await answer.body?.cancel();
            } catch {
              // Only a head start: the browser's own request reads it again and reports any error.
            } finally {
              done();
            }
          }),
        ),
      )
      .catch(() => {}),
  );
}
