// The portal server over HTTP against a small devnet with examples/hello deployed: the apex serves
// the app and its config, a site's first browser navigation gets the bootstrap page, the worker is
// served with `Service-Worker-Allowed: /`, and clients without a worker get each file rendered
// server-side with Walrus Sites semantics (routes, redirects, 404.html, HEAD, Range), verified.
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectIdToBase36 } from '../../core/site/base36.ts';
import { networkFromDevnetJson } from '../../core/sui/networks.ts';
import { startDevnet, type Devnet } from '../../devnet/launcher/launcher.ts';
import { main as floe } from '../../publisher/cli.ts';
import { startPortal, type Portal } from './server.ts';

let dir: string;
let devnet: Devnet | undefined;
let portal: Portal | undefined;
let siteId: string;
let source: string;

const silent = () => new Writable({ write: (_c, _e, done) => done() });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-portal-'));
  devnet = await startDevnet({ dir: join(dir, 'devnet'), nodes: 4, shards: 40, port: 0 });
  source = join(dir, 'hello');
  await cp('examples/hello', source, { recursive: true });
  const out: string[] = [];
  const args = ['deploy', source, '--json', '--quiet', '--devnet-dir', devnet.config.dir];
  expect(await floe(args, { out: (l) => out.push(l), err: silent(), stdin: process.stdin })).toBe(0);
  siteId = (JSON.parse(out.join('\n')) as { siteId: string }).siteId;
  const named = ['name', 'set', 'hello', siteId, '--devnet-dir', devnet.config.dir];
  expect(await floe(named, { out: () => {}, err: silent(), stdin: process.stdin })).toBe(0);
  // A stand-in for the built app and worker: the server only serves these files.
  const dist = join(dir, 'dist');
  await mkdir(join(dist, '__floe'), { recursive: true });
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>Floe portal</title>');
  await writeFile(join(dist, '__floe', 'sw.js'), '// worker');
  const network = networkFromDevnetJson(
    JSON.parse(await readFile(join(devnet.config.dir, 'devnet.json'), 'utf8')),
  );
  portal = await startPortal({ network, distDir: dist, port: 0, debugHeader: true });
}, 180_000);

