// A whole devnet as users start it: chain and node processes, devnet.json, the official SDK writing
// and reading through real storage nodes, Floe's reader on the same blobs, and a restart that keeps
// everything.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { WalrusClient } from '@mysten/walrus';
import { blobIdFromText } from '../../core/walrus/blob-id.ts';
import { StorageNodeClient } from '../../core/walrus/node-client.ts';
import { WalrusReader } from '../../core/walrus/reader.ts';
import { encodedBlob, randomBytes } from '../../core/walrus/test-support/fixtures.ts';
import { expectBytes } from '../../core/walrus/test-support/bytes.ts';
import type { DevnetConfig } from './config.ts';
import { isRegion, linkTo } from '../geo/regions.ts';
import { startDevnet, type Devnet } from './launcher.ts';
import { pairsOfNode } from './test-support/devnet-clients.ts';

const dirs: string[] = [];
const running: Devnet[] = [];
afterAll(async () => {
  for (const devnet of running) await devnet.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function clients(config: DevnetConfig) {
  const sui = new SuiJsonRpcClient({ url: config.rpcUrl, network: 'localnet' });
  const walrus = new WalrusClient({
    packageConfig: {
      systemObjectId: config.walrus.systemObjectId,
      stakingPoolId: config.walrus.stakingObjectId,
    },
    suiClient: sui,
    storageNodeUrlScheme: 'http',
  });
  const reader = new WalrusReader({
    committee: {
      n: config.walrus.nShards,
      members: config.nodes.map((n) => ({ url: n.url, shards: n.shards })),
    },
  });
  return { sui, walrus, reader };
}

describe('npm run devnet (through startDevnet)', () => {
  it('starts healthy, writes devnet.json, lets the SDK write and read, and keeps state across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'floe-devnet-'));
    dirs.push(dir);
    const devnet = await startDevnet({ dir, nodes: 4, shards: 40, port: 0 });
    running.push(devnet);
    const config = JSON.parse(await readFile(join(dir, 'devnet.json'), 'utf8')) as DevnetConfig;
    expect(config).toMatchObject({ network: 'devnet', nodes: expect.any(Array) });
    expect(config.nodes).toHaveLength(4);
    expect(config.nodes.flatMap((n) => n.shards).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i),
    );

    const signer = Ed25519Keypair.fromSecretKey((await readFile(config.devKey.path, 'utf8')).trim());
    expect(signer.toSuiAddress()).toBe(config.devKey.address);
    const { walrus, reader } = clients(config);
    const data = randomBytes(5000, 77);
    const { blobId } = await walrus.writeBlob({ blob: data, epochs: 2, deletable: false, signer });
    expectBytes(await walrus.readBlob({ blobId }), data);
    const ours = await reader.read({ blobId: blobIdFromText(blobId) });
    expectBytes(ours.data, data);
    expect(ours.stats.path).toBe('direct');

    await devnet.stop();
    running.splice(running.indexOf(devnet), 1);
    const again = await startDevnet({ dir, nodes: 4, shards: 40, port: 0 });
    running.push(again);
    expect(again.config.devKey.address).toBe(config.devKey.address);
    const after = clients(again.config);
    expectBytes(await after.walrus.readBlob({ blobId }), data);
    await expect(startDevnet({ dir, nodes: 5, shards: 40, port: 0 })).rejects.toThrow(/--reset/);
  }, 120_000);
});

describe('npm run devnet -- --visitor singapore', () => {
  it('places the nodes around the world in devnet.json and still serves the right bytes through them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'floe-devnet-geo-'));
    dirs.push(dir);
    const devnet = await startDevnet({
      dir,
      nodes: 4,
      shards: 40,
      port: 0,
      visitor: 'singapore',
      aggregatorPort: null,
    });
    running.push(devnet);
    const config = JSON.parse(await readFile(join(dir, 'devnet.json'), 'utf8')) as DevnetConfig;
    expect(config.visitor).toBe('singapore');
    const regions = config.nodes.map((n) => n.region ?? '');
    expect(regions.every(isRegion)).toBe(true);
    // Several continents, not one: the point of the emulation.
    expect(new Set(regions.map((r) => r.split('-')[0])).size).toBeGreaterThan(1);

    const signer = Ed25519Keypair.fromSecretKey((await readFile(config.devKey.path, 'utf8')).trim());
    const { walrus } = clients(config);
    const { data, encoded } = encodedBlob(40, 5000, 78);
    const { blobId } = await walrus.writeBlob({ blob: data, epochs: 2, deletable: false, signer });
    expect(blobIdFromText(blobId)).toEqual(encoded.blobId);

    // The node farthest from Singapore answers with the same bytes the encoder made.
    const rtt = (region = '') => (isRegion(region) ? linkTo('singapore', region).rttMs : -1);
    const far = config.nodes
      .map((node, index) => ({ index, rtt: rtt(node.region) }))
      .reduce((a, b) => (b.rtt > a.rtt ? b : a));
    const node = new StorageNodeClient({ url: config.nodes[far.index]!.url });
    const pair = pairsOfNode(config, blobId, far.index)[0]!;
    expectBytes(await node.getSliver(encoded.blobId, pair, 'primary'), encoded.primary[pair]!);
    expectBytes(await walrus.readBlob({ blobId }), data);
  }, 120_000);
});
