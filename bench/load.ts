// `npm run bench -- load`: 50 browser contexts in one headless Chromium browse examples/hello
// through Floe's portal on one 10-node / 1000-shard devnet, concurrently and for a bounded time,
// then the same against a plain static server. Every page must load and every checked file must
// match its source's SHA-256 (the benchmark throws otherwise); the resident memory of every process
// is sampled each second, to show that none grows without bound.
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { markdownTable } from './support/markdown.ts';
import { watchPageLoads, type PageLoadWatcher } from './support/page-timing.ts';
import { memoryFigures, memoryOverRun, memoryTable, type RunMemory } from './support/load-memory.ts';
import { startMemorySampler, type MemorySample, type MemorySampler } from './support/process-memory.ts';
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

/** Browser contexts (`FLOE_LOAD_CONTEXTS` overrides, e.g. for a quick try). */
const CONTEXTS = Number(process.env['FLOE_LOAD_CONTEXTS'] || 50);
/** How long all contexts browse together, per target; loops then finish the page they are on. */
const BROWSE_MS = Number(process.env['FLOE_LOAD_SECONDS'] || 20) * 1000;
/**
 * First visits: a context's first Floe visit installs its worker and reads everything from the
 * chain and the nodes, several times the work of a later page, so visitors arrive at most this
 * many at a time. (Those already in keep browsing meanwhile: left idle for 30 s, Chromium would stop
 * their workers, and all 50 would restart them at once when browsing together begins.)
 */
const ARRIVING_AT_ONCE = 10;
/** The memory sample compared with the last one: this long into browsing. */
const SETTLED_MS = 10_000;
const NAV_TIMEOUT_MS = 30_000;
/** Pages each context cycles through (resource paths); every file of the site is also fetched in turn. */
const PAGES = ['/', '/about.html', '/app/index.html', '/docs/café menu.txt'];

type Target = 'static' | 'floe';

interface Failure {
  readonly context: number;
  readonly what: string;
}

interface Load {
  /** When it completed, in ms since the run started. */
  readonly atMs: number;
  readonly ms: number;
}

/** What one target's run gathers while it runs. */
interface Progress {
  /** Each context's first page (for Floe: bootstrap page, worker install, reads from the nodes). */
  readonly firstVisits: Load[];
  /** Further pages, in completion order (some while others are still arriving). */
  readonly loads: Load[];
  filesChecked: number;
  readonly failures: Failure[];
  /** Requests that reached a server, by destination. */
  readonly requests: Record<'portal' | 'chain' | 'nodes' | 'static', number>;
}

interface TargetRun extends Progress, RunMemory {
  readonly target: Target;
  /** From the run's start until the last context's first visit ended (ms). */
  readonly arrivalMs: number;
  /** From then until the last loop ended. */
  readonly browseMs: number;
}

const log = (message: string) => process.stderr.write(`load: ${message}\n`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Expected {
  /** Resource path → `document.title` its page must show (text files have none). */
  readonly titles: ReadonlyMap<string, string>;
  readonly files: readonly { path: string; sha256: string }[];
}

async function expectations(stack: SiteStack): Promise<Expected> {
  const titles = new Map<string, string>();
  for (const path of PAGES) {
    const file = path.endsWith('/') ? `${path}index.html` : path;
    const source = await readFile(join(SITE_SOURCE, ...file.slice(1).split('/')), 'utf8');
    titles.set(path, path.endsWith('.txt') ? '' : (/<title>([^<]*)<\/title>/.exec(source)?.[1] ?? ''));
  }
  return { titles, files: [...stack.files.values()].map((f) => ({ path: f.path, sha256: f.sha256 })) };
}

/** Fetches `path` inside the page (through the worker, for Floe) and hashes it there. */
function fetchAndHash(page: Page, path: string): Promise<{ status: number; sha256: string }> {
  return page.evaluate(async (url) => {
    const response = await fetch(url, { cache: 'default' });
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await response.arrayBuffer()));
    return {
      status: response.status,
      sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''),
    };
  }, encodeURI(path));
}

/** One browser context and its tab, reused by both runs; events go to whichever run is going. */
interface Visitor {
  readonly index: number;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly watcher: PageLoadWatcher;
}

