// Everything the schedules run against, started once and shared: one devnet (the schedules use a
// smaller one than the default 10 nodes / 1000 shards — 7 nodes / 100 shards — so 200 schedules fit
// in minutes; the protocol arithmetic is the same at any n), the portal server, headless Chromium,
// an encoder pool, a reader for the blob checks, and the registry of certified blobs. `close`
// stops all of it, also when setup failed half-way.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { networkFromDevnetJson } from '../core/sui/networks.ts';
import type { QuiltEncoder } from '../core/deploy/store.ts';
import type { WalrusReader } from '../core/walrus/reader.ts';
import type { DevnetConfig } from '../devnet/launcher/config.ts';
import { startDevnet } from '../devnet/launcher/launcher.ts';
import { floeReader } from '../devnet/launcher/test-support/devnet-clients.ts';
import { CHROMIUM_ARGS, findChromium } from '../e2e/support/chromium.ts';
import { startPortal } from '../portal/server/server.ts';
import { EncodePool } from '../publisher/encode-pool.ts';
import { buildPortal } from '../scripts/build.ts';
import { BlobRegistry } from './blobs.ts';
import { chromiumDriver, portalDriver, serviceDriver, type BrowseDriver } from './browse.ts';
import { openChain, type Chain } from './chain.ts';
import { Cluster } from './cluster.ts';
import type { Via } from './schedule.ts';
import type { Topology } from './topology.ts';

export interface World {
  readonly topology: Topology;
  readonly config: DevnetConfig;
  readonly chain: Chain;
  readonly cluster: Cluster;
  readonly encoder: QuiltEncoder;
  readonly reader: WalrusReader;
  readonly registry: BlobRegistry;
  readonly drivers: Readonly<Partial<Record<Via, BrowseDriver>>>;
  readonly log: (line: string) => void;
  /** Step-by-step detail, printed with --verbose. */
  readonly debug: (line: string) => void;
}

export interface WorldOptions {
  readonly nodes: number;
  readonly shards: number;
  /** Browse through Chromium and the service worker too (builds the portal first). */
  readonly chromium: boolean;
  readonly log: (line: string) => void;
  readonly verbose: boolean;
}

export async function startWorld(options: WorldOptions): Promise<World & { close(): Promise<void> }> {
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => {});
  };
  try {
    const dir = await mkdtemp(join(tmpdir(), 'floe-faults-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    const devnet = await startDevnet({
      dir: join(dir, 'devnet'),
      nodes: options.nodes,
      shards: options.shards,
      port: 0,
    });
    closers.push(() => devnet.stop());
    const network = networkFromDevnetJson(
      JSON.parse(await readFile(join(devnet.config.dir, 'devnet.json'), 'utf8')),
    );
    const distDir = join(dir, 'dist');
    if (options.chromium) await buildPortal(distDir);
    const portal = await startPortal({ network, distDir, port: 0, debugHeader: true });
    closers.push(() => portal.close());
    const encoder = new EncodePool(1);
    closers.push(() => encoder.close());
    const chain = openChain(network);
    const drivers: Partial<Record<Via, BrowseDriver>> = {
      portal: portalDriver(portal),
      service: serviceDriver(chain),
    };
    if (options.chromium) {
      const executablePath = findChromium(process.env, existsSync);
      const browser = await chromium.launch({
        headless: true,
        // The suite's own handlers stop the devnet too; Playwright's would exit the process first.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        ...(executablePath ? { executablePath } : {}),
        args: [...CHROMIUM_ARGS],
      });
      closers.push(() => browser.close());
      drivers.chromium = chromiumDriver(browser, portal);
      closers.push(() => drivers.chromium!.close());
    }
    return {
      topology: {
        nShards: devnet.config.walrus.nShards,
        nodeShards: devnet.config.nodes.map((n) => n.shards.length),
      },
      config: devnet.config,
      chain,
      cluster: new Cluster(devnet),
      encoder,
      reader: floeReader(devnet.config),
      registry: new BlobRegistry(),
      drivers,
      log: options.log,
      debug: options.verbose ? options.log : () => {},
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
