// `npm run bench -- media` and `npm run bench -- media-deploys [--sizes 200MB,1GB,2GB]`: big files
// on a live 10-node / 1000-shard devnet.
// Reads: an ≈200 MiB MP4 deployed by `floe deploy` (a blob of its own, above the blob threshold)
// read through Floe's worker in Chromium, the portal's server path, Floe's aggregator daemon and
// `WalrusClient.readBlob`, next to a static file server with Range on loopback: first byte, whole
// file, first byte of a range from 90 %, a `<video>` seek to 90 %, which rows the nodes served, and
// peak memory. Deploys: `floe deploy` as a child process for sites of the given sizes (200 MB by
// default): wall time, peak RSS, then a no-change redeploy and every file read back byte-exact.
import { mkdtemp, rm, statfs } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fork } from 'node:child_process';
import type { Browser, Page } from '@playwright/test';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { objectIdToBase36 } from '../core/site/base36.ts';
import { QUILT_PATCH_HEADER } from '../core/site/types.ts';
import { readSite } from '../core/sui/site-read.ts';
import { blobIdFromText } from '../core/walrus/blob-id.ts';
import {
  geometry,
  pairToShard,
  primarySliverSize,
  rotationOffset,
  symbolSize,
} from '../core/walrus/geometry.ts';
import { startDevnet, type Devnet } from '../devnet/launcher/launcher.ts';
import { buildPortal } from '../scripts/build.ts';
import { browserFetch, browserSeek, rendererPeak, resetRendererPeaks } from './support/browser-reads.ts';
import { floeChildOutput, runFloeChild, startPortalChild, type PortalChild } from './support/floe-child.ts';
import { timedGet, type TimedGet } from './support/http-timing.ts';
import { markdownTable } from './support/markdown.ts';
import { READS_VIDEO_PATH, writeDeploySite, writeReadsSite, type WrittenSite } from './support/media-site.ts';
import { enoughDisk, largestFile, siteShape, sizeLabel, sizesOption } from './support/media-sizes.ts';
import { nodeTraffic, resetNodeTraffic, rowsWithin, type NodeTraffic } from './support/node-rows.ts';
import { peakRss, resetPeakRss } from './support/process-memory.ts';
import { startRangeFileServer } from './support/range-file-server.ts';
import type { ReadBlobChildResult } from './support/read-blob-child.ts';
import { formatBytes } from './support/report.ts';
import { launchChromium } from './support/site-stack.ts';
import { median, ms, ratio, type BenchTable } from './support/suite.ts';

const NODES = 10;
const SHARDS = 1000;
/** The reads' video: 200 MiB of makeTestVideo (≈680 s at ≈309 KB/s). */
const VIDEO_BYTES = 200 * 1024 * 1024;
/** Where ranges start and the video seeks to, as a fraction of the file / of its duration. */
const SEEK_FRACTION = 0.9;
/** Rows a seek to 90 % has no reason to read (after the file's start, before the seek point). */
const SKIPPED_BAND = [0.1, 0.89] as const;
/** Range reads per path (medians reported); whole-file reads run once each. */
const RANGE_RUNS = 3;
/** Where the fresh-row first-byte probes start: rows that no earlier read of a path touched. */
const FRESH_FRACTIONS = [0.2, 0.4, 0.6] as const;
/** Budget passed to `floe deploy` when it takes `--memory-budget`. */
const MEMORY_BUDGET = '1GiB';
const DEFAULT_SIZES = '200MB';

class MediaBenchError extends Error {
  override name = 'MediaBenchError';
}

const log = (message: string) => process.stderr.write(`media: ${message}\n`);

/** One way of reading the video: a row of the reads table. */
interface ReadRow {
  readonly path: string;
  readonly client: 'node' | 'chromium' | 'sdk';
  /** The whole file. */
  readonly ttfbMs: number;
  readonly fullMs: number;
  /**
   * First byte of ranges starting in rows no read has touched (FRESH_FRACTIONS of the file), cut
   * after it: what a first visitor waits for, with nothing of those rows in any cache. Median.
   */
  readonly freshTtfbMs?: number;
  /** `bytes=<90 %>-`, medians over RANGE_RUNS. */
  readonly rangeTtfbMs: number;
  readonly rangeFullMs: number;
  /** `<video>` seek to 90 % (Chromium rows only). */
  readonly seekMs?: number;
  readonly metadataMs?: number;
  /** What the nodes served for the whole file, for the range, and for the seek. */
  readonly fullTraffic?: NodeTraffic;
  readonly rangeTraffic?: NodeTraffic;
  readonly seekTraffic?: NodeTraffic;
  readonly peakRssBytes?: number;
  readonly peakRssOf?: string;
  readonly note?: string;
}

