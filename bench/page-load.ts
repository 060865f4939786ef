// `npm run bench -- page-loads`: examples/hello's home page opened in headless Chromium through
// Floe's portal (a first visit answered by the portal server, which installs the service worker in
// the background; later visits answered by the worker; verified reads from a 10-node / 1000-shard devnet)
// and from a plain static HTTP server holding the same files, both on loopback: a first visit, a
// returning visit with empty caches, and repeat visits with everything cached; then the first and
// returning visits again with the storage node holding the page's HTML stopped. Times are measured
// inside the browser (navigation start → end of `load`); requests are counted per destination.
import { fileURLToPath } from 'node:url';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import type { Browser, BrowserContext, CDPSession, Page, Response } from '@playwright/test';
import { QUILT_PATCH_HEADER } from '../core/site/types.ts';
import { readSite } from '../core/sui/site-read.ts';
import { parseInternalPatchId } from '../core/walrus/quilt.ts';
import { BYTES_CACHE } from '../sw/cache-names.ts';
import { MAX_HOLD_MS } from '../sw/quiet-writes.ts';
import { ownerOfPair } from '../devnet/launcher/test-support/devnet-clients.ts';
import { markdownTable } from './support/markdown.ts';
import { watchPageLoads, type PageLoad, type PageLoadWatcher } from './support/page-timing.ts';
import { FLOOR_WORKER_PATH } from './support/floor-worker.ts';
import { formatBytes } from './support/report.ts';
import {
  launchChromium,
  NODES,
  SHARDS,
  SITE_SOURCE,
  STATIC_CACHE_CONTROL,
  startSiteStack,
  type SiteStack,
} from './support/site-stack.ts';
import { median, ms, quantile, ratio, type BenchTable } from './support/suite.ts';

/** Measured repetitions of every case, after one warm-up repetition. */
const REPS = 10;
/** Measured repetitions of the node-down cases (cold and warm only), after one warm-up repetition. */
const DOWN_REPS = 5;
const LOAD_TIMEOUT_MS = 60_000;
/** How long a response's size may take to be known once its visit has loaded (see bodySize). */
const SIZE_WAIT_MS = 2_000;
/** How long the worker may take to keep a page's files once the page is quiet (MAX_HOLD_MS and more). */
const SETTLE_TIMEOUT_MS = MAX_HOLD_MS + 10_000;
const PAGE = '/';
const EXPECTED_TITLE = 'Hello from Floe';
/** What the home page loads. */
const PAGE_FILES = [
  '/index.html',
  '/css/vendor/reset.css',
  '/css/site.css',
  '/js/main.js',
  '/images/logo.svg',
  '/images/photo.png',
];

/** The visits, each node-down one under the same visit with every node up (the table's rows). */
const CASES = [
  'cold',
  'cold, 1 node down',
  'warm',
  'warm, 1 node down',
  'cached',
  'cached, worker restarted',
] as const;
type Case = (typeof CASES)[number];
/** The visits that read from the nodes, repeated with one storage node stopped. */
const DOWN_CASES = ['cold, 1 node down', 'warm, 1 node down'] as const satisfies readonly Case[];
/**
 * `floor`: the static server's files through a worker that checks nothing (floor-worker.ts), the
 * least any service-worker gateway can cost; Floe's worker pays the same before its own work.
 */
type Target = 'static' | 'floor' | 'floe';
const TARGETS: readonly Target[] = ['static', 'floor', 'floe'];

/** Requests that left the browser during one visit, by where they went. */
interface Requests {
  portal: number;
  chain: number;
  nodes: number;
  /** The static server (its own count: browser-cache hits never reach it). */
  static: number;
  other: number;
  /** Response bodies of those requests. */
  bytes: number;
}

interface Visit {
  readonly target: Target;
  readonly case: Case;
  readonly rep: number;
  readonly ms: number;
  readonly bootstrapped: boolean;
  /** Answered by the worker (else by the portal server, as a cold visit is). */
  readonly controlled: boolean;
  readonly requests: Requests;
}

const log = (message: string) => process.stderr.write(`page-loads: ${message}\n`);

const noRequests = (): Requests => ({ portal: 0, chain: 0, nodes: 0, static: 0, other: 0, bytes: 0 });

/** One browser context visiting one target; counts the requests of its visits. */
class Visitor {
  readonly #stack: SiteStack;
  readonly #target: Target;
  readonly #context: BrowserContext;
  readonly #watcher: PageLoadWatcher;
  #page: Page | undefined;
  #cdp: CDPSession | undefined;
  #counting: Requests = noRequests();
  #sizes: Promise<number>[] = [];

