// The floor of any service-worker gateway: a worker that checks nothing and answers every GET of
// its origin itself, from its memory once it has seen the URL, else by fetching it (through the
// HTTP cache, like a page would). What it costs over plain HTTP is the price of having a worker in
// the path at all — its start, and each request's trip into the worker and back — which Floe's
// worker pays too before doing any work of its own. The page-loads benchmark serves it from the
// static server at FLOOR_WORKER_PATH.
export const FLOOR_WORKER_PATH = '/__floor-sw.js';

export const FLOOR_WORKER_SOURCE = `
const seen = new Map();
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const kept = seen.get(request.url);
    if (kept) return new Response(kept.body, { status: kept.status, headers: kept.headers });
    const response = await fetch(request);
    if (response.ok) {
      const body = await response.clone().arrayBuffer();
      seen.set(request.url, { body, status: response.status, headers: [...response.headers] });
    }
    return response;
  })());
});
`;