/** The run the visitors' events are counted into. */
interface Current {
  progress: Progress | null;
  /** Hosts of the chain, storage nodes and portal, to count requests by destination (once started). */
  hosts: { readonly chain: string; readonly nodes: ReadonlySet<string>; readonly portal: string } | null;
}

/** Headless Chromium asks for /favicon.ico on pages without an icon link (the text file); neither server has one. */
const isFavicon = (url: string | undefined) => url !== undefined && new URL(url).pathname === '/favicon.ico';

async function openVisitor(browser: Browser, index: number, current: Current): Promise<Visitor> {
  const context = await browser.newContext();
  const fail = (what: string) => current.progress?.failures.push({ context: index, what });
  context.on('console', (message) => {
    if (message.type() === 'error' && !isFavicon(message.location().url))
      fail(`console error: ${message.text()} (${message.location().url})`);
  });
  context.on('weberror', (error) => fail(`page error: ${error.error().message}`));
  context.on('response', (response) => {
    if (response.status() >= 400 && !isFavicon(response.url()))
      fail(`${response.status()} for ${response.url()}`);
    // Answers from a worker never left the browser.
    if (!current.progress || !current.hosts || response.fromServiceWorker()) return;
    const { chain, nodes, portal } = current.hosts;
    const host = new URL(response.url()).host;
    const requests = current.progress.requests;
    if (host === chain) requests.chain++;
    else if (nodes.has(host)) requests.nodes++;
    else if (host === portal) requests.portal++;
  });
  context.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'failed';
    // A navigation away cancels what the previous page still had in flight.
    if (reason !== 'net::ERR_ABORTED') fail(`${reason}: ${request.url()}`);
  });
  const watcher = await watchPageLoads(context);
  return { index, context, page: await context.newPage(), watcher };
}

/** One page of one visitor, checked, then one file fetched in the page and checked; failures recorded. */
async function visitPage(
  { page, watcher, index }: Visitor,
  path: string,
  file: { path: string; sha256: string },
  url: (path: string) => string,
  expected: Expected,
  run: Progress,
): Promise<number | null> {
  const fail = (what: string) => run.failures.push({ context: index, what });
  try {
    const target = url(encodeURI(path));
    const loaded = watcher.next(page, NAV_TIMEOUT_MS, target);
    const response = await page.goto(target, { waitUntil: 'commit', timeout: NAV_TIMEOUT_MS });
    if (!response || response.status() !== 200) fail(`navigation to ${path}: status ${response?.status()}`);
    const load = await loaded;
    if (load.floeError !== null) fail(`${path}: Floe error page ${load.floeError}`);
    else if (load.title !== expected.titles.get(path)) fail(`${path}: title ${JSON.stringify(load.title)}`);
    const got = await fetchAndHash(page, file.path);
    run.filesChecked++;
    if (got.status !== 200 || got.sha256 !== file.sha256)
      fail(`${file.path}: status ${got.status}, SHA-256 ${got.sha256}`);
    return load.ms;
  } catch (error) {
    fail(`${path}: ${(error as Error).message.split('\n')[0]}`);
    return null;
  }
}

/** A file to check after page `i` of visitor `index`: all of them in turn, visitors out of step. */
const fileFor = (expected: Expected, index: number, i: number) =>
  expected.files[(i * 7 + index) % expected.files.length]!;

