// A navigation's page from the portal, fetched by the browser while the worker starts (navigation
// preload), used by the worker only once the bytes hash to the chain's SHA-256 for the file: the
// portal is trusted for speed, never for content, exactly as a fast source is (fast-source.ts).
//
// Why: a worker that is not running (Chromium stops an idle one after 30 s) spends its start, a
// chain round trip and then a read from the storage nodes before the page's first byte; on a real
// network the nodes holding the page may be an ocean away, and a new connection to them costs two
// more round trips. The preload leaves at navigation start, goes to the portal one CDN hop away,
// and is usually in by the time the chain has named the file. The portal answers it with the
// file's stored bytes as they are (PRELOAD_HEADER, portal/server/server.ts), so they can be hashed.
import { STREAMED_HEADER } from './portal-protocol.ts';

/** The request header Chromium sends with a navigation preload (its value: `true`). */
export const PRELOAD_HEADER = 'service-worker-navigation-preload';

/**
 * How long the nodes wait for a preload still in flight before they are asked too; whichever valid
 * answer comes first is kept. The preload left at navigation start, before the worker started and
 * the chain answered, so one still out this long after that is slow or stuck.
 */
export const PRELOAD_HEDGE_MS = 150;

export class PreloadUnusableError extends Error {
  override name = 'PreloadUnusableError';
}

/** The name the read reports for bytes that came from the preload (`x-floe-read: from=`). */
export const PRELOAD_SOURCE = 'navigation preload';

/**
 * The preload's body if it hashes to `sha256` (the chain's hash of the stored file); rejects with
 * PreloadUnusableError otherwise (no preload, an error answer, other bytes), never with the bytes.
 */
export async function preloadedBytes(
  preload: Promise<Response | undefined>,
  sha256: Uint8Array,
  matches: (bytes: Uint8Array, sha256: Uint8Array) => Promise<boolean>,
): Promise<Uint8Array> {
  const response = await preload.catch(() => undefined);
  if (!response) throw new PreloadUnusableError('no preload response');
  // The portal never codes a preload answer; one that says it is coded is not the stored file.
  if (response.headers.has('content-encoding')) {
    await response.body?.cancel().catch(() => {});
    throw new PreloadUnusableError(`preload answer coded ${response.headers.get('content-encoding')}`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!(await matches(bytes, sha256)))
    throw new PreloadUnusableError(
      `preload answer of ${bytes.length} bytes does not match the chain's SHA-256`,
    );
  return bytes;
}

/**
 * Resolves once the nodes should be asked: `hedgeMs` after now, at once when the preload has failed,
 * or when `signal` aborts (the preload won; the caller's read then stops at its first check).
 */
export function afterPreloadHedge(
  preloaded: Promise<unknown>,
  hedgeMs: number,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, hedgeMs);
    preloaded.catch(done);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * The portal's answer to a navigation preload: the file's stored bytes as they are. A stored coding
 * loses its `content-encoding` header, or the browser would decode the body before the worker could
 * hash it; the worker knows the coding from the chain and decodes it itself.
 */
export function preloadAnswer(response: Response): Response {
  // A big file streams from the nodes in the worker, as the visitor's player asks for it; sent
  // here too, it would come down whole beside the worker's stream.
  if (response.headers.has(STREAMED_HEADER)) {
    void response.body?.cancel().catch(() => {});
    return new Response(null, { status: 204, headers: { vary: PRELOAD_HEADER } });
  }
  const headers = new Headers(response.headers);
  headers.delete('content-encoding');
  // The same URL answers a preload and a plain request differently: a cache must tell them apart.
  headers.append('vary', PRELOAD_HEADER);
  return new Response(response.body, { status: response.status, headers });
}
