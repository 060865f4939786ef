// Which service-worker scripts a site's origin may install: Floe's worker only. A site's own worker
// (`navigator.serviceWorker.register('/sw.js', { scope: '/' })`) would replace Floe's, answer every
// later visit without verification, and outlive any fix of the site on chain, so the portal refuses
// every worker-script fetch but its own (FLOE_WORKER_PATH).
//
// Refusing with an error status stops new registrations, but a foreign worker already installed (by
// an older portal, or another tool on the same host) survives a failed update check: Chromium keeps
// the old worker. `Clear-Site-Data: "storage"` on the refusal does remove it (it unregisters the
// origin's workers, and clears its storage); the next visit installs Floe's worker again. Sent on a
// page's register() call, the same header would remove Floe's worker too, every time a site that
// registers its own worker is visited. The two differ in their Referer (measured in Chromium):
// a page's register() or update() sends the page's URL, while the browser's own update check (the
// one every installed worker gets, at the latest on a navigation a day after the last) sends the
// script's URL, whatever referrer policy the worker or its pages set. So site data is cleared only
// on the browser's own check, or when there is no Referer at all (a browser that sends none).
import { ERROR_HEADER, FLOE_WORKER_PATH, FOREIGN_WORKER_ERROR } from '../../core/serve/portal-protocol.ts';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

export type WorkerScriptAnswer =
  /** Not a worker-script fetch, or Floe's worker: answer as usual. */
  | { readonly kind: 'allowed' }
  /** Any other worker script: refuse with this response. */
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
    };

/** What to answer the request for `url` with these request headers (lower-case names). */
export function workerScriptAnswer(url: URL, headers: Headers): WorkerScriptAnswer {
  const workerScript =
    first(headers['service-worker']) === 'script' || first(headers['sec-fetch-dest']) === 'serviceworker';
  if (!workerScript || url.pathname === FLOE_WORKER_PATH) return { kind: 'allowed' };
  return {
    kind: 'refused',
    status: 403,
    headers: {
      [ERROR_HEADER]: FOREIGN_WORKER_ERROR,
      'cache-control': 'no-store',
      ...(fromAPage(url, first(headers['referer'])) ? {} : { 'clear-site-data': '"storage"' }),
    },
    body: `Floe serves this site through its own service worker (${FLOE_WORKER_PATH}); a site cannot register another one.\n`,
  };
}

/** Whether a worker-script fetch came from a page's register()/update(), not the browser's check. */
function fromAPage(url: URL, referer: string | undefined): boolean {
  if (referer === undefined) return false;
  let from: URL;
  try {
    from = new URL(referer);
  } catch {
    return false;
  }
  // Scheme aside: behind a TLS-terminating proxy the server sees http, the browser sent https.
  return !(from.host === url.host && from.pathname === url.pathname && from.search === url.search);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
