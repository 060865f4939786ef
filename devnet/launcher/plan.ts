// The shape of a devnet, decided once and kept in `plan.json`: node names, ports and key files, and
// the shard split. Ports are fixed for the devnet's life because each node's address is on chain.
import { PlanError } from './plan-error.ts';
import type { ProfileName } from './profiles.ts';
import { contiguousShards, skewedShardCounts } from './stake.ts';

export { PlanError } from './plan-error.ts';

export interface NodePlan {
  readonly name: string;
  readonly port: number;
  readonly adminPort: number;
  readonly shards: readonly number[];
}

export interface DevnetPlan {
  readonly version: 1;
  /** The profile it was made with; absent in plans from before profiles (they are `default`). */
  readonly profile?: ProfileName;
  readonly nShards: number;
  readonly chainPort: number;
  readonly nodes: readonly NodePlan[];
  /** Genesis time (ms), fixed so every process derives the same genesis objects. */
  readonly genesisTimestampMs: number;
}

/** Contiguous, near-equal shard runs: node i gets shards [⌊i·n/k⌋, ⌊(i+1)·n/k⌋). */
export function splitShards(nShards: number, nodes: number): number[][] {
  if (!Number.isInteger(nodes) || nodes < 1) throw new PlanError(`need at least one node, got ${nodes}`);
  if (!Number.isInteger(nShards) || nShards < nodes || nShards > 0xffff) {
    throw new PlanError(
      `shard count must be an integer from ${nodes} (one per node) to 65535, got ${nShards}`,
    );
  }
  return Array.from({ length: nodes }, (_, i) => {
    const from = Math.floor((i * nShards) / nodes);
    const to = Math.floor(((i + 1) * nShards) / nodes);
    return Array.from({ length: to - from }, (_, k) => from + k);
  });
}

export function makePlan(args: {
  nShards: number;
  nodes: number;
  chainPort: number;
  ports: readonly number[];
  adminPorts: readonly number[];
  now: number;
  /** @default 'default' */
  profile?: ProfileName;
  /** Split shards by skewed stake (`stake.ts`, with this seed) instead of equally. */
  stakeSeed?: number;
}): DevnetPlan {
  const shards =
    args.stakeSeed === undefined
      ? splitShards(args.nShards, args.nodes)
      : contiguousShards(skewedShardCounts(args.nShards, args.nodes, args.stakeSeed));
  return {
    version: 1,
    profile: args.profile ?? 'default',
    nShards: args.nShards,
    chainPort: args.chainPort,
    genesisTimestampMs: args.now,
    nodes: shards.map((s, i) => ({
      name: `node-${i}`,
      port: args.ports[i]!,
      adminPort: args.adminPorts[i]!,
      shards: s,
    })),
  };
}

/** A restarted devnet must have the shape asked for, or the user must reset it. */
export function checkPlanMatches(
  plan: DevnetPlan,
  wanted: { nodes: number; nShards: number; profile?: ProfileName },
): void {
  const profile = plan.profile ?? 'default';
  const wantedProfile = wanted.profile ?? 'default';
  if (profile !== wantedProfile) {
    throw new PlanError(
      `this devnet has the ${profile} profile; run with --reset to make one with the ${wantedProfile} profile`,
    );
  }
  if (plan.nodes.length !== wanted.nodes || plan.nShards !== wanted.nShards) {
    throw new PlanError(
      `this devnet has ${plan.nodes.length} nodes and ${plan.nShards} shards; run with --reset to make one with ${wanted.nodes} nodes and ${wanted.nShards} shards`,
    );
  }
}
