import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { GeoLink } from './regions.ts';
import { shapeServer } from './shape-server.ts';

const link: GeoLink = { rttMs: 150, jitterMs: 20, bandwidthBytesPerSec: 1_000_000, setupMs: 300 };
const body = Uint8Array.from({ length: 40_000 }, (_, i) => (i * 7) % 251);

const servers: Server[] = [];
const agents: Agent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) agent.destroy();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function start(
  handler: Parameters<typeof createServer>[1],
  sleep: (ms: number) => Promise<void>,
): Promise<string> {
  const server = createServer(handler);
  shapeServer(server, link, { sleep, random: () => 0.5 });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** GET over one kept-alive connection, so the second request reuses the first one's socket. */
function get(url: string, agent: Agent): Promise<{ status: number; bytes: Uint8Array }> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, bytes: new Uint8Array(Buffer.concat(chunks)) }),
      );
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('shapeServer', () => {
  it('waits handshakes + round trip + jitter on a new connection, a round trip after, then paces the body', async () => {
    const slept: number[] = [];
    const url = await start(
      (_req, res) => {
        res.writeHead(200, { 'content-length': body.length }).end(body);
      },
      async (ms) => void slept.push(ms),
    );
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);

    const first = await get(url, agent);
    expect(first.status).toBe(200);
    expect(Buffer.compare(first.bytes, body)).toBe(0);
    expect(slept).toEqual([460, 16.384, 16.384, 7.232]);

    slept.length = 0;
    const second = await get(url, agent);
    expect(Buffer.compare(second.bytes, body)).toBe(0);
    expect(slept).toEqual([160, 16.384, 16.384, 7.232]);
  });

  it('keeps the order of several writes, strings included, and answers empty bodies after the delay', async () => {
    const slept: number[] = [];
    const url = await start(
      (req, res) => {
        if (req.url === '/empty') return void res.writeHead(204).end();
        res.writeHead(200);
        res.write('hello, ');
        res.write(Buffer.from('wide '));
        res.end('world', 'utf8');
      },
      async (ms) => void slept.push(ms),
    );
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    const text = await get(url, agent);
    expect(Buffer.from(text.bytes).toString()).toBe('hello, wide world');
    expect(slept[0]).toBe(460);
    expect(slept).toHaveLength(4);

    slept.length = 0;
    const empty = await get(`${url}/empty`, agent);
    expect(empty.status).toBe(204);
    expect(slept).toEqual([160]);
  });

  it('sends nothing, headers included, until the first-byte delay has passed', async () => {
    const gates: (() => void)[] = [];
    const url = await start(
      (_req, res) => {
        res.writeHead(200, { 'content-length': 3 }).end('abc');
      },
      (ms) => (ms >= 100 ? new Promise<void>((resolve) => gates.push(resolve)) : Promise.resolve()),
    );
    const agent = new Agent({ keepAlive: true });
    agents.push(agent);
    let answered = false;
    const response = get(url, agent).then((r) => ((answered = true), r));
    while (gates.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    gates[0]!();
    expect(Buffer.from((await response).bytes).toString()).toBe('abc');
  });
});
