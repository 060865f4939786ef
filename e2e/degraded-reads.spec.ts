// Degraded reads cost the file, not the quilt. On a 10-node / 1000-shard devnet a site of twenty
// 2 MB files and one 120-byte text file is deployed (about 40 MB of quilt). With the node holding
// the text file's column down, Floe's worker in Chromium loads the page (which fetches the text file) for well
// under 1 MB from the storage nodes, because the missing column is rebuilt from other nodes'
// decoding symbols instead of reading the whole quilt; `floe blob get` says `path: recovered`.
// With any 3 and any 6 of the 10 nodes down, every file still reads back byte for byte, for at
// most 3× the bytes of the same read with every node up (plus metadata).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { networkFromDevnetJson } from '../core/sui/networks.ts';
import { readSite, type OnChainSite } from '../core/sui/site-read.ts';
import { QUILT_PATCH_HEADER } from '../core/site/types.ts';
import { blobIdFromText } from '../core/walrus/blob-id.ts';
import { metadataLength, geometry } from '../core/walrus/geometry.ts';
import { parseInternalPatchId, quiltPatchIdToText } from '../core/walrus/quilt.ts';
import { startDevnet, type Devnet } from '../devnet/launcher/launcher.ts';
import { floeReader, ownerOfPair } from '../devnet/launcher/test-support/devnet-clients.ts';
import { startPortal, type Portal } from '../portal/server/server.ts';
import { buildPortal } from '../scripts/build.ts';
import { floeCli, type CliRun } from './support/floe-cli.ts';

test.describe.configure({ mode: 'serial' });

const N = 1000;
const NOTE = 'Floe read this note from one column of a 40 MB quilt, with its node down.'.padEnd(120, '.');
const INDEX = `<!doctype html><html><head><meta charset="utf-8"><title>Degraded</title></head><body>
<p id="note">loading…</p>
<script>fetch('/note.txt').then((r) => r.text()).then((t) => {
  document.getElementById('note').textContent = t; document.body.dataset.note = 'ok';
});</script></body></html>`;

let dir: string | undefined;
let devnet: Devnet | undefined;
let portal: Portal | undefined;
let site: OnChainSite;
const files = new Map<string, Uint8Array>();

function cli(...argv: string[]): Promise<CliRun> {
  if (!devnet) throw new Error('devnet not started');
  return floeCli(devnet.config.dir, ...argv);
}

