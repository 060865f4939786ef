// Shaping an HTTP/2 server with HTTP/1.1 fallback: handshakes once per connection (an HTTP/2
// session, or a TLS socket), and one wire per connection that all its streams share.
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { connect, createSecureServer, type ClientHttp2Session, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateDevnetTls, type DevnetTls } from '../tls/devnet-tls.ts';
import type { GeoLink } from './regions.ts';
import { shapeServer, type ShapeOptions } from './shape-server.ts';

const link: GeoLink = { rttMs: 150, jitterMs: 20, bandwidthBytesPerSec: 1_000_000, setupMs: 300 };
const body = Uint8Array.from({ length: 40_000 }, (_, i) => (i * 7) % 251);

let dir: string;
let tls: DevnetTls;
const servers: Http2SecureServer[] = [];
const sessions: ClientHttp2Session[] = [];
const agents: Agent[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-shape-h2-'));
  tls = await loadOrCreateDevnetTls(dir);
});
afterEach(async () => {
  for (const session of sessions.splice(0)) session.destroy();
  for (const agent of agents.splice(0)) agent.destroy();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function start(shapedLink: GeoLink, options: ShapeOptions): Promise<string> {
  const server = createSecureServer({ allowHTTP1: true, cert: tls.certPem, key: tls.keyPem }, (_req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res
      .writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' })
      .end(body);
  });
  shapeServer(server, shapedLink, { random: () => 0.5, ...options });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function session(url: string): Promise<ClientHttp2Session> {
  const opened = connect(url, { ca: tls.caPem });
  sessions.push(opened);
  await new Promise((resolve, reject) => opened.once('connect', resolve).once('error', reject));
  return opened;
}

function get(opened: ClientHttp2Session): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const stream = opened.request({ ':path': '/' });
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    stream.on('error', reject);
  });
}

function getHttp1(url: string, agent: Agent): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    request(url, { agent, ca: tls.caPem }, (res) => {
      expect(res.httpVersion).toBe('1.1');
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    })
      .on('error', reject)
      .end();
  });
}

describe('shapeServer on HTTP/2', () => {
  it('sends the headers the handler set, with the first paced bytes', async () => {
    const url = await start(link, { sleep: async () => {} });
    const opened = await session(url);
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const stream = opened.request({ ':path': '/' });
      stream.on('response', (received) => resolve(received));
      stream.on('error', reject);
      stream.resume();
    });
    // A browser's CORS check and the reader's parsing depend on every one of them arriving.
    expect(headers).toMatchObject({
      ':status': 200,
      'access-control-allow-origin': '*',
      'content-type': 'application/octet-stream',
      'content-length': String(body.length),
    });
  });

  it('charges the handshakes once per session, to every stream that waited for them', async () => {
    const slept: number[] = [];
    const url = await start(link, { sleep: async (ms) => void slept.push(ms) });
    const first = await session(url);
    const answers = await Promise.all([get(first), get(first), get(first)]);
    for (const answer of answers) expect(Buffer.compare(answer, body)).toBe(0);
    // One handshake wait (300 + 150 + 10), each later stream only its own round trip.
    expect(slept.filter((ms) => ms >= 100).sort()).toEqual([160, 160, 460]);
    expect(slept.filter((ms) => ms < 100)).toHaveLength(9);

    slept.length = 0;
    await get(first);
    expect(slept).toEqual([160, 16.384, 16.384, 7.232]);

    slept.length = 0;
    await get(await session(url));
    expect(slept[0]).toBe(460);
  });

  it('paces the streams of one session through one wire, and separate sessions apart', async () => {
    let crossing = 0;
    let mostAtOnce = 0;
    // With no round trip, only body slices wait a non-zero time.
    const sleep = async (ms: number) => {
      if (ms === 0) return;
      crossing++;
      mostAtOnce = Math.max(mostAtOnce, crossing);
      await new Promise((resolve) => setTimeout(resolve, ms));
      crossing--;
    };
    const url = await start(
      { rttMs: 0, jitterMs: 0, setupMs: 0, bandwidthBytesPerSec: 4_000_000 },
      { sleep },
    );
    const shared = await session(url);
    await get(shared);
    mostAtOnce = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: 5 }, () => get(shared)));
    // 5 × 40 kB at 4 MB/s: 50 ms on one wire, where per-stream pacing would take 10 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(mostAtOnce).toBe(1);

    const other = await session(url);
    await get(other);
    mostAtOnce = 0;
    await Promise.all([get(shared), get(other)]);
    expect(mostAtOnce).toBe(2);
  });

  it('treats an HTTP/1.1 fallback connection as one link, like plain HTTP', async () => {
    const slept: number[] = [];
    const url = await start(link, { sleep: async (ms) => void slept.push(ms) });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    expect(Buffer.compare(await getHttp1(url, agent), body)).toBe(0);
    expect(slept).toEqual([460, 16.384, 16.384, 7.232]);
    slept.length = 0;
    expect(Buffer.compare(await getHttp1(url, agent), body)).toBe(0);
    expect(slept).toEqual([160, 16.384, 16.384, 7.232]);
  });
});