afterAll(async () => {
  await portal?.close();
  await devnet?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** An HTTP request to the portal with the given Host label (node:http lets us set Host). */
function get(
  label: string | null,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  const port = portal!.port;
  return new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: init.method ?? 'GET',
        headers: { host: `${label ? `${label}.` : ''}localhost:${port}`, ...init.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const file = (path: string) => readFile(join(source, ...path.slice(1).split('/')));

describe('portal server', () => {
  it('serves the app and its config on the apex host', async () => {
    const app = await get(null, '/network');
    expect(app.status).toBe(200);
    expect(app.body.toString()).toContain('Floe portal');
    const config = JSON.parse((await get(null, '/__floe/config.json')).body.toString()) as {
      network: { name: string; rpc: { url: string } };
    };
    expect(config.network.name).toBe('devnet');
    expect(config.network.rpc.url).toBe(devnet!.config.rpcUrl);
  });

  it('gives a browser navigation the bootstrap page and serves the worker for scope /', async () => {
    const nav = await get('hello', '/', { headers: { 'sec-fetch-mode': 'navigate' } });
    expect(nav.status).toBe(200);
    expect(nav.body.toString()).toContain('/__floe/bootstrap.js');
    expect(nav.headers['cache-control']).toBe('no-store');
    const sw = await get('hello', '/__floe/sw.js');
    expect(sw.status).toBe(200);
    expect(sw.headers['service-worker-allowed']).toBe('/');
    expect(sw.headers['content-type']).toMatch(/javascript/);
    // No JavaScript: the bootstrap page's <noscript> refresh asks for the server-rendered page.
    const noJs = await get('hello', '/?__floe-nosw=1', { headers: { 'sec-fetch-mode': 'navigate' } });
    expect(sha256(noJs.body)).toBe(sha256(await file('/index.html')));
  });

  it('renders files server-side for clients without the worker, verified, by name and by base36', async () => {
    for (const label of ['hello', objectIdToBase36(siteId)]) {
      for (const path of ['/index.html', '/css/site.css', '/images/photo.png', '/docs/café menu.txt']) {
        const answer = await get(label, encodeURI(path));
        expect(answer.status, `${label}${path}`).toBe(200);
        expect(sha256(answer.body), path).toBe(sha256(await file(path)));
        expect(answer.headers['x-floe-read'], path).toMatch(/^quilt; source=(nodes|cache)/);
        expect(answer.headers['x-wal-quilt-patch-internal-id']).toBeUndefined();
      }
    }
    const index = await get('hello', '/');
    expect(sha256(index.body)).toBe(sha256(await file('/index.html')));
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    const css = await get('hello', '/css/site.css');
    expect(css.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('follows Walrus Sites routing: redirects, routes, the site 404 page, the portal 404', async () => {
    const redirect = await get('hello', '/old-about');
    expect(redirect.status).toBe(301);
    expect(redirect.headers['location']).toBe('/about.html');
    const spa = await get('hello', '/app/settings/profile');
    expect(spa.status).toBe(200);
    expect(sha256(spa.body)).toBe(sha256(await file('/app/index.html')));
    const missing = await get('hello', '/no-such-page');
    expect(missing.status).toBe(404);
    expect(sha256(missing.body)).toBe(sha256(await file('/404.html')));
    const ignored = await get('hello', '/drafts/secret.html');
    expect(ignored.status).toBe(404);
    const unknown = await get('nosuchsite-xyz', '/');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['x-floe-error']).toBe('site-not-found');
    expect(unknown.body.toString()).toContain('data-floe-error="site-not-found"');
  });

  it('answers HEAD, single ranges and refuses other methods', async () => {
    const png = await file('/images/photo.png');
    const head = await get('hello', '/images/photo.png', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(png.length);
    expect(head.headers['accept-ranges']).toBe('bytes');
    const range = await get('hello', '/images/photo.png', { headers: { range: 'bytes=8-23' } });
    expect(range.status).toBe(206);
    expect(range.headers['content-range']).toBe(`bytes 8-23/${png.length}`);
    expect(sha256(range.body)).toBe(sha256(png.subarray(8, 24)));
    const suffix = await get('hello', '/images/photo.png', { headers: { range: 'bytes=-10' } });
    expect(sha256(suffix.body)).toBe(sha256(png.subarray(png.length - 10)));
    const beyond = await get('hello', '/images/photo.png', { headers: { range: `bytes=${png.length}-` } });
    expect(beyond.status).toBe(416);
    expect((await get('hello', '/index.html', { method: 'POST' })).status).toBe(405);
  });

  it('counts reports posted from a site origin with its own reads; the apex answers the aggregate', async () => {
    type Stats = {
      reads: Record<'direct' | 'recovered' | 'fallback', number>;
      nodes: Record<string, { recovered: number; failures: number }>;
    };
    const stats = async () => {
      const answer = await get(null, '/__floe/read-stats');
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/json');
      return JSON.parse(answer.body.toString()) as Stats;
    };
    const report = (body: string, label: string | null = 'hello', type = 'application/json') =>
      get(label, '/__floe/read-report', { method: 'POST', headers: { 'content-type': type }, body });

    const before = await stats();
    // The files rendered server-side above were read from the nodes and counted.
    expect(before.reads.direct + before.reads.recovered + before.reads.fallback).toBeGreaterThan(0);

    const node = devnet!.config.nodes[1]!.url;
    const accepted = await report(
      JSON.stringify({
        reads: { recovered: 2, direct: 1 },
        nodes: { [node]: { recovered: 2, failures: 1 }, 'http://not-a-member.example:9185': { failures: 7 } },
      }),
    );
    expect(accepted.status).toBe(200);
    expect(JSON.parse(accepted.body.toString())).toEqual({ ignoredNodes: 1 });
    const after = await stats();
    expect(after.reads).toEqual({
      direct: before.reads.direct + 1,
      recovered: before.reads.recovered + 2,
      fallback: before.reads.fallback,
    });
    expect(after.nodes[node]).toEqual({
      recovered: (before.nodes[node]?.recovered ?? 0) + 2,
      failures: (before.nodes[node]?.failures ?? 0) + 1,
    });
    expect(after.nodes['http://not-a-member.example:9185']).toBeUndefined();

    // Refused, and nothing counted: malformed, oversized, not JSON, not from a site, not a POST.
    const bad = JSON.stringify({ reads: { direct: -1 }, nodes: { [node]: { recovered: 1 } } });
    expect((await report(bad)).status).toBe(400);
    expect((await report('{"reads":{"direct":1},"extra":true}')).status).toBe(400);
    const huge = JSON.stringify({ reads: { direct: 1 }, pad: 'x'.repeat(20_000) });
    expect((await report(huge)).status).toBe(413);
    // Without a Content-Length, the body is read up to the cap.
    const chunked = await get('hello', '/__floe/read-report', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: huge,
    });
    expect(chunked.status).toBe(413);
    expect((await report('{"reads":{"direct":1}}', 'hello', 'text/plain')).status).toBe(415);
    expect((await report('{"reads":{"direct":1}}', null)).status).toBe(404);
    expect((await get('hello', '/__floe/read-report')).status).toBe(405);
    expect((await get('hello', '/__floe/read-stats')).status).toBe(404);
    expect(await stats()).toEqual(after);
  });
});