/** At most `n` holders at once, served in the order they asked. */
function limiter(n: number): { acquire(): Promise<void>; release(): void } {
  let free = n;
  const waiting: (() => void)[] = [];
  return {
    acquire: () => (free > 0 ? (free--, Promise.resolve()) : new Promise<void>((r) => waiting.push(r))),
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

/**
 * Visitors arrive (first visit, a few at a time) and then browse page after page; once the last
 * has arrived, all browse together for `BROWSE_MS`.
 */
async function runTarget(
  visitors: readonly Visitor[],
  current: Current,
  stack: SiteStack,
  target: Target,
  expected: Expected,
  sampler: MemorySampler,
): Promise<TargetRun> {
  const startSample = await sampler.sampleNow();
  const progress: Progress = {
    firstVisits: [],
    loads: [],
    filesChecked: 0,
    failures: [],
    requests: { portal: 0, chain: 0, nodes: 0, static: 0 },
  };
  current.progress = progress;
  const staticBefore = stack.staticServer.requests.length;
  const url = target === 'floe' ? stack.floeUrl : stack.staticUrl;

  log(`${target}: ${visitors.length} contexts arriving, ${ARRIVING_AT_ONCE} at a time…`);
  const started = performance.now();
  const since = () => performance.now() - started;
  const arrivals = limiter(ARRIVING_AT_ONCE);
  let arrived = 0;
  let windowStart = Number.NaN;
  let deadline = Number.POSITIVE_INFINITY;
  let settled: Promise<MemorySample> | undefined;
  await Promise.all(
    visitors.map(async (visitor) => {
      await arrivals.acquire();
      const firstMs = await visitPage(
        visitor,
        PAGES[0]!,
        fileFor(expected, visitor.index, 0),
        url,
        expected,
        progress,
      );
      arrivals.release();
      if (firstMs !== null) progress.firstVisits.push({ atMs: since(), ms: firstMs });
      if (++arrived === visitors.length) {
        windowStart = since();
        deadline = performance.now() + BROWSE_MS;
        log(
          `${target}: all arrived after ${(windowStart / 1000).toFixed(1)} s; browsing together for ${BROWSE_MS / 1000} s…`,
        );
        settled = sleep(SETTLED_MS).then(() => sampler.sampleNow());
      }
      for (let i = 1; performance.now() < deadline; i++) {
        const path = PAGES[(i + visitor.index) % PAGES.length]!;
        const loadMs = await visitPage(
          visitor,
          path,
          fileFor(expected, visitor.index, i),
          url,
          expected,
          progress,
        );
        if (loadMs !== null) progress.loads.push({ atMs: since(), ms: loadMs });
      }
    }),
  );
  const browseMs = since() - windowStart;
  const settledSample = await settled;
  const end = await sampler.sampleNow();
  current.progress = null;
  if (target === 'static') progress.requests.static = stack.staticServer.requests.length - staticBefore;
  const { series, peak } = memoryOverRun(sampler.samples, startSample, end);
  const inWindow = progress.loads.filter((l) => l.atMs >= windowStart).length;
  log(
    `${target}: ${progress.firstVisits.length} first visits, ${progress.loads.length} further pages ` +
      `(${inWindow} in the last ${(browseMs / 1000).toFixed(1)} s); ${progress.filesChecked} files checked, ` +
      `${progress.failures.length} failures`,
  );
  return {
    target,
    ...progress,
    arrivalMs: windowStart,
    browseMs,
    memory: {
      start: memoryFigures(startSample),
      settled: memoryFigures(settledSample ?? end),
      end: memoryFigures(end),
    },
    peak,
    series,
  };
}

/** Opens the contexts one at a time: each starts a renderer process, which 2 cores do no faster in parallel. */
async function openVisitors(
  browser: Browser,
  current: Current,
): Promise<{ visitors: Visitor[]; ms: number }> {
  const opening = performance.now();
  const visitors: Visitor[] = [];
  for (let i = 0; i < CONTEXTS; i++) visitors.push(await openVisitor(browser, i, current));
  return { visitors, ms: performance.now() - opening };
}

export async function benchLoad(): Promise<BenchTable[]> {
  const benchStarted = performance.now();
  const runs: TargetRun[] = [];
  let contextsMs: number;
  let stack: SiteStack | undefined;
  let sampler: MemorySampler | undefined;
  const browser = await launchChromium();
  try {
    const current: Current = { progress: null, hosts: null };
    // The contexts open while the portal builds and the site deploys, which mostly wait; not while
    // the devnet starts, whose processes must be ready within 30 s.
    let devnetUp!: (up: boolean) => void;
    const up = new Promise<boolean>((resolve) => (devnetUp = resolve));
    const starting = startSiteStack(log, { onDevnetReady: () => devnetUp(true) });
    starting.catch(() => devnetUp(false));
    const opening = up.then((ok) => {
      if (!ok) return null;
      log(`opening ${CONTEXTS} browser contexts meanwhile…`);
      return openVisitors(browser, current);
    });
    const [started, opened] = await Promise.allSettled([starting, opening]);
    if (started.status === 'fulfilled') stack = started.value;
    if (started.status === 'rejected') throw started.reason;
    if (opened.status === 'rejected') throw opened.reason;
    if (!opened.value) throw new Error('the devnet did not start');
    const { visitors, ms: openMs } = opened.value;
    contextsMs = openMs;
    const site = started.value;
    current.hosts = {
      chain: new URL(site.devnet.config.rpcUrl).host,
      nodes: new Set(site.devnet.config.nodes.map((n) => new URL(n.url).host)),
      portal: new URL(site.floeUrl('/')).host,
    };
    const expected = await expectations(site);
    sampler = startMemorySampler(1000);
    runs.push(await runTarget(visitors, current, site, 'floe', expected, sampler));
    runs.push(await runTarget(visitors, current, site, 'static', expected, sampler));
  } finally {
    await sampler?.stop();
    if (sampler) log(`memory sampling took ${sampler.costMs.toFixed(0)} ms per sample (on a worker thread)`);
    await browser.close();
    await stack?.close();
  }
  const totalMs = performance.now() - benchStarted;
  log(`done in ${(totalMs / 1000).toFixed(0)} s`);
  const tables = [
    loadTable(runs, stack!, { totalMs, contextsMs }),
    memoryTable(runs, { contexts: CONTEXTS, settledMs: SETTLED_MS }),
  ];
  const failures = runs.flatMap((r) => r.failures.map((f) => ({ target: r.target, ...f })));
  if (failures.length > 0) {
    for (const table of tables) process.stderr.write(`${markdownTable(table.columns, table.rows)}\n\n`);
    const file = join(tmpdir(), 'floe-bench-load-failed.json');
    await writeFile(file, JSON.stringify(tables.map((t) => t.data)));
    log(`raw figures of the failed run: ${file}`);
    throw new Error(
      `${failures.length} failures under load, e.g.:\n${failures
        .slice(0, 10)
        .map((f) => `  ${f.target} context ${f.context}: ${f.what}`)
        .join('\n')}`,
    );
  }
  return tables;
}

interface LoadFigures {
  readonly firstVisitP50: number;
  readonly firstVisitP99: number;
  readonly arrivalSeconds: number;
  readonly pages: number;
  readonly pagesPerSecond: number;
  readonly p50: number;
  readonly p99: number;
}

function figures(run: TargetRun): LoadFigures {
  const first = run.firstVisits.map((l) => l.ms);
  // Pages finished while all contexts were browsing.
  const later = run.loads.filter((l) => l.atMs >= run.arrivalMs).map((l) => l.ms);
  return {
    firstVisitP50: median(first),
    firstVisitP99: quantile(first, 0.99),
    arrivalSeconds: run.arrivalMs / 1000,
    pages: later.length,
    pagesPerSecond: later.length / (run.browseMs / 1000),
    p50: median(later),
    p99: quantile(later, 0.99),
  };
}

function loadTable(
  runs: readonly TargetRun[],
  stack: SiteStack,
  timing: { readonly totalMs: number; readonly contextsMs: number },
): BenchTable {
  const floe = runs.find((r) => r.target === 'floe')!;
  const plain = runs.find((r) => r.target === 'static')!;
  const f = figures(floe);
  const s = figures(plain);
  const requests = `${floe.requests.portal} portal, ${floe.requests.chain} chain, ${floe.requests.nodes} nodes`;
  const rows = [
    [
      `arrival (first visits, ${ARRIVING_AT_ONCE} at a time): until all ${CONTEXTS} in, s`,
      s.arrivalSeconds.toFixed(1),
      f.arrivalSeconds.toFixed(1),
      ratio(s.arrivalSeconds, f.arrivalSeconds),
    ],
    ['first visit p50 ms', ms(s.firstVisitP50), ms(f.firstVisitP50), ratio(s.firstVisitP50, f.firstVisitP50)],
    ['first visit p99 ms', ms(s.firstVisitP99), ms(f.firstVisitP99), ratio(s.firstVisitP99, f.firstVisitP99)],
    [`browsing together: pages in ${BROWSE_MS / 1000} s`, String(s.pages), String(f.pages), '–'],
    [
      'browsing together: pages/s',
      s.pagesPerSecond.toFixed(1),
      f.pagesPerSecond.toFixed(1),
      ratio(f.pagesPerSecond, s.pagesPerSecond),
    ],
    ['browsing together: page load p50 ms', ms(s.p50), ms(f.p50), ratio(s.p50, f.p50)],
    ['browsing together: page load p99 ms', ms(s.p99), ms(f.p99), ratio(s.p99, f.p99)],
    ['files checked (SHA-256)', String(plain.filesChecked), String(floe.filesChecked), '–'],
    ['failures', String(plain.failures.length), String(floe.failures.length), '–'],
    ['requests to servers', String(plain.requests.static), requests, '–'],
  ];
  return {
    id: 'load',
    title: `Load: ${CONTEXTS} concurrent browser contexts`,
    setup:
      `\`${SITE_SOURCE}\` deployed with \`floe deploy\` to one devnet of ${NODES} storage-node processes with ${SHARDS} ` +
      "shards and the chain emulator, with Floe's portal in the benchmark's process; one headless Chromium with " +
      `${CONTEXTS} browser contexts (separate profiles, so each installs its own service worker), opened beforehand ` +
      `(${(timing.contextsMs / 1000).toFixed(0)} s, one renderer process each) and used by both runs. In a run, each ` +
      `context first opens \`/\`, at most ${ARRIVING_AT_ONCE} at a time (a first Floe visit is the bootstrap page, the ` +
      "worker's install and start, ~11 chain and ~17 storage-node requests, one after another: several times the work " +
      'of a later page, so 50 at once would only measure the run queue of this 2-core machine), then keeps opening ' +
      `${PAGES.map((p) => `\`${p}\``).join(', ')} in turn, without pause; once the last context has arrived, all ` +
      `${CONTEXTS} browse together for ${BROWSE_MS / 1000} s (the "browsing together" rows: pages finished in that window). ` +
      `After each page a context fetches one of the site's ${stack.files.size} files inside the page (through the ` +
      'worker, for Floe) and ' +
      'checks its SHA-256 against the source. A failure is a page that does not load within ' +
      `${NAV_TIMEOUT_MS / 1000} s, a status other than 200 (or any response of 400 and above, except \`/favicon.ico\`, ` +
      'which neither server has and headless Chromium asks for on the text page), a wrong title or an error page, a ' +
      'wrong hash, a console error or an uncaught page error; the benchmark throws if there is any. Page loads are timed ' +
      'inside the browser (navigation start to the end of `load`). The anchor is the same load in the same contexts ' +
      `against a plain Node HTTP server holding the same files (\`Cache-Control: ${STATIC_CACHE_CONTROL}\`), run after ` +
      "Floe's. Ratios: pages/s is Floe ÷ static, times are static ÷ Floe, so above 1× means Floe did better. " +
      '"requests to servers" counts those that left the browser during the whole run (Floe: by destination, the workers\' ' +
      'included; static: counted by the server). Memory is in the next table.',
    columns: ['', 'static', 'Floe', 'ratio'],
    rows,
    headlines: [
      `${CONTEXTS} browser contexts browsing at once: ${f.pagesPerSecond.toFixed(1)} pages/s through Floe, p99 ` +
        `${ms(f.p99)} ms (static server: ${s.pagesPerSecond.toFixed(1)} pages/s, p99 ${ms(s.p99)} ms), no failed page`,
    ],
    data: {
      contexts: CONTEXTS,
      arrivingAtOnce: ARRIVING_AT_ONCE,
      browseMs: BROWSE_MS,
      pages: PAGES,
      totalMs: Math.round(timing.totalMs),
      setupMs: {
        contexts: Math.round(timing.contextsMs),
        devnet: Math.round(stack.timings.devnetMs),
        build: Math.round(stack.timings.buildMs),
        deploy: Math.round(stack.timings.deployMs),
      },
      runs: runs.map((r) => ({
        target: r.target,
        arrivalMs: Math.round(r.arrivalMs),
        browseMs: Math.round(r.browseMs),
        figures: figures(r),
        filesChecked: r.filesChecked,
        failures: r.failures,
        requests: r.requests,
        /** [completed at (ms since the phase started), page-load ms] */
        firstVisits: r.firstVisits.map((l) => [Math.round(l.atMs), Math.round(l.ms)]),
        loads: r.loads.map((l) => [Math.round(l.atMs), Math.round(l.ms)]),
      })),
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const table of await benchLoad()) {
    console.log(`### ${table.title}\n\n${table.setup}\n\n${markdownTable(table.columns, table.rows)}\n`);
    for (const line of table.headlines) console.log(`- ${line}`);
    console.log(`\n${JSON.stringify(table.data, null, 2)}`);
  }
}