interface ReadsContext {
  readonly devnet: Devnet;
  readonly admins: readonly string[];
  readonly blobId: string;
  readonly length: number;
  readonly sha256: string;
  readonly rows: number;
  readonly rowBytes: number;
  readonly rangeStart: number;
}

/** Both ends given: the Walrus daemon's API refuses open ranges (aggregator/range.ts). */
const rangeHeader = (ctx: ReadsContext) => `bytes=${ctx.rangeStart}-${ctx.length - 1}`;

/** Runs `read` with the nodes' request logs reset before and collected after. */
async function counted<T>(
  ctx: ReadsContext,
  read: () => Promise<T>,
): Promise<{ value: T; traffic: NodeTraffic }> {
  await resetNodeTraffic(ctx.admins);
  const value = await read();
  return { value, traffic: await nodeTraffic(ctx.admins, ctx.blobId) };
}

function checkWhole(what: string, got: TimedGet, ctx: ReadsContext): void {
  if (got.status !== 200 || got.truncated || got.sha256 !== ctx.sha256)
    throw new MediaBenchError(`${what}: status ${got.status}, ${got.bytes} bytes, not the file`);
}

function checkRange(what: string, status: number, bytes: number, ctx: ReadsContext): void {
  if (status !== 206 || bytes !== ctx.length - ctx.rangeStart)
    throw new MediaBenchError(`${what}: range answered ${status} with ${bytes} bytes`);
}

/** What both clients report of one GET. */
interface TimedRead {
  readonly status: number;
  readonly ttfbMs: number;
  readonly fullMs: number;
  readonly bytes: number;
}

/**
 * RANGE_RUNS first-byte probes of the whole file (median TTFB), the whole file once (its time to the
 * last byte), then RANGE_RUNS ranges from 90 %: the medians and the last range's traffic.
 */
async function wholeAndRanges<T extends TimedRead>(
  ctx: ReadsContext,
  path: string,
  get: (range?: string, firstChunkOnly?: boolean) => Promise<T>,
  checkWholeRead: (read: T) => void,
) {
  const probes: T[] = [];
  for (let i = 0; i < RANGE_RUNS; i++) {
    const probe = await get(undefined, true);
    if (probe.status !== 200) throw new MediaBenchError(`${path}: first-byte probe answered ${probe.status}`);
    probes.push(probe);
  }
  // Before the whole file is read, so that nothing of these rows is in any cache.
  const fresh: T[] = [];
  for (const fraction of FRESH_FRACTIONS) {
    const start = Math.floor(ctx.length * fraction);
    const probe = await get(`bytes=${start}-${ctx.length - 1}`, true);
    if (probe.status !== 206) throw new MediaBenchError(`${path}: fresh-row probe answered ${probe.status}`);
    fresh.push(probe);
  }
  const whole = await counted(ctx, () => get());
  checkWholeRead(whole.value);
  const ranges: T[] = [];
  let rangeTraffic: NodeTraffic | undefined;
  for (let i = 0; i < RANGE_RUNS; i++) {
    const ranged = await counted(ctx, () => get(rangeHeader(ctx)));
    checkRange(path, ranged.value.status, ranged.value.bytes, ctx);
    ranges.push(ranged.value);
    rangeTraffic = ranged.traffic;
  }
  return {
    whole: whole.value,
    fields: {
      path,
      ttfbMs: median(probes.map((p) => p.ttfbMs)),
      freshTtfbMs: median(fresh.map((p) => p.ttfbMs)),
      fullMs: whole.value.fullMs,
      rangeTtfbMs: median(ranges.map((r) => r.ttfbMs)),
      rangeFullMs: median(ranges.map((r) => r.fullMs)),
      fullTraffic: whole.traffic,
      ...(rangeTraffic ? { rangeTraffic } : {}),
    },
  };
}

