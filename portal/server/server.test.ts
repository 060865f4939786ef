// The portal server over HTTP against a small devnet with examples/hello deployed: the apex serves
// the app and its config, a site's first browser navigation gets the site's verified page with the
// tag that installs the worker (the bootstrap page only when no read slot is free), the worker is
// served with `Service-Worker-Allowed: /`, and clients without a worker get each file rendered
// server-side with Walrus Sites semantics (routes, redirects, 404.html, HEAD, Range), verified.
// No site may register a worker of its own, the apex carries a strict CSP, and each request's
// size, time and concurrent reads are bounded (raw sockets play the oversized and slow clients).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectIdToBase36 } from '../../core/site/base36.ts';
import { committeeFromJson } from '../../core/walrus/committee-json.ts';
import { networkFromDevnetJson } from '../../core/sui/networks.ts';
import { startDevnet, type Devnet } from '../../devnet/launcher/launcher.ts';
import { main as floe } from '../../publisher/cli.ts';
import { REGISTER_TAG } from './register-tag.ts';
import { startPortal, type Portal } from './server.ts';

let dir: string;
let devnet: Devnet | undefined;
let portal: Portal | undefined;
let siteId: string;
let source: string;
let network: ReturnType<typeof networkFromDevnetJson>;
let dist: string;

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
  dist = join(dir, 'dist');
  await mkdir(join(dist, '__floe'), { recursive: true });
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>Floe portal</title>');
  await writeFile(join(dist, '__floe', 'sw.js'), '// worker');
  await writeFile(join(dist, '__floe', 'register.js'), '// registers the worker');
  await writeFile(join(dist, '__floe', 'bootstrap.js'), '// bootstraps the worker');
  network = networkFromDevnetJson(JSON.parse(await readFile(join(devnet.config.dir, 'devnet.json'), 'utf8')));
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
  init: { method?: string; headers?: Record<string, string>; body?: string; port?: number } = {},
) {
  const port = init.port ?? portal!.port;
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
      committee: unknown;
    };
    expect(config.network.name).toBe('devnet');
    expect(config.network.rpc.url).toBe(devnet!.config.rpcUrl);
    // The committee rides along for the worker's cold start: the devnet's nodes and shards.
    const committee = committeeFromJson(config.committee);
    expect(committee.n).toBe(devnet!.config.walrus.nShards);
    expect(committee.members.map((m) => [m.url, [...m.shards].sort((a, b) => a - b)]).sort()).toEqual(
      devnet!.config.nodes.map((n) => [n.url, [...n.shards].sort((a, b) => a - b)]).sort(),
    );
  });

  it("answers a first navigation with the site's verified page plus the worker's register tag", async () => {
    const navigate = { 'sec-fetch-mode': 'navigate' };
    const untagged = (answer: Answer) => {
      const text = answer.body.toString('latin1');
      expect(text.split(REGISTER_TAG).length, 'one tag').toBe(2);
      return Buffer.from(text.replace(REGISTER_TAG, ''), 'latin1');
    };
    const nav = await get('hello', '/', { headers: navigate });
    expect(nav.status).toBe(200);
    expect(nav.headers['content-type']).toMatch(/^text\/html/);
    expect(nav.body.toString()).toContain(`${REGISTER_TAG}</head>`);
    expect(sha256(untagged(nav))).toBe(sha256(await file('/index.html')));
    expect(Number(nav.headers['content-length'])).toBe(nav.body.length);
    expect(nav.headers['vary']).toMatch(/sec-fetch-mode/);
    expect(nav.headers['x-floe-read']).toMatch(/^quilt; /);
    // The site's 404 page keeps its status; routes and redirects behave as without the tag.
    const missing = await get('hello', '/no-such-page', { headers: navigate });
    expect(missing.status).toBe(404);
    expect(sha256(untagged(missing))).toBe(sha256(await file('/404.html')));
    const spa = await get('hello', '/app/settings/profile', { headers: navigate });
    expect(sha256(untagged(spa))).toBe(sha256(await file('/app/index.html')));
    expect((await get('hello', '/old-about', { headers: navigate })).status).toBe(301);
    // Only HTML is altered: a stylesheet opened as a page comes as it is.
    const css = await get('hello', '/css/site.css', { headers: navigate });
    expect(sha256(css.body)).toBe(sha256(await file('/css/site.css')));
    // A client that asked for no worker gets the exact bytes; so does any request but a navigation.
    const noWorker = await get('hello', '/?__floe-nosw=1', { headers: navigate });
    expect(sha256(noWorker.body)).toBe(sha256(await file('/index.html')));
    expect(Number(noWorker.headers['content-length'])).toBe(noWorker.body.length);
    const fetched = await get('hello', '/', { headers: { 'sec-fetch-mode': 'cors' } });
    expect(sha256(fetched.body)).toBe(sha256(await file('/index.html')));

    const sw = await get('hello', '/__floe/sw.js');
    expect(sw.status).toBe(200);
    expect(sw.headers['service-worker-allowed']).toBe('/');
    expect(sw.headers['content-type']).toMatch(/javascript/);
    // The lookup key goes only to the browser's fetch of the script to run it, one per site.
    const embedded = (answer: Answer) =>
      JSON.parse(/__FLOE_CONFIG__ = (.*);\n$/.exec(answer.body.toString())![1]!) as { lookupKey?: string };
    expect(embedded(sw).lookupKey).toBeUndefined();
    expect(sw.headers['vary']).toBe('Sec-Fetch-Dest');
    const asWorker = { headers: { 'sec-fetch-dest': 'serviceworker', 'service-worker': 'script' } };
    const keyed = await get('hello', '/__floe/sw.js', asWorker);
    expect(embedded(keyed).lookupKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(keyed.headers['cache-control']).toBe('no-store');
    expect(embedded(await get('hello', '/__floe/sw.js', asWorker)).lookupKey).toBe(embedded(keyed).lookupKey);
    const other = await get('other', '/__floe/sw.js', asWorker);
    expect(embedded(other).lookupKey).not.toBe(embedded(keyed).lookupKey);
    expect((await get('hello', '/__floe/config.json', asWorker)).body.toString()).not.toMatch(/lookupKey/);
    const register = await get('hello', '/__floe/register.js');
    expect(register.status).toBe(200);
    expect(register.headers['cache-control']).toBe('no-cache');
    expect(register.headers['content-type']).toMatch(/javascript/);
  });

  it("starts reading a first visit's subresources when it serves the page, before the browser asks", async () => {
    // A portal that has read nothing yet: its memory holds no file of the site.
    const fresh = await startPortal({ network, distDir: dist, port: 0, debugHeader: true });
    try {
      const port = fresh.port;
      const reads = async () => {
        const answer = await get(null, '/__floe/read-stats', { port });
        const { reads } = JSON.parse(answer.body.toString()) as { reads: Record<string, number> };
        return Object.values(reads).reduce((a, b) => a + b, 0);
      };
      const page = await get('hello', '/', { headers: { 'sec-fetch-mode': 'navigate' }, port });
      expect(page.status).toBe(200);
      // The page names five files of the site: they are read without anyone asking for them.
      const named = [
        '/css/vendor/reset.css',
        '/css/site.css',
        '/js/main.js',
        '/images/logo.svg',
        '/images/photo.png',
      ];
      const deadline = Date.now() + 20_000;
      while ((await reads()) < 1 + named.length && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await reads()).toBe(1 + named.length);
      for (const path of named) {
        const answer = await get('hello', path, { port });
        expect(sha256(answer.body), path).toBe(sha256(await file(path)));
        expect(answer.headers['x-floe-read'], path).toBe('quilt; source=cache');
      }
    } finally {
      await fresh.close();
    }
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

  it('sends Brotli-stored files as stored to clients that take br, decoded to the others', async () => {
    // `floe deploy` stored the hello site's text files compressed (index.html among them), the PNG not.
    const index = await file('/index.html');
    const br = await get('hello', '/index.html', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/accept-encoding/);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(index.length);
    expect(sha256(brotliDecompressSync(br.body))).toBe(sha256(index));
    for (const acceptEncoding of [undefined, 'gzip, deflate', 'br;q=0']) {
      const plain = await get('hello', '/index.html', {
        headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
      });
      expect(plain.headers['content-encoding'], acceptEncoding).toBeUndefined();
      expect(plain.headers['vary'], acceptEncoding).toMatch(/accept-encoding/);
      expect(Number(plain.headers['content-length'])).toBe(index.length);
      expect(sha256(plain.body), acceptEncoding).toBe(sha256(index));
    }
    // HEAD says what GET would send; a range is of the decoded file, whatever the client takes.
    const head = await get('hello', '/index.html', { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
    expect(Number(head.headers['content-length'])).toBe(br.body.length);
    const range = await get('hello', '/index.html', {
      headers: { 'accept-encoding': 'br', range: 'bytes=10-49' },
    });
    expect(range.status).toBe(206);
    expect(range.headers['content-encoding']).toBeUndefined();
    expect(range.headers['content-range']).toBe(`bytes 10-49/${index.length}`);
    expect(sha256(range.body)).toBe(sha256(index.subarray(10, 50)));
    // A first visit's page is decoded for its register tag, even for a client that takes br.
    const nav = await get('hello', '/', {
      headers: { 'sec-fetch-mode': 'navigate', 'accept-encoding': 'br' },
    });
    expect(nav.headers['content-encoding']).toBeUndefined();
    expect(nav.body.toString()).toContain(`${REGISTER_TAG}</head>`);
    // A file stored as it is stays as it is.
    const png = await get('hello', '/images/photo.png', { headers: { 'accept-encoding': 'br' } });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers['vary']).toBeUndefined();
    expect(sha256(png.body)).toBe(sha256(await file('/images/photo.png')));

    // curl --compressed asks for br (and gzip, zstd) and decodes what it gets: the files, byte-exact.
    for (const path of ['/index.html', '/css/site.css', '/js/main.js', '/images/logo.svg']) {
      const { stdout } = await promisify(execFile)(
        'curl',
        [
          '--compressed',
          '-sS',
          '-H',
          `host: hello.localhost:${portal!.port}`,
          `http://127.0.0.1:${portal!.port}${path}`,
        ],
        { encoding: 'buffer' },
      );
      expect(sha256(stdout), path).toBe(sha256(await file(path)));
    }
  });

  it("answers a worker's navigation preload with the page's stored bytes, untagged and unmarked as coded", async () => {
    // Chromium sends the header with every navigation of a worker that enabled the preload; the
    // worker hashes the body against the chain, so it must be the stored (Brotli) file verbatim.
    const index = await file('/index.html');
    const preload = await get('hello', '/', {
      headers: {
        'sec-fetch-mode': 'navigate',
        'accept-encoding': 'gzip, deflate, br, zstd',
        'service-worker-navigation-preload': 'true',
      },
    });
    expect(preload.status).toBe(200);
    expect(preload.headers['content-encoding']).toBeUndefined();
    expect(preload.headers['vary']).toMatch(/service-worker-navigation-preload/);
    expect(preload.body.toString('latin1')).not.toContain(REGISTER_TAG);
    expect(sha256(brotliDecompressSync(preload.body))).toBe(sha256(index));
    // The same navigation without the header is a first visit: decoded and tagged.
    const nav = await get('hello', '/', {
      headers: { 'sec-fetch-mode': 'navigate', 'accept-encoding': 'br' },
    });
    expect(nav.body.toString()).toContain(`${REGISTER_TAG}</head>`);
  });

  it('a redeploy of the unchanged folder uploads nothing: compression gives the same bytes again', async () => {
    const out: string[] = [];
    const args = ['deploy', source, '--json', '--quiet', '--devnet-dir', devnet!.config.dir];
    expect(await floe(args, { out: (l) => out.push(l), err: silent(), stdin: process.stdin })).toBe(0);
    const result = JSON.parse(out.join('\n')) as {
      uploaded: number;
      transactions: number;
      compression: { files: number };
    };
    expect(result.compression.files).toBeGreaterThan(0);
    expect(result.uploaded).toBe(0);
    expect(result.transactions).toBe(0);
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
    // The site's 404 page is a 404 however it is reached, by its own path too (as walrus-sites).
    const own = await get('hello', '/404.html');
    expect(own.status).toBe(404);
    expect(sha256(own.body)).toBe(sha256(await file('/404.html')));
    const ignored = await get('hello', '/drafts/secret.html');
    expect(ignored.status).toBe(404);
    const unknown = await get('nosuchsite-xyz', '/');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['x-floe-error']).toBe('site-not-found');
    expect(unknown.body.toString()).toContain('data-floe-error="site-not-found"');
    // A SuiNS subname host reaches the resolver (blog.nosuchsite-xyz.sui), not "unknown host".
    const subname = await get('blog.nosuchsite-xyz', '/');
    expect(subname.status).toBe(404);
    expect(subname.headers['x-floe-error']).toBe('site-not-found');
    expect(subname.body.toString()).toContain('blog.nosuchsite-xyz');
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

/** Writes `text` on a raw connection; resolves with everything received once the server closes it. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.write(text);
  });
}

const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
const SW_FETCH = { 'service-worker': 'script', 'sec-fetch-dest': 'serviceworker' };

describe('portal server security', () => {
  it("serves only Floe's worker as a worker script; the browser's check of another clears it", async () => {
    const host = `http://hello.localhost:${portal!.port}`;
    const fromPage = { ...SW_FETCH, referer: `${host}/about.html` };
    expect((await get('hello', '/__floe/sw.js', { headers: fromPage })).status).toBe(200);
    // /index.html is a real file of the site: as a worker script it is refused all the same.
    for (const path of ['/evil-sw.js', '/index.html', '/__floe/bootstrap.js', '/__floe/register.js']) {
      // A page's register(): refused, nothing cleared, so Floe's worker stays.
      const registered = await get('hello', path, { headers: fromPage });
      expect(registered.status, path).toBe(403);
      expect(registered.headers['x-floe-error']).toBe('foreign-service-worker');
      expect(registered.headers['clear-site-data']).toBeUndefined();
      // The browser's update check of such a worker, installed earlier: the origin is cleared.
      const checked = await get('hello', path, { headers: { ...SW_FETCH, referer: `${host}${path}` } });
      expect(checked.status, path).toBe(403);
      expect(checked.headers['clear-site-data']).toBe('"storage"');
    }
    // The same file fetched as anything but a worker is the site's, verified.
    expect((await get('hello', '/index.html')).status).toBe(200);
  });

  it('sends a strict CSP on apex responses, naming the chain, the faucet and every node', async () => {
    for (const path of ['/', '/publish', '/__floe/config.json']) {
      const answer = await get(null, path);
      const policy = String(answer.headers['content-security-policy']);
      expect(policy, path).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).not.toContain('unsafe-inline');
      const connect = /connect-src ([^;]+)/.exec(policy)![1]!.split(' ');
      expect(connect).toContain(new URL(devnet!.config.rpcUrl).origin);
      for (const node of devnet!.config.nodes) expect(connect).toContain(new URL(node.url).origin);
      expect(answer.headers['x-frame-options']).toBe('DENY');
    }
    // Sites are not the app: their pages are framable and run their own scripts.
    const site = await get('hello', '/index.html');
    expect(site.headers['x-frame-options']).toBeUndefined();
  });

  it('refuses an oversized URL (414), header section (431) or path (400) and keeps serving', async () => {
    const port = portal!.port;
    const host = `hello.localhost:${port}`;
    const longUrl = await raw(
      port,
      `GET /${'a'.repeat(9000)} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
    );
    expect(statusOf(longUrl)).toBe(414);
    const bigHeaders = await raw(
      port,
      `GET / HTTP/1.1\r\nHost: ${host}\r\nX-Pad: ${'a'.repeat(17_000)}\r\n\r\n`,
    );
    expect(statusOf(bigHeaders)).toBe(431);
    // Under the URL cap but over the longest path the router matches (it is not linear).
    const longPath = await get('hello', `/${'a/'.repeat(2100)}x`);
    expect(longPath.status).toBe(400);
    expect((await get('hello', '/index.html')).status).toBe(200);
  });

  it('cuts off a client that trickles its headers, while serving others meanwhile', async () => {
    const slow = await startPortal({
      network,
      distDir: dist,
      port: 0,
      limits: { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000, timeoutCheckIntervalMs: 100 },
    });
    try {
      const socket = connect(slow.port, '127.0.0.1');
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      socket.on('error', () => {});
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      socket.write(`GET /index.html HTTP/1.1\r\nHost: hello.localhost:${slow.port}\r\n`);
      // One header line every 100 ms: each keeps the connection busy, none completes the request.
      let lines = 0;
      const trickle = setInterval(() => {
        if (!socket.destroyed) socket.write(`X-Slow-${lines++}: a\r\n`);
      }, 100);
      const others = await get('hello', '/index.html', { port: slow.port });
      expect(others.status).toBe(200);
      await closed;
      clearInterval(trickle);
      expect(statusOf(received)).toBe(408);
      // Cut off long before the trickle could have finished: the header cap is 16 KiB of lines.
      expect(lines).toBeLessThan(100);
    } finally {
      await slow.close();
    }
  });

  it('lets a burst wait in a short line, answers 503 with Retry-After past it, and recovers', async () => {
    const busy = await startPortal({
      network,
      distDir: dist,
      port: 0,
      limits: { maxConcurrentReads: 1, maxWaitingReads: 2 },
    });
    try {
      // A fresh portal must look the site up on chain first, so the first read holds its slot
      // while the others arrive.
      const paths = [
        '/index.html',
        '/about.html',
        '/css/site.css',
        '/js/main.js',
        '/images/logo.svg',
        '/app/index.html',
      ];
      const answers = await Promise.all(paths.map((path) => get('hello', path, { port: busy.port })));
      const refused = answers.filter((answer) => answer.status === 503);
      // One reads, two wait their turn and are served, the rest are refused at once.
      expect(refused.length).toBeGreaterThan(0);
      expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(3);
      for (const answer of refused) expect(answer.headers['retry-after']).toBe('2');
      // Once the burst is over, a first visit reads again like any other request.
      const nav = await get('hello', '/', { port: busy.port, headers: { 'sec-fetch-mode': 'navigate' } });
      expect(nav.status).toBe(200);
      expect(nav.body.toString()).toContain(REGISTER_TAG);
      for (const path of paths)
        expect((await get('hello', path, { port: busy.port })).status, path).toBe(200);
    } finally {
      await busy.close();
    }
  });

  it('gives a first visit the bootstrap page when half the read slots are taken (here: all, of 0)', async () => {
    const full = await startPortal({ network, distDir: dist, port: 0, limits: { maxConcurrentReads: 0 } });
    try {
      const navigate = { 'sec-fetch-mode': 'navigate' };
      const nav = await get('hello', '/about.html', { port: full.port, headers: navigate });
      expect(nav.status).toBe(200);
      expect(nav.body.toString()).toContain('/__floe/bootstrap.js');
      expect(nav.headers['cache-control']).toBe('no-store');
      // The scripts that install the worker read nothing, so they still load.
      expect((await get('hello', '/__floe/bootstrap.js', { port: full.port })).status).toBe(200);
      expect((await get('hello', '/__floe/sw.js', { port: full.port })).status).toBe(200);
      // Reads are refused: the bootstrap page's no-worker fallback and any other request.
      for (const answer of [
        await get('hello', '/about.html?__floe-nosw=1', { port: full.port, headers: navigate }),
        await get('hello', '/about.html', { port: full.port }),
      ]) {
        expect(answer.status).toBe(503);
        expect(answer.headers['retry-after']).toBe('2');
      }
    } finally {
      await full.close();
    }
  });
});
