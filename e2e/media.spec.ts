// Media stored as a standalone blob plays through the worker as a verified stream. On a
// 10-node / 1000-shard devnet a site with a ~22 MB MP4 is deployed with `--blob-threshold 16MiB`,
// so the video is a blob of its own (334 rows) while the small files share a quilt. In Chromium, through the worker:
// - a <video> plays a few seconds and seeks to its end; the nodes' request logs show the rows
//   of the middle of the file were never fetched;
// - with one row corrupted on every node and symbol requests refused, reading the file fails
//   and the worker has sent no byte of that row or beyond;
// and `curl` on the portal server streams the same bytes, serves byte ranges, and exits 18 (the
// connection closed short of its length) when a row cannot be verified.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { networkFromDevnetJson } from '../core/sui/networks.ts';
import { readSite } from '../core/sui/site-read.ts';
import { QUILT_PATCH_HEADER } from '../core/site/types.ts';
import { geometry, primarySliverSize, symbolSize } from '../core/walrus/geometry.ts';
import { makeTestAudio, makeTestVideo } from '../devnet/media/test-media.ts';
import { startDevnet, type Devnet } from '../devnet/launcher/launcher.ts';
import {
  nodeRequests,
  resetNodeFaults,
  resetNodeRequests,
  setNodeFaults,
} from '../devnet/launcher/test-support/node-admin.ts';
import { startPortal, type Portal } from '../portal/server/server.ts';
import { buildPortal } from '../scripts/build.ts';
import { floeCli, type CliRun } from './support/floe-cli.ts';

test.describe.configure({ mode: 'serial' });

const N = 1000;
const ROWS = geometry(N).p;
const LABEL = 'media';
const VIDEO_PATH = '/media/clip.mp4';
const INDEX = `<!doctype html><html><head><meta charset="utf-8"><title>Media</title></head>
<body><h1>Media</h1><audio id="tone" src="/media/tone.wav" preload="none"></audio></body></html>`;

const run = promisify(execFile);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let dir: string | undefined;
let devnet: Devnet | undefined;
let portal: Portal | undefined;
let video: Uint8Array;
let videoBlobId: string;
/** Bytes per row of the video's blob: a stream emits whole rows, so counts are in these units. */
let rowBytes: number;

function cli(...argv: string[]): Promise<CliRun> {
  if (!devnet) throw new Error('devnet not started');
  return floeCli(devnet.config.dir, ...argv);
}

test.beforeAll(async () => {
  test.setTimeout(600_000);
  dir = await mkdtemp(join(tmpdir(), 'floe-media-e2e-'));
  devnet = await startDevnet({ dir: join(dir, 'devnet'), nodes: 10, shards: N, port: 0 });
  await buildPortal(join(dir, 'dist'));
  const source = join(dir, 'site');
  await mkdir(join(source, 'media'), { recursive: true });
  // 70 s at ~309 KB/s: about 22 MB, above the 16 MiB threshold the deploy is given.
  video = makeTestVideo({ seconds: 70 });
  await writeFile(join(source, 'index.html'), INDEX);
  await writeFile(join(source, 'media', 'clip.mp4'), video);
  await writeFile(join(source, 'media', 'tone.wav'), makeTestAudio({ seconds: 5 }));
  const deployed = await cli('deploy', source, '--json', '--quiet', '--blob-threshold', '16MiB');
  expect(deployed.code, deployed.err).toBe(0);
  const siteId = (JSON.parse(deployed.out) as { siteId: string }).siteId;
  expect((await cli('name', 'set', LABEL, siteId)).code).toBe(0);

  const config = devnet.config;
  const site = await readSite(new SuiJsonRpcClient({ url: config.rpcUrl, network: 'localnet' }), siteId, {
    packageId: config.packages.walrusSite,
  });
  const resource = site.resources.get(VIDEO_PATH)!;
  // Stored as its own blob: no quilt patch header, the blob ID is the file's.
  expect(resource.headers.has(QUILT_PATCH_HEADER)).toBe(false);
  expect(site.resources.get('/index.html')!.headers.has(QUILT_PATCH_HEADER)).toBe(true);
  videoBlobId = resource.blobId;
  const g = geometry(N);
  rowBytes = primarySliverSize(g, symbolSize(g, video.length));

  const network = networkFromDevnetJson(JSON.parse(await readFile(join(config.dir, 'devnet.json'), 'utf8')));
  portal = await startPortal({ network, distDir: join(dir, 'dist'), port: 0, debugHeader: true });
});

