// Wiring of one storage node: the SQLite store in its data folder, its chain view, the BLS signer,
// the public `/v1` server (HTTP/1.1, or HTTP/2 over TLS) and, in devnet mode only, the loopback
// admin server.
import type { Server } from 'node:http';
import type { Http2SecureServer } from 'node:http2';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { createAdminServer, type StateControl } from './admin-server.ts';
import type { BlobStateSource, CommitteeView } from './blob-state.ts';
import type { BlsSigner } from './bls.ts';
import {
  ChainFollower,
  ChainReader,
  FollowedBlobState,
  readCommitteeWithRetry,
  type ChainLocation,
} from './chain-follower.ts';
import { Faults } from './faults.ts';
import { createPublicServer } from './http-server.ts';
import { DEFAULT_LIMITS, type NodeLimits } from './limits.ts';
import { RequestLog } from './request-log.ts';
import { createSecurePublicServer, type PublicTls } from './secure-server.ts';
import { StorageNode } from './storage-node.ts';
import { NodeStore } from './store.ts';
import { StoredBlobState } from './stored-state.ts';

export interface StorageNodeConfig {
  /** Data folder; holds `node.sqlite`. One running node per folder. */
  readonly dir: string;
  readonly signer: BlsSigner;
  /**
   * Where chain state comes from. @default the state persisted in `dir`, fed by the admin API
   * (requires `committee` on first start).
   */
  readonly state?: BlobStateSource | ((store: NodeStore) => Promise<BlobStateSource>);
  /** Committee for the persisted state; replaces the stored one when given. */
  readonly committee?: CommitteeView;
  /**
   * Follow this chain: the committee comes from its Staking object and blob state from its Walrus
   * events, persisted in `dir`. Excludes `state` and `committee`.
   */
  readonly chain?: ChainFollowConfig;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default 0 (any free port) */
  readonly port?: number;
  /** Enables the admin API (fault injection, state feed). Never on outside a devnet. @default false */
  readonly devnet?: boolean;
  /** Port of the admin API, always bound to 127.0.0.1; only used with `devnet`. @default 0 */
  readonly adminPort?: number;
  readonly limits?: Partial<NodeLimits>;
  /**
   * Serve the public API over TLS with this certificate: HTTP/2, with HTTP/1.1 for clients that
   * do not offer h2, at an `https:` URL, as mainnet nodes do. @default plain HTTP/1.1
   */
  readonly tls?: PublicTls;
  /** Called on the public server before it listens, e.g. to emulate distance (devnet). */
  readonly shapePublicServer?: (server: PublicServer) => void;
  readonly onError?: (error: unknown, context: string) => void;
}

/** The public server: node:http without TLS, node:http2 (with HTTP/1.1 fallback) with it. */
export type PublicServer = Server | Http2SecureServer;

export interface ChainFollowConfig extends ChainLocation {
  /** Pause between event polls once caught up. @default 100 */
  readonly pollMs?: number;
  /** How often the committee is re-read without an epoch event. @default 2000 */
  readonly committeeCheckMs?: number;
  /**
   * How long startup retries reading the committee before it gives up (or, when the data folder
   * already holds one, starts with that and lets the follower catch up). @default 15000
   */
  readonly startupTimeoutMs?: number;
}

