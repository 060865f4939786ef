// `npm run bench -- geo`: page loads on a mainnet-shaped devnet with geography (100+ storage nodes,
// skewed shards, nodes spread over six regions and answering with each region's round trip,
// bandwidth and handshakes, a few always down or slow; the chain RPC in the visitor's continent),
// from two visitor regions. Three ways to get the same page, side by side in one browser:
//   - Floe: the portal at CDN distance, its service worker reading slivers from the nodes;
//   - the official Walrus Sites read path (bench/support/official-path.ts): lookups over gRPC, then
//     the devnet aggregator at CDN distance, then the SHA-256 check;
//   - a static server at CDN distance holding the same files, plain and through a worker that
//     checks nothing (bench/support/floor-worker.ts: the least any service-worker gateway costs).
// Sites: examples/hello, a 30-file game-like page and a 200-file docs site (bench/support/geo-sites.ts).
// Visits: cold, warm (returning visitor with emptied caches), cached, and cold with every node of the
// visitor's nearest region down.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { objectIdToBase36 } from '../core/site/base36.ts';
import { createSuiClient } from '../core/sui/client.ts';
import { networkFromDevnetJson, type NetworkConfig } from '../core/sui/networks.ts';
import { cdnLink, type Region, type Visitor as VisitorRegion } from '../devnet/geo/regions.ts';
import { startShapedProxy, type ShapedProxy } from '../devnet/geo/shape-proxy.ts';
import { startDevnet, type Devnet } from '../devnet/launcher/launcher.ts';
import { chromiumTrustArgs, trustCaInThisProcess } from '../devnet/tls/trust.ts';
import { CHROMIUM_ARGS, findChromium } from '../e2e/support/chromium.ts';
import { startStaticServer, type StaticServer } from '../e2e/support/static-server.ts';
import { startPortal, type Portal } from '../portal/server/server.ts';
import { deployFolder } from '../publisher/test-support/run-floe.ts';
import { buildPortal } from '../scripts/build.ts';
import { EMULATION_NOTES } from './support/emulation-notes.ts';
import { FLOOR_WORKER_PATH, FLOOR_WORKER_SOURCE } from './support/floor-worker.ts';
import { listFiles } from './support/site-stack.ts';
import { docsSite, gameSite, writeSite, type GeneratedSite } from './support/geo-sites.ts';
import { markdownTable } from './support/markdown.ts';
import { startOfficialPath, type OfficialPath } from './support/official-path.ts';
import { watchPageLoads, type PageLoad, type PageLoadWatcher } from './support/page-timing.ts';
import { median, ms, quantile, ratio, type BenchTable } from './support/suite.ts';
import { existsSync } from 'node:fs';

/** Measured repetitions per case after one warm-up. */
const REPS = 5;
const LOAD_TIMEOUT_MS = 90_000;
const VISITORS: readonly { visitor: VisitorRegion; nearest: Region }[] = [
  { visitor: 'frankfurt', nearest: 'eu-central' },
  { visitor: 'singapore', nearest: 'ap-southeast' },
];
const CASES = ['cold', 'warm', 'cached', 'cold, nearest region down'] as const;
type Case = (typeof CASES)[number];
const TARGETS = ['static', 'floor', 'official', 'floe', 'floe-race'] as const;
type Target = (typeof TARGETS)[number];

const log = (message: string) => process.stderr.write(`geo: ${message}\n`);

interface BenchSite {
  readonly name: string;
  readonly page: string;
  readonly title: string;
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly dir: string;
  siteId?: string;
}

interface Visit {
  readonly visitor: VisitorRegion;
  readonly site: string;
  readonly target: Target;
  readonly case: Case;
  readonly rep: number;
  readonly ms: number;
  /** Requests that left the browser for the chain and for storage nodes (Floe only). */
  readonly chain: number;
  readonly nodes: number;
}