  private constructor(stack: SiteStack, target: Target, context: BrowserContext, watcher: PageLoadWatcher) {
    this.#stack = stack;
    this.#target = target;
    this.#context = context;
    this.#watcher = watcher;
    if (target === 'floe') {
      const chain = new URL(stack.devnet.config.rpcUrl).host;
      const nodes = new Set(stack.devnet.config.nodes.map((n) => new URL(n.url).host));
      const portal = new URL(stack.floeUrl('/')).host;
      context.on('response', (response) => {
        // Answered by the worker inside the browser: not a request to any server.
        if (response.fromServiceWorker()) return;
        const host = new URL(response.url()).host;
        const kind =
          host === chain ? 'chain' : nodes.has(host) ? 'nodes' : host === portal ? 'portal' : 'other';
        this.#counting[kind]++;
        this.#sizes.push(bodySize(response, stack.portalFiles));
      });
    }
  }

  static async open(browser: Browser, stack: SiteStack, target: Target): Promise<Visitor> {
    const context = await browser.newContext();
    return new Visitor(stack, target, context, await watchPageLoads(context));
  }

  /** One visit of the home page in a new tab (the previous tab is closed first). */
  async visit(visitCase: Case, rep: number): Promise<Visit> {
    await this.#page?.close();
    this.#cdp = undefined;
    const page = await this.#context.newPage();
    this.#page = page;
    this.#counting = noRequests();
    this.#sizes = [];
    const server = this.#stack.staticServer.requests.length;
    const url =
      this.#target === 'floe'
        ? this.#stack.floeUrl(PAGE)
        : this.#target === 'floor'
          ? this.#stack.floorUrl(PAGE)
          : this.#stack.staticUrl(PAGE);
    const loaded = this.#watcher.next(page, LOAD_TIMEOUT_MS);
    await page.goto(url, { waitUntil: 'commit', timeout: LOAD_TIMEOUT_MS });
    const load = await loaded;
    check(this.#target, visitCase, load);
    // Not timed: the page installs the worker after its `load`; the next visits are the worker's.
    // Its install requests count towards this visit's.
    if (this.#target === 'floor' && !load.controlled)
      await page.evaluate(
        (script) => navigator.serviceWorker.register(script, { scope: '/' }).then(() => undefined),
        FLOOR_WORKER_PATH,
      );
    if (this.#target !== 'static' && !load.controlled)
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
        timeout: LOAD_TIMEOUT_MS,
      });
    const requests = {
      ...this.#counting,
      bytes: (await Promise.all(this.#sizes)).reduce((a, b) => a + b, 0),
    };
    if (this.#target !== 'floe') {
      const served = this.#stack.staticServer.requests
        .slice(server)
        .filter((r) => !r.url.startsWith(FLOOR_WORKER_PATH));
      requests.static = served.length;
      requests.bytes = served.reduce((n, r) => n + this.#staticSize(r.url), 0);
    }
    return {
      target: this.#target,
      case: visitCase,
      rep,
      ms: load.ms,
      bootstrapped: load.bootstrapped,
      controlled: load.controlled,
      requests,
    };
  }

  #staticSize(url: string): number {
    const path = decodeURI(new URL(url, 'http://x').pathname);
    return this.#stack.files.get(path === '/' ? '/index.html' : path)?.size ?? 0;
  }

  async #session(): Promise<CDPSession> {
    if (!this.#cdp) {
      this.#cdp = await this.#context.newCDPSession(this.#page!);
      if (this.#target !== 'static') await this.#cdp.send('ServiceWorker.enable');
    }
    return this.#cdp;
  }

  /**
   * Static: empties the HTTP cache. Floor: that, and stops its worker (which forgets what it held).
   * Floe: stops the worker and deletes its caches of site bytes.
   */
  async forget(): Promise<void> {
    if (this.#target !== 'floe') {
      await (await this.#session()).send('Network.clearBrowserCache');
      await this.stopWorker();
      return;
    }
    await this.#page!.evaluate(async () => {
      for (const name of await caches.keys()) await caches.delete(name);
    });
    await this.stopWorker();
  }

  /**
   * Waits until Floe's worker has kept the page's files in its Cache API. It holds those writes
   * until no request has been in flight for a moment (sw/quiet-writes.ts), and Chromium stops a
   * worker only once it has been idle for 30 s; CDP stops it at once, so stopping it right after a
   * visit would lose the writes and make the next visit a warm one, which no visitor sees.
   */
  async settle(): Promise<void> {
    if (this.#target !== 'floe') return;
    const kept = await this.#page!.evaluate(
      async ({ cache, files, timeoutMs }) => {
        const until = Date.now() + timeoutMs;
        for (;;) {
          const count = (await (await caches.open(cache)).keys()).length;
          if (count >= files || Date.now() > until) return count;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      },
      { cache: BYTES_CACHE, files: PAGE_FILES.length, timeoutMs: SETTLE_TIMEOUT_MS },
    );
    if (kept < PAGE_FILES.length)
      throw new Error(
        `Floe's worker kept ${kept} of the page's ${PAGE_FILES.length} files within ${SETTLE_TIMEOUT_MS} ms`,
      );
  }

  /** Stops the service worker (as Chromium does with an idle one); the next request starts it. */
  async stopWorker(): Promise<void> {
    if (this.#target === 'static') return;
    await (await this.#session()).send('ServiceWorker.stopAllWorkers');
  }

  close(): Promise<void> {
    return this.#context.close();
  }
}

/**
 * A response body's size: Chromium's count, else Content-Length, else (the worker's own script, for
 * which Chromium reports 0 and the portal sends no length) the size of the portal's built file.
 */
async function bodySize(response: Response, portalFiles: ReadonlyMap<string, number>): Promise<number> {
  // A navigation preload's body goes to the worker, and Playwright never hears that it finished:
  // its size would be awaited forever. Its length header says it; any other question gets a
  // moment and then counts as unknown.
  if (response.request().headers()['service-worker-navigation-preload'] !== undefined)
    return Number(response.headers()['content-length'] ?? 0) || 0;
  const counted = await within(
    response
      .request()
      .sizes()
      .then((s) => s.responseBodySize),
    0,
  );
  if (counted > 0) return counted;
  // A response that arrives as its visit ends (the worker's background requests) may outlive its
  // context: its size is then unknown, not a crash of the whole run.
  const length = Number(await within(response.headerValue('content-length'), null));
  if (Number.isFinite(length) && length > 0) return length;
  // CORS preflights come out negative: they have no body.
  return response.request().method() === 'OPTIONS'
    ? 0
    : (portalFiles.get(new URL(response.url()).pathname) ?? 0);
}

/** What `promise` gives within SIZE_WAIT_MS, else (or if it fails) `fallback`. */
function within<T, F>(promise: Promise<T>, fallback: F): Promise<T | F> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), SIZE_WAIT_MS);
  });
  return Promise.race([promise.catch(() => fallback), late]).finally(() => clearTimeout(timer));
}

