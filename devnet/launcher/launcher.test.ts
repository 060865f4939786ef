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
import { WalrusReader } from '../../core/walrus/reader.ts';
import { randomBytes } from '../../core/walrus/test-support/fixtures.ts';
import { expectBytes } from '../../core/walrus/test-support/bytes.ts';
import type { DevnetConfig } from './config.ts';
import { startDevnet, type Devnet } from './launcher.ts';

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
