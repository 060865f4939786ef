import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { GeoLink } from './regions.ts';
import { startShapedProxy, type ShapedProxy } from './shape-proxy.ts';

const LINK: GeoLink = { rttMs: 60, jitterMs: 0, bandwidthBytesPerSec: 1_000_000, setupMs: 0 };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** An origin that echoes what it got, with CORS, like the chain's RPC server. */
async function origin(): Promise<string> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.alloc(120_000, 7));
        return;
      }
      res
        .writeHead(201, {
          'content-type': 'application/json',
          'access-control-allow-origin': '*',
          'x-origin': 'yes',
        })
        .end(
          JSON.stringify({
            method: req.method,
            url: req.url,
            host: req.headers.host,
            custom: req.headers['x-custom'],
            body: Buffer.concat(chunks).toString(),
          }),
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function proxy(target: string, preserveHost = false): Promise<ShapedProxy> {
  const started = await startShapedProxy({ target, link: LINK, seed: 3, preserveHost });
  closers.push(() => started.close());
  return started;
}

describe('startShapedProxy', () => {
  it('forwards method, path, query, headers and body, and returns status, headers and CORS', async () => {
    const target = await origin();
    const { url } = await proxy(target);
    const response = await fetch(`${url}/sui.rpc.v2.LedgerService/GetObject?x=1`, {
      method: 'POST',
      headers: { 'x-custom': 'abc', 'content-type': 'application/json' },
      body: '{"id":1}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('x-origin')).toBe('yes');
    expect(await response.json()).toEqual({
      method: 'POST',
      url: '/sui.rpc.v2.LedgerService/GetObject?x=1',
      host: new URL(target).host,
      custom: 'abc',
      body: '{"id":1}',
    });
  });

  it("keeps the visitor's host for a target that serves by host name", async () => {
    const { url } = await proxy(await origin(), true);
    const port = new URL(url).port;
    // A raw request: fetch would not let us name the host, and the portal routes on it.
    const answer = await new Promise<string>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/', headers: { host: `blog.localhost:${port}` } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += String(chunk)));
        res.on('end', () => resolve(text));
      })
        .on('error', reject)
        .end();
    });
    expect((JSON.parse(answer) as { host: string }).host).toBe(`blog.localhost:${port}`);
  });

  it('adds the link round trip and paces the body at its bandwidth', async () => {
    const { url } = await proxy(await origin());
    const t0 = performance.now();
    const body = new Uint8Array(await (await fetch(`${url}/big`)).arrayBuffer());
    const ms = performance.now() - t0;
    expect(body.length).toBe(120_000);
    expect(body.every((b) => b === 7)).toBe(true);
    // 60 ms RTT + 120 kB at 1 MB/s ≈ 180 ms; loopback alone takes a few ms.
    expect(ms).toBeGreaterThanOrEqual(150);
  });

  it('answers 502 with CORS when the target is down', async () => {
    const target = await origin();
    await closers.pop()!();
    const { url } = await proxy(target);
    const response = await fetch(url);
    expect(response.status).toBe(502);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });
});
