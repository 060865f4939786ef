// Devnet profiles: the shapes `npm run devnet -- --profile <name>` can start. `default` is the small
// devnet of tests and daily work (10 equal nodes, one process each); `mainnet` imitates Walrus
// mainnet's committee (about 100 nodes, skewed stake, a few nodes down or slow) on a 2-core laptop.

export const PROFILE_NAMES = ['default', 'mainnet'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface DevnetProfile {
  readonly name: ProfileName;
  readonly nodes: number;
  readonly nShards: number;
  /** Seed of the skewed, stake-like shard split (`stake.ts`); absent: equal split. */
  readonly stakeSeed?: number;
  /** Storage nodes per host process (`devnet/node/host-main.ts`); absent: one process per node. */
  readonly nodesPerHost?: number;
  /** Chain follower settings of every node; absent: the node's defaults. */
  readonly follower?: { readonly pollMs: number; readonly committeeCheckMs: number };
  /** Nodes failing as on a real network, unless turned off (`faults: false`). */
  readonly faults?: FaultPlan;
  /**
   * Storage nodes serve HTTPS with HTTP/2 (HTTP/1.1 fallback) from a devnet CA (`devnet/tls/`), as
   * mainnet nodes do; browsers then multiplex a node's requests on one connection. @default false
   */
  readonly tls?: boolean;
}

export interface FaultPlan {
  /** How many nodes are not running (connections refused). */
  readonly down: number;
  /** How many nodes answer every public request this late. */
  readonly slow: number;
  readonly slowLatencyMs: number;
  /** Picks among the nodes with the fewest shards, so writes still reach 2/3 of the shards. */
  readonly seed: number;
}

export const PROFILES: Readonly<Record<ProfileName, DevnetProfile>> = {
  default: { name: 'default', nodes: 10, nShards: 1000 },
  mainnet: {
    name: 'mainnet',
    nodes: 100,
    nShards: 1000,
    stakeSeed: 7,
    // Measured on 2 cores: a host of 25 nodes takes ~200 MiB (a process per node would take ~100
    // V8 heaps), the whole devnet ~1.3 GiB idle and starts in ~35 s; 4 hosts let both cores work
    // during a deploy without one event loop becoming the bottleneck.
    nodesPerHost: 25,
    // 100 followers at the node defaults (events every 100 ms, committee every 2 s) kept the idle
    // chain at ~13 % of a core and the hosts at ~70 %; at 1 s / 10 s the chain idles at ~4 % and
    // the hosts at ~20 %, and a deploy of examples/hello is no slower (registrations reach the
    // nodes within the SDK's sliver-upload retries).
    follower: { pollMs: 1000, committeeCheckMs: 10_000 },
    faults: { down: 3, slow: 3, slowLatencyMs: 1500, seed: 11 },
    tls: true,
  },
};

export function isProfileName(text: string): text is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(text);
}

/** Node indices per host: consecutive runs of `perHost`, the last one shorter. */
export function hostGroups(nodes: number, perHost: number): number[][] {
  if (!Number.isInteger(perHost) || perHost < 1) throw new RangeError(`bad nodes per host ${perHost}`);
  return Array.from({ length: Math.ceil(nodes / perHost) }, (_, h) =>
    Array.from({ length: Math.min(perHost, nodes - h * perHost) }, (_, k) => h * perHost + k),
  );
}