async function helloSite(dir: string): Promise<BenchSite> {
  const target = join(dir, 'hello');
  await cp('examples/hello', target, { recursive: true });
  const files = new Map<string, Uint8Array>();
  for (const path of await listFiles(target)) {
    if (path === '/ws-resources.json' || path.startsWith('/drafts/')) continue;
    files.set(path, await readFile(join(target, ...path.slice(1).split('/'))));
  }
  return { name: 'hello', page: '/', title: 'Hello from Floe', files, dir: target };
}

async function generated(site: GeneratedSite, dir: string): Promise<BenchSite> {
  const target = join(dir, site.name);
  await writeSite(site, target);
  return { name: site.name, page: site.page, title: site.title, files: site.files, dir: target };
}

/** Everything one visitor region's runs need; `close()` stops what it started. */
interface Stage {
  readonly visitor: VisitorRegion;
  readonly devnet: Devnet;
  readonly network: NetworkConfig;
  /** Floe's portals of the current repetition (`renewPortals`). */
  readonly portals: PortalPair;
  /**
   * Replaces the portals with new ones that know the committee but have served nothing: a portal
   * keeps verified bytes and lookups in memory, so one that served the last repetition would
   * answer this one's first visits from memory, which is not a first read.
   */
  renewPortals(): Promise<void>;
  readonly official: OfficialPath;
  readonly statics: ReadonlyMap<string, ShapedProxy>;
  close(): Promise<void>;
}

async function startStage(
  visitor: VisitorRegion,
  devnetDir: string,
  distDir: string,
  sites: readonly BenchSite[],
): Promise<Stage> {
  const stops: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
  };
  try {
    const devnet = await startDevnet({
      dir: devnetDir,
      profile: 'mainnet',
      visitor,
      port: 0,
      aggregatorPort: 0,
    });
    stops.push(() => devnet.stop());
    const json = JSON.parse(await readFile(join(devnetDir, 'devnet.json'), 'utf8')) as {
      tls?: { caPath: string };
    };
    if (json.tls) trustCaInThisProcess(await readFile(json.tls.caPath, 'utf8'));
    const network = networkFromDevnetJson(json);
    for (const site of sites) site.siteId ??= await deployFolder(site.dir, devnetDir);

    const cdn = cdnLink();
    if (!network.aggregatorUrl) throw new Error('the devnet started no aggregator');
    const aggregatorUrl = network.aggregatorUrl;
    const portals: { -readonly [K in keyof PortalPair]: PortalPair[K] } = {
      floe: await startShapedPortal(network, distDir, [], 11),
      race: await startShapedPortal(network, distDir, [aggregatorUrl], 13),
    };
    stops.push(() => Promise.all([portals.floe.close(), portals.race.close()]));
    const renewPortals = async () => {
      await Promise.all([portals.floe.close(), portals.race.close()]);
      portals.floe = await startShapedPortal(network, distDir, [], 11);
      portals.race = await startShapedPortal(network, distDir, [aggregatorUrl], 13);
    };
    const official = await startOfficialPath({
      sui: createSuiClient(network),
      packageId: network.walrusSite.originalPackageId,
      aggregatorUrl: network.aggregatorUrl,
    });
    stops.push(() => official.close());
    const statics = new Map<string, ShapedProxy>();
    for (const site of sites) {
      const served: Record<string, { body: Uint8Array; headers: Record<string, string> }> = {};
      for (const [path, body] of site.files) {
        served[encodeURI(path)] = { body, headers: { 'Cache-Control': 'public, max-age=3600' } };
      }
      served[FLOOR_WORKER_PATH] = {
        body: new TextEncoder().encode(FLOOR_WORKER_SOURCE),
        headers: { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-cache' },
      };
      const server: StaticServer = await startStaticServer(served);
      stops.push(() => server.close());
      const shaped = await startShapedProxy({ target: server.url('/'), link: cdn, seed: 12 });
      stops.push(() => shaped.close());
      statics.set(site.name, shaped);
    }
    return { visitor, devnet, network, portals, renewPortals, official, statics, close };
  } catch (error) {
    await close();
    throw error;
  }
}

interface PortalPair {
  readonly floe: ShapedPortal;
  /** Its workers race the aggregator with the nodes (`--fast-source aggregator`). */
  readonly race: ShapedPortal;
}

