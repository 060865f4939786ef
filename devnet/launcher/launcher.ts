// Starts a whole devnet: genesis on first run (node keys, shard split, Walrus system objects), the
// chain process, the storage nodes following it (a process each, or many per host process for the
// large profiles), a funded development key, and `devnet.json`. With a visitor, everything the
// visitor talks to answers from a distance. State lives under one directory and is reused on
// restart; `reset` wipes it.
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
import { loadOrCreateDevnetTls, type DevnetTls } from '../tls/devnet-tls.ts';
import { trustCaInThisProcess } from '../tls/trust.ts';
import { DEVNET_JSON, type DevnetConfig } from './config.ts';
import { chooseFaults, type ChosenFaults } from './faults-plan.ts';
import { startVisitorProxies, type VisitorProxies } from './visitor-proxies.ts';
import { startHostedFleet, startProcessFleet, type NodeFleet, type NodeLaunch } from './node-fleet.ts';
import { checkPlanMatches, makePlan, type DevnetPlan } from './plan.ts';
import { freePorts } from './ports.ts';
import { startChild, type Child } from './process.ts';
import { describeLink } from './summary.ts';
import { hostGroups, PROFILES, type DevnetProfile, type ProfileName } from './profiles.ts';

const HERE = import.meta.dirname;
const CHAIN_MAIN = join(HERE, '..', 'chain', 'main.ts');
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
  /**
   * The devnet's shape (`profiles.ts`): `default` is 10 equal nodes, a process each; `mainnet` is
   * 100 nodes with skewed stake in a few host processes, some down or slow. @default 'default'
   */
  readonly profile?: ProfileName;
  /** @default the profile's (10 or 100) */
  readonly nodes?: number;
  /** @default the profile's (1000) */
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
  /**
   * Start the profile's failing nodes (some down, some slow; listed in devnet.json `faults`).
   * Only profiles that have them (`mainnet`). @default true
   */
  readonly faults?: boolean;
}

export interface Devnet {
  readonly config: DevnetConfig;
  readonly plan: DevnetPlan;
  readonly deployment: WalrusDeployment;
  /**
   * Stops node `index`: its process gets SIGTERM (SIGKILL with `kill`); a node in a host process
   * is closed through the host (`kill` is then the same as a stop).
   */
  stopNode(index: number, kill?: boolean): Promise<void>;
  /** Starts node `index` again (a slow node gets its latency back). */
  startNode(index: number): Promise<void>;
  /** The devnet's OS processes (chain, nodes or hosts, aggregator), e.g. to measure them. */
  processes(): readonly { readonly name: string; readonly pid: number }[];
  stop(): Promise<void>;
}

export class DevnetError extends Error {
  override name = 'DevnetError';
}