function check(target: Target, visitCase: Case, load: PageLoad): void {
  const problem =
    load.floeError !== null
      ? `Floe error page (${load.floeError})`
      : load.title !== EXPECTED_TITLE
        ? `title ${JSON.stringify(load.title)}`
        : load.js !== 'ok'
          ? "the page's module script did not run"
          : target === 'floe' && load.bootstrapped
            ? 'the bootstrap page was shown (the portal had no read slot free)'
            : target !== 'static' && load.controlled === visitCase.startsWith('cold')
              ? `answered ${load.controlled ? 'by' : 'without'} the worker on a ${visitCase} visit`
              : null;
  if (problem) throw new Error(`${target} ${visitCase} visit of ${load.url}: ${problem}`);
}

/**
 * One repetition: a new context per target, then the four cases in order; with a node down, only
 * the first two (the cached visits ask no storage node).
 */
async function repetition(
  browser: Browser,
  stack: SiteStack,
  rep: number,
  nodeDown = false,
): Promise<Visit[]> {
  const visits: Visit[] = [];
  // Rotate which target goes first, so none always runs on a machine another just warmed.
  const first = ((rep % TARGETS.length) + TARGETS.length) % TARGETS.length;
  const targets = [...TARGETS.slice(first), ...TARGETS.slice(0, first)];
  const [cold, warm] = nodeDown ? DOWN_CASES : (['cold', 'warm'] as const);
  // A first visit of a portal that has served nothing yet: its reads are real reads.
  await stack.renewPortal();
  for (const target of targets) {
    const visitor = await Visitor.open(browser, stack, target);
    try {
      visits.push(await visitor.visit(cold, rep));
      await visitor.forget();
      visits.push(await visitor.visit(warm, rep));
      if (nodeDown) continue;
      visits.push(await visitor.visit('cached', rep));
      await visitor.settle();
      await visitor.stopWorker();
      visits.push(await visitor.visit('cached, worker restarted', rep));
    } finally {
      await visitor.close();
    }
  }
  return visits;
}

