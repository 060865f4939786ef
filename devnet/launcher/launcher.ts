// Starts a whole devnet: genesis on first run (node keys, shard split, Walrus system objects), the
// chain process, one storage-node process per node following it, a funded development key, and
// `devnet.json`. State lives under one directory and is reused on restart; `reset` wipes it.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { loadOrCreateFaucetKey } from '../chain/chain.ts';
import { WAL_COIN_TYPE, walrusGenesis, type WalrusDeployment } from '../chain/natives/walrus/index.ts';
import {
  NAMES_PACKAGE,
  WAL_PACKAGE,
  WALRUS_PACKAGE,
  WALRUS_SITE_PACKAGE,
} from '../chain/natives/packages.ts';
import { devnetRegistry } from '../chain/registry.ts';
import { readWalrusGenesisFile, writeWalrusGenesisFile } from '../chain/walrus-genesis-file.ts';
import { assignRegions, linkTo, type Visitor } from '../geo/regions.ts';
import { generateBlsKeyFile } from '../node/key-file.ts';
import { DEVNET_JSON, type DevnetConfig } from './config.ts';
import { checkPlanMatches, makePlan, type DevnetPlan } from './plan.ts';
import { freePorts } from './ports.ts';
import { startChild, type Child } from './process.ts';

const HERE = import.meta.dirname;
const CHAIN_MAIN = join(HERE, '..', 'chain', 'main.ts');
const NODE_MAIN = join(HERE, '..', 'node', 'main.ts');
const FLOE_CLI = join(HERE, '..', '..', 'publisher', 'cli.ts');
/** Prices in FROST per MiB of encoded size, as on testnet. */
const STORAGE_PRICE = 100_000n;
const WRITE_PRICE = 20_000n;
const EPOCH_MS = 24 * 60 * 60 * 1000;
const FAUCET_WAL_COINS = 20;
const WAL_PER_COIN = 1_000_000n * 1_000_000_000n; // 1M WAL, 9 decimals
const DEV_GRANT = { sui: 1_000n * 1_000_000_000n, wal: 1_000n * 1_000_000_000n };
/** Fixed, so a devnet's nodes keep their regions across restarts. */
const REGION_SEED = 1;

export interface DevnetOptions {
  readonly dir: string;
  readonly nodes?: number;
  readonly shards?: number;
  /** Chain RPC port; 0 picks a free one (tests). */
  readonly port?: number;
  readonly reset?: boolean;
  readonly log?: (message: string) => void;
  /** Port of the Walrus aggregator/publisher daemon; 0 picks a free one (default), null starts none. */
  readonly aggregatorPort?: number | null;
  /**
   * Emulate the distance from this visitor to nodes spread over the world: each node gets a region
   * and answers on its public API with that region's latency and bandwidth. @default loopback speed
   */
  readonly visitor?: Visitor;
}

export interface Devnet {
  readonly config: DevnetConfig;
  readonly plan: DevnetPlan;
  readonly deployment: WalrusDeployment;
  /** Stops node `index` (SIGTERM, or SIGKILL with `kill`), e.g. to test faults. */
  stopNode(index: number, kill?: boolean): Promise<void>;
  startNode(index: number): Promise<void>;
  stop(): Promise<void>;
}

export class DevnetError extends Error {
  override name = 'DevnetError';
}

