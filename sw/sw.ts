// Floe's service worker: a thin event shell. It installs for a site's own origin
// (`<label>.localhost:3000`), then answers that site's requests itself — resolving the site on
// Sui, reading only the slivers that hold each file from the storage nodes, and checking every
// file against its on-chain SHA-256 — through the handlers in handlers.ts.
import wasmUrl from '@mysten/walrus-wasm/web/walrus_wasm_bg.wasm?url';
import { memoryBytesCache } from '../core/serve/memory-cache.ts';
import { SiteService } from '../core/serve/site-service.ts';
import { tieredBytesCache } from '../core/serve/tiered-cache.ts';
import { NodeLatency } from '../core/walrus/node-latency.ts';
import { grpcObjectReader } from '../core/sui/object-reader-grpc.ts';
import { jsonRpcObjectReader } from '../core/sui/object-reader-json-rpc.ts';
import { cacheApiBytes } from './bytes-cache.ts';
import { ALL_CACHES } from './cache-names.ts';
import { LatencyStore } from './latency-store.ts';
import { cacheApiLookups, importLookupKey } from './lookup-store.ts';
import { fetchPortalConfig, loadPortalConfig, PortalConfigError } from './config.ts';
import { dispatch, handlers, type WorkerSite } from './handlers.ts';
import { OFFLINE_MAX_AGE_MS } from './offline-policy.ts';
import { QuietPeriods } from './quiet-writes.ts';
import { ReadReporter } from './read-reporter.ts';

// The WebWorker lib types `self` as a plain worker; this file only ever runs as a service worker.
const worker = self as unknown as ServiceWorkerGlobalScope;

let site: Promise<WorkerSite> | undefined;

/**
 * Verified bytes kept in the worker's memory in front of the Cache API, whose reads took 5–120 ms
 * each in Chromium when a page asked for its files at once (measured on the 2-core test machine).
 * 32 MiB holds many pages' worth of a site's files and keeps an idle worker small; media past it
 * are read from the Cache API as before.
 */
const MEMORY_BYTES = 32 * 1024 * 1024;

/**
 * How long a site version the chain confirmed keeps answering at once while the chain is asked again
 * in the background (stale-while-revalidate, core/serve/site-lookup.ts). A visitor sees a redeploy
 * on the request after the one that noticed it; a page not visited for longer waits for one chain
 * round trip. It also bounds how long a replayed old entry can hold a fixed site back (a script on
 * the site can re-write an entry it saw before): an hour, as a CDN's short HTML max-age would.
 */
const LOOKUP_STALE_MS = 60 * 60 * 1000;

// Which storage nodes answer fast, learned by every read and kept across worker restarts.
const latency = new NodeLatency();
const latencyStore = new LatencyStore({ latency });
const latencyLoaded = latencyStore.load();

// Cache API writes wait until the page being answered has its files (quiet-writes.ts).
const quiet = new QuietPeriods();
const whenQuiet = () => quiet.quiet();

/**
 * A fresh committee comes from the portal, which reads it from the chain: the portal serves this
 * worker's code, so trusting it for the committee adds no trust, and the worker needs no Walrus or
 * Sui SDK client at all (docs/THREAT-MODEL.md).
 */
async function portalCommittee() {
  const { committee } = await fetchPortalConfig();
  if (!committee) throw new PortalConfigError('the portal could not read the storage committee');
  return committee;
}

function workerSite(): Promise<WorkerSite> {
  site ??= loadPortalConfig().then(async (config) => {
    const { network, portalHost, debugHeader, committee, fastSources, lookupKey } = config;
    await latencyLoaded;
    // Object reads only, by hand: the SDK's clients cost ~90 ms of every worker start.
    const sui =
      network.rpc.transport === 'grpc'
        ? grpcObjectReader(network.rpc.url, (input, init) => fetch(input, init))
        : jsonRpcObjectReader(network.rpc.url, (input, init) => fetch(input, init));
    const service = new SiteService({
      network,
      sui,
      committee: portalCommittee,
      cache: tieredBytesCache(memoryBytesCache(MEMORY_BYTES), cacheApiBytes(whenQuiet)),
      lookupStore: cacheApiLookups({ key: lookupKey ? importLookupKey(lookupKey) : null, whenQuiet }),
      // Kept lookups answer at once only when the store can vouch for them (it has a key).
      ...(lookupKey ? { lookupStaleMs: LOOKUP_STALE_MS } : {}),
      wasm: wasmUrl,
      debugHeader,
      // A returning visitor's worker has no open connections: the page's neighbours get them.
      warmQuiltNeighbours: true,
      offlineCopyHours: OFFLINE_MAX_AGE_MS / 3_600_000,
      latency,
      fastSources,
      ...(committee ? { initialCommittee: committee } : {}),
    });
    return { service, portalHost };
  });
  // A failed start (portal unreachable) is retried by the next request.
  site.catch(() => (site = undefined));
  return site;
}

const reporter = new ReadReporter({
  snapshot: async () => (await workerSite()).service.readTally.snapshot(),
});
const list = handlers({ origin: worker.location.origin, site: workerSite, reporter, whenQuiet });

worker.addEventListener('install', () => {
  void worker.skipWaiting();
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('floe-') && !ALL_CACHES.includes(name)) await caches.delete(name);
      }
      // The browser fetches every navigation from the portal while the worker starts; the site's
      // page is taken from there once it hashes to the chain's SHA-256 (navigation-preload.ts).
      await worker.registration.navigationPreload?.enable().catch(() => {});
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  // Settled before the event ends whoever uses it: Chromium warns of a preload cancelled unsettled.
  const preload = event.request.mode === 'navigate' ? event.preloadResponse : undefined;
  if (preload) event.waitUntil(preload.catch(() => undefined));
  const response = dispatch(
    list,
    event.request,
    (work) => event.waitUntil(work),
    preload ? { preload: preload as Promise<Response | undefined> } : {},
  );
  if (!response) return;
  const done = quiet.busy();
  response.then(done, done);
  event.respondWith(response);
  const save = latencyStore.noteRead();
  if (save) event.waitUntil(save);
});
