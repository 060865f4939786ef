// The portal server. The apex host serves the React app; `<label>.localhost:<port>` serves a site:
// a browser's first navigation (one no service worker answered) gets the site's page from the same
// core/serve code the worker runs, verified here, with one tag added to HTML that installs the
// worker once the page has loaded (register-tag.ts); from then on the worker answers everything in
// the browser. `/__floe/*` serves the worker, its WASM and the scripts that install it, and clients
// that cannot run the worker (curl, crawlers, link previews, no JS) get the verified files here too.
// No site may install a worker of its own (worker-scripts.ts), apex responses carry a strict CSP
// and may not be framed (apex-headers.ts), and every request is bounded in size, time and
// concurrent reads (request-limits.ts); a first visit that finds half the read slots taken gets the
// bootstrap page instead, which installs the worker so the browser does the reading. A big file
// streamed to its client trades its read slot for one of a separate pool once its first row is out
// (stream-handoff.ts), so slow downloads cannot starve page reads.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import {
  BOOTSTRAP_SCRIPT_PATH,
  CONFIG_PATH,
  EMBEDDED_CONFIG_GLOBAL,
  FLOE_WORKER_PATH,
  hostTarget,
  isPortalPath,
  NO_SW_PARAM,
  READ_REPORT_PATH,
  READ_STATS_PATH,
  REGISTER_SCRIPT_PATH,
} from '../../core/serve/portal-protocol.ts';
import { committeeToJson } from '../../core/walrus/committee-json.ts';
import { SiteService } from '../../core/serve/site-service.ts';
import { ConnectionWarmer } from '../../core/serve/connection-warmer.ts';
import { prefetchSubresources } from '../../core/serve/prefetch-subresources.ts';
import { PRELOAD_HEADER, preloadAnswer } from '../../core/serve/navigation-preload.ts';
import { NodeLatency } from '../../core/walrus/node-latency.ts';
import { chainCommittee } from '../../core/serve/committee-cache.ts';
import { createChainClients } from '../../core/sui/chain-clients.ts';
import type { NetworkConfig } from '../../core/sui/networks.ts';
import { apexSecurityHeaders } from './apex-headers.ts';
import { bootstrapPage } from './bootstrap-page.ts';
import { memoryBytesCache } from '../../core/serve/memory-cache.ts';
import { NodeUrls } from './node-urls.ts';
import { ReadSlots } from './read-slots.ts';
import { answerHoldingSlots } from './stream-handoff.ts';
import { ReadStats } from './read-stats.ts';
import { DEFAULT_REQUEST_LIMITS, urlTooLong, type RequestLimits } from './request-limits.ts';
import { sendResponse } from './send-response.ts';
import { readStatic } from './static-files.ts';
import { workerScriptAnswer } from './worker-scripts.ts';
import {
  checkLookupSecret,
  fetchedAsWorker,
  KEYED_SCRIPT_HEADERS,
  newLookupSecret,
  siteLookupKey,
} from './lookup-key.ts';
import { zlibDecoder } from './zlib-decoder.ts';

export interface PortalOptions {
  readonly network: NetworkConfig;
  /** Built app and worker (`npm run build` → dist/portal). */
  readonly distDir: string;
  readonly port?: number;
  readonly host?: string;
  /** The portal's host name; sites are its subdomains (default `localhost`). */
  readonly portalHost?: string;
  /** Adds `x-floe-read` to every site response (test builds). */
  readonly debugHeader?: boolean;
  /** Size, time and concurrency bounds; tests shrink them (default `DEFAULT_REQUEST_LIMITS`). */
  readonly limits?: Partial<RequestLimits>;
  /**
   * Aggregators or caches (base URLs) that visitors' workers race with the storage nodes, and the
   * server path too (core/serve/fast-source.ts). Untrusted: checked like sliver bytes. @default none
   */
  readonly fastSources?: readonly string[];
  /**
   * Secret the per-site keys of visitors' workers derive from (portal/server/lookup-key.ts), at
   * least 32 bytes. @default random per process (workers re-read their kept lookups once after a
   * portal restart)
   */
  readonly lookupSecret?: Uint8Array;
  /**
   * Keeps connections open to every committee node (core/serve/connection-warmer.ts), as a portal
   * that serves traffic has them, so a first visit's reads pay no handshakes. `floe portal` and
   * `npm start` turn it on. @default false
   */
  readonly warmNodeConnections?: boolean;
}

export interface Portal {
  readonly url: string;
  readonly port: number;
  /** `http://<label>.localhost:<port>/` */
  siteUrl(label: string): string;
  /** Resolves once the first round of node connections is open (at once when not warming). */
  readonly nodesWarm: Promise<void>;
  close(): Promise<void>;
}

