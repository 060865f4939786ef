// Storage nodes following a real devnet chain: Walrus genesis with four nodes over ten shards,
// each node learning its shards from the Staking object and blob state from the Walrus events.
// The unmodified `WalrusClient` writes and reads a blob through them, Floe's reader reads it too,
// a node started after a registration catches up from the events (and resumes from its cursor),
// confirmations wait for registrations that arrive through the follower, epoch changes move the
// committee, and an unreachable chain is reported without taking the node down.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '@mysten/bcs';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { WalrusClient } from '@mysten/walrus';
import { serializeBlobMetadata } from '../../core/walrus/bcs.ts';
import { blobIdFromText, blobIdToText } from '../../core/walrus/blob-id.ts';
import { StorageNodeClient } from '../../core/walrus/node-client.ts';
import { WalrusReader } from '../../core/walrus/reader.ts';
import { expectBytes } from '../../core/walrus/test-support/bytes.ts';
import { encodedBlob, randomBytes } from '../../core/walrus/test-support/fixtures.ts';
import { loadOrCreateFaucetKey, startChain, type Chain } from '../chain/chain.ts';
import { WAL_COIN_TYPE } from '../chain/natives/walrus/constants.ts';
import { advanceWalrusEpoch } from '../chain/natives/walrus/epoch.ts';
import { walrusGenesis, type WalrusDeployment } from '../chain/natives/walrus/genesis.ts';
import { verifyBls, type BlsSigner } from './bls.ts';
import { generateBlsKeyFile, readBlsKeyFile } from './key-file.ts';
import { startStorageNode, type ChainFollowConfig, type RunningStorageNode } from './node.ts';
import { pairsOnShards } from './shards.ts';
import { splitShards } from './test-support/harness.ts';

const N = 10;
const SHARDS = splitShards(N, 4);
const POLL_MS = 50;
const MAIN = join(import.meta.dirname, 'main.ts');

interface Member {
  readonly index: number;
  readonly signer: BlsSigner;
  readonly port: number;
  readonly shards: readonly number[];
  running: RunningStorageNode;
  dir: string;
  readonly failures: { error: unknown; context: string }[];
}

const dirs: string[] = [];
let chain: Chain;
let deployment: WalrusDeployment;
let members: Member[];
let user: Ed25519Keypair;
let walrus: WalrusClient;

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** A port that was free a moment ago (genesis needs the nodes' addresses before they listen). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function chainConfig(member: Pick<Member, 'index'>, rpcUrl = chain.url): ChainFollowConfig {
  return {
    rpcUrl,
    packageId: deployment.packageId,
    stakingObjectId: deployment.stakingObjectId,
    nodeId: deployment.nodes[member.index]!.nodeId,
    pollMs: POLL_MS,
    committeeCheckMs: 500,
  };
}

async function startMember(member: Omit<Member, 'running'>, rpcUrl?: string): Promise<RunningStorageNode> {
  return startStorageNode({
    dir: member.dir,
    signer: member.signer,
    port: member.port,
    chain: { ...chainConfig(member, rpcUrl), startupTimeoutMs: rpcUrl ? 300 : 10_000 },
    onError: (error, context) => member.failures.push({ error, context }),
  });
}

function client(member: Member): StorageNodeClient {
  return new StorageNodeClient({ url: member.running.url, timeoutMs: 20_000 });
}

function reader(): WalrusReader {
  return new WalrusReader({
    committee: { n: N, members: members.map((m) => ({ url: m.running.url, shards: m.shards })) },
  });
}