export async function startDevnet(options: DevnetOptions): Promise<Devnet> {
  const dir = resolve(options.dir);
  const log = options.log ?? (() => undefined);
  const wanted = { nodes: options.nodes ?? 10, nShards: options.shards ?? 1000 };
  if (options.reset) await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'logs'), { recursive: true });
  const chainDir = join(dir, 'chain');
  const genesisFile = join(dir, 'walrus-genesis.json');
  const planFile = join(dir, 'plan.json');

  let plan: DevnetPlan;
  if (existsSync(planFile)) {
    plan = JSON.parse(await readFile(planFile, 'utf8')) as DevnetPlan;
    checkPlanMatches(plan, wanted);
    log(`reusing the devnet in ${dir}`);
  } else {
    plan = await createGenesis(dir, chainDir, genesisFile, wanted, options.port ?? 0, log);
    // Written last: a directory with plan.json has a complete genesis.
    await writeFile(planFile, `${JSON.stringify(plan, null, 2)}\n`);
  }
  const deployment = walrusGenesis(devnetRegistry(), await readWalrusGenesisFile(genesisFile)).deployment;

  const children: Child<unknown>[] = [];
  const nodes: (Child<{ url: string; adminUrl: string | null }> | undefined)[] = [];
  let aggregator: Child<{ url: string }> | undefined;
  const stopAll = async () => {
    // The daemon reads from and writes to the nodes: it goes first.
    await aggregator?.stop();
    await Promise.all(nodes.map((n) => n?.stop()));
    await Promise.all(children.map((c) => c.stop()));
  };
  try {
    log('starting the chain');
    const chain = await startChild<{ url: string; namesRegistryId: string }>(
      'chain',
      CHAIN_MAIN,
      ['--dir', chainDir, '--port', String(plan.chainPort), '--walrus-genesis', genesisFile],
      join(dir, 'logs', 'chain.log'),
    );
    children.push(chain);
    const rpcUrl = chain.info.url;
    const visitor = options.visitor;
    const regions = visitor ? assignRegions(plan.nodes.length, REGION_SEED) : undefined;
    const startNode = async (index: number) => {
      const node = plan.nodes[index]!;
      const nodeDir = join(dir, 'nodes', node.name);
      const region = regions?.[index];
      nodes[index] = await startChild<{ url: string; adminUrl: string | null }>(
        node.name,
        NODE_MAIN,
        [
          ...['--dir', join(nodeDir, 'data'), '--bls-key', join(nodeDir, 'bls.key')],
          ...['--port', String(node.port), '--devnet', '--admin-port', String(node.adminPort)],
          ...['--rpc', rpcUrl, '--walrus-package', deployment.packageId],
          ...['--staking-object', deployment.stakingObjectId, '--node-id', deployment.nodes[index]!.nodeId],
          ...(visitor && region ? ['--geo-link', JSON.stringify(linkTo(visitor, region))] : []),
        ],
        join(dir, 'logs', `${node.name}.log`),
      );
    };
    log(`starting ${plan.nodes.length} storage nodes`);
    await Promise.all(plan.nodes.map((_, i) => startNode(i)));
    await waitHealthy(nodes.map((n) => n!.info.url));

    const devKey = await loadOrCreateDevKey(join(dir, 'dev.key'), rpcUrl, log);
    let config: DevnetConfig = {
      network: 'devnet',
      dir,
      rpcUrl,
      // One server answers both: JSON-RPC at `/`, gRPC-web at `/sui.rpc.v2.<Service>/<Method>`.
      grpcUrl: rpcUrl,
      faucetUrl: rpcUrl,
      packages: {
        walrusSite: WALRUS_SITE_PACKAGE,
        walrus: WALRUS_PACKAGE,
        wal: WAL_PACKAGE,
        names: NAMES_PACKAGE,
      },
      names: { registryId: chain.info.namesRegistryId },
      walrus: {
        systemObjectId: deployment.systemObjectId,
        stakingObjectId: deployment.stakingObjectId,
        walCoinType: WAL_COIN_TYPE,
        nShards: plan.nShards,
        epoch: deployment.epoch,
      },
      nodes: plan.nodes.map((node, i) => ({
        name: node.name,
        url: nodes[i]!.info.url,
        adminUrl: nodes[i]!.info.adminUrl ?? '',
        nodeId: deployment.nodes[i]!.nodeId,
        shards: node.shards,
        ...(regions ? { region: regions[i] } : {}),
      })),
      devKey,
      ...(visitor ? { visitor } : {}),
    };
    await writeFile(join(dir, DEVNET_JSON), `${JSON.stringify(config, null, 2)}\n`);
    if (options.aggregatorPort !== null) {
      // It opens the devnet from the devnet.json just written, and signs with the dev key only.
      log('starting the Walrus aggregator and publisher');
      aggregator = await startChild<{ url: string }>(
        'aggregator',
        FLOE_CLI,
        [
          ...['aggregator', '--network', 'devnet', '--devnet-dir', dir, '--json'],
          ...['--port', String(options.aggregatorPort ?? 0), '--key-file', devKey.path],
        ],
        join(dir, 'logs', 'aggregator.log'),
      );
      config = { ...config, aggregatorUrl: aggregator.info.url };
      await writeFile(join(dir, DEVNET_JSON), `${JSON.stringify(config, null, 2)}\n`);
    }
    return {
      config,
      plan,
      deployment,
      stopNode: async (index, kill = false) => {
        const node = nodes[index];
        if (!node) return;
        if (kill) node.process.kill('SIGKILL');
        await node.stop();
        nodes[index] = undefined;
      },
      startNode: async (index) => {
        if (!nodes[index]) await startNode(index);
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function createGenesis(
  dir: string,
  chainDir: string,
  genesisFile: string,
  wanted: { nodes: number; nShards: number },
  chainPort: number,
  log: (message: string) => void,
): Promise<DevnetPlan> {
  log(`creating a devnet with ${wanted.nodes} nodes and ${wanted.nShards} shards in ${dir}`);
  const ports = await freePorts(2 * wanted.nodes + (chainPort === 0 ? 1 : 0));
  const plan = makePlan({
    nShards: wanted.nShards,
    nodes: wanted.nodes,
    chainPort: chainPort === 0 ? ports.pop()! : chainPort,
    ports: ports.slice(0, wanted.nodes),
    adminPorts: ports.slice(wanted.nodes),
    now: Date.now(),
  });
  const faucet = await loadOrCreateFaucetKey(chainDir);
  const nodes = [];
  for (const node of plan.nodes) {
    const nodeDir = join(dir, 'nodes', node.name);
    await mkdir(nodeDir, { recursive: true });
    const { publicKey } = await generateBlsKeyFile(join(nodeDir, 'bls.key'));
    nodes.push({
      name: node.name,
      networkAddress: `127.0.0.1:${node.port}`,
      blsPublicKey: publicKey,
      shards: node.shards,
    });
  }
  await writeWalrusGenesisFile(genesisFile, {
    nShards: plan.nShards,
    nodes,
    storagePricePerUnit: STORAGE_PRICE,
    writePricePerUnit: WRITE_PRICE,
    epochDurationMs: EPOCH_MS,
    timestampMs: plan.genesisTimestampMs,
    walCoins: Array.from({ length: FAUCET_WAL_COINS }, () => ({
      owner: faucet.toSuiAddress(),
      amount: WAL_PER_COIN,
    })),
  });
  return plan;
}

/** Polls every node's health endpoint until all answer (they print their ready line first). */
async function waitHealthy(urls: readonly string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const url of urls) {
    for (;;) {
      try {
        const response = await fetch(`${url}/v1/health`);
        if (response.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new DevnetError(`storage node ${url} is not healthy after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function loadOrCreateDevKey(
  path: string,
  faucetUrl: string,
  log: (message: string) => void,
): Promise<{ path: string; address: string }> {
  if (existsSync(path)) {
    const key = Ed25519Keypair.fromSecretKey((await readFile(path, 'utf8')).trim());
    return { path, address: key.toSuiAddress() };
  }
  const key = new Ed25519Keypair();
  const response = await fetch(`${faucetUrl}/floe/fund`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      recipient: key.toSuiAddress(),
      sui: String(DEV_GRANT.sui),
      wal: String(DEV_GRANT.wal),
    }),
  });
  if (!response.ok) throw new DevnetError(`funding the development key failed: ${await response.text()}`);
  // Saved only once funded, so a failed first start funds again next time.
  await writeFile(path, `${key.getSecretKey()}\n`, { mode: 0o600 });
  log(`funded the development key ${key.toSuiAddress()}`);
  return { path, address: key.toSuiAddress() };
}
