import { describe, expect, it } from 'vitest';
import { FLOE_WORKER_PATH } from '../../core/serve/portal-protocol.ts';
import { workerScriptAnswer } from './worker-scripts.ts';

const ORIGIN = 'http://site.localhost:3000';
const at = (path: string) => new URL(path, ORIGIN);
// What Chromium sends when a page registers a worker or updates one (measured).
const fromPage = (page = '/') => ({
  'service-worker': 'script',
  'sec-fetch-dest': 'serviceworker',
  referer: new URL(page, ORIGIN).href,
});
// The browser's own update check of an installed worker names the script itself as the referrer.
const ownCheck = (script: string) => ({ ...fromPage(), referer: new URL(script, ORIGIN).href });

describe('workerScriptAnswer', () => {
  it("allows every other request, and Floe's worker however it is fetched", () => {
    expect(workerScriptAnswer(at('/evil-sw.js'), {})).toEqual({ kind: 'allowed' });
    expect(workerScriptAnswer(at('/evil-sw.js'), { 'sec-fetch-dest': 'script' })).toEqual({
      kind: 'allowed',
    });
    expect(workerScriptAnswer(at('/worker.js'), { 'sec-fetch-dest': 'worker' })).toEqual({ kind: 'allowed' });
    expect(workerScriptAnswer(at(FLOE_WORKER_PATH), fromPage())).toEqual({ kind: 'allowed' });
    expect(workerScriptAnswer(at(FLOE_WORKER_PATH), ownCheck(FLOE_WORKER_PATH))).toEqual({ kind: 'allowed' });
  });

  it("refuses a page's register() of any other script, clearing nothing (Floe's worker stays)", () => {
    for (const path of ['/evil-sw.js', '/sw.js?v=2', '/__floe/bootstrap.js', '/__floe/sw.js/', '/']) {
      const answer = workerScriptAnswer(at(path), fromPage('/app/page.html?x=1'));
      expect(answer.kind, path).toBe('refused');
      if (answer.kind !== 'refused') continue;
      expect(answer.status).toBe(403);
      expect(answer.headers['x-floe-error']).toBe('foreign-service-worker');
      expect(answer.headers['clear-site-data']).toBeUndefined();
    }
    // Either header marks a worker fetch (a browser without fetch metadata sends only the first).
    expect(
      workerScriptAnswer(at('/evil-sw.js'), { 'service-worker': 'script', referer: `${ORIGIN}/` }).kind,
    ).toBe('refused');
  });

  it("clears the origin's storage on the browser's own update check of a foreign worker", () => {
    for (const script of ['/evil-sw.js', '/sw.js?v=2']) {
      const answer = workerScriptAnswer(at(script), ownCheck(script));
      expect(answer.kind === 'refused' && answer.headers['clear-site-data'], script).toBe('"storage"');
    }
    // The same over https behind a proxy that speaks http to the portal.
    const proxied = workerScriptAnswer(at('/evil-sw.js'), {
      ...fromPage(),
      referer: 'https://site.localhost:3000/evil-sw.js',
    });
    expect(proxied.kind === 'refused' && proxied.headers['clear-site-data']).toBe('"storage"');
    // No referrer, or a malformed one: assume the browser's check (removing the worker matters more).
    for (const referer of [undefined, 'not a url']) {
      const answer = workerScriptAnswer(at('/evil-sw.js'), { 'service-worker': 'script', referer });
      expect(answer.kind === 'refused' && answer.headers['clear-site-data']).toBe('"storage"');
    }
    // A page elsewhere on the site, even one named like the script's folder, is a page.
    const page = workerScriptAnswer(at('/evil-sw.js'), fromPage('/evil-sw.js/'));
    expect(page.kind === 'refused' && page.headers['clear-site-data']).toBe(undefined);
  });
});
