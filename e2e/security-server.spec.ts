// The portal server's defences, in headless Chromium on a 10-node / 1000-shard devnet. A site whose
// index.html registers its own service worker (/evil-sw.js, scope /) is deployed with `floe deploy`:
// its register() call fails, on the first visit (answered by the portal) and on later ones (answered
// by Floe's worker), and Floe's worker stays in control; the same worker planted by an older
// portal (a plain server on the same origin that served the site's files as they are) is removed by
// the browser's next update check, through `Clear-Site-Data`, after which Floe's worker returns. The
// apex app loads under its strict CSP without a violation, keeps its storage (the development
// wallet's key included) out of every site's reach, and cannot be framed by a site.
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { objectIdToBase36 } from '../core/site/base36.ts';
import { networkFromDevnetJson, type NetworkConfig } from '../core/sui/networks.ts';
import { startDevnet, type Devnet } from '../devnet/launcher/launcher.ts';
import { startPortal, type Portal } from '../portal/server/server.ts';
import { main as floe } from '../publisher/cli.ts';
import { buildPortal } from '../scripts/build.ts';

test.describe.configure({ mode: 'serial' });

// The site: its page tries to install its own worker and shows what became of the attempt.
const INDEX_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Own worker</title></head>
<body>
<h1 id="site">A site that brings its own service worker</h1>
<p id="result">pending</p>
<script>
navigator.serviceWorker.register('/evil-sw.js', { scope: '/' }).then(
  () => { document.getElementById('result').textContent = 'registered'; },
  (error) => { document.getElementById('result').textContent = 'refused: ' + error.message; },
);
</script>
</body>
</html>
`;

// Once installed, it answers everything itself: nothing the browser shows is verified any more.
const EVIL_SW_JS = `self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  event.respondWith(new Response('<h1 id="pwned">answered by the site\\'s own worker</h1>', {
    headers: { 'content-type': 'text/html' },
  }));
});
`;

let dir: string | undefined;
let devnet: Devnet | undefined;
let portal: Portal | undefined;
let network: NetworkConfig;
let label: string;

const silent = () => new Writable({ write: (_c, _e, done) => done() });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = await mkdtemp(join(tmpdir(), 'floe-security-e2e-'));
  devnet = await startDevnet({ dir: join(dir, 'devnet'), nodes: 10, shards: 1000, port: 0 });
  await buildPortal(join(dir, 'dist'));
  const site = join(dir, 'own-worker');
  await mkdir(site);
  await writeFile(join(site, 'index.html'), INDEX_HTML);
  await writeFile(join(site, 'evil-sw.js'), EVIL_SW_JS);
  const out: string[] = [];
  const code = await floe(['deploy', site, '--json', '--quiet', '--devnet-dir', devnet.config.dir], {
    out: (l) => out.push(l),
    err: silent(),
    stdin: process.stdin,
  });
  expect(code).toBe(0);
  label = objectIdToBase36((JSON.parse(out.join('\n')) as { siteId: string }).siteId);
  network = networkFromDevnetJson(JSON.parse(await readFile(join(devnet.config.dir, 'devnet.json'), 'utf8')));
  portal = await startPortal({ network, distDir: join(dir, 'dist'), port: 0 });
});

test.afterAll(async () => {
  await portal?.close();
  await devnet?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function running(): { portal: Portal; devnet: Devnet; dir: string } {
  if (!portal || !devnet || !dir) throw new Error('not started');
  return { portal, devnet, dir };
}

/**
 * Opens the site through `site` (a portal URL): the portal answers this first visit itself, and
 * the page installs Floe's worker once loaded; waits until that worker controls the page.
 */
async function openSite(page: Page, site: string): Promise<void> {
  const response = await page.goto(site);
  expect(response?.fromServiceWorker()).toBe(false);
  await expect(page.locator('#site')).toBeVisible({ timeout: 30_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
}

const workers = (page: Page) =>
  page.evaluate(async () => ({
    controller: navigator.serviceWorker.controller?.scriptURL ?? null,
    registrations: (await navigator.serviceWorker.getRegistrations()).map((registration) => ({
      scope: registration.scope,
      script: (registration.active ?? registration.waiting ?? registration.installing)?.scriptURL ?? null,
    })),
  }));

test("a site's own worker is refused and Floe's stays in control", async ({ page }) => {
  test.setTimeout(90_000);
  const site = running().portal.siteUrl(label);
  await openSite(page, site);
  // The page ran (served by the portal) and its register() call failed on the refused script.
  await expect(page.locator('#result')).toContainText(/^refused: .*403/, { timeout: 15_000 });
  expect(await workers(page)).toEqual({
    controller: `${site}__floe/sw.js`,
    registrations: [{ scope: site, script: `${site}__floe/sw.js` }],
  });
  // And again on the next visit, answered by Floe's worker: still Floe's worker, no wipe.
  await page.evaluate(() => localStorage.setItem('kept', 'yes'));
  expect((await page.reload())?.fromServiceWorker()).toBe(true);
  await expect(page.locator('#result')).toContainText(/^refused: /, { timeout: 15_000 });
  expect((await workers(page)).controller).toBe(`${site}__floe/sw.js`);
  expect(await page.evaluate(() => localStorage.getItem('kept'))).toBe('yes');
});

test("a foreign worker planted by an older portal is removed by the browser's update check", async ({
  context,
  page,
}) => {
  test.setTimeout(120_000);
  const { dir } = running();
  const files = join(dir, 'own-worker');
  // The "older portal": serves the site's files as they are, worker script included, like the portal
  // server did before it refused worker scripts. It listens on the port the new portal takes next,
  // so both are the same origin to the browser.
  const old = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const name = path === '/' ? 'index.html' : path.slice(1);
    readFile(join(files, name)).then(
      (body) => {
        const type = name.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8';
        res.writeHead(200, { 'content-type': type }).end(body);
      },
      () => res.writeHead(404).end(),
    );
  });
  old.listen(0, '127.0.0.1');
  await once(old, 'listening');
  const port = (old.address() as AddressInfo).port;
  const site = `http://${label}.localhost:${port}/`;
  await page.goto(site);
  await expect(page.locator('#result')).toHaveText('registered', { timeout: 15_000 });
  await page.reload();
  await expect(page.locator('#pwned')).toBeVisible();
  const closed = new Promise<void>((resolve) => old.close(() => resolve()));
  old.closeAllConnections();
  await closed;

  const upgraded = await startPortal({ network, distDir: join(dir, 'dist'), port });
  try {
    // Still the foreign worker: it answers the navigation without asking the new portal.
    await page.reload();
    await expect(page.locator('#pwned')).toBeVisible();
    expect((await workers(page)).controller).toBe(`${site}evil-sw.js`);
    // A page's update() is refused like a page's register(): the worker stays (nothing cleared).
    const update = await page.evaluate(() =>
      navigator.serviceWorker
        .getRegistration('/')
        .then((registration) => registration!.update())
        .then(
          () => 'updated',
          (error: unknown) => `failed: ${String(error)}`,
        ),
    );
    expect(update).toMatch(/^failed: .*403/);
    expect((await workers(page)).controller).toBe(`${site}evil-sw.js`);
    // The browser's own update check (on a navigation a day after the last; forced here through
    // DevTools, which runs the same check): refused with Clear-Site-Data, which unregisters it.
    const devtools = await context.newCDPSession(page);
    await devtools.send('ServiceWorker.enable');
    await devtools.send('ServiceWorker.updateRegistration', { scopeURL: site });
    await expect.poll(async () => (await workers(page)).registrations, { timeout: 10_000 }).toEqual([]);
    // The next visit is answered by the portal, and its page installs Floe's worker again.
    await openSite(page, site);
    expect(await workers(page)).toEqual({
      controller: `${site}__floe/sw.js`,
      registrations: [{ scope: site, script: `${site}__floe/sw.js` }],
    });
    await expect(page.locator('#result')).toContainText(/^refused: /, { timeout: 15_000 });
    await expect(page.locator('#pwned')).toHaveCount(0);
  } finally {
    await upgraded.close();
  }
});