/** A server read from Node: warm-up range, whole file, then RANGE_RUNS ranges from 90 %. */
async function nodeClientRow(
  ctx: ReadsContext,
  path: string,
  url: string,
  options: { host?: string; pid?: number; peakOf?: string },
): Promise<ReadRow> {
  log(`${path}: warm-up, whole file, ${RANGE_RUNS} ranges…`);
  const get = (range?: string, firstChunkOnly = false) =>
    timedGet(url, {
      ...(options.host ? { host: options.host } : {}),
      ...(range ? { range } : {}),
      firstChunkOnly,
    });
  await get('bytes=0-1023');
  if (options.pid) resetPeakRss(options.pid);
  const { fields } = await wholeAndRanges(ctx, path, get, (read) => checkWhole(path, read, ctx));
  return {
    ...fields,
    client: 'node',
    ...(options.pid ? { peakRssBytes: peakRss(options.pid), peakRssOf: options.peakOf ?? 'server' } : {}),
  };
}

/** The same reads inside Chromium from `origin` (a page there must load), plus a `<video>` seek. */
async function chromiumRow(
  ctx: ReadsContext,
  browser: Browser,
  path: string,
  open: (page: Page) => Promise<void>,
): Promise<ReadRow> {
  log(`${path}: warm-up, whole file, ${RANGE_RUNS} ranges, seek…`);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await open(page);
    await browserFetch(page, READS_VIDEO_PATH, 'bytes=0-1023');
    resetRendererPeaks();
    const { whole, fields } = await wholeAndRanges(
      ctx,
      path,
      (range, firstChunkOnly) => browserFetch(page, READS_VIDEO_PATH, range, firstChunkOnly),
      (read) => {
        if (read.status !== 200 || read.bytes !== ctx.length)
          throw new MediaBenchError(`${path}: status ${read.status}, ${read.bytes} bytes`);
      },
    );
    const seek = await counted(ctx, () => browserSeek(page, READS_VIDEO_PATH, SEEK_FRACTION));
    const peak = rendererPeak();
    return {
      ...fields,
      client: 'chromium',
      seekMs: seek.value.seekMs,
      metadataMs: seek.value.metadataMs,
      seekTraffic: seek.traffic,
      peakRssBytes: peak.bytes,
      peakRssOf: `largest of ${peak.processes} renderers`,
      note: [
        ...(whole.floeRead ? [`x-floe-read: ${whole.floeRead}`] : []),
        ...(seek.value.error ? [`seek failed: ${seek.value.error}`] : []),
      ].join('; '),
    };
  } finally {
    await context.close();
  }
}

