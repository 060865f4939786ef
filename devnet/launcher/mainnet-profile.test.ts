// The mainnet profile as `npm run devnet -- --profile mainnet --visitor frankfurt` starts it: 100
// nodes with skewed stake in host processes, the chosen nodes down or slow, the chain RPC and the
// aggregator behind shaped proxies, and one hosted node stopped and started through its host.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevnetConfig } from './config.ts';
import { startDevnet, type Devnet } from './launcher.ts';

let dir: string;
let devnet: Devnet | undefined;
let config: DevnetConfig;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-devnet-mainnet-'));
  devnet = await startDevnet({
    dir,
    profile: 'mainnet',
    visitor: 'frankfurt',
    port: 0,
    aggregatorPort: null,
  });
  config = JSON.parse(await readFile(join(dir, 'devnet.json'), 'utf8')) as DevnetConfig;
}, 120_000);

afterAll(async () => {
  await devnet?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const nodeNamed = (name: string) => config.nodes.findIndex((n) => n.name === name);

async function health(url: string): Promise<{ ok: boolean; ms: number } | 'refused'> {
  const t0 = Date.now();
  try {
    const response = await fetch(`${url}/v1/health`);
    await response.arrayBuffer();
    return { ok: response.ok, ms: Date.now() - t0 };
  } catch {
    return 'refused';
  }
}

describe('npm run devnet -- --profile mainnet --visitor frankfurt', () => {
  it('writes a 100-node, 1000-shard committee with mainnet-like skew, hosted in a few processes', () => {
    expect(config.profile).toBe('mainnet');
    expect(config.nodes).toHaveLength(100);
    const counts = config.nodes.map((n) => n.shards.length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    expect(counts.filter((c) => c >= 20 && c <= 40).length).toBeGreaterThanOrEqual(3);
    expect(counts.filter((c) => c >= 3 && c <= 8).length).toBeGreaterThanOrEqual(30);
    expect(config.hosts).toBe(4);
    expect(devnet!.processes().filter((p) => p.name.startsWith('host-'))).toHaveLength(4);
  });

  it('fails the listed nodes: down ones refuse connections, slow ones answer late', async () => {
    expect(config.faults?.down).toHaveLength(3);
    expect(config.faults?.slow).toHaveLength(3);
    for (const name of config.faults!.down)
      expect(await health(config.nodes[nodeNamed(name)]!.url)).toBe('refused');
    const slow = await health(config.nodes[nodeNamed(config.faults!.slow[0]!)]!.url);
    expect(slow).toMatchObject({ ok: true });
    expect((slow as { ms: number }).ms).toBeGreaterThanOrEqual(config.faults!.slowLatencyMs);
    // The failing nodes hold few shards: writes still reach well over 2/3 of them.
    const failing = [...config.faults!.down, ...config.faults!.slow].map(nodeNamed);
    const lost = failing.reduce((sum, i) => sum + config.nodes[i]!.shards.length, 0);
    expect(lost).toBeLessThan(1000 / 10);
  });

  it('puts the chain RPC behind a proxy at the distance of a provider, CORS intact', async () => {
    expect(config.directRpcUrl).toBeDefined();
    expect(config.rpcUrl).not.toBe(config.directRpcUrl);
    expect(config.links?.chain.rttMs).toBe(30);
    const t0 = Date.now();
    const response = await fetch(config.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://example.localhost' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'sui_getChainIdentifier', params: [] }),
    });
    const body = (await response.json()) as { result?: string };
    expect(Date.now() - t0).toBeGreaterThanOrEqual(config.links!.chain.rttMs);
    expect(typeof body.result).toBe('string');
    expect(response.headers.get('access-control-allow-origin')).not.toBeNull();
  });

  it('stops and starts one hosted node through its host, leaving its neighbours up', async () => {
    const index = config.nodes.findIndex((n) => !config.faults!.down.includes(n.name));
    const neighbour = config.nodes.findIndex((n, i) => i !== index && !config.faults!.down.includes(n.name));
    await devnet!.stopNode(index);
    expect(await health(config.nodes[index]!.url)).toBe('refused');
    expect(await health(config.nodes[neighbour]!.url)).toMatchObject({ ok: true });
    await devnet!.startNode(index);
    expect(await health(config.nodes[index]!.url)).toMatchObject({ ok: true });
  });

  it('asks for --reset when restarted with another profile', async () => {
    await expect(startDevnet({ dir, profile: 'default', port: 0, aggregatorPort: null })).rejects.toThrow(
      /mainnet profile; run with --reset/,
    );
  });
});
