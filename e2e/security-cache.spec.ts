// "Nothing unverified is served from a cache", against the site's own scripts: the worker's Cache
// API (and IndexedDB) belong to the site's origin, so a script there — the site's own, a
// third-party one, an XSS — can write every cache the worker keeps. Here a page of the site
// overwrites all of them (verified bytes, offline copies, kept lookups) with other bytes and adds
// forged entries; after Chromium stops the worker and the page reloads, every file is still the
// on-chain bytes, the forged lookup answers nothing, and the poisoned entries are gone or replaced
// by verified ones. A 10-node / 1000-shard devnet with examples/hello, as in portal.spec.ts.
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect, test, type Page } from '@playwright/test';
import { objectIdToBase36 } from '../core/site/base36.ts';
import { createSuiClient } from '../core/sui/client.ts';
import { networkFromDevnetJson, type NetworkConfig } from '../core/sui/networks.ts';
import { resourceFieldId } from '../core/sui/site-fields.ts';
import { startDevnet, type Devnet } from '../devnet/launcher/launcher.ts';
import { startPortal, type Portal } from '../portal/server/server.ts';
import { main as floe } from '../publisher/cli.ts';
import { buildPortal } from '../scripts/build.ts';

test.describe.configure({ mode: 'serial' });

let dir: string | undefined;
let devnet: Devnet | undefined;
let portal: Portal | undefined;
let network: NetworkConfig;
let siteId: string;
let source: string;

const silent = () => new Writable({ write: (_c, _e, done) => done() });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = await mkdtemp(join(tmpdir(), 'floe-security-cache-e2e-'));
  devnet = await startDevnet({ dir: join(dir, 'devnet'), nodes: 10, shards: 1000, port: 0 });
  await buildPortal(join(dir, 'dist'));
  source = join(dir, 'hello');
  await cp('examples/hello', source, { recursive: true });
  const out: string[] = [];
  const code = await floe(['deploy', source, '--json', '--quiet', '--devnet-dir', devnet.config.dir], {
    out: (l) => out.push(l),
    err: silent(),
    stdin: process.stdin,
  });
  expect(code).toBe(0);
  siteId = (JSON.parse(out.join('\n')) as { siteId: string }).siteId;
  network = networkFromDevnetJson(JSON.parse(await readFile(join(devnet.config.dir, 'devnet.json'), 'utf8')));
  portal = await startPortal({ network, distDir: join(dir, 'dist'), port: 0, debugHeader: true });
});

test.afterAll(async () => {
  await portal?.close();
  await devnet?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array | Buffer) => createHash('sha256').update(bytes).digest('hex');

const FILES = [
  '/index.html',
  '/about.html',
  '/css/site.css',
  '/css/vendor/reset.css',
  '/js/main.js',
  '/images/logo.svg',
  '/images/photo.png',
  '/app/index.html',
  '/404.html',
  '/docs/café menu.txt',
];

const sourceFile = (path: string) => readFile(join(source, ...path.slice(1).split('/')));

/** GETs `path` from inside the page (through the worker): status, headers and SHA-256 of the body. */
function fetchInPage(page: Page, path: string) {
  return page.evaluate(async (path) => {
    const response = await fetch(path);
    const body = new Uint8Array(await response.arrayBuffer());
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''),
    };
  }, path);
}

/**
 * The site's kept lookups (one Cache API entry, `{ body, mac }`, the body JSON with the fields and
 * the chain's last confirmation): [fieldKey, base64 BCS or null] pairs, and the MAC.
 */
function keptLookups(page: Page): Promise<{ fields: [string, string | null][]; mac: string | null }> {
  return page.evaluate(
    async (url) => {
      const hit = await (await caches.open('floe-lookups-v3')).match(url);
      if (!hit) return { fields: [], mac: null };
      try {
        const entry = (await hit.json()) as { body: string; mac: string | null };
        const body = JSON.parse(entry.body) as { fields?: [string, string | null][] };
        return { fields: body.fields ?? [], mac: entry.mac };
      } catch {
        return { fields: [], mac: null };
      }
    },
    `https://floe.invalid/lookups/${encodeURIComponent(siteId)}`,
  );
}

/** Every entry of every `floe-` cache: name, key URL, selected headers, SHA-256 and hex of the body. */
function cacheEntries(page: Page) {
  return page.evaluate(async () => {
    const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    const out: {
      cache: string;
      url: string;
      status: number;
      sha256: string;
      hex: string;
    }[] = [];
    for (const name of await caches.keys()) {
      if (!name.startsWith('floe-')) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        if (!response) continue;
        const body = new Uint8Array(await response.arrayBuffer());
        out.push({
          cache: name,
          url: request.url,
          status: response.status,
          sha256: hex(new Uint8Array(await crypto.subtle.digest('SHA-256', body))),
          hex: body.length <= 4096 ? hex(body) : '',
        });
      }
    }
    return out;
  });
}