/** `WalrusClient.readBlob` once, in a child process (it has no range read and no stream). */
async function readBlobRow(ctx: ReadsContext): Promise<ReadRow> {
  log('WalrusClient.readBlob…');
  const script = join(import.meta.dirname, 'support', 'read-blob-child.ts');
  const { value, traffic } = await counted(ctx, async () => {
    const child = fork(script, [ctx.devnet.config.dir, ctx.blobId], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += String(chunk)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new MediaBenchError(`readBlob child exited with ${code}`);
    return JSON.parse(out) as ReadBlobChildResult;
  });
  if (value.sha256 !== ctx.sha256) throw new MediaBenchError('readBlob returned other bytes');
  return {
    path: '`WalrusClient.readBlob` (@mysten/walrus)',
    client: 'sdk',
    ttfbMs: value.ms,
    fullMs: value.ms,
    rangeTtfbMs: Number.NaN,
    rangeFullMs: Number.NaN,
    fullTraffic: traffic,
    peakRssBytes: value.peakRssBytes,
    peakRssOf: 'its process',
    note: 'no streaming: first byte = whole blob; no range read',
  };
}

function logRow(row: ReadRow): ReadRow {
  log(
    `${row.path}: TTFB ${millis(row.ttfbMs)} ms, whole ${seconds(row.fullMs)} s, range TTFB ` +
      `${millis(row.rangeTtfbMs)} ms, seek ${millis(row.seekMs)} ms, range rows ${row.rangeTraffic?.rows.length ?? '–'}, ` +
      `seek rows ${row.seekTraffic?.rows.length ?? '–'}, peak ${row.peakRssBytes ? formatBytes(row.peakRssBytes) : '–'}`,
  );
  return row;
}

async function benchReads(
  devnet: Devnet,
  root: string,
  distDir: string,
  browser: Browser,
): Promise<{ rows: ReadRow[]; ctx: ReadsContext; site: WrittenSite; deployMs: number }> {
  const { config } = devnet;
  log(`writing a ${formatBytes(VIDEO_BYTES)} MP4 and deploying it…`);
  const site = await writeReadsSite(join(root, 'reads-site'), VIDEO_BYTES);
  const deployed = await runFloeChild(['deploy', site.dir, '--json', '--quiet', '--devnet-dir', config.dir]);
  if (deployed.code !== 0)
    throw new MediaBenchError(`floe deploy exited with ${deployed.code}: ${deployed.err}`);
  const siteId = (JSON.parse(deployed.out) as { siteId: string }).siteId;
  const sui = new SuiJsonRpcClient({ url: config.rpcUrl, network: 'localnet' });
  const resource = (await readSite(sui, siteId, { packageId: config.packages.walrusSite })).resources.get(
    READS_VIDEO_PATH,
  );
  if (!resource || resource.headers.has(QUILT_PATCH_HEADER))
    throw new MediaBenchError(
      `floe deploy did not store ${READS_VIDEO_PATH} as a blob of its own (this tree's deploy packs it into a quilt)`,
    );
  const g = geometry(SHARDS);
  const length = site.video.size;
  const ctx: ReadsContext = {
    devnet,
    admins: config.nodes.map((n) => n.adminUrl),
    blobId: resource.blobId,
    length,
    sha256: site.video.sha256,
    rows: g.p,
    rowBytes: primarySliverSize(g, symbolSize(g, length)),
    rangeStart: Math.floor(length * SEEK_FRACTION),
  };

  const staticServer = await startRangeFileServer({
    '/': { file: join(site.dir, 'index.html'), contentType: 'text/html; charset=utf-8' },
    [READS_VIDEO_PATH]: { file: join(site.dir, 'media', 'big.mp4'), contentType: 'video/mp4' },
  });
  let portal: PortalChild | undefined;
  const rows: ReadRow[] = [];
  const add = (row: ReadRow) => rows.push(logRow(row));
  try {
    portal = await startPortalChild(config.dir, distDir);
    const label = objectIdToBase36(siteId);
    const siteUrl = new URL(portal.siteUrl(label));
    const aggregatorUrl = config.aggregatorUrl;
    const aggregatorPid = devnet.processes().find((p) => p.name === 'aggregator')?.pid;
    if (!aggregatorUrl || !aggregatorPid) throw new MediaBenchError('the devnet started no aggregator');

    add(await nodeClientRow(ctx, 'static server (Node client)', staticServer.url(READS_VIDEO_PATH), {}));
    add(
      await nodeClientRow(
        ctx,
        'Floe portal server (Node client)',
        `http://127.0.0.1:${portal.port}${READS_VIDEO_PATH}`,
        {
          host: siteUrl.host,
          pid: portal.pid,
          peakOf: 'portal process',
        },
      ),
    );
    add(
      await nodeClientRow(
        ctx,
        'Floe aggregator daemon (Node client)',
        `${aggregatorUrl}/v1/blobs/${ctx.blobId}`,
        {
          pid: aggregatorPid,
          peakOf: 'aggregator process',
        },
      ),
    );
    add(await readBlobRow(ctx));
    add(
      await chromiumRow(ctx, browser, 'static server in Chromium', async (page) => {
        await page.goto(staticServer.url('/'));
      }),
    );
    // A page of the site once Floe's worker controls it (after the bootstrap page installed it).
    const openWorkerPage = async (page: Page) => {
      await page.goto(siteUrl.href);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
        timeout: 60_000,
      });
      await page.reload();
    };
    add(await chromiumRow(ctx, browser, "Floe's worker in Chromium", openWorkerPage));
    // Last, so no other row runs beside a node that was down: the portal's server path and the
    // worker with the node holding the file's first row stopped. Its rows are rebuilt from the
    // other nodes' symbols. The worker row is a new browser context: a new worker, nothing kept.
    const down = nodeOfFirstRow(devnet, ctx.blobId);
    log(`stopping node ${down} (it holds row 0)…`);
    await devnet.stopNode(down);
    try {
      const upCtx = { ...ctx, admins: ctx.admins.filter((_, i) => i !== down) };
      add(
        await nodeClientRow(
          upCtx,
          `Floe portal server, node ${down} of ${NODES} down (Node client)`,
          `http://127.0.0.1:${portal.port}${READS_VIDEO_PATH}`,
          { host: siteUrl.host, pid: portal.pid, peakOf: 'portal process' },
        ),
      );
      add(
        await chromiumRow(
          upCtx,
          browser,
          `Floe's worker in Chromium, node ${down} of ${NODES} down`,
          openWorkerPage,
        ),
      );
    } finally {
      await devnet.startNode(down);
    }
  } finally {
    await portal?.stop();
    await staticServer.close();
  }
  return { rows, ctx, site, deployMs: deployed.wallMs };
}