test.afterAll(async () => {
  await portal?.close();
  await devnet?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function running(): { portal: Portal; devnet: Devnet } {
  if (!portal || !devnet) throw new Error('not started');
  return { portal, devnet };
}

function admins(): string[] {
  return running().devnet.config.nodes.map((n) => n.adminUrl);
}

/**
 * Runs `check` while every node serves row `row` of the video corrupted and refuses symbol
 * requests for it, so no node can give that row nor the symbols to rebuild it.
 */
async function withUnverifiableRow(row: number, check: () => Promise<void>): Promise<void> {
  const faults = { corruptPairs: [row], corruptBlobs: [videoBlobId], refuseSymbolsFor: [videoBlobId] };
  await Promise.all(admins().map((admin) => setNodeFaults(admin, faults)));
  try {
    await check();
  } finally {
    await Promise.all(admins().map(resetNodeFaults));
  }
}

/** Rows (primary slivers) of the video's blob the nodes served since the last reset. */
async function rowsRequested(): Promise<Set<number>> {
  const rows = new Set<number>();
  for (const admin of admins()) {
    const counts = await nodeRequests(admin, videoBlobId);
    for (const [pair, count] of Object.entries(counts.primary)) if (count > 0) rows.add(Number(pair));
  }
  return rows;
}

/** A page of the site controlled by the worker (the portal answers the first load itself). */
async function workerPage(page: Page): Promise<void> {
  await page.goto(running().portal.siteUrl(LABEL));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  expect((await page.reload())?.fromServiceWorker()).toBe(true);
}

test('a video stored as a blob plays and seeks to its end through the worker, without reading the middle', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await workerPage(page);
  const streamed: string[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname !== VIDEO_PATH) return;
    streamed.push(`${response.fromServiceWorker()} ${response.headers()['x-floe-read'] ?? ''}`);
  });
  await Promise.all(admins().map(resetNodeRequests));

  const outcome = await page.evaluate(async (src) => {
    const v = document.createElement('video');
    v.muted = true;
    v.preload = 'metadata';
    v.src = src;
    document.body.append(v);
    const once = (event: string) =>
      new Promise<void>((resolve, reject) => {
        v.addEventListener(event, () => resolve(), { once: true });
        v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}`)), { once: true });
      });
    await once('loadedmetadata');
    const duration = v.duration;
    await v.play();
    while (v.currentTime < 2) await new Promise((r) => setTimeout(r, 100));
    const seeked = once('seeked');
    v.currentTime = duration - 1;
    await seeked;
    await once('ended');
    return { duration, ended: v.ended };
  }, VIDEO_PATH);
  expect(outcome.duration).toBeCloseTo(70, 0);
  expect(outcome.ended).toBe(true);
  // The worker answered, as a stream.
  expect(streamed.length).toBeGreaterThan(0);
  expect(streamed.every((s) => s.startsWith('true ') && s.includes('mode=stream'))).toBe(true);

  // The symbol size is rounded up, so the file may end a few rows before the blob's last one.
  const dataRows = Math.ceil(video.length / rowBytes);
  const rows = await rowsRequested();
  const listed = [...rows].sort((a, b) => a - b).join(', ');
  const middle = [...rows].filter((r) => r >= Math.floor(dataRows * 0.4) && r < Math.ceil(dataRows * 0.85));
  expect(middle, `rows of the middle fetched: ${listed}`).toEqual([]);
  expect(rows.has(0), listed).toBe(true);
  expect(rows.has(dataRows - 1), listed).toBe(true);
  expect(rows.size, listed).toBeLessThan(dataRows * 0.6);
});

test('with a row unverifiable everywhere, the worker aborts the file before that row, never sending its bytes', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await workerPage(page);
  const bad = Math.floor(ROWS * 0.2);
  await withUnverifiableRow(bad, async () => {
    const read = await page.evaluate(async (src) => {
      const response = await fetch(src);
      const reader = response.body!.getReader();
      let received = 0;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return { status: response.status, received, error: null };
          received += value.length;
        }
      } catch (error) {
        return { status: response.status, received, error: String(error) };
      }
    }, VIDEO_PATH);
    expect(read.status).toBe(200);
    expect(read.error).not.toBeNull();
    // Rows before the bad one may arrive; not one byte of it or beyond.
    expect(read.received).toBeLessThanOrEqual(bad * rowBytes);
  });
});

test('curl on the portal server streams the same file, serves ranges, and exits 18 on an unverifiable row', async () => {
  test.setTimeout(180_000);
  const { portal } = running();
  const url = new URL(VIDEO_PATH, portal.siteUrl(LABEL));
  const resolve = ['--resolve', `${url.hostname}:${url.port}:127.0.0.1`];
  const out = join(dir!, 'curl.out');

  const whole = await run('curl', [...resolve, '-sS', '-D', '-', '-o', out, url.href]);
  expect(whole.stdout).toMatch(/x-floe-read: [^\r\n]*mode=stream/i);
  expect(sha256(await readFile(out))).toBe(sha256(video));

  const from = 10_000_000;
  const to = 12_345_678;
  await run('curl', [...resolve, '-sS', '-r', `${from}-${to}`, '-o', out, url.href]);
  expect(sha256(await readFile(out))).toBe(sha256(video.subarray(from, to + 1)));

  const bad = Math.floor(ROWS * 0.2);
  await withUnverifiableRow(bad, async () => {
    const failed = await run('curl', [...resolve, '-sS', '-o', out, url.href]).then(
      () => null,
      (error: { code?: number }) => error.code ?? -1,
    );
    expect(failed).toBe(18);
    expect((await readFile(out)).length).toBeLessThanOrEqual(bad * rowBytes);
  });
});