interface ShapedPortal {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A portal at CDN distance that has read the committee and opened connections to its nodes, as a
 * long-running one has (the aggregator keeps its connections open too).
 */
async function startShapedPortal(
  network: NetworkConfig,
  distDir: string,
  fastSources: readonly string[],
  seed: number,
): Promise<ShapedPortal> {
  const server: Portal = await startPortal({
    network,
    distDir,
    port: 0,
    fastSources,
    warmNodeConnections: true,
  });
  const proxy = await startShapedProxy({ target: server.url, link: cdnLink(), seed, preserveHost: true });
  const config = await fetch(new URL('/__floe/config.json', server.url));
  if (!((await config.json()) as { committee?: unknown }).committee)
    throw new Error('the portal could not read the committee');
  await server.nodesWarm;
  return {
    url: proxy.url,
    close: async () => {
      await proxy.close();
      await server.close();
    },
  };
}

function urlOf(stage: Stage, site: BenchSite, target: Target): string {
  const label = objectIdToBase36(site.siteId!);
  if (target === 'static') return new URL(site.page, stage.statics.get(site.name)!.url).toString();
  if (target === 'floor') {
    // The same server under another name: another origin, so its worker never answers `static`.
    const url = new URL(site.page, stage.statics.get(site.name)!.url);
    url.hostname = 'localhost';
    return url.toString();
  }
  if (target === 'official') return stage.official.url(label, site.page);
  const portal = new URL(target === 'floe' ? stage.portals.floe.url : stage.portals.race.url);
  return `http://${label}.localhost:${portal.port}${site.page}`;
}

/** One browser context visiting one site through one target. */
class Visitor {
  readonly #context: BrowserContext;
  readonly #watcher: PageLoadWatcher;
  readonly #target: Target;
  #page: Page | undefined;
  #cdp: CDPSession | undefined;
  #chain = 0;
  #nodes = 0;
  /** Failed responses of the current visit, to say why a check failed. */
  #failures: string[] = [];

  private constructor(stage: Stage, target: Target, context: BrowserContext, watcher: PageLoadWatcher) {
    this.#context = context;
    this.#watcher = watcher;
    this.#target = target;
    const chain = new URL(stage.network.rpc.url).host;
    const nodes = new Set(stage.devnet.config.nodes.map((n) => new URL(n.url).host));
    context.on('response', (response) => {
      if (response.status() >= 400)
        this.#failures.push(
          `${response.status()} ${response.url()} ${response.headers()['x-floe-error'] ?? ''}`,
        );
      const host = new URL(response.url()).host;
      if (host === chain) this.#chain++;
      else if (nodes.has(host)) this.#nodes++;
    });
  }

  static async open(browser: Browser, stage: Stage, target: Target): Promise<Visitor> {
    const context = await browser.newContext();
    return new Visitor(stage, target, context, await watchPageLoads(context));
  }

  async visit(url: string, expectedTitle: string): Promise<{ load: PageLoad; chain: number; nodes: number }> {
    await this.#page?.close();
    this.#cdp = undefined;
    const page = await this.#context.newPage();
    this.#page = page;
    this.#chain = 0;
    this.#nodes = 0;
    this.#failures = [];
    const loaded = this.#watcher.next(page, LOAD_TIMEOUT_MS);
    await page.goto(url, { waitUntil: 'commit', timeout: LOAD_TIMEOUT_MS });
    const load = await loaded.catch(async (error: unknown) => {
      const seen = await page.evaluate(() => `${document.title} | ${document.body?.innerText.slice(0, 300)}`);
      throw new Error(
        `${this.#target} visit of ${url}: ${(error as Error).message}; the page shows: ${seen}`,
      );
    });
    const problem =
      load.floeError !== null
        ? `Floe error page (${load.floeError})`
        : load.title !== expectedTitle
          ? `title ${JSON.stringify(load.title)}`
          : load.js !== 'ok'
            ? "the page's script did not run"
            : null;
    if (problem)
      throw new Error(
        `${this.#target} visit of ${url}: ${problem}; failed responses: ${this.#failures.join(', ')}`,
      );
    // Not timed: a first Floe visit installs the worker after its `load`; the visits after it are
    // the worker's, as they are for a visitor who stays a moment. The floor's is installed the same way.
    if (this.#target === 'floor' && !load.controlled)
      await page.evaluate(
        (script) => navigator.serviceWorker.register(script, { scope: '/' }).then(() => undefined),
        FLOOR_WORKER_PATH,
      );
    if (this.#target !== 'static' && this.#target !== 'official' && !load.controlled)
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
        timeout: LOAD_TIMEOUT_MS,
      });
    return { load, chain: this.#chain, nodes: this.#nodes };
  }

  async #session(): Promise<CDPSession> {
    if (!this.#cdp) {
      this.#cdp = await this.#context.newCDPSession(this.#page!);
      await this.#cdp.send('ServiceWorker.enable');
    }
    return this.#cdp;
  }