export async function startDevnet(options: DevnetOptions): Promise<Devnet> {
  const dir = resolve(options.dir);
  const log = options.log ?? (() => undefined);
  const profile: DevnetProfile = PROFILES[options.profile ?? 'default'];
  const wanted = {
    nodes: options.nodes ?? profile.nodes,
    nShards: options.shards ?? profile.nShards,
    profile: profile.name,
  };
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
    plan = await createGenesis(dir, chainDir, genesisFile, wanted, profile, options.port ?? 0, log);
    // Written last: a directory with plan.json has a complete genesis.
    await writeFile(planFile, `${JSON.stringify(plan, null, 2)}\n`);
  }
  const deployment = walrusGenesis(devnetRegistry(), await readWalrusGenesisFile(genesisFile)).deployment;
  const faults: ChosenFaults =
    profile.faults && options.faults !== false
      ? chooseFaults(
          plan.nodes.map((n) => n.shards.length),
          profile.faults,
        )
      : { down: [], slow: [] };

  const children: Child<unknown>[] = [];
  let fleet: NodeFleet | undefined;
  let proxies: VisitorProxies | undefined;
  let aggregator: Child<{ url: string }> | undefined;
  const stopAll = async () => {
    await proxies?.close();
    // The daemon reads from and writes to the nodes: it goes first.
    await aggregator?.stop();
    await fleet?.stopAll();
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
    // Storage nodes and the aggregator sit in datacenters: they reach the chain directly.
    const chainUrl = chain.info.url;
    const visitor = options.visitor;
    const regions = visitor ? assignRegions(plan.nodes.length, REGION_SEED) : undefined;
    const launches: NodeLaunch[] = plan.nodes.map((node, index) => {
      const nodeDir = join(dir, 'nodes', node.name);
      const region = regions?.[index];
      return {
        name: node.name,
        dir: join(nodeDir, 'data'),
        blsKey: join(nodeDir, 'bls.key'),
        port: node.port,
        adminPort: node.adminPort,
        chain: {
          rpcUrl: chainUrl,
          packageId: deployment.packageId,
          stakingObjectId: deployment.stakingObjectId,
          nodeId: deployment.nodes[index]!.nodeId,
          ...(profile.follower ?? {}),
        },
        ...(visitor && region ? { geoLink: linkTo(visitor, region) } : {}),
      };
    });
    // Nodes' HTTPS: this process trusts the devnet CA for its health checks, children get it too.
    let tls: DevnetTls | undefined;
    if (profile.tls) {
      tls = await loadOrCreateDevnetTls(join(dir, 'tls'));
      trustCaInThisProcess(tls.caPem);
    }
    const down = new Set(faults.down);
    const initial = plan.nodes.flatMap((_, i) => (down.has(i) ? [] : [i]));
    const logDir = join(dir, 'logs');
    if (profile.nodesPerHost) {
      const groups = hostGroups(plan.nodes.length, profile.nodesPerHost);
      log(
        `starting ${initial.length} of ${plan.nodes.length} storage nodes in ${groups.length} host processes`,
      );
      await mkdir(join(dir, 'hosts'), { recursive: true });
      fleet = await startHostedFleet(
        launches,
        groups,
        initial,
        { specDir: join(dir, 'hosts'), logDir },
        tls ? { certPath: tls.certPath, keyPath: tls.keyPath } : undefined,
      );
    } else {
      log(`starting ${initial.length} of ${plan.nodes.length} storage nodes`);
      fleet = await startProcessFleet(launches, initial, logDir);
    }
    const running = fleet;
    await waitHealthy(initial.map((i) => running.urls(i)!.url));
    const slowFault = { latencyMs: profile.faults?.slowLatencyMs ?? 0 };
    const makeSlow = (index: number) => setFaults(running.urls(index)!.adminUrl, slowFault);
    await Promise.all(faults.slow.map(makeSlow));

    const devKey = await loadOrCreateDevKey(join(dir, 'dev.key'), chainUrl, log);
    if (visitor) {
      proxies = await startVisitorProxies(visitor, chainUrl);
      log(
        `the visitor reaches the chain through ${proxies.chain.url} (${describeLink(proxies.links.chain)})`,
      );
    }
    // The visitor's view: through the proxies when there is a visitor.
    const rpcUrl = proxies?.chain.url ?? chainUrl;
    const nodeUrls = (index: number) =>
      running.urls(index) ?? {
        url: `${tls ? 'https' : 'http'}://127.0.0.1:${plan.nodes[index]!.port}`,
        adminUrl: `http://127.0.0.1:${plan.nodes[index]!.adminPort}`,
      };
    const configFor = (chainRpc: string): DevnetConfig => ({
      network: 'devnet',
      dir,
      rpcUrl: chainRpc,
      // One server answers both: JSON-RPC at `/`, gRPC-web at `/sui.rpc.v2.<Service>/<Method>`.
      grpcUrl: chainRpc,
      faucetUrl: chainUrl,
      ...(chainRpc !== chainUrl ? { directRpcUrl: chainUrl } : {}),
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
        url: nodeUrls(i).url,
        adminUrl: nodeUrls(i).adminUrl ?? '',
        nodeId: deployment.nodes[i]!.nodeId,
        shards: node.shards,
        ...(regions ? { region: regions[i] } : {}),
      })),
      devKey,
      profile: profile.name,
      ...(profile.nodesPerHost ? { hosts: running.processes().length } : {}),
      ...(visitor ? { visitor } : {}),
      ...(proxies ? { links: proxies.links } : {}),
      ...(tls ? { tls: { caPath: tls.caPath, spkiSha256: tls.spkiSha256 } } : {}),
      ...(faults.down.length + faults.slow.length > 0
        ? {
            faults: {
              down: faults.down.map((i) => plan.nodes[i]!.name),
              slow: faults.slow.map((i) => plan.nodes[i]!.name),
              slowLatencyMs: slowFault.latencyMs,
            },
          }
        : {}),
    });
    let config = configFor(rpcUrl);
    await writeFile(join(dir, DEVNET_JSON), `${JSON.stringify(config, null, 2)}\n`);
    if (options.aggregatorPort !== null) {
      // It opens the devnet from a devnet.json, and signs with the dev key only. Its own copy
      // points at the chain directly: the daemon runs next to the nodes, not at the visitor's.
      let aggregatorDir = dir;
      if (proxies) {
        aggregatorDir = join(dir, 'aggregator');
        await mkdir(aggregatorDir, { recursive: true });
        await writeFile(
          join(aggregatorDir, DEVNET_JSON),
          `${JSON.stringify(configFor(chainUrl), null, 2)}\n`,
        );
      }
      log('starting the Walrus aggregator and publisher');
      aggregator = await startChild<{ url: string }>(
        'aggregator',
        FLOE_CLI,
        [
          ...['aggregator', '--network', 'devnet', '--devnet-dir', aggregatorDir, '--json'],
          // With a visitor the proxy takes the asked-for port, so local tools find the shaped one.
          ...['--port', String(proxies ? 0 : (options.aggregatorPort ?? 0)), '--key-file', devKey.path],
        ],
        join(dir, 'logs', 'aggregator.log'),
        tls ? { env: { NODE_EXTRA_CA_CERTS: tls.caPath } } : {},
      );
      const aggregatorUrl = proxies
        ? (await proxies.addAggregator(aggregator.info.url, options.aggregatorPort ?? 0)).url
        : aggregator.info.url;
      config = { ...config, aggregatorUrl };
      await writeFile(join(dir, DEVNET_JSON), `${JSON.stringify(config, null, 2)}\n`);
    }
    const slow = new Set(faults.slow);
    return {
      config,
      plan,
      deployment,
      stopNode: (index, kill = false) => running.stop(index, kill),
      startNode: async (index) => {
        if (running.urls(index)) return;
        await running.start(index);
        await waitHealthy([running.urls(index)!.url]);
        if (slow.has(index)) await makeSlow(index);
      },
      processes: () => [
        ...children.flatMap((c) => (c.process.pid ? [{ name: c.name, pid: c.process.pid }] : [])),
        ...running.processes(),
        ...(aggregator?.process.pid ? [{ name: 'aggregator', pid: aggregator.process.pid }] : []),
      ],
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Sets a node's faults through its admin API (`devnet/node/admin-server.ts`). */
async function setFaults(adminUrl: string | null, faults: { latencyMs: number }): Promise<void> {
  if (!adminUrl) throw new DevnetError('a node without an admin API cannot be made slow');
  const response = await fetch(`${adminUrl}/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!response.ok) throw new DevnetError(`setting faults at ${adminUrl}: ${await response.text()}`);
}

async function createGenesis(
  dir: string,
  chainDir: string,
  genesisFile: string,
  wanted: { nodes: number; nShards: number },
  profile: DevnetProfile,
  chainPort: number,
  log: (message: string) => void,
): Promise<DevnetPlan> {
  log(`creating a ${profile.name} devnet with ${wanted.nodes} nodes and ${wanted.nShards} shards in ${dir}`);
  const ports = await freePorts(2 * wanted.nodes + (chainPort === 0 ? 1 : 0));
  const plan = makePlan({
    nShards: wanted.nShards,
    nodes: wanted.nodes,
    chainPort: chainPort === 0 ? ports.pop()! : chainPort,
    ports: ports.slice(0, wanted.nodes),
    adminPorts: ports.slice(wanted.nodes),
    now: Date.now(),
    profile: profile.name,
    ...(profile.stakeSeed !== undefined ? { stakeSeed: profile.stakeSeed } : {}),
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
