// The shard arithmetic the fault suite's invariants rest on (n shards, f = floor((n-1)/3) faulty). With n shards,
// f = ⌊(n−1)/3⌋: a blob must stay readable while at most 2f shards are unavailable to it (p = n−2f
// honest shards are enough to decode), and a write must certify while at most f are (a quorum is
// 3·w ≥ 2n+1). Pure: node shard counts in, numbers and verdicts out.
import { isQuorum } from '../core/walrus/geometry.ts';

export interface Topology {
  readonly nShards: number;
  /** Shards each node holds, by node index. */
  readonly nodeShards: readonly number[];
}

/** f: the shards that may be faulty. */
export function maxFaulty(nShards: number): number {
  return Math.floor((nShards - 1) / 3);
}

/** Shards that may be unavailable to a blob while it must still be readable: 2f. */
export function readBudget(t: Topology): number {
  return 2 * maxFaulty(t.nShards);
}

/** Shards that may be unavailable while a write must still reach a quorum of confirmations: f. */
export function writeBudget(t: Topology): number {
  let missing = 0;
  while (isQuorum(t.nShards - (missing + 1), t.nShards)) missing++;
  return missing;
}

/** Total shards of `nodes`. */
export function shardsOf(t: Topology, nodes: Iterable<number>): number {
  let sum = 0;
  for (const node of new Set(nodes)) sum += t.nodeShards[node] ?? 0;
  return sum;
}

/** The most nodes that may be unavailable at once, whichever they are, within `budget` shards. */
export function nodesWithin(t: Topology, budget: number): number {
  const largest = [...t.nodeShards].sort((a, b) => b - a);
  let sum = 0;
  let k = 0;
  while (k < largest.length && sum + largest[k]! <= budget) sum += largest[k++]!;
  return k;
}