/** Loads an apex page and collects the CSP violations it reports. */
async function openApex(
  context: BrowserContext,
  path: string,
): Promise<{ page: Page; violations: string[] }> {
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  await page.goto(new URL(path, running().portal.url).toString());
  return { page, violations };
}

test('the apex app runs under its CSP: no inline script, no violation on home, network and publish', async ({
  context,
}) => {
  test.setTimeout(90_000);
  const html = await readFile(join(running().dir, 'dist', 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toMatch(/\ssrc="/);

  const home = await openApex(context, '/');
  const response = await home.page.reload();
  const policy = response!.headers()['content-security-policy']!;
  expect(policy).toContain("frame-ancestors 'none'");
  expect(response!.headers()['x-frame-options']).toBe('DENY');
  await expect(home.page.locator('#root')).not.toBeEmpty();
  // An injected inline script does not run, and is reported (so the reports below mean something).
  const ran = await home.page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.floeInjected = true';
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return 'floeInjected' in window;
  });
  expect(ran).toBe(false);
  await expect.poll(() => home.violations.some((text) => text.includes('script-src'))).toBe(true);
  home.violations.length = 0;

  const networkPage = await openApex(context, '/network');
  await expect(networkPage.page.getByTestId('node-row')).toHaveCount(running().devnet.config.nodes.length, {
    timeout: 30_000,
  });
  // Each row probes its node from the page: a connect-src that missed one would be a violation.

  const publish = await openApex(context, '/publish');
  await expect(publish.page.locator('#root')).not.toBeEmpty();
  await publish.page.waitForTimeout(2_000);
  expect([...home.violations, ...networkPage.violations, ...publish.violations]).toEqual([]);
});

test("no site can read the apex's storage or frame the publish page", async ({ context }) => {
  test.setTimeout(90_000);
  const apex = await openApex(context, '/publish');
  await expect(apex.page.locator('#root')).not.toBeEmpty();
  await apex.page.evaluate(async () => {
    localStorage.setItem('floe.apex-secret', 'only the apex');
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('floe-apex-db');
      open.onsuccess = () => (open.result.close(), resolve());
      open.onerror = () => reject(open.error);
    });
    await (await caches.open('floe-apex-cache')).put('/probe', new Response('apex'));
  });
  const apexKeys = await apex.page.evaluate(() => Object.keys(localStorage));
  expect(apexKeys).toContain('floe.apex-secret');

  const page = await context.newPage();
  const site = running().portal.siteUrl(label);
  await openSite(page, site);
  const seen = await page.evaluate(async (apexUrl) => {
    let config: string;
    try {
      config = await (await fetch(new URL('/__floe/config.json', apexUrl))).text();
    } catch (error) {
      config = `blocked: ${String(error)}`;
    }
    return {
      localStorage: Object.keys(localStorage),
      databases: (await indexedDB.databases()).map((db) => db.name),
      caches: await caches.keys(),
      config,
    };
  }, running().portal.url);
  for (const key of apexKeys) expect(seen.localStorage).not.toContain(key);
  expect(seen.databases).not.toContain('floe-apex-db');
  expect(seen.caches).not.toContain('floe-apex-cache');
  expect(seen.config).toMatch(/^blocked: /);

  // The site frames the publish page: the browser refuses to render it (frame-ancestors 'none').
  const refused = new Promise<string>((resolve) =>
    page.on('console', (message) => {
      if (/frame|ancestor/i.test(message.text())) resolve(message.text());
    }),
  );
  await page.evaluate((publishUrl) => {
    const frame = document.createElement('iframe');
    frame.src = publishUrl;
    document.body.append(frame);
    return new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  }, new URL('/publish', running().portal.url).toString());
  expect(await refused).toMatch(/frame-ancestors|X-Frame-Options/);
  const framed = page.frames().find((frame) => frame !== page.mainFrame())!;
  expect(framed.url()).not.toBe(new URL('/publish', running().portal.url).toString());
  expect(await framed.locator('#root').count()).toBe(0);
});