test('a site script that overwrites every cache of the worker cannot make it serve other bytes', async ({
  context,
}) => {
  test.setTimeout(180_000);
  const label = objectIdToBase36(siteId);
  const siteUrl = running().siteUrl(label);
  const page = await context.newPage();
  await page.goto(siteUrl);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await expect(page.locator('body')).toHaveAttribute('data-js', 'ok');
  const statusOf = (path: string) => (path === '/404.html' ? 404 : 200);
  for (const path of FILES)
    expect((await fetchInPage(page, encodeURI(path))).status, path).toBe(statusOf(path));
  // The worker stores after answering: wait for the bytes, an offline copy and lookups of each file.
  await expect
    .poll(async () => {
      const entries = await cacheEntries(page);
      const count = (name: string) => entries.filter((e) => e.cache === name).length;
      return Math.min(
        count('floe-bytes-v1'),
        count('floe-pages-v1'),
        (await keptLookups(page)).fields.length,
      );
    })
    .toBeGreaterThanOrEqual(FILES.length);

  // What a check costs: SHA-256 in this page's WebCrypto of the site's files, and of 2 MiB (the
  // order of a typical web page's bytes).
  const cost = await page.evaluate(async () => {
    const files = await Promise.all(
      [
        '/index.html',
        '/css/site.css',
        '/css/vendor/reset.css',
        '/js/main.js',
        '/images/logo.svg',
        '/images/photo.png',
      ].map(async (p) => new Uint8Array(await (await fetch(p)).arrayBuffer())),
    );
    const time = async (run: () => Promise<unknown>, rounds: number) => {
      const t = performance.now();
      for (let i = 0; i < rounds; i++) await run();
      return (performance.now() - t) / rounds;
    };
    const page2m = new Uint8Array(2 << 20).map((_, i) => i);
    return {
      hello: await time(() => Promise.all(files.map((f) => crypto.subtle.digest('SHA-256', f))), 50),
      twoMiB: await time(() => crypto.subtle.digest('SHA-256', page2m), 20),
    };
  });
  console.log(
    `[security-cache] SHA-256 of hello's page files: ${cost.hello.toFixed(2)} ms; of 2 MiB: ${cost.twoMiB.toFixed(2)} ms`,
  );

  // IndexedDB: the worker keeps nothing there, so a script has nothing of it to poison.
  expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);

  // The attack. Every floe- cache: each entry gets the next entry's body (other bytes that are
  // still plausible — another file, another resource's on-chain field), and forged entries are
  // added: a lookup for /evil.html holding index.html's field, and a fresh-looking offline copy.
  const { fields: kept, mac } = await keptLookups(page);
  // The worker signed its entry; a script can copy the MAC but not make one for other contents.
  expect(mac).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  const version = kept[0]![0].split('/')[1]!;
  const evilKey = `${siteId}/${version}/${resourceFieldId(siteId, '/evil.html', network.walrusSite.originalPackageId)}`;
  const indexKey = `${siteId}/${version}/${resourceFieldId(siteId, '/index.html', network.walrusSite.originalPackageId)}`;
  const indexField = kept.find(([key]) => key === indexKey)![1];
  // The site's kept lookups: every field holds the next one's value, and /evil.html's field holds
  // index.html's own on-chain field; the confirmation is fresh and the worker's MAC is kept.
  const forgedLookups = JSON.stringify({
    body: JSON.stringify({
      fields: [[evilKey, indexField], ...kept.map(([key], i) => [key, kept[(i + 1) % kept.length]![1]])],
      confirmed: { version, at: Date.now() },
    }),
    mac,
  });
  const poisoned = await page.evaluate(
    async ({ lookupsUrl, forgedLookups }) => {
      let written = 0;
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        const requests = await cache.keys();
        const bodies = await Promise.all(
          requests.map(async (r) => new Uint8Array(await (await cache.match(r))!.arrayBuffer())),
        );
        for (const [i, request] of requests.entries()) {
          const other =
            bodies.length > 1 ? bodies[(i + 1) % bodies.length]! : new TextEncoder().encode('pwned');
          await cache.put(
            request,
            new Response(other as BodyInit, {
              headers: { 'content-type': 'text/html', 'x-floe-stored-at': String(Date.now()) },
            }),
          );
          written++;
        }
      }
      await (await caches.open('floe-lookups-v3')).put(lookupsUrl, new Response(forgedLookups));
      const pages = await caches.open('floe-pages-v1');
      await pages.put(
        `${location.origin}/forged.html`,
        new Response('<h1>forged</h1>', {
          headers: { 'content-type': 'text/html', 'x-floe-stored-at': String(Date.now()) },
        }),
      );
      return written;
    },
    { lookupsUrl: `https://floe.invalid/lookups/${encodeURIComponent(siteId)}`, forgedLookups },
  );
  expect(poisoned).toBeGreaterThanOrEqual(2 * FILES.length);
  const before = await cacheEntries(page);
  const bytesKeyHash = (url: string) => decodeURIComponent(url.split('/bytes/')[1]!).split('/')[2];
  // The attack took: no bytes entry holds the bytes its key names any more.
  expect(before.filter((e) => e.cache === 'floe-bytes-v1' && e.sha256 === bytesKeyHash(e.url))).toHaveLength(
    0,
  );

  // Chromium stops the worker (as after 30 s idle); the reloaded page gets a new one.
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  // The reload's own requests are the first to meet the poisoned entries: watch them too.
  const rejected = new Set<string>();
  context.on('response', (response) => {
    if (/cache=rejected/.test(response.headers()['x-floe-read'] ?? ''))
      rejected.add(decodeURIComponent(new URL(response.url()).pathname));
  });
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-js', 'ok');

  // Every file is the on-chain bytes; the poisoned cache entries were caught (`cache=rejected`).
  for (const path of FILES) {
    const got = await fetchInPage(page, encodeURI(path));
    expect(got.status, path).toBe(statusOf(path));
    expect(got.sha256, path).toBe(sha256(await sourceFile(path)));
    expect(got.headers['x-floe-stale'], path).toBeUndefined();
    if (/cache=rejected/.test(got.headers['x-floe-read'] ?? '')) rejected.add(path);
  }
  // Every entry held another file's bytes: each was caught on its first read — the page's own
  // files here, the rest when the new worker re-derived its offline copies in the background.
  expect(rejected.size).toBeGreaterThanOrEqual(4);
  // The forged lookup answers nothing: /evil.html is the site's 404 page, not index.html.
  const evil = await fetchInPage(page, '/evil.html');
  expect(evil.status).toBe(404);
  expect(evil.sha256).toBe(sha256(await sourceFile('/404.html')));

  // The poisoned entries are gone or replaced by verified ones.
  const sui = createSuiClient(network);
  const onChain = async (fieldId: string) => {
    const { objects } = await sui.core.getObjects({ objectIds: [fieldId], include: { content: true } });
    const object = objects[0]!;
    return object instanceof Error ? null : Buffer.from(object.content!).toString('hex');
  };
  const expectedPage = async (url: string, status: number) => {
    const path = decodeURIComponent(new URL(url).pathname);
    if (status === 404) return sha256(await sourceFile('/404.html'));
    // A copy of a page the site does not have (the forged one) matches nothing until replaced.
    return sourceFile(path === '/' ? '/index.html' : path).then(sha256, () => 'no such page');
  };
  await expect
    .poll(
      async () => {
        const problems: string[] = [];
        for (const e of await cacheEntries(page)) {
          if (e.cache === 'floe-bytes-v1' && e.sha256 !== bytesKeyHash(e.url))
            problems.push(`bytes ${e.url}`);
          if (e.cache === 'floe-pages-v1' && e.sha256 !== (await expectedPage(e.url, e.status)))
            problems.push(`offline copy ${e.url}`);
        }
        for (const [key, value] of (await keptLookups(page)).fields) {
          const [, v, fieldId] = key.split('/');
          if (v !== version) continue; // not the site's current version: never read
          const chain = await onChain(fieldId!);
          const held = value === null ? null : Buffer.from(value, 'base64').toString('hex');
          if (held !== chain) problems.push(`lookup ${fieldId}`);
        }
        return problems;
      },
      { timeout: 30_000 },
    )
    .toEqual([]);
});

