// `devnet.json`: where everything of a running devnet is, for the CLI, portal, tests and benchmarks.

export interface DevnetNodeInfo {
  readonly name: string;
  readonly url: string;
  readonly adminUrl: string;
  readonly nodeId: string;
  readonly shards: readonly number[];
  /** Where the node pretends to be (`devnet/geo/regions.ts`); only with an emulated `visitor`. */
  readonly region?: string;
}

export interface DevnetConfig {
  readonly network: 'devnet';
  readonly dir: string;
  /** The chain's Sui JSON-RPC endpoint (the storage nodes and older tools use it). */
  readonly rpcUrl: string;
  /** The chain's Sui gRPC-web endpoint (the `sui.rpc.v2` services), Floe's default transport. */
  readonly grpcUrl: string;
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
  /** The Walrus aggregator/publisher daemon (`floe aggregator`); absent when started without one. */
  readonly aggregatorUrl?: string;
  /**
   * Whose view of the network the nodes emulate (`frankfurt`, `virginia`, `singapore`): each node's
   * public API answers with the latency and bandwidth from there to its `region`. Absent: loopback.
   */
  readonly visitor?: string;
}

export const DEVNET_JSON = 'devnet.json';