/** Polls `check` until it holds (the followers poll every 50 ms). */
async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  const chainDir = await tempDir('floe-follow-chain-');
  const faucetKey = await loadOrCreateFaucetKey(chainDir);
  const ports = await Promise.all(SHARDS.map(() => freePort()));
  const keys = await Promise.all(
    SHARDS.map(async (_, i) => {
      const dir = await tempDir(`floe-follow-node-${i}-`);
      const file = join(dir, 'bls.key');
      await generateBlsKeyFile(file);
      return { dir, signer: await readBlsKeyFile(file) };
    }),
  );
  chain = await startChain({
    dir: chainDir,
    genesisBatches: (registry) => {
      const genesis = walrusGenesis(registry, {
        nShards: N,
        nodes: SHARDS.map((shards, i) => ({
          name: `node-${i}`,
          networkAddress: `127.0.0.1:${ports[i]}`,
          blsPublicKey: keys[i]!.signer.publicKey,
          shards,
        })),
        storagePricePerUnit: 1_000n,
        writePricePerUnit: 2_000n,
        epochDurationMs: 3_600_000,
        timestampMs: Date.now(),
        walCoins: [{ owner: faucetKey.toSuiAddress(), amount: 1_000_000_000_000_000n }],
      });
      deployment = genesis.deployment;
      return [genesis.batch];
    },
    // The faucet hands out the WAL minted for it at genesis.
    walCoinType: WAL_COIN_TYPE,
  });
  members = [];
  for (const [index, shards] of SHARDS.entries()) {
    const member = { index, shards, port: ports[index]!, ...keys[index]!, failures: [] };
    members.push({ ...member, running: await startMember(member) });
  }
  user = new Ed25519Keypair();
  walrus = new WalrusClient({
    suiClient: new SuiJsonRpcClient({ url: chain.url, network: 'localnet' }),
    packageConfig: {
      systemObjectId: deployment.systemObjectId,
      stakingPoolId: deployment.stakingObjectId,
    },
    storageNodeClientOptions: { timeout: 20_000 },
    storageNodeUrlScheme: 'http',
  });
});

