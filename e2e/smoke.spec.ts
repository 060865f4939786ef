// Smoke test for the e2e toolchain: Chromium launches, `*.localhost` reaches a loopback server as a
// secure context, and a service worker takes control of the page and answers the page's requests.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

const fixturesDir = new URL('./fixtures/smoke/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, fixturesDir), 'utf8');

const SW_BODY = 'answered by the smoke service worker';

let server: StaticServer | undefined;

test.beforeAll(async () => {
  server = await startStaticServer({
    '/': { body: fixture('index.html') },
    '/main.js': { body: fixture('main.js') },
    '/sw.js': { body: fixture('sw.js') },
  });
});

test.afterAll(async () => {
  await server?.close();
});

test('a service worker on smoke.localhost controls the page and answers its requests', async ({ page }) => {
  if (!server) throw new Error('static server did not start');
  const origin = server.url('', 'smoke.localhost');
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.goto(`${origin}/`);
  expect(await page.evaluate(() => window.isSecureContext)).toBe(true);

  // main.js registers /sw.js, waits for clients.claim() to hand it the page, then fetches /from-sw.
  await expect(page.locator('#status')).toHaveText('done');
  const controller = await page.evaluate(async () => ({
    controlled: navigator.serviceWorker.controller !== null,
    scriptURL: navigator.serviceWorker.controller?.scriptURL,
    scope: (await navigator.serviceWorker.getRegistration())?.scope,
  }));
  expect(controller).toEqual({ controlled: true, scriptURL: `${origin}/sw.js`, scope: `${origin}/` });
  await expect(page.locator('#from-sw')).toHaveText(`200 sw ${SW_BODY}`);

  // After a reload the worker controls the page from the start, and still answers the page's fetches.
  await page.reload();
  await expect(page.locator('#status')).toHaveText('done');
  const again = await page.evaluate(async () => {
    const controlled = navigator.serviceWorker.controller !== null;
    const response = await fetch('/from-sw');
    return { controlled, status: response.status, body: await response.text() };
  });
  expect(again).toEqual({ controlled: true, status: 200, body: SW_BODY });

  // The server saw the page and the worker script, all under the *.localhost name, but never /from-sw.
  const paths = server.requests.map((request) => request.url);
  expect(paths).toContain('/sw.js');
  expect(paths).not.toContain('/from-sw');
  expect(new Set(server.requests.map((request) => request.host))).toEqual(
    new Set([`smoke.localhost:${server.port}`]),
  );
  expect(pageErrors).toEqual([]);
});
