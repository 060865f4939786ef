import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NodeLatency } from '../walrus/node-latency.ts';
import { ConnectionWarmer } from './connection-warmer.ts';

describe('ConnectionWarmer', () => {
  afterEach(() => vi.useRealTimers());

  it('asks every node for its health a few times per round, ignores failures, and repeats until stopped', async () => {
    vi.useFakeTimers();
    const asked: string[] = [];
    const warmer = new ConnectionWarmer({
      nodes: async () => ['http://a.test/', 'http://b.test'],
      fetch: async (url) => {
        asked.push(url);
        if (url.startsWith('http://b.test')) throw new TypeError('fetch failed');
        return new Response('{}');
      },
      perNode: 2,
      intervalMs: 1000,
    });
    await warmer.ready;
    expect(asked.sort()).toEqual([
      'http://a.test/v1/health',
      'http://a.test/v1/health',
      'http://b.test/v1/health',
      'http://b.test/v1/health',
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(asked).toHaveLength(8);
    warmer.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(asked).toHaveLength(8);
  });

  it("tells the reader each node's round trip on a warm connection, and which nodes answered nothing", async () => {
    const latency = new NodeLatency({ now: () => 0 });
    // One warmer per node, so each node's requests run alone on its fake clock: opening a
    // connection costs three round trips of the node's distance (TCP, TLS, request), a warm one one.
    const warm = async (base: string, rtt: number | 'down') => {
      let clock = 0;
      let connections = 0;
      const warmer = new ConnectionWarmer({
        nodes: async () => [base],
        fetch: async () => {
          if (rtt === 'down') throw new TypeError('fetch failed: ECONNREFUSED');
          clock += connections < 2 ? 3 * rtt : rtt;
          connections++;
          return new Response('{}');
        },
        perNode: 2,
        latency,
        now: () => clock,
      });
      await warmer.ready;
      warmer.stop();
    };
    await warm('http://far.test/', 200);
    await warm('http://near.test', 10);
    await warm('http://down.test', 'down');
    const { nodes } = latency.snapshot();
    expect(nodes['http://near.test']).toMatchObject({ srtt: 10, samples: 1, penalty: 0 });
    expect(nodes['http://far.test']).toMatchObject({ srtt: 200, samples: 1, penalty: 0 });
    expect(nodes['http://down.test']).toMatchObject({ samples: 0 });
    expect(nodes['http://down.test']!.penalty).toBeGreaterThan(0);
    expect(latency.order(['http://down.test', 'http://far.test', 'http://near.test'])).toEqual([
      'http://near.test',
      'http://far.test',
      'http://down.test',
    ]);
  });

  it('leaves open connections that later reads reuse without a new handshake', async () => {
    let connections = 0;
    const server: Server = createServer((_req, res) => res.end('ok'));
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const warmer = new ConnectionWarmer({
        nodes: async () => [base],
        fetch: (url, init) => fetch(url, init),
        perNode: 2,
      });
      await warmer.ready;
      warmer.stop();
      expect(connections).toBe(2);
      // A connection goes back to the pool a moment after its body has been read.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const reads = await Promise.all([fetch(`${base}/v1/blobs/x`), fetch(`${base}/v1/blobs/y`)]);
      await Promise.all(reads.map((r) => r.text()));
      expect(connections).toBe(2);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