/** The storage node stopped for the node-down visits, and the page files it holds slivers of. */
interface NodeDown {
  readonly index: number;
  readonly name: string;
  /** Page files with at least one sliver on that node (`/index.html` first), with those slivers. */
  readonly files: readonly { path: string; slivers: string }[];
}

/** "columns 20–22, 25", "column 7", "row 0": slivers of one kind, runs of indices joined. */
function describeSlivers(slivers: readonly { kind: string; at: number }[]): string {
  const runs: [number, number][] = [];
  for (const { at } of slivers) {
    const last = runs.at(-1);
    if (last && at === last[1] + 1) last[1] = at;
    else runs.push([at, at]);
  }
  const kind = slivers[0]!.kind;
  const plural = slivers.length > 1 ? `${kind}s` : kind;
  return `${plural} ${runs.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ')}`;
}

/**
 * The node holding the first sliver of the page's HTML, found from the site's on-chain resources
 * the way the worker reads them: a quilt patch by its columns (column j is the secondary sliver
 * of pair n − 1 − j), a plain blob from row 0 (pair 0).
 */
async function nodeOfPage(stack: SiteStack): Promise<NodeDown> {
  const { config } = stack.devnet;
  const n = config.walrus.nShards;
  const chain = new SuiJsonRpcClient({ url: config.rpcUrl, network: 'localnet' });
  const site = await readSite(chain, stack.siteId, { packageId: config.packages.walrusSite });
  const slivers = PAGE_FILES.map((path) => {
    const resource = site.resources.get(path);
    if (!resource) throw new Error(`the deployed site has no resource ${path}`);
    const patch = resource.headers.get(QUILT_PATCH_HEADER);
    const columns = patch ? parseInternalPatchId(patch) : null;
    // Column j is the secondary sliver of pair n − 1 − j; a plain blob starts at row 0, pair 0.
    const list = columns
      ? Array.from({ length: columns.end - columns.start }, (_, i) => ({
          kind: 'column',
          at: columns.start + i,
          pair: n - 1 - (columns.start + i),
        }))
      : [{ kind: 'row', at: 0, pair: 0 }];
    return {
      path,
      slivers: list.map((s) => ({ ...s, owner: ownerOfPair(config, resource.blobId, s.pair) })),
    };
  });
  const index = slivers[0]!.slivers[0]!.owner;
  const files = slivers.flatMap(({ path, slivers: list }) => {
    const held = list.filter((s) => s.owner === index);
    return held.length > 0 ? [{ path, slivers: describeSlivers(held) }] : [];
  });
  return { index, name: config.nodes[index]!.name, files };
}

export async function benchPageLoads(): Promise<BenchTable[]> {
  const started = performance.now();
  const stack = await startSiteStack(log);
  const visits: Visit[] = [];
  let down: NodeDown;
  try {
    const browser = await launchChromium();
    try {
      log('warm-up repetition…');
      await repetition(browser, stack, -1);
      for (let rep = 0; rep < REPS; rep++) {
        log(`repetition ${rep + 1} of ${REPS}…`);
        visits.push(...(await repetition(browser, stack, rep)));
      }
      down = await nodeOfPage(stack);
      log(
        `stopping ${down.name}, which holds ${down.files.map((f) => `${f.path} (${f.slivers})`).join(', ')}…`,
      );
      await stack.devnet.stopNode(down.index, true);
      log('warm-up repetition with the node down…');
      await repetition(browser, stack, -1, true);
      for (let rep = 0; rep < DOWN_REPS; rep++) {
        log(`node-down repetition ${rep + 1} of ${DOWN_REPS}…`);
        visits.push(...(await repetition(browser, stack, rep, true)));
      }
    } finally {
      await browser.close();
    }
  } finally {
    await stack.close();
  }
  const totalMs = performance.now() - started;
  log(`done in ${(totalMs / 1000).toFixed(0)} s`);
  return [pageLoadTable(visits, stack, down, totalMs)];
}

interface Summary {
  readonly median: number;
  readonly p90: number;
  readonly requests: Requests;
}