  /**
   * A returning visitor with emptied caches: HTTP cache cleared; the floor's worker stopped (it
   * forgets what it held); Floe's worker stopped and its caches deleted.
   */
  async forget(): Promise<void> {
    const cdp = await this.#session();
    await cdp.send('Network.clearBrowserCache');
    if (this.#target === 'floor') await cdp.send('ServiceWorker.stopAllWorkers');
    if (this.#target !== 'floe' && this.#target !== 'floe-race') return;
    await this.#page!.evaluate(async () => {
      for (const name of await caches.keys()) await caches.delete(name);
    });
    await cdp.send('ServiceWorker.stopAllWorkers');
  }

  close(): Promise<void> {
    return this.#context.close();
  }
}

async function visitSite(
  browser: Browser,
  stage: Stage,
  site: BenchSite,
  rep: number,
  down: boolean,
): Promise<Visit[]> {
  const visits: Visit[] = [];
  // Rotate which target goes first, so none always runs right after another warmed the machine.
  const order = TARGETS.map((_, i) => TARGETS[(i + rep + 3) % TARGETS.length]!);
  for (const target of order) {
    const visitor = await Visitor.open(browser, stage, target);
    const record = (visitCase: Case, result: { load: PageLoad; chain: number; nodes: number }) =>
      visits.push({
        visitor: stage.visitor,
        site: site.name,
        target,
        case: visitCase,
        rep,
        ms: result.load.ms,
        chain: result.chain,
        nodes: result.nodes,
      });
    try {
      const url = urlOf(stage, site, target);
      record(down ? 'cold, nearest region down' : 'cold', await visitor.visit(url, site.title));
      if (down) continue;
      await visitor.forget();
      record('warm', await visitor.visit(url, site.title));
      record('cached', await visitor.visit(url, site.title));
    } finally {
      await visitor.close();
    }
  }
  return visits;
}

