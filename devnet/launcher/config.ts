// `devnet.json`: where everything of a running devnet is, for the CLI, portal, tests and benchmarks.
import type { GeoLink } from '../geo/regions.ts';

export interface DevnetNodeInfo {
  readonly name: string;
  readonly url: string;
  readonly adminUrl: string;
  readonly nodeId: string;
  readonly shards: readonly number[];
  /** Where the node pretends to be (`devnet/geo/regions.ts`); only with an emulated `visitor`. */
  readonly region?: string;
}

/** The devnet CA the storage nodes' HTTPS certificates come from (profiles with `tls`). */
export interface DevnetTlsInfo {
  /** PEM file of the CA: Node clients trust it (`NODE_EXTRA_CA_CERTS`, or `devnet/tls/trust.ts`). */
  readonly caPath: string;
  /** Base64 SHA-256 of the nodes' certificate key, for Chromium's `--ignore-certificate-errors-spki-list`. */
  readonly spkiSha256: string;
}

export interface DevnetConfig {
  readonly network: 'devnet';
  readonly dir: string;
  /**
   * The chain's Sui JSON-RPC endpoint (older tools use it). With a `visitor`, a shaped proxy at the
   * distance of the visitor's RPC provider (`links.chain`).
   */
  readonly rpcUrl: string;
  /**
   * The chain's Sui gRPC-web endpoint (the `sui.rpc.v2` services), Floe's default transport. The
   * same server (or proxy) as `rpcUrl`.
   */
  readonly grpcUrl: string;
  /**
   * The chain itself, unshaped, as the storage nodes and the aggregator (datacenter peers) reach
   * it; only present with a `visitor`, when `rpcUrl` is a proxy.
   */
  readonly directRpcUrl?: string;
  /** Base URL of the faucet (`POST /v2/gas`, `POST /floe/fund`). */
  readonly faucetUrl: string;
  readonly packages: {
    readonly walrusSite: string;
    readonly walrus: string;
    readonly wal: string;
    readonly names: string;
  };
  /** The shared name `Registry` (its ID comes from genesis, so it differs per devnet). */
  readonly names: { readonly registryId: string };
  readonly walrus: {
    readonly systemObjectId: string;
    readonly stakingObjectId: string;
    readonly walCoinType: string;
    readonly nShards: number;
    readonly epoch: number;
  };
  readonly nodes: readonly DevnetNodeInfo[];
  /** A funded development key (`suiprivkey…` in the file). */
  readonly devKey: { readonly path: string; readonly address: string };
  /**
   * The Walrus aggregator/publisher daemon (`floe aggregator`); absent when started without one.
   * With a `visitor`, a shaped proxy at the distance of a CDN edge (`links.aggregator`).
   */
  readonly aggregatorUrl?: string;
  /** The profile it was started with (`devnet/launcher/profiles.ts`); absent in older files. */
  readonly profile?: 'default' | 'mainnet';
  /** How many host processes run the storage nodes; absent: one process per node. */
  readonly hosts?: number;
  /** With a `visitor`: the emulated links to the chain RPC and to the aggregator. */
  readonly links?: { readonly chain: GeoLink; readonly aggregator: GeoLink };
  /**
   * Nodes failing on purpose (mainnet profile, unless started with `--no-faults`): `down` nodes are
   * not running (connection refused), `slow` ones answer every public request `slowLatencyMs` late.
   */
  readonly faults?: {
    readonly down: readonly string[];
    readonly slow: readonly string[];
    readonly slowLatencyMs: number;
  };
  /**
   * Whose view of the network the nodes emulate (`frankfurt`, `virginia`, `singapore`): each node's
   * public API answers with the latency and bandwidth from there to its `region`. Absent: loopback.
   */
  readonly visitor?: string;
  /** Present when the storage nodes serve HTTPS (the `mainnet` profile). */
  readonly tls?: DevnetTlsInfo;
}

export const DEVNET_JSON = 'devnet.json';