test.beforeAll(async () => {
  test.setTimeout(400_000);
  dir = await mkdtemp(join(tmpdir(), 'floe-degraded-e2e-'));
  devnet = await startDevnet({ dir: join(dir, 'devnet'), nodes: 10, shards: N, port: 0 });
  await buildPortal(join(dir, 'dist'));
  const source = join(dir, 'site');
  await mkdir(join(source, 'media'), { recursive: true });
  files.set('/index.html', new TextEncoder().encode(INDEX));
  files.set('/note.txt', new TextEncoder().encode(NOTE));
  for (let i = 0; i < 20; i++)
    files.set(`/media/clip-${String(i).padStart(2, '0')}.bin`, randomBytes(2_000_000));
  for (const [path, bytes] of files) await writeFile(join(source, ...path.slice(1).split('/')), bytes);
  // Stored as they are, so each file's stored bytes are the bytes these tests compare and count.
  const deployed = await cli('deploy', source, '--json', '--quiet', '--no-compress');
  expect(deployed.code).toBe(0);
  const siteId = (JSON.parse(deployed.out) as { siteId: string }).siteId;
  expect((await cli('name', 'set', 'degraded', siteId)).code).toBe(0);
  const config = devnet.config;
  site = await readSite(new SuiJsonRpcClient({ url: config.rpcUrl, network: 'localnet' }), siteId, {
    packageId: config.packages.walrusSite,
  });
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

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function columnsOf(path: string): { blobId: string; start: number; end: number } {
  const resource = site.resources.get(path)!;
  const columns = parseInternalPatchId(resource.headers.get(QUILT_PATCH_HEADER)!)!;
  return { blobId: resource.blobId, ...columns };
}

/** The devnet node holding the first column of a file's quilt patch. */
function nodeOfFirstColumn(path: string): number {
  const { blobId, start } = columnsOf(path);
  return ownerOfPair(running().devnet.config, blobId, N - 1 - start);
}

test('with the node holding a small file down, the page costs well under 1 MB, not the quilt', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const { devnet, portal } = running();
  const down = nodeOfFirstColumn('/note.txt');
  const nodeHosts = new Set(devnet.config.nodes.map((n) => new URL(n.url).host));
  await devnet.stopNode(down);
  try {
    const context = await browser.newContext();
    let nodeBytes = 0;
    let nodeRequests = 0;
    context.on('requestfinished', (request) => {
      if (!nodeHosts.has(new URL(request.url()).host)) return;
      nodeRequests++;
      void request.sizes().then((s) => (nodeBytes += s.responseBodySize + s.responseHeadersSize));
    });
    const reads: string[] = [];
    context.on('response', (response) => {
      const read = response.headers()['x-floe-read'];
      if (read && new URL(response.url()).pathname === '/note.txt') reads.push(read);
    });
    const page = await context.newPage();
    // The portal answers the first load itself and the page installs the worker; the reload is the
    // worker's, reading in the browser. Only its requests are counted.
    await page.goto(portal.siteUrl('degraded'));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
    await page.waitForTimeout(200); // let the first load's sizes() promises settle before the reset
    nodeBytes = 0;
    nodeRequests = 0;
    reads.length = 0;
    expect((await page.reload())?.fromServiceWorker()).toBe(true);
    await expect(page.locator('body')).toHaveAttribute('data-note', 'ok', { timeout: 60_000 });
    await expect(page.locator('#note')).toHaveText(NOTE);
    await page.waitForTimeout(200); // let the last sizes() promises settle
    expect(reads[0]).toMatch(/path=recovered; .*recovered=1;/);
    expect(nodeBytes, `${nodeRequests} requests to storage nodes`).toBeLessThan(1_000_000);
    console.log(
      `page with node ${down} down: ${nodeRequests} requests, ${nodeBytes} B from storage nodes; ${reads[0]}`,
    );
    await context.close();

    const { blobId, start, end } = columnsOf('/note.txt');
    const patchId = quiltPatchIdToText({ quiltId: blobIdFromText(blobId), start, end });
    const got = await cli('blob', 'get', patchId, '--json');
    expect(got.code).toBe(0);
    const stats = JSON.parse(got.out) as {
      path: string;
      bytes: number;
      size: number;
      recoveredSlivers: number;
    };
    expect(stats.path).toBe('recovered');
    expect(stats.size).toBe(NOTE.length);
    expect(stats.recoveredSlivers).toBe(1);
    expect(stats.bytes).toBeLessThan(1_000_000);
    console.log(`blob get ${patchId}: ${got.out.replace(/\s+/g, ' ')}`);
  } finally {
    await devnet.startNode(down);
  }
});

test('with any 3 and any 6 of 10 nodes down every file reads back exactly, for at most 3× the bytes', async () => {
  test.setTimeout(300_000);
  const { devnet } = running();
  const readAll = async () => {
    // A fresh reader each time, as a new visitor: nothing learned about nodes carries over.
    const reader = floeReader(devnet.config, { hedgeAfterMs: 2000 });
    let bytes = 0;
    let metadataReads = 0;
    for (const [path, contents] of files) {
      const { blobId, start, end } = columnsOf(path);
      const result = await reader.read({
        blobId,
        target: { kind: 'patch', start, end },
        sha256: site.resources.get(path)!.blobHash,
      });
      expect(sha256(result.data), path).toBe(sha256(contents));
      bytes += result.stats.bytes;
      if (result.stats.verification === 'metadata' || result.stats.path === 'fallback') metadataReads++;
    }
    return { bytes, metadataReads };
  };
  const baseline = await readAll();
  // Seeded choices, different every run of the suite but printed so a failure can be replayed.
  const seed = Date.now() % 1000;
  const pick = (count: number, salt: number) => {
    const order = Array.from({ length: 10 }, (_, i) => i).sort(
      (a, b) => ((a * 7919 + seed * salt) % 101) - ((b * 7919 + seed * salt) % 101),
    );
    return order.slice(0, count).sort((a, b) => a - b);
  };
  for (const down of [pick(3, 1), pick(6, 2)]) {
    await Promise.all(down.map((i) => devnet.stopNode(i)));
    try {
      const degraded = await readAll();
      const allowance = 3 * baseline.bytes + files.size * (metadataLength(geometry(N)) + 100);
      console.log(
        `nodes ${down.join(',')} down: ${degraded.bytes} B vs ${baseline.bytes} B all up (${(degraded.bytes / baseline.bytes).toFixed(2)}×)`,
      );
      expect(
        degraded.bytes,
        `nodes ${down.join(',')} down (seed ${seed}); all up: ${baseline.bytes}`,
      ).toBeLessThanOrEqual(allowance);
    } finally {
      await Promise.all(down.map((i) => devnet.startNode(i)));
    }
  }
});
