import { describe, expect, it } from 'vitest';
import { STREAMED_HEADER } from './portal-protocol.ts';
import { prefetchSubresources, type PrefetchOptions } from './prefetch-subresources.ts';

const ORIGIN = 'http://hello.localhost:3000';
const PAGE = `<html><head><link rel="stylesheet" href="/css/site.css"><script src="/js/main.js"></script></head>
<body><img src="https://elsewhere.example/x.png"><img src="/images/photo.png"></body></html>`;

const html = (body: string, headers: Record<string, string> = {}) =>
  new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });

/** Records which URL was asked for under which label, answering with `answer`. */
class Service {
  readonly calls: { url: string; label: string }[] = [];
  readonly #answer: (request: Request) => Response;
  constructor(answer: (request: Request) => Response) {
    this.#answer = answer;
  }
  async handle(request: Request, label: string): Promise<Response> {
    this.calls.push({ url: request.url, label });
    return this.#answer(request);
  }
}

/** Runs a prefetch of `response` and waits for the work it handed to waitUntil. */
async function prefetch(service: Service, response: Response, options?: PrefetchOptions) {
  const work: Promise<unknown>[] = [];
  prefetchSubresources(service, 'hello', `${ORIGIN}/`, response, (w) => work.push(w), options);
  await Promise.all(work);
}

describe('prefetchSubresources', () => {
  it("reads the page's same-origin subresources through the site service, under the page's label", async () => {
    const service = new Service(() => new Response('file'));
    const page = html(PAGE);
    await prefetch(service, page);
    expect(service.calls).toEqual([
      { url: `${ORIGIN}/css/site.css`, label: 'hello' },
      { url: `${ORIGIN}/js/main.js`, label: 'hello' },
      { url: `${ORIGIN}/images/photo.png`, label: 'hello' },
    ]);
    // The page itself is untouched: the browser still gets all of it.
    expect(await page.text()).toBe(PAGE);
  });

  it('reads nothing for an error page, a non-HTML answer or a page sent with a stored coding', async () => {
    const service = new Service(() => new Response('file'));
    await prefetch(service, new Response(PAGE, { status: 404, headers: { 'content-type': 'text/html' } }));
    await prefetch(service, new Response(PAGE, { headers: { 'content-type': 'text/plain' } }));
    await prefetch(service, html(PAGE, { 'content-encoding': 'br' }));
    // A streamed page is a big file: reading it again for its links would buffer all of it.
    await prefetch(service, html(PAGE, { [STREAMED_HEADER]: '1' }));
    expect(service.calls).toEqual([]);
  });

  it('a failed read of a subresource stays in the background', async () => {
    const service = new Service(() => {
      throw new Error('nodes down');
    });
    await expect(prefetch(service, html(PAGE))).resolves.toBeUndefined();
    expect(service.calls).toHaveLength(3);
  });

  it('reads only the files it is admitted for, and gives each claim back when its read ends', async () => {
    let free = 2;
    const service = new Service(() => new Response('file'));
    const admit = () => {
      if (free === 0) return null;
      free--;
      return () => void free++;
    };
    await prefetch(service, html(PAGE), { admit });
    // Two claims were free: the third file is left for the browser to ask for.
    expect(service.calls.map((c) => new URL(c.url).pathname)).toEqual(['/css/site.css', '/js/main.js']);
    expect(free).toBe(2);
    // A failing read gives its claim back too.
    const failing = new Service(() => {
      throw new Error('nodes down');
    });
    await prefetch(failing, html(PAGE), { admit });
    expect(free).toBe(2);
  });
});