export interface RunningStorageNode {
  readonly url: string;
  /** Present in devnet mode only. */
  readonly adminUrl: string | undefined;
  readonly publicKey: Uint8Array;
  readonly node: StorageNode;
  readonly state: BlobStateSource;
  readonly faults: Faults;
  /** Served slivers and symbol requests per blob; present in devnet mode only. */
  readonly requestLog: RequestLog | undefined;
  /** Present when the node follows a chain. */
  readonly follower: ChainFollower | undefined;
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 2000;
const DEFAULT_STARTUP_TIMEOUT_MS = 15_000;

export async function startStorageNode(config: StorageNodeConfig): Promise<RunningStorageNode> {
  const onError = config.onError ?? (() => {});
  const limits = { ...DEFAULT_LIMITS, ...config.limits };
  const store = await NodeStore.open(config.dir);
  const servers: TrackedServer[] = [];
  let node: StorageNode | undefined;
  let follower: ChainFollower | undefined;
  try {
    if (config.chain && (config.state || config.committee)) {
      throw new Error('a node following a chain takes neither `state` nor `committee`');
    }
    let state: BlobStateSource;
    if (config.chain) {
      ({ state, follower } = await followChain(store, config.chain, onError));
    } else {
      state =
        typeof config.state === 'function'
          ? await config.state(store)
          : (config.state ?? (await StoredBlobState.open(store, config.committee)));
    }
    const faults = new Faults();
    const requestLog = config.devnet ? new RequestLog() : undefined;
    node = new StorageNode({
      store,
      state,
      signer: config.signer,
      limits,
      onError,
      ...(config.devnet ? { isBlocked: (blobId: Uint8Array) => faults.isDenied(blobId) } : {}),
    });
    // The node is subscribed to the state now, so it sees every event the follower applies.
    follower?.start();
    const host = config.host ?? '127.0.0.1';
    const publicOptions = { node, ...(config.devnet ? { faults, requestLog } : {}), onError };
    const publicServer = config.tls
      ? createSecurePublicServer(publicOptions, config.tls)
      : createPublicServer(publicOptions);
    config.shapePublicServer?.(publicServer);
    servers.push(track(publicServer));
    const port = await listen(publicServer, config.port ?? 0, host);
    const url = `${config.tls ? 'https' : 'http'}://${formatHost(host)}:${port}`;
    let adminUrl: string | undefined;
    if (config.devnet) {
      const admin = createAdminServer({
        faults,
        requestLog,
        ...(state instanceof StoredBlobState ? { state: state as StateControl } : {}),
        maxBodyBytes: limits.adminBodyBytes,
        onError,
      });
      servers.push(track(admin));
      adminUrl = `http://127.0.0.1:${await listen(admin, config.adminPort ?? 0, '127.0.0.1')}`;
    }
    const running = node;
    let closing: Promise<void> | undefined;
    return {
      url,
      adminUrl,
      publicKey: config.signer.publicKey,
      node: running,
      state,
      faults,
      requestLog,
      follower,
      close: () => (closing ??= shutdown(servers, running, store, follower)),
    };
  } catch (error) {
    await shutdown(servers, node, store, follower);
    throw error;
  }
}

/** The persisted state, with the chain's current committee, and a follower (not started yet). */
async function followChain(
  store: NodeStore,
  config: ChainFollowConfig,
  onError: (error: unknown, context: string) => void,
): Promise<{ state: BlobStateSource; follower: ChainFollower }> {
  const reader = new ChainReader(config);
  let committee: CommitteeView | undefined;
  try {
    committee = await readCommitteeWithRetry(reader, {
      timeoutMs: config.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS,
      onError,
    });
  } catch (error) {
    // Without a stored committee the node cannot serve; with one it starts and catches up.
    try {
      await StoredBlobState.open(store);
    } catch {
      throw error;
    }
    onError(error, 'chain follower: starting with the stored committee');
  }
  const stored = await StoredBlobState.open(store, committee);
  const follower = new ChainFollower(stored, reader, {
    ...(config.pollMs !== undefined ? { pollMs: config.pollMs } : {}),
    ...(config.committeeCheckMs !== undefined ? { committeeCheckMs: config.committeeCheckMs } : {}),
    onError,
  });
  return { state: new FollowedBlobState(stored, follower), follower };
}

interface TrackedServer {
  readonly server: NetServer;
  /** Open connections, cut once the close grace is over. */
  readonly sockets: Set<Socket>;
}

function track(server: NetServer): TrackedServer {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return { server, sockets };
}

function listen(server: NetServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting, lets requests in flight finish for a moment, then closes the store. */
async function shutdown(
  servers: readonly TrackedServer[],
  node: StorageNode | undefined,
  store: NodeStore,
  follower?: ChainFollower,
): Promise<void> {
  // No chain writes after this: the store closes below.
  await follower?.close();
  await Promise.all(
    servers.map(
      ({ server, sockets }) =>
        new Promise<void>((resolve) => {
          if (!server.listening) return resolve();
          const force = setTimeout(() => {
            for (const socket of sockets) socket.destroy();
          }, CLOSE_GRACE_MS);
          // Both servers' close() also ends idle keep-alive connections and sends GOAWAY to
          // HTTP/2 sessions, so only busy connections use the grace.
          server.close(() => {
            clearTimeout(force);
            resolve();
          });
        }),
    ),
  );
  await node?.close();
  await store.close();
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