afterAll(async () => {
  await Promise.all(members?.map((m) => m.running.close()) ?? []);
  await chain?.close();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** What a node reports for `blobId` (`/v1/blobs/{id}/status`). */
function blobStatus(member: Member, blobId: string) {
  return client(member).getBlobStatus(blobIdFromText(blobId));
}

function failures() {
  return members.flatMap((m) => m.failures.map((f) => `node ${m.index}: ${f.context}: ${String(f.error)}`));
}

describe('storage nodes following the devnet chain', () => {
  let first: { blobId: string; data: Uint8Array };

  it('take their shards from the Staking object and serve the SDK a blob end to end', async () => {
    for (const m of members) {
      expect(m.running.state.currentEpoch()).toBe(1);
      expect([...m.running.state.ownedShards()]).toEqual(m.shards);
    }
    await chain.faucet.fund(user.toSuiAddress(), { sui: 100_000_000_000n, wal: 100_000_000_000n });
    const data = randomBytes(1024, 41);
    const { blobId } = await walrus.writeBlob({ blob: data, deletable: false, epochs: 2, signer: user });
    first = { blobId, data };
    expectBytes(await walrus.readBlob({ blobId }), data);
    expectBytes((await reader().read({ blobId })).data, data);

    // Every node applied the registration and the certification, and says so in /v1/health.
    for (const m of members) {
      await eventually(async () => {
        const status = await blobStatus(m, blobId);
        return typeof status === 'object' && 'permanent' in status && status.permanent.isCertified;
      });
      const health = (await client(m).getHealth()) as Awaited<ReturnType<StorageNodeClient['getHealth']>> & {
        chainFollower?: { caughtUp: boolean; lastError: unknown };
      };
      expect(health).toMatchObject({
        epoch: 1,
        nodeStatus: 'Active',
        eventProgress: { persisted: 2, pending: 0, highestFinishedEventIndex: 1 },
        chainFollower: { caughtUp: true, lastError: null },
      });
    }
    expect(failures()).toEqual([]);
  });

  it('lets a node started after a registration catch up from the events, and resume from its cursor', async () => {
    const late = members[3]!;
    await late.running.close();
    // Registered while the node is down.
    const data = randomBytes(1024, 42);
    const encoded = await walrus.encodeBlob(data);
    const { blob } = await walrus.executeRegisterBlobTransaction({
      signer: user,
      size: data.length,
      epochs: 2,
      blobId: encoded.blobId,
      rootHash: encoded.rootHash,
      deletable: false,
    });
    // A fresh data folder: it knows nothing but what the chain tells it.
    late.dir = await tempDir('floe-follow-late-');
    late.running = await startMember(late);
    await late.running.follower!.caughtUp();
    expect(await blobStatus(late, first.blobId)).toEqual(await blobStatus(members[0]!, first.blobId));
    expect(await blobStatus(late, encoded.blobId)).toMatchObject({ permanent: { isCertified: false } });

    // So it takes the slivers and confirms like the others, and the SDK certifies and reads.
    const confirmations = await walrus.writeEncodedBlobToNodes({
      blobId: encoded.blobId,
      metadata: encoded.metadata,
      sliversByNode: encoded.sliversByNode,
      deletable: false,
    });
    expect(confirmations.every((c) => c !== null)).toBe(true);
    await walrus.executeCertifyBlobTransaction({
      signer: user,
      blobId: encoded.blobId,
      blobObjectId: blob.id,
      confirmations,
      deletable: false,
    });
    expectBytes(await walrus.readBlob({ blobId: encoded.blobId }), data);
    await eventually(async () => {
      const status = await blobStatus(late, encoded.blobId);
      return typeof status === 'object' && 'permanent' in status && status.permanent.isCertified;
    });

    // Restarted on the same folder it continues after its cursor: nothing is applied twice.
    const { cursor } = late.running.follower!.status();
    const persisted = late.running.state.eventProgress().persisted;
    expect(persisted).toBe(4);
    await late.running.close();
    late.running = await startMember(late);
    await late.running.follower!.caughtUp();
    expect(late.running.follower!.status()).toMatchObject({ cursor, eventsProcessed: 0 });
    expect(late.running.state.eventProgress().persisted).toBe(persisted);
    expect(failures()).toEqual([]);
  });

  it('answers wait_for_registration once the registration arrives through the follower', async () => {
    const { data, encoded } = encodedBlob(N, 1024, 43);
    const meta = await walrus.computeBlobMetadata({ bytes: data, numShards: N });
    expect(meta.blobId).toBe(blobIdToText(encoded.blobId));
    // Buffered on every node before the chain knows the blob.
    await Promise.all(
      members.map(async (m) => {
        const c = client(m);
        const pending = { pending: true };
        const metadata = serializeBlobMetadata(encoded.metadata);
        expect((await c.putMetadata(encoded.blobId, metadata, pending)).status).toBe(202);
        await Promise.all(
          pairsOnShards(encoded.blobId, m.shards, N).flatMap((pair) => [
            c.putSliver(encoded.blobId, pair, 'primary', encoded.primary[pair]!, pending),
            c.putSliver(encoded.blobId, pair, 'secondary', encoded.secondary[pair]!, pending),
          ]),
        );
      }),
    );
    let answered = 0;
    const waiting = members.map((m) =>
      client(m)
        .getPermanentConfirmation(encoded.blobId, { waitForRegistration: true, waitMillis: 20_000 })
        .finally(() => answered++),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answered).toBe(0);

    const { blob } = await walrus.executeRegisterBlobTransaction({
      signer: user,
      size: data.length,
      epochs: 2,
      blobId: meta.blobId,
      rootHash: meta.rootHash,
      deletable: false,
    });
    const confirmations = await Promise.all(waiting);
    for (const [i, c] of confirmations.entries()) {
      expect(verifyBls(c.signature, members[i]!.signer.publicKey, c.serializedMessage)).toBe(true);
    }
    // The SDK takes confirmations in committee order.
    const ordered = confirmations
      .map((c, i) => ({ c, at: deployment.nodes[i]!.committeeIndex }))
      .sort((a, b) => a.at - b.at)
      .map(({ c }) => ({
        serializedMessage: toBase64(c.serializedMessage),
        signature: toBase64(c.signature),
      }));
    await walrus.executeCertifyBlobTransaction({
      signer: user,
      blobId: meta.blobId,
      blobObjectId: blob.id,
      confirmations: ordered,
      deletable: false,
    });
    expectBytes((await reader().read({ blobId: encoded.blobId })).data, data);
    expectBytes(await walrus.readBlob({ blobId: meta.blobId }), data);
    expect(failures()).toEqual([]);
  });

  it('moves to the new committee on an epoch change', async () => {
    // Node 3 leaves the committee and node 2 takes its shards.
    const next = SHARDS.map((shards, i) =>
      i === 2 ? [...SHARDS[2]!, ...SHARDS[3]!] : i === 3 ? [] : shards,
    );
    advanceWalrusEpoch(chain.store, chain.registry, deployment, {
      shards: new Map(deployment.nodes.map((node, i) => [node.nodeId, next[i]!])),
    });
    await eventually(() => members.every((m) => m.running.state.currentEpoch() === 2));
    for (const m of members) {
      expect([...m.running.state.ownedShards()]).toEqual(next[m.index]);
      expect(await client(m).getHealth()).toMatchObject({ epoch: 2, nodeStatus: 'Active' });
    }
    expect(failures()).toEqual([]);
  });

  it('keeps serving and reports it when the chain is unreachable', async () => {
    const m = members[0]!;
    await m.running.close();
    const dead = `http://127.0.0.1:${await freePort()}`;
    // With a committee in its folder the node starts anyway and keeps trying.
    m.running = await startMember(m, dead);
    expect(m.running.state.currentEpoch()).toBe(2);
    await eventually(() => m.running.follower!.status().consecutiveErrors >= 2);
    const health = await client(m).getHealth();
    expect(health).toMatchObject({
      nodeStatus: 'RecoveryCatchUp',
      chainFollower: { lastError: { context: expect.stringMatching(/^chain follower: /) } },
    });
    expect(m.failures.some((f) => f.context.startsWith('chain follower'))).toBe(true);
    expect(await blobStatus(m, first.blobId)).toMatchObject({ permanent: { isCertified: true } });
    await m.running.close();

    // Without one it cannot start.
    const fresh = { ...m, dir: await tempDir('floe-follow-dead-'), failures: [] };
    await expect(startMember(fresh, dead)).rejects.toThrow();
    // Back on the real chain it catches up.
    m.failures.length = 0;
    m.running = await startMember(m);
    await m.running.follower!.caughtUp();
    expect(await client(m).getHealth()).toMatchObject({ nodeStatus: 'Active', epoch: 2 });
    expect(failures()).toEqual([]);
  });

  it('follows the chain as a process started with --rpc (as the launcher runs it)', async () => {
    const member = members[2]!;
    const dir = await tempDir('floe-follow-main-');
    const key = join(dir, 'bls.key');
    await generateBlsKeyFile(key);
    // prettier-ignore
    const child = spawn(process.execPath, [
      MAIN, '--dir', dir, '--bls-key', key,
      '--rpc', chain.url,
      '--walrus-package', deployment.packageId,
      '--staking-object', deployment.stakingObjectId,
      '--node-id', deployment.nodes[member.index]!.nodeId,
      '--poll-ms', '50',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        void exited.then((code) => reject(new Error(`node exited with ${code}: ${stderr}`)));
        createInterface({ input: child.stdout }).once('line', resolve);
      });
      const info = JSON.parse(line) as { url: string; epoch: number; shards: number[]; nodeId: string };
      expect(info).toMatchObject({ epoch: 2, shards: [5, 6, 7, 8, 9], nodeId: deployment.nodes[2]!.nodeId });
      const health = new StorageNodeClient({ url: info.url });
      // Six blob events so far: three blobs registered and certified.
      await eventually(async () => (await health.getHealth()).eventProgress.persisted === 6);
      expect(await health.getBlobStatus(blobIdFromText(first.blobId))).toMatchObject({
        permanent: { isCertified: true },
      });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
