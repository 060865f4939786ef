// `npx vite` serves only the portal app; everything else a portal answers comes from a running
// portal server (`npm start`, or `floe portal`): the app's `/__floe/*` endpoints (its network
// config, read statistics, the worker and its scripts) and every request on a site's host, so the
// links the app makes (`http://<site>.localhost:5173/`) open sites as they do on the portal.
import type { ProxyOptions } from 'vite';
import { hostTarget, isPortalPath } from '../core/serve/portal-protocol.ts';

/** Whether the dev server hands a request for `url` on `host` to the portal server. */
export function forwardsToPortal(url: string, host: string | undefined): boolean {
  return isPortalPath(url) || hostTarget(host, 'localhost')?.kind === 'site';
}

/** Vite's `server.proxy` that forwards the above to the portal at `target`. */
export function portalProxy(target: string): Record<string, ProxyOptions> {
  return {
    '/': {
      target,
      // The Host header is kept: the portal tells its app from a site by the host name (its port
      // is ignored), so `hello.localhost:5173` reaches site hello.
      changeOrigin: false,
      // Returning the URL lets Vite serve the request itself; returning nothing forwards it.
      bypass: (req) => {
        const url = req.url ?? '/';
        return forwardsToPortal(url, req.headers.host) ? undefined : url;
      },
    },
  };
}