/** The devnet node holding row 0 (primary sliver pair 0) of `blobId`. */
function nodeOfFirstRow(devnet: Devnet, blobId: string): number {
  const shard = pairToShard(0, rotationOffset(blobIdFromText(blobId), SHARDS), SHARDS);
  const node = devnet.plan.nodes.findIndex((n) => n.shards.includes(shard));
  if (node < 0) throw new MediaBenchError(`no devnet node holds shard ${shard}`);
  return node;
}

/** The deploy table's run of one site size. */
interface DeployRow {
  readonly size: number;
  readonly skipped?: string;
  readonly files?: number;
  readonly bytes?: number;
  readonly largest?: number;
  readonly first?: DeployRun;
  readonly again?: DeployRun;
  readonly readBack?: {
    readonly exact: number;
    readonly files: number;
    readonly ms: number;
    readonly wrong: string[];
  };
}

interface DeployRun {
  readonly wallMs: number;
  readonly peakRssBytes: number;
  readonly bytesUploaded: number;
  readonly transactions: number;
  readonly durationMs: number;
  readonly phases: Record<string, number>;
}

interface DeployJson {
  siteId: string;
  bytesUploaded: number;
  transactions: number;
  durationMs: number;
  phases: Record<string, number>;
}

async function deployOnce(
  dir: string,
  devnetDir: string,
  budget: string | null,
): Promise<DeployRun & { siteId: string }> {
  const run = await runFloeChild([
    'deploy',
    dir,
    '--json',
    '--quiet',
    '--devnet-dir',
    devnetDir,
    ...(budget ? ['--memory-budget', budget] : []),
  ]);
  if (run.code !== 0)
    throw new MediaBenchError(`floe deploy ${dir} exited with ${run.code}: ${run.err.slice(-2000)}`);
  const json = JSON.parse(run.out) as DeployJson;
  return {
    siteId: json.siteId,
    wallMs: run.wallMs,
    peakRssBytes: run.peakRssBytes,
    bytesUploaded: json.bytesUploaded,
    transactions: json.transactions,
    durationMs: json.durationMs,
    phases: json.phases,
  };
}

/** Every file of `site` through the portal's server path, compared by SHA-256, 4 at a time. */
async function readBack(
  site: WrittenSite,
  portal: PortalChild,
  label: string,
): Promise<NonNullable<DeployRow['readBack']>> {
  const host = new URL(portal.siteUrl(label)).host;
  const wrong: string[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < site.files.length) {
      const file = site.files[next++]!;
      const got = await timedGet(`http://127.0.0.1:${portal.port}${encodeURI(file.path)}`, { host });
      if (got.status !== 200 || got.truncated || got.sha256 !== file.sha256)
        wrong.push(`${file.path} (${got.status})`);
    }
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
  return {
    exact: site.files.length - wrong.length,
    files: site.files.length,
    ms: performance.now() - started,
    wrong,
  };
}

