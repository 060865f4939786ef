// Installs Floe's service worker from a site's page that the portal server has already answered
// (and verified): the visitor is reading the site, so nothing reloads. Workbox's register() waits
// for the window's `load` event, so the worker's script and WASM never compete with the page's own
// files. The worker claims this page once active (sw/sw.ts), so the page's later requests and every
// later navigation are answered, and verified, in the browser. A failure leaves the page as it is:
// the server path keeps serving the site.
import { Workbox } from 'workbox-window';
import { FLOE_WORKER_PATH } from '../../core/serve/portal-protocol.ts';

if ('serviceWorker' in navigator) {
  new Workbox(FLOE_WORKER_PATH, { scope: '/', type: 'classic' })
    .register()
    .catch((error: unknown) => console.warn("Floe's service worker did not install:", error));
}