function launchBrowser(extraArgs: readonly string[]): Promise<Browser> {
  const executablePath = findChromium(process.env, existsSync);
  return chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

async function measureVisitor(
  visitor: VisitorRegion,
  nearest: Region,
  devnetDir: string,
  distDir: string,
  sites: readonly BenchSite[],
): Promise<{ visits: Visit[]; downNodes: string[] }> {
  log(`starting the mainnet-shaped devnet as seen from ${visitor}…`);
  const stage = await startStage(visitor, devnetDir, distDir, sites);
  const visits: Visit[] = [];
  const downNodes: string[] = [];
  try {
    const json = JSON.parse(await readFile(join(devnetDir, 'devnet.json'), 'utf8')) as {
      tls?: { spkiSha256: string };
    };
    const browser = await launchBrowser(json.tls ? chromiumTrustArgs(json.tls) : []);
    try {
      for (let rep = -1; rep < REPS; rep++) {
        log(`${visitor}: repetition ${rep + 1} of ${REPS}${rep < 0 ? ' (warm-up)' : ''}…`);
        await stage.renewPortals();
        for (const site of sites) {
          const done = await visitSite(browser, stage, site, rep, false);
          if (rep >= 0) visits.push(...done);
        }
      }
      const indices = stage.devnet.config.nodes.flatMap((n, i) => (n.region === nearest ? [i] : []));
      log(`${visitor}: stopping the ${indices.length} nodes in ${nearest}…`);
      for (const index of indices) {
        await stage.devnet.stopNode(index);
        downNodes.push(stage.devnet.config.nodes[index]!.name);
      }
      for (let rep = -1; rep < REPS; rep++) {
        log(`${visitor}: ${nearest} down, repetition ${rep + 1} of ${REPS}${rep < 0 ? ' (warm-up)' : ''}…`);
        await stage.renewPortals();
        for (const site of sites) {
          const done = await visitSite(browser, stage, site, rep, true);
          if (rep >= 0) visits.push(...done);
        }
      }
    } finally {
      await browser.close();
    }
  } finally {
    await stage.close();
  }
  return { visits, downNodes };
}

export async function benchGeo(): Promise<BenchTable[]> {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'floe-bench-geo-'));
  const visits: Visit[] = [];
  const down: Record<string, string[]> = {};
  try {
    log('building the portal…');
    const distDir = join(dir, 'dist');
    await buildPortal(distDir);
    const sites = [
      await helloSite(join(dir, 'sites')),
      await generated(gameSite(), join(dir, 'sites')),
      await generated(docsSite(), join(dir, 'sites')),
    ];
    for (const { visitor, nearest } of VISITORS) {
      const result = await measureVisitor(visitor, nearest, join(dir, 'devnet'), distDir, sites);
      visits.push(...result.visits);
      down[visitor] = result.downNodes;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const totalMs = performance.now() - started;
  log(`done in ${(totalMs / 1000).toFixed(0)} s`);
  return [geoTable(visits, down, totalMs)];
}

interface Summary {
  readonly median: number;
  readonly p90: number;
  readonly chain: number;
  readonly nodes: number;
}

function summarise(visits: readonly Visit[], match: (v: Visit) => boolean): Summary {
  const of = visits.filter(match);
  const times = of.map((v) => v.ms);
  return {
    median: median(times),
    p90: quantile(times, 0.9),
    chain: median(of.map((v) => v.chain)),
    nodes: median(of.map((v) => v.nodes)),
  };
}

function geoTable(visits: readonly Visit[], down: Record<string, string[]>, totalMs: number): BenchTable {
  const rows: string[][] = [];
  const summaries: ({ visitor: string; site: string; case: Case } & Record<
    'static' | 'floor' | 'official' | 'floe' | 'race',
    Summary
  >)[] = [];
  for (const { visitor } of VISITORS) {
    for (const site of ['hello', 'game', 'docs']) {
      for (const visitCase of CASES) {
        const of = (target: Target) =>
          summarise(
            visits,
            (v) => v.visitor === visitor && v.site === site && v.case === visitCase && v.target === target,
          );
        const s = {
          static: of('static'),
          floor: of('floor'),
          official: of('official'),
          floe: of('floe'),
          race: of('floe-race'),
        };
        summaries.push({ visitor, site, case: visitCase, ...s });
        rows.push([
          visitor,
          site,
          visitCase,
          ms(s.static.median),
          ms(s.floor.median),
          ms(s.official.median),
          ms(s.floe.median),
          ms(s.race.median),
          ratio(s.official.median, s.floe.median),
          ratio(s.official.median, s.race.median),
          ratio(s.static.median, s.floe.median),
          ratio(s.floor.median, s.floe.median),
          `${ms(s.static.p90)} / ${ms(s.floor.p90)} / ${ms(s.official.p90)} / ${ms(s.floe.p90)} / ${ms(s.race.p90)}`,
          `${s.floe.chain} / ${s.floe.nodes}`,
        ]);
      }
    }
  }
  const find = (visitor: string, site: string, visitCase: Case) =>
    summaries.find((s) => s.visitor === visitor && s.site === site && s.case === visitCase)!;
  const headlines = VISITORS.map(({ visitor }) => {
    const cold = find(visitor, 'game', 'cold');
    return (
      `Game page, first visit from ${visitor} on a mainnet-shaped network: Floe ${ms(cold.floe.median)} ms ` +
      `(${ms(cold.race.median)} ms racing the aggregator), official read path ${ms(cold.official.median)} ms, ` +
      `static CDN ${ms(cold.static.median)} ms`
    );
  });
  return {
    id: 'geo',
    title: 'Page loads on a mainnet-shaped network with geography',
    setup:
      "The devnet's mainnet profile (`npm run devnet -- --profile mainnet --visitor <city>`; how it is emulated: " +
      '"Emulating the real network" below): storage nodes with stake-skewed shards, spread over six regions and answering ' +
      "with the visitor's round trip, jitter, bandwidth and TCP + TLS set-up to their region, over HTTPS with HTTP/2, a few " +
      "always down or slow; the chain RPC in the visitor's continent. Three sites deployed once with `floe deploy`: " +
      '`examples/hello` (home page: 6 files), a generated game-like page (30 files, all loaded by the page) and a generated ' +
      '200-file docs site (one guide page: 7 files). Each page opened in headless Chromium five ways: ' +
      '**static**: the same files from a static server at CDN distance (every file `Cache-Control: public, max-age=3600`); ' +
      '**static + worker** (the floor of any service-worker gateway): the same server under another host name, through a ' +
      'minimal worker (`bench/support/floor-worker.ts`) that checks nothing and answers every request itself, from its ' +
      'memory once seen, else by fetching it through the HTTP cache; installed after the cold visit, which is plain HTTP, ' +
      'and stopped with the HTTP cache cleared for the warm visit; what it costs over static is the price of having a ' +
      "worker in the path at all, which Floe's worker pays too; " +
      "**official**: the official Walrus Sites portal's read path (walrus-sites 2.12 `portal/common`), rebuilt in " +
      '`bench/support/official-path.ts`: per request, two parallel multi-gets over gRPC (Site + resource field, routes + ' +
      'redirects), `GET /v1/blobs/by-quilt-patch-id/<id>` from the devnet aggregator at CDN distance, then the SHA-256 check; ' +
      "it runs as a loopback server standing in for that portal's service worker and pays no worker install, so it is " +
      'measured at its best; **Floe**: the portal at CDN distance. A first visit gets its page from the portal, which ' +
      "reads it from the nodes and checks it (its server path), and the worker installs after the page's load; later " +
      'visits are answered by the worker, reading and verifying slivers from the nodes in the browser. The portals are ' +
      'replaced by fresh ones (that have read only the committee and opened connections to the nodes, as a portal serving traffic has them) before every repetition, so no visit is answered from ' +
      "a portal's memory of an earlier one; **Floe + race**: the same with the portal started with " +
      '`--fast-source aggregator`: the portal and the worker also ask the aggregator for each file and keep whichever ' +
      'answer matching the chain comes first. Visits: **cold** (new browser context), **warm** (same context, HTTP cache ' +
      "cleared, Floe's worker " +
      'stopped and its caches deleted), **cached** (the next visit), **cold, nearest region down** (after the others, every ' +
      `node of the visitor's nearest region stopped: ${Object.entries(down)
        .map(([v, names]) => `${names.length} nodes from ${v}`)
        .join(
          ', ',
        )}). Medians and p90 of ${REPS} repetitions after one warm-up; targets take turns going first. ` +
      'Ratios are other ÷ Floe of the medians: above 1× Floe was faster. Floe requests: chain / storage-node requests ' +
      'that left the browser (medians).',
    columns: [
      'visitor',
      'site',
      'visit',
      'static ms',
      'static + worker ms',
      'official ms',
      'Floe ms',
      'Floe + race ms',
      'Floe vs official',
      'Floe + race vs official',
      'Floe vs static',
      'Floe vs static + worker',
      'p90 ms (static / + worker / official / Floe / + race)',
      'Floe chain / node requests',
    ],
    rows,
    headlines,
    data: { reps: REPS, down, totalMs: Math.round(totalMs), summaries, visits },
    notes: EMULATION_NOTES,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const table of await benchGeo()) {
    console.log(`### ${table.title}\n\n${table.setup}\n\n${markdownTable(table.columns, table.rows)}\n`);
    for (const line of table.headlines) console.log(`- ${line}`);
  }
}