function summarise(visits: readonly Visit[], target: Target, visitCase: Case): Summary {
  const of = visits.filter((v) => v.target === target && v.case === visitCase);
  const times = of.map((v) => v.ms);
  const field = (key: keyof Requests) => median(of.map((v) => v.requests[key]));
  return {
    median: median(times),
    p90: quantile(times, 0.9),
    requests: {
      portal: field('portal'),
      chain: field('chain'),
      nodes: field('nodes'),
      static: field('static'),
      other: field('other'),
      bytes: field('bytes'),
    },
  };
}

function floeRequests(r: Requests): string {
  const total = r.portal + r.chain + r.nodes + r.other;
  return total === 0 ? '0' : `${total} (${r.portal} portal, ${r.chain} chain, ${r.nodes} nodes)`;
}

function pageLoadTable(
  visits: readonly Visit[],
  stack: SiteStack,
  down: NodeDown,
  totalMs: number,
): BenchTable {
  const summaries = CASES.map((c) => ({
    case: c,
    static: summarise(visits, 'static', c),
    floor: summarise(visits, 'floor', c),
    floe: summarise(visits, 'floe', c),
  }));
  const rows = summaries.map((s) => [
    s.case,
    ms(s.static.median),
    ms(s.floor.median),
    ms(s.floe.median),
    ratio(s.static.median, s.floe.median),
    ratio(s.floor.median, s.floe.median),
    `${ms(s.static.p90)} / ${ms(s.floor.p90)} / ${ms(s.floe.p90)}`,
    String(s.static.requests.static),
    floeRequests(s.floe.requests),
    `${formatBytes(s.static.requests.bytes)} / ${formatBytes(s.floe.requests.bytes)}`,
  ]);
  const headline = (c: Case, text: string) => {
    const s = summaries.find((x) => x.case === c)!;
    const faster = s.floe.median <= s.static.median;
    return (
      `${text}: Floe ${ms(s.floe.median)} ms vs ${ms(s.static.median)} ms from a static server ` +
      `(${faster ? ratio(s.static.median, s.floe.median) : ratio(s.floe.median, s.static.median)} ${faster ? 'faster' : 'slower'})` +
      // A cold visit has no worker yet: the floor's column is plain HTTP there.
      (c.startsWith('cold') ? '' : ` and ${ms(s.floor.median)} ms through a worker that checks nothing`)
    );
  };
  const nodeDown = (c: Case, upCase: Case, text: string) => {
    const up = summaries.find((x) => x.case === upCase)!.floe;
    const s = summaries.find((x) => x.case === c)!.floe;
    return (
      `${text}: Floe ${ms(s.median)} ms vs ${ms(up.median)} ms with every node up, ` +
      `${formatBytes(s.requests.bytes)} vs ${formatBytes(up.requests.bytes)} fetched`
    );
  };
  const files = [...stack.files.values()];
  const pageBytes = PAGE_FILES.reduce((n, p) => n + (stack.files.get(p)?.size ?? 0), 0);
  return {
    id: 'page-loads',
    title: 'Page loads: Floe portal vs a static file server',
    setup:
      `\`${SITE_SOURCE}\` (${files.length} files, ${formatBytes(files.reduce((n, f) => n + f.size, 0))}) deployed with \`floe deploy\` ` +
      `to a devnet of ${NODES} storage-node processes with ${SHARDS} shards and the chain emulator; its home page ` +
      `(HTML, two stylesheets, a module script, an SVG and a PNG: ${formatBytes(pageBytes)}) opened in headless Chromium ` +
      "(Playwright, one browser) through Floe's portal (in the benchmark's process) at `http://<base36 site ID>.localhost:<port>/`, " +
      'and from a plain Node HTTP server (`e2e/support/static-server.ts`) holding the same files in memory, every file sent with ' +
      `\`Cache-Control: ${STATIC_CACHE_CONTROL}\`; all on loopback. ` +
      'A visit is timed inside the browser, from the navigation start of its first document to the end of the `load` event ' +
      "of the site's page (all its styles, scripts and images loaded). " +
      '**cold**: a new browser context (empty HTTP cache, no service worker), first visit. Floe: the portal server ' +
      'answers the page and its files, adding one tag to the HTML that registers the worker after `load` (not timed; its ' +
      "requests are counted with the visit's). The portal resolves the site on chain, reads the files from the nodes and checks every file's SHA-256; it " +
      'keeps verified bytes in memory, so it is replaced by a fresh one (that has read only the committee) before every ' +
      'repetition, and every cold visit reads; static: plain HTTP. ' +
      '**static + worker** (the floor of any service-worker gateway): the same server at `localhost:<port>` (another origin), ' +
      'through a minimal worker (`bench/support/floor-worker.ts`) that checks nothing and answers every request itself, ' +
      'from its memory once seen, else by fetching it through the HTTP cache; registered after the cold visit (which is ' +
      "plain HTTP), and emptied and stopped with the HTTP cache for the warm visit. What it costs over static is the price of a worker in the path at all, which Floe's worker pays too. " +
      '**warm**: a returning visitor whose caches were emptied, in a new tab of the same context. Floe: the worker is ' +
      'installed but stopped (CDP `ServiceWorker.stopAllWorkers`, as Chromium stops an idle worker) and the Cache API holds ' +
      'no site bytes, so it starts, reloads its config, looks the files up on chain and reads them from the nodes again (the page ' +
      "itself may come from the browser's navigation preload of it from the portal, taken once it hashes to the chain's SHA-256); static: " +
      'the HTTP cache cleared (CDP `Network.clearBrowserCache`). ' +
      '**cached**: the next visit, with everything cached. Floe: the worker still running, files from its memory of verified ' +
      'bytes (kept in front of its Cache API) and on-chain lookups from memory (current for 10 s, then answering while the chain is asked in the background); static: every file fresh in the HTTP cache, so nothing reaches ' +
      'the server (static + worker: the worker answers from its memory). ' +
      "**cached, worker restarted**: as cached, but the worker stopped first, once it has kept the page's files in its Cache API " +
      '(it writes them when the page has been quiet for a moment; Chromium stops only a worker idle for 30 s, CDP at once): its file bytes come from the Cache API and its ' +
      'lookups from the signed entry it kept there, while the chain confirms the version in the background (its one chain ' +
      'request blocks nothing) (the static server has no counterpart; its column repeats the cached visit; the ' +
      'floor worker starts again with nothing in memory and fetches from the HTTP cache). ' +
      `**cold / warm, 1 node down**: the same two visits after all the others, with storage node ${down.index} (\`${down.name}\`) ` +
      `stopped (SIGKILL): the node holding the first sliver of the page's HTML; of the page's files it holds ` +
      `${down.files.map((f) => `\`${f.path}\` (${f.slivers})`).join(', ')}. Floe's worker rebuilds such a missing sliver from ` +
      "the other nodes' decoding symbols, or reads the whole quilt when they cannot serve; the static server has no nodes and " +
      `is measured in the same repetitions for comparison. ` +
      `Medians and p90 of ${REPS} repetitions (${DOWN_REPS} with the node down) after one warm-up each; each repetition opens ` +
      'a new context per target and runs its visits in order; the targets take turns going first. Requests are those that left the browser (Floe: counted by ' +
      "destination from Playwright's network events, the worker's included; static: counted by the server); bytes are their " +
      'response bodies. Ratios: static ÷ Floe and static + worker ÷ Floe of the medians, below 1× means Floe was slower.',
    columns: [
      'visit',
      'static ms',
      'static + worker ms',
      'Floe ms',
      'static ÷ Floe',
      'static + worker ÷ Floe',
      'p90 ms (static / + worker / Floe)',
      'static requests',
      'Floe requests',
      'bytes (static / Floe)',
    ],
    rows,
    headlines: [
      headline('cached', 'Repeat visit to a cached page'),
      headline(
        'cold',
        'First visit (the page read from the nodes and verified by a fresh portal, the worker installed after load)',
      ),
      nodeDown('cold, 1 node down', 'cold', "First visit with the storage node holding the page's HTML down"),
    ],
    data: {
      nodes: NODES,
      shards: SHARDS,
      site: SITE_SOURCE,
      reps: REPS,
      downReps: DOWN_REPS,
      nodeDown: down,
      staticCacheControl: STATIC_CACHE_CONTROL,
      setupMs: {
        devnet: Math.round(stack.timings.devnetMs),
        build: Math.round(stack.timings.buildMs),
        deploy: Math.round(stack.timings.deployMs),
      },
      totalMs: Math.round(totalMs),
      summaries,
      visits: visits.map((v) => ({ ...v, ms: Math.round(v.ms * 10) / 10 })),
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const table of await benchPageLoads()) {
    console.log(`### ${table.title}\n\n${table.setup}\n\n${markdownTable(table.columns, table.rows)}\n`);
    for (const line of table.headlines) console.log(`- ${line}`);
    console.log(`\n${JSON.stringify(table.data, null, 2)}`);
  }
}