/** How long /__floe/config.json waits for the committee before answering without it. */
const CONFIG_COMMITTEE_WAIT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function startPortal(options: PortalOptions): Promise<Portal> {
  const distDir = resolve(options.distDir);
  const portalHost = options.portalHost ?? 'localhost';
  const { sui, walrus } = createChainClients(options.network);
  // One view of the nodes for the reads and the connection warmer, which learns it first.
  const latency = new NodeLatency();
  const service = new SiteService({
    latency,
    network: options.network,
    sui,
    committee: chainCommittee(walrus, sui, options.network.walrus.storageNodeUrlScheme),
    cache: memoryBytesCache(),
    debugHeader: options.debugHeader ?? false,
    ...(options.fastSources ? { fastSources: options.fastSources } : {}),
    // Clients that take a stored coding (browsers take br) get the stored bytes; others decoded.
    decoder: zlibDecoder,
    sendStoredCoding: true,
  });
  const warmer = options.warmNodeConnections
    ? new ConnectionWarmer({
        nodes: async () => (await service.committee()).members.map((member) => member.url),
        fetch: (input, init) => globalThis.fetch(input, init),
        latency,
      })
    : undefined;
  // Display only: what visitors' workers report never reaches `service`.
  const readStats = new ReadStats({
    committee: () => service.committee(),
    own: () => service.readTally.snapshot(),
  });
  const fastSources = options.fastSources ?? [];
  // The worker is told the same sources, so it races them too.
  const staticConfig = {
    network: options.network,
    // The worker finds its site's label in its own host with the same parser (core/serve/portal-protocol.ts).
    portalHost,
    debugHeader: options.debugHeader ?? false,
    ...(fastSources.length > 0 ? { fastSources } : {}),
  };
  // The committee rides along so a worker's cold start needs no chain round trip for it; left out
  // when the chain cannot be read right now (the worker then reads it itself).
  const config = async (extra: Readonly<Record<string, string>> = {}) => {
    const committee = await withTimeout(service.committee(), CONFIG_COMMITTEE_WAIT_MS).catch(() => null);
    return JSON.stringify(
      committee
        ? { ...staticConfig, ...extra, committee: committeeToJson(committee) }
        : { ...staticConfig, ...extra },
    );
  };
  const lookupSecret = options.lookupSecret ? checkLookupSecret(options.lookupSecret) : newLookupSecret();
  const limits: RequestLimits = { ...DEFAULT_REQUEST_LIMITS, ...options.limits };
  const readSlots = new ReadSlots(limits.maxConcurrentReads);
  const streamSlots = new ReadSlots(limits.maxConcurrentStreams);
  const nodeUrls = new NodeUrls(() => service.committee());
  const apexHeaders = async () =>
    apexSecurityHeaders({
      rpcUrl: options.network.rpc.url,
      faucetUrl: options.network.faucetUrl,
      nodeUrls: await nodeUrls.current(),
      nodeScheme: options.network.walrus.storageNodeUrlScheme,
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Before anything parses it: a long target is refused, not matched (routing is not linear).
    if (urlTooLong(req.url ?? '/', limits))
      return send(
        res,
        414,
        'text/plain; charset=utf-8',
        `URL longer than ${limits.maxUrlLength} characters\n`,
      );
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? portalHost}`);
    const target = hostTarget(req.headers.host, portalHost);
    if (!target) return send(res, 404, 'text/plain; charset=utf-8', `unknown host ${req.headers.host}\n`);
    const worker = workerScriptAnswer(url, req.headers);
    if (worker.kind === 'refused')
      return send(res, worker.status, 'text/plain; charset=utf-8', worker.body, worker.headers);
    if (target.kind === 'apex')
      for (const [name, value] of Object.entries(await apexHeaders())) res.setHeader(name, value);

    if (url.pathname === CONFIG_PATH) {
      return send(res, 200, 'application/json', await config(), { 'cache-control': 'no-cache' });
    }
    // Workers report from their site's origin; the network page asks on the apex.
    if (url.pathname === READ_REPORT_PATH && target.kind === 'site') return readStats.report(req, res);
    if (url.pathname === READ_STATS_PATH && target.kind === 'apex') return readStats.stats(req, res);
    if (isPortalPath(url.pathname)) {
      const file = await readStatic(distDir, url.pathname);
      if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
      // A site's worker gets its config inside its script: no request before its first answer
      // (sw/config.ts). The script changes when the committee does, and browsers update it then.
      if (url.pathname === FLOE_WORKER_PATH && target.kind === 'site') {
        // Only the browser's own fetch of the script to run it gets the key (lookup-key.ts).
        const keyed = fetchedAsWorker(req.headers);
        const embedded = `${file.body.toString()}\nglobalThis.${EMBEDDED_CONFIG_GLOBAL} = ${await config(
          keyed ? { lookupKey: siteLookupKey(lookupSecret, target.label) } : {},
        )};\n`;
        return send(res, 200, file.contentType, embedded, {
          'service-worker-allowed': '/',
          ...(keyed ? KEYED_SCRIPT_HEADERS : { 'cache-control': 'no-cache', vary: 'Sec-Fetch-Dest' }),
        });
      }
      const extra: Record<string, string> =
        url.pathname === FLOE_WORKER_PATH
          ? { 'service-worker-allowed': '/', 'cache-control': 'no-cache' }
          : url.pathname === BOOTSTRAP_SCRIPT_PATH || url.pathname === REGISTER_SCRIPT_PATH
            ? { 'cache-control': 'no-cache' }
            : { 'cache-control': 'public, max-age=31536000, immutable' };
      return send(res, 200, file.contentType, file.body, extra);
    }

    if (target.kind === 'apex') {
      // The app: real files, else index.html for its client-side routes.
      const file =
        (url.pathname !== '/' && (await readStatic(distDir, url.pathname))) ||
        (await readStatic(distDir, '/index.html'));
      if (!file)
        return send(
          res,
          500,
          'text/plain; charset=utf-8',
          `the portal app is not built (${distDir}); run npm run build\n`,
        );
      return send(res, 200, file.contentType, file.body, { 'cache-control': 'no-cache' });
    }

    // A navigation reaches the server when no worker answered it: a first visit (or one that
    // bypassed the worker). Its HTML gets the tag that installs the worker, unless the client
    // asked for no worker. A worker's navigation preload gets the file's stored bytes, which the
    // worker checks against the chain (core/serve/navigation-preload.ts).
    const preload = req.headers[PRELOAD_HEADER] !== undefined;
    const firstVisit =
      req.headers['sec-fetch-mode'] === 'navigate' &&
      req.method === 'GET' &&
      !preload &&
      !url.searchParams.has(NO_SW_PARAM);
    url.searchParams.delete(NO_SW_PARAM);
    const request = new Request(url, {
      method: req.method ?? 'GET',
      headers: Object.entries(req.headers).flatMap(([k, v]) =>
        // A first visit's page gets the worker's tag, which needs its text: ask for it decoded.
        v === undefined || (firstVisit && k === 'accept-encoding')
          ? []
          : Array.isArray(v)
            ? v.map((x) => [k, x] as [string, string])
            : [[k, v] as [string, string]],
      ),
    });
    // A page served here brings its own files' requests after it, so a first visit is read here only
    // while half the slots are free for them. Past that it gets the bootstrap page, which reads
    // nothing here: the worker it installs reads in the browser.
    if (firstVisit && readSlots.inUse >= readSlots.size / 2)
      return send(res, 200, 'text/html; charset=utf-8', bootstrapPage(), { 'cache-control': 'no-store' });
    const release = await readSlots.acquire({
      maxWaitMs: limits.readWaitMs,
      maxWaiting: limits.maxWaitingReads,
    });
    if (!release) {
      return send(res, 503, 'text/plain; charset=utf-8', 'the portal is busy; retry shortly\n', {
        'retry-after': String(limits.retryAfterS),
        'cache-control': 'no-store',
      });
    }
    const busy = () =>
      send(res, 503, 'text/plain; charset=utf-8', 'the portal is busy; retry shortly\n', {
        'retry-after': String(limits.retryAfterS),
        'cache-control': 'no-store',
      });
    await answerHoldingSlots({
      release,
      streams: streamSlots,
      answer: async () => {
        const response = await service.handle(request, target.label);
        // A browser's page brings its files' requests a parse and a round trip later: start their
        // lookups and reads now, on read slots that are free (half stay for the browser's own).
        if (req.headers['sec-fetch-mode'] === 'navigate' && request.method === 'GET' && !preload)
          prefetchSubresources(service, target.label, url.href, response, () => {}, {
            admit: () => (readSlots.inUse < readSlots.size / 2 ? readSlots.tryAcquire() : null),
          });
        return response;
      },
      send: (response) => sendResponse(res, preload ? preloadAnswer(response) : response, firstVisit),
      busy,
    });
  };

  const server: Server = createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
    },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        if (!res.headersSent)
          send(res, 500, 'text/plain; charset=utf-8', `portal error: ${(error as Error).message}\n`);
        else res.destroy();
      });
    },
  );
  // A client that stops sending and reading altogether (the timeouts above only cover requests).
  server.timeout = limits.idleTimeoutMs;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 3000);
  return {
    url: `http://${portalHost}:${port}/`,
    port,
    siteUrl: (label) => `http://${label}.${portalHost}:${port}/`,
    nodesWarm: warmer?.ready ?? Promise.resolve(),
    close: () =>
      new Promise<void>((ok) => {
        warmer?.stop();
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', ...headers });
  res.end(body);
}
