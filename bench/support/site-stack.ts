// What the browser benchmarks visit: a 10-node / 1000-shard devnet with examples/hello deployed by
// `floe deploy`, Floe's portal in this process, and a plain static server holding the same folder's
// files in memory, all on loopback; plus headless Chromium. `close()` stops everything started.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { objectIdToBase36 } from '../../core/site/base36.ts';
import { networkFromDevnetJson } from '../../core/sui/networks.ts';
import { startDevnet, type Devnet } from '../../devnet/launcher/launcher.ts';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/support/chromium.ts';
import { startStaticServer, type StaticFile, type StaticServer } from '../../e2e/support/static-server.ts';
import { startPortal, type Portal } from '../../portal/server/server.ts';
import { deployFolder } from '../../publisher/test-support/run-floe.ts';
import { buildPortal } from '../../scripts/build.ts';
import { FLOOR_WORKER_PATH, FLOOR_WORKER_SOURCE } from './floor-worker.ts';

export const NODES = 10;
export const SHARDS = 1000;
export const SITE_SOURCE = 'examples/hello';

/** What the static server sends with every file: fresh for an hour, so repeat visits use the HTTP cache. */
export const STATIC_CACHE_CONTROL = 'public, max-age=3600';

export interface SiteFileInfo {
  /** Resource path, e.g. `/css/site.css`. */
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

export interface SiteStack {
  readonly devnet: Devnet;
  readonly portal: Portal;
  /**
   * Replaces the portal with a new one on the same port that has served nothing: a portal keeps
   * verified bytes and lookups in memory, which would answer a later "first" visit from memory.
   */
  renewPortal(): Promise<void>;
  readonly staticServer: StaticServer;
  readonly siteId: string;
  /** Files of the deployed folder by resource path (ws-resources.json and ignored files left out). */
  readonly files: ReadonlyMap<string, SiteFileInfo>;
  /** Sizes of the portal's built files by URL path (`/__floe/sw.js` → bytes). */
  readonly portalFiles: ReadonlyMap<string, number>;
  /** `http://<base36>.localhost:<port><path>` */
  floeUrl(path: string): string;
  /** `http://127.0.0.1:<port><path>` */
  staticUrl(path: string): string;
  /**
   * The same server as `localhost:<port>`: another origin, so the floor worker registered there
   * (floor-worker.ts, served at FLOOR_WORKER_PATH) never answers the static target's visits.
   */
  floorUrl(path: string): string;
  /** Milliseconds spent starting the devnet, building the portal and deploying. */
  readonly timings: { readonly devnetMs: number; readonly buildMs: number; readonly deployMs: number };
  close(): Promise<void>;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Every file under `root`, as resource paths (`/css/site.css`). */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => `/${relative(root, join(e.parentPath, e.name)).split(sep).join('/')}`);
}

/** Starts the devnet, builds the portal, deploys the site and starts both servers. */
export async function startSiteStack(
  log: (message: string) => void,
  options: {
    readonly debugHeader?: boolean;
    /** Called once the devnet is up, before the build and the deploy (which mostly wait on it). */
    readonly onDevnetReady?: () => void;
  } = {},
): Promise<SiteStack> {
  const dir = await mkdtemp(join(tmpdir(), 'floe-bench-site-'));
  const stops: (() => Promise<void>)[] = [() => rm(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
  };
  try {
    log(`starting a ${NODES}-node / ${SHARDS}-shard devnet…`);
    let started = performance.now();
    const devnet = await startDevnet({ dir: join(dir, 'devnet'), nodes: NODES, shards: SHARDS, port: 0 });
    stops.push(() => devnet.stop());
    const devnetMs = performance.now() - started;
    options.onDevnetReady?.();

    log('building the portal…');
    started = performance.now();
    await buildPortal(join(dir, 'dist'));
    const buildMs = performance.now() - started;
    const portalFiles = new Map<string, number>();
    for (const path of await listFiles(join(dir, 'dist'))) {
      portalFiles.set(path, (await stat(join(dir, 'dist', ...path.slice(1).split('/')))).size);
    }

    log(`deploying ${SITE_SOURCE}…`);
    const source = join(dir, 'site');
    await cp(SITE_SOURCE, source, { recursive: true });
    started = performance.now();
    const siteId = await deployFolder(source, devnet.config.dir);
    const deployMs = performance.now() - started;

    const network = networkFromDevnetJson(
      JSON.parse(await readFile(join(devnet.config.dir, 'devnet.json'), 'utf8')),
    );
    const openPortal = async (port: number) => {
      const opened = await startPortal({
        network,
        distDir: join(dir, 'dist'),
        port,
        debugHeader: options.debugHeader ?? false,
      });
      // A running portal knows the committee; the first visitor should not pay for reading it.
      await (await fetch(new URL('/__floe/config.json', opened.url))).arrayBuffer();
      return opened;
    };
    let portal = await openPortal(0);
    stops.push(() => portal.close());

    // The same bytes over plain HTTP. Paths are keyed as the browser sends them (percent-encoded).
    const files = new Map<string, SiteFileInfo>();
    const served: Record<string, StaticFile> = {};
    for (const path of await listFiles(source)) {
      if (path === '/ws-resources.json' || path.startsWith('/drafts/')) continue;
      const body = await readFile(join(source, ...path.slice(1).split('/')));
      files.set(path, { path, size: body.length, sha256: sha256Hex(body) });
      served[encodeURI(path)] = { body, headers: { 'Cache-Control': STATIC_CACHE_CONTROL } };
    }
    served[FLOOR_WORKER_PATH] = {
      body: FLOOR_WORKER_SOURCE,
      headers: { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-cache' },
    };
    const staticServer = await startStaticServer(served);
    stops.push(() => staticServer.close());

    const label = objectIdToBase36(siteId);
    return {
      devnet,
      get portal() {
        return portal;
      },
      renewPortal: async () => {
        const port = portal.port;
        await portal.close();
        portal = await openPortal(port);
      },
      staticServer,
      siteId,
      files,
      portalFiles,
      floeUrl: (path) => new URL(path, portal.siteUrl(label)).toString(),
      staticUrl: (path) => staticServer.url(path),
      floorUrl: (path) => staticServer.url(path, 'localhost'),
      timings: { devnetMs, buildMs, deployMs },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Headless Chromium as the e2e tests run it (Debian's, else Playwright's own). */
export function launchChromium(): Promise<Browser> {
  const executablePath = findChromium(process.env, existsSync);
  return chromium.launch({ ...(executablePath ? { executablePath } : {}), args: [...CHROMIUM_ARGS] });
}