test("the portal's own files under /__floe/ come from the portal, never from the site or a cache", async ({
  context,
}) => {
  const label = objectIdToBase36(siteId);
  const page = await context.newPage();
  await page.goto(running().siteUrl(label));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await expect(page.locator('body')).toHaveAttribute('data-js', 'ok');
  const result = await page.evaluate(async () => {
    const portalConfig = await (await fetch('/__floe/config.json', { cache: 'no-store' })).text();
    // A script plants the portal's config (and the worker script) in every cache the worker has.
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const path of ['/__floe/config.json', '/__floe/sw.js'])
        await cache.put(`${location.origin}${path}`, new Response('{"network":"pwned"}'));
    }
    const config = await (await fetch('/__floe/config.json')).text();
    // The worker script a page can fetch carries no lookup key: only the browser's own fetch of it
    // to run it as the worker does.
    const script = await (await fetch('/__floe/sw.js', { cache: 'no-store' })).text();
    // A spelling that decodes to /__floe/ is not a site's path either.
    const encoded = await fetch('/%5F%5Ffloe/config.json');
    return {
      portalConfig,
      config,
      embeddedConfig: /__FLOE_CONFIG__ = (.*);\n$/.exec(script)?.[1] ?? null,
      encodedStatus: encoded.status,
      encodedError: encoded.headers.get('x-floe-error'),
    };
  });
  expect(result.portalConfig).toContain('"network"');
  expect(result.config).toBe(result.portalConfig);
  expect(result.embeddedConfig).not.toBeNull();
  expect(JSON.parse(result.embeddedConfig!)).not.toHaveProperty('lookupKey');
  expect(result.encodedStatus).toBe(400);
  expect(result.encodedError).toBe('invalid-path');
});

function running(): Portal {
  if (!portal) throw new Error('not started');
  return portal;
}
