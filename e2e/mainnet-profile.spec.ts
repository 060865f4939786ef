// The real network's shape, in a browser: on the devnet's mainnet profile (100 storage nodes with
// stake-skewed shards in a few host processes, HTTPS with HTTP/2 from the devnet CA, geography as
// seen from Frankfurt, and its default faults: three nodes down, three answering 1.5 s late) a site
// deployed with `floe deploy` opens through the portal, and every file of the page arrives through
// the service worker byte for byte, read from the storage nodes over HTTPS. Correctness only: timing
// lives in `npm run bench -- geo`.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Browser } from '@playwright/test';
import { objectIdToBase36 } from '../core/site/base36.ts';
import { networkFromDevnetJson } from '../core/sui/networks.ts';
import type { DevnetConfig } from '../devnet/launcher/config.ts';
import { startDevnet, type Devnet } from '../devnet/launcher/launcher.ts';
import { chromiumTrustArgs } from '../devnet/tls/trust.ts';
import { startPortal, type Portal } from '../portal/server/server.ts';
import { deployFolder } from '../publisher/test-support/run-floe.ts';
import { buildPortal } from '../scripts/build.ts';
import { CHROMIUM_ARGS, findChromium } from './support/chromium.ts';

test.describe.configure({ mode: 'serial' });

const SITE = 'examples/hello';
const PAGE_FILES = [
  '/index.html',
  '/css/vendor/reset.css',
  '/css/site.css',
  '/js/main.js',
  '/images/logo.svg',
];

let dir: string | undefined;
let devnet: Devnet | undefined;
let portal: Portal | undefined;
let browser: Browser | undefined;
let siteId = '';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

test.beforeAll(async () => {
  test.setTimeout(400_000);
  dir = await mkdtemp(join(tmpdir(), 'floe-mainnet-e2e-'));
  devnet = await startDevnet({
    dir: join(dir, 'devnet'),
    profile: 'mainnet',
    visitor: 'frankfurt',
    port: 0,
    aggregatorPort: null,
  });
  await buildPortal(join(dir, 'dist'));
  // A copy: a deploy records the site's ID in the folder's ws-resources.json.
  const source = join(dir, 'site');
  await cp(SITE, source, { recursive: true });
  siteId = await deployFolder(source, devnet.config.dir);
  const json = JSON.parse(await readFile(join(devnet.config.dir, 'devnet.json'), 'utf8')) as DevnetConfig;
  portal = await startPortal({
    network: networkFromDevnetJson(json),
    distDir: join(dir, 'dist'),
    port: 0,
    debugHeader: true,
  });
  const executablePath = findChromium(process.env, existsSync);
  browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: [...CHROMIUM_ARGS, ...chromiumTrustArgs(json.tls!)],
  });
});

test.afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await devnet?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a site on the mainnet-shaped devnet opens with every file verified and exact', async () => {
  test.setTimeout(180_000);
  const config = devnet!.config;
  // The profile is what it claims: 100 nodes, skewed stake, TLS, some nodes failing.
  expect(config.nodes).toHaveLength(100);
  const shardCounts = config.nodes.map((n) => n.shards.length).sort((a, b) => a - b);
  expect(shardCounts.at(-1)!).toBeGreaterThanOrEqual(20);
  expect(shardCounts[50]!).toBeLessThanOrEqual(10);
  expect(config.nodes.every((n) => n.url.startsWith('https://'))).toBe(true);
  expect(config.faults?.down.length).toBeGreaterThan(0);

  const context = await browser!.newContext();
  try {
    const page = await context.newPage();
    await page.goto(new URL('/', portal!.siteUrl(objectIdToBase36(siteId))).toString());
    await expect(page).toHaveTitle('Hello from Floe', { timeout: 60_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
    // Through the worker now: each file read from the nodes (or its cache of verified bytes).
    const fetched = await page.evaluate(async (paths) => {
      const out: { path: string; status: number; read: string | null; hex: string; text: string }[] = [];
      for (const path of paths) {
        const response = await fetch(path, { cache: 'no-store' });
        const body = await response.arrayBuffer();
        const digest = await crypto.subtle.digest('SHA-256', body);
        out.push({
          text: response.ok
            ? ''
            : new TextDecoder()
                .decode(body)
                .replace(/<style[^]*?<\/style>/g, '')
                .replace(/<[^>]+>/g, ' ')
                .replace(/\s+/g, ' ')
                .slice(0, 1500),
          path,
          status: response.status,
          read: response.headers.get('x-floe-read'),
          hex: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''),
        });
      }
      return out;
    }, PAGE_FILES);
    for (const file of fetched) {
      const expected = sha256(await readFile(join(SITE, ...file.path.slice(1).split('/'))));
      expect(file.status, `${file.path}: ${file.text}`).toBe(200);
      expect(file.read, file.path).toMatch(/source=(nodes|cache)/);
      expect(file.hex, file.path).toBe(expected);
    }
    // The worker's reads went to the storage nodes over HTTPS (nodes send no Timing-Allow-Origin,
    // so the protocol itself is hidden from the page; devnet/geo/shape-server-h2.test.ts covers h2).
    const [worker] = context.serviceWorkers();
    expect(worker).toBeDefined();
    const nodeReads = await worker!.evaluate(
      (nodes) => {
        const hosts = new Set(nodes.map((url) => new URL(url).host));
        return performance
          .getEntriesByType('resource')
          .filter((entry) => hosts.has(new URL(entry.name).host) && entry.name.startsWith('https://')).length;
      },
      config.nodes.map((n) => n.url),
    );
    expect(nodeReads).toBeGreaterThan(0);
  } finally {
    await context.close();
  }
});