async function benchDeploySizes(
  devnet: Devnet,
  root: string,
  distDir: string,
  sizes: readonly number[],
  budget: string | null,
): Promise<DeployRow[]> {
  const out: DeployRow[] = [];
  for (const [index, size] of sizes.entries()) {
    const dir = join(root, `deploy-${index}`);
    const fs = await statfs(root);
    const free = fs.bavail * fs.bsize;
    if (!enoughDisk(free, size, largestFile(siteShape(size)))) {
      const skipped = `skipped: ${formatBytes(free)} free, needs 4.5 × site + 2.5 × largest file`;
      log(`${sizeLabel(size)} site ${skipped}`);
      out.push({ size, skipped });
      continue;
    }
    log(`${sizeLabel(size)} site: writing…`);
    const site = await writeDeploySite(dir, size, index + 1);
    log(`${sizeLabel(size)} site (${site.files.length} files): deploying…`);
    const first = await deployOnce(dir, devnet.config.dir, budget);
    log(`${sizeLabel(size)} site: no-change redeploy…`);
    const again = await deployOnce(dir, devnet.config.dir, budget);
    log(`${sizeLabel(size)} site: reading every file back…`);
    const portal = await startPortalChild(devnet.config.dir, distDir);
    let checked: NonNullable<DeployRow['readBack']>;
    try {
      checked = await readBack(site, portal, objectIdToBase36(first.siteId));
    } finally {
      await portal.stop();
    }
    out.push({
      size,
      files: site.files.length,
      bytes: site.bytes,
      largest: site.largest,
      first,
      again,
      readBack: checked,
    });
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

/** A fresh devnet and a portal build in a temporary folder for `work`; both are gone afterwards. */
async function withMediaDevnet<T>(
  work: (devnet: Devnet, root: string, distDir: string) => Promise<T>,
): Promise<T> {
  const root = await mkdtemp(join(tmpdir(), 'floe-bench-media-'));
  try {
    log(`starting a ${NODES}-node / ${SHARDS}-shard devnet…`);
    const devnet = await startDevnet({ dir: join(root, 'devnet'), nodes: NODES, shards: SHARDS, port: 0 });
    try {
      log('building the portal…');
      const distDir = join(root, 'dist');
      await buildPortal(distDir);
      return await work(devnet, root, distDir);
    } finally {
      await devnet.stop();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** `npm run bench -- media`: the reads of a 200 MiB video on every path. */
export async function benchMedia(): Promise<BenchTable[]> {
  const started = performance.now();
  return withMediaDevnet(async (devnet, root, distDir) => {
    const browser = await launchChromium();
    try {
      const reads = await benchReads(devnet, root, distDir, browser);
      return [readsTable(reads.rows, reads.ctx, performance.now() - started)];
    } finally {
      await browser.close();
    }
  });
}

/**
 * `npm run bench -- media-deploys [--sizes 200MB,1GB,2GB]`: big deploys, apart from the reads
 * because a 2 GB site takes the better part of an hour and the reads a few minutes.
 */
export async function benchMediaDeploys(args: readonly string[] = []): Promise<BenchTable[]> {
  const sizes = sizesOption(args, DEFAULT_SIZES);
  return withMediaDevnet(async (devnet, root, distDir) => {
    const help = await floeChildOutput(['deploy', '--help']);
    const budget = help.includes('--memory-budget') ? MEMORY_BUDGET : null;
    return [deploysTable(await benchDeploySizes(devnet, root, distDir, sizes, budget), budget)];
  });
}

const seconds = (value: number) => (Number.isFinite(value) ? (value / 1000).toFixed(1) : '–');
const millis = (value: number | undefined) =>
  value !== undefined && Number.isFinite(value) ? ms(value) : '–';
/** `value ÷ anchor` as "1.6×" (times the static server's). */
const times = (value: number, anchor: number | undefined) =>
  anchor !== undefined && Number.isFinite(value) ? ratio(value, anchor) : '–';

function rowsCell(traffic: NodeTraffic | undefined, ctx: ReadsContext): string {
  if (!traffic) return '–';
  return `${traffic.rows.length} (${formatBytes(traffic.rows.length * ctx.rowBytes)})`;
}

function readsTable(rows: readonly ReadRow[], ctx: ReadsContext, totalMs: number): BenchTable {
  const staticOf = (client: ReadRow['client']) =>
    rows.find((r) => r.path.startsWith('static') && r.client === (client === 'sdk' ? 'node' : client));
  const band = [Math.ceil(ctx.rows * SKIPPED_BAND[0]), Math.floor(ctx.rows * SKIPPED_BAND[1])] as const;
  const firstRangeRow = Math.floor(ctx.rangeStart / ctx.rowBytes);
  const table = rows.map((r) => {
    const anchor = staticOf(r.client);
    const isStatic = r.path.startsWith('static');
    return [
      r.path,
      millis(r.ttfbMs),
      isStatic ? '–' : times(r.ttfbMs, anchor?.ttfbMs),
      millis(r.freshTtfbMs),
      isStatic || r.freshTtfbMs === undefined ? '–' : times(r.freshTtfbMs, anchor?.freshTtfbMs),
      seconds(r.fullMs),
      millis(r.rangeTtfbMs),
      isStatic ? '–' : times(r.rangeTtfbMs, anchor?.rangeTtfbMs),
      r.note?.includes('seek failed') ? 'failed' : millis(r.seekMs),
      rowsCell(r.rangeTraffic, ctx),
      r.rangeTraffic ? String(rowsWithin(r.rangeTraffic.rows, 0, firstRangeRow)) : '–',
      rowsCell(r.seekTraffic, ctx),
      r.seekTraffic ? String(rowsWithin(r.seekTraffic.rows, band[0], band[1])) : '–',
      r.peakRssBytes ? `${formatBytes(r.peakRssBytes)} (${r.peakRssOf})` : '–',
    ];
  });
  const worker = rows.find((r) => r.path.startsWith("Floe's worker"));
  const server = rows.find((r) => r.path.startsWith('Floe portal'));
  const headlines: string[] = [];
  if (worker && staticOf('chromium'))
    headlines.push(
      `${formatBytes(ctx.length)} video as a blob, first byte through the worker: ${ms(worker.ttfbMs)} ms, ` +
        `${times(worker.ttfbMs, staticOf('chromium')!.ttfbMs)} the static server's (rows not read before: ` +
        `${millis(worker.freshTtfbMs)} ms, ${times(worker.freshTtfbMs ?? Number.NaN, staticOf('chromium')!.freshTtfbMs)}); seek to 90 % in ` +
        `${millis(worker.seekMs)} ms, fetching ${worker.seekTraffic?.rows.length ?? '–'} of ${ctx.rows} rows`,
    );
  if (server && staticOf('node'))
    headlines.push(
      `Same file on the portal's server path: first byte ${ms(server.ttfbMs)} ms ` +
        `(${times(server.ttfbMs, staticOf('node')!.ttfbMs)} static; rows not read before ${millis(server.freshTtfbMs)} ms, ` +
        `${times(server.freshTtfbMs ?? Number.NaN, staticOf('node')!.freshTtfbMs)}), peak RSS ${formatBytes(server.peakRssBytes ?? 0)}`,
    );
  return {
    id: 'media-reads',
    title: 'Media reads: a 200 MiB video stored as a blob',
    setup:
      `A live devnet of ${NODES} storage-node processes with ${SHARDS} shards, on loopback. An MP4 of ` +
      `${formatBytes(ctx.length)} (devnet/media's intra-only H.264, ≈309 KB/s) is deployed by \`floe deploy\`; above the blob ` +
      `threshold it is a blob of its own: ${ctx.rows} rows of ${formatBytes(ctx.rowBytes)}. Each path first reads ` +
      "bytes 0–1023 (warm-up: connections, the committee, the blob's metadata), then the whole file's first chunk " +
      `${RANGE_RUNS} times (the request cut after it; TTFB is their median), then ranges from ` +
      `${FRESH_FRACTIONS.map((f) => `${f * 100} %`).join(', ')} cut the same way ("fresh-row TTFB", median: rows no read ` +
      "had touched, so nothing of them is cached anywhere; Floe's readers keep 16 MiB of verified rows, which serves " +
      "the repeated first-chunk probes and later range runs from memory, as it serves a player asking for a file's " +
      "start again or a portal's next visitor), then the whole file once (its full time), then " +
      `\`Range: bytes=${ctx.rangeStart}-${ctx.length - 1}\` (the last 10 %) ${RANGE_RUNS} times (medians). First byte (TTFB) is the ` +
      'response headers: `http.request` from the benchmark process for servers, `PerformanceResourceTiming.responseStart` ' +
      "of a `fetch()` in Chromium. The static server streams the file from disk with Range (the anchor). The portal's " +
      "server path runs as `floe portal` in a child process, reached with the site's `Host`; the aggregator is the " +
      "devnet's `floe aggregator` (`GET /v1/blobs/<id>`); `WalrusClient.readBlob` runs once in a child process (it has " +
      'no stream and no range, so its first byte is its full time). The worker rows are a page of the site controlled by ' +
      "Floe's worker; the seek is a muted `<video preload=metadata>` set to 90 % of its duration, timed to `seeked`. " +
      "Rows are the distinct primary slivers the nodes' request logs show served for that read (the last range run; " +
      `the seek includes loading the metadata); "skipped rows read" counts rows before the range's first row ` +
      `(${firstRangeRow}), or for the seek rows ${band[0]}–${band[1] - 1} (10–89 %), which neither the start of the file ` +
      "nor the seek point needs. Peak RSS is VmHWM, reset (`clear_refs`) before the path's reads: the portal and " +
      "aggregator processes, the SDK's child, the largest Chromium renderer (page, worker and media pipeline). " +
      'The last two rows repeat the portal and worker rows with the node holding row 0 stopped: its rows (about a tenth of the file, ' +
      "the first ones among them) are rebuilt from the other nodes' decoding symbols; its row counts cover only the " +
      'nodes still up. ' +
      `The machine is shared with other work (1-minute load ${loadavg()[0]!.toFixed(1)}), so times are noisy.`,
    columns: [
      'path',
      'TTFB ms',
      'TTFB ÷ static',
      'fresh-row TTFB ms',
      'fresh ÷ static',
      'whole file s',
      '90 % range TTFB ms',
      'range TTFB ÷ static',
      'seek to 90 % ms',
      'rows for the range',
      'rows before it read',
      'rows for the seek',
      'skipped rows read',
      'peak RSS',
    ],
    rows: table,
    headlines,
    notes: rows
      .filter((r) => r.note)
      .map((r) => `- ${r.path}: ${r.note}`)
      .join('\n'),
    data: {
      nodes: NODES,
      shards: SHARDS,
      blobId: ctx.blobId,
      bytes: ctx.length,
      rows: ctx.rows,
      rowBytes: ctx.rowBytes,
      rangeStart: ctx.rangeStart,
      loadAverage: loadavg()[0],
      totalMs: Math.round(totalMs),
      reads: rows.map((r) => ({
        ...r,
        fullTraffic: r.fullTraffic ? summarize(r.fullTraffic) : undefined,
        rangeTraffic: r.rangeTraffic ? summarize(r.rangeTraffic) : undefined,
        seekTraffic: r.seekTraffic,
      })),
    },
  };
}

/** Traffic without its row list (the whole file's is every row). */
function summarize(traffic: NodeTraffic) {
  const { rows, ...counts } = traffic;
  return { ...counts, distinctRows: rows.length, firstRow: rows[0], lastRow: rows.at(-1) };
}

function deploysTable(deploys: readonly DeployRow[], budget: string | null): BenchTable {
  const rows = deploys.map((d) => {
    if (!d.first || !d.again || !d.readBack || !d.bytes)
      return [sizeLabel(d.size), d.skipped ?? '–', ...Array(9).fill('–')];
    return [
      sizeLabel(d.size),
      String(d.files),
      formatBytes(d.largest ?? 0),
      seconds(d.first.wallMs),
      formatBytes(d.first.peakRssBytes),
      `${(d.first.peakRssBytes / d.bytes).toFixed(2)}×`,
      formatBytes(d.first.bytesUploaded),
      seconds(d.again.wallMs),
      `${formatBytes(d.again.bytesUploaded)}, ${d.again.transactions} txs`,
      formatBytes(d.again.peakRssBytes),
      `${d.readBack.exact}/${d.readBack.files} exact`,
    ];
  });
  const first = deploys.find((d) => d.first && d.bytes);
  return {
    id: 'media-deploys',
    title: 'Big deploys: time and peak memory of floe deploy',
    setup:
      `The same devnet (${NODES} nodes, ${SHARDS} shards). \`floe deploy <dir> --json\` runs as a child process ` +
      (budget
        ? `with \`--memory-budget ${budget}\``
        : '(this CLI takes no `--memory-budget` yet: the deploy is not memory-bounded)') +
      '; peak RSS is its `ru_maxrss` (VmHWM, worker threads included) at exit. A site up to 500 MB is forty-style 5 MB ' +
      "random files (200 MB: forty, the issue's case); larger ones are 2–3 MP4s plus 20,000 files per 2 GB of 1 B–40 KB " +
      '(half HTML, half random) in 4-level folders. Then the same command again with nothing changed, and every file ' +
      "read back through the portal's server path and compared by SHA-256. Larger sites run with " +
      '`npm run bench -- media-deploys --sizes 200MB,1GB,2GB`; a size is skipped when free disk is below 4.5 × site + 2.5 × ' +
      'largest file. The machine is shared with other work, so times are noisy.',
    columns: [
      'site',
      'files',
      'largest file',
      'deploy s',
      'peak RSS',
      'RSS ÷ site',
      'uploaded',
      'no-change redeploy s',
      'redeploy uploaded',
      'redeploy peak RSS',
      'read back',
    ],
    rows,
    headlines: first
      ? [
          `${sizeLabel(first.size)} deploy (${first.files} files): ${seconds(first.first!.wallMs)} s, peak RSS ` +
            `${formatBytes(first.first!.peakRssBytes)} (${(first.first!.peakRssBytes / first.bytes!).toFixed(1)}× the site)`,
        ]
      : [],
    data: { budget, loadAverage: loadavg()[0], deploys },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const tables = args.includes('--deploys') ? await benchMediaDeploys(args) : await benchMedia();
  for (const table of tables) {
    console.log(`### ${table.title}\n\n${table.setup}\n\n${markdownTable(table.columns, table.rows)}\n`);
    for (const line of table.headlines) console.log(`- ${line}`);
  }
}
