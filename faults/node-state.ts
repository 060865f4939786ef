// What each storage node is doing at a moment of a schedule — running or not, and the faults its
// admin API was given — and which of its shards count as unavailable to readers and writers.
// The schedule generator keeps one of these as its model; the runner keeps the real one.
import { readBudget, shardsOf, writeBudget, type Topology } from './topology.ts';

/** A node's complete fault settings (sent whole, so each fault step replaces the last). */
export interface FaultSettings {
  readonly latencyMs: number;
  readonly dropRate: number;
  readonly corruptRate: number;
  readonly refuseAll: boolean;
}

export const HEALTHY: FaultSettings = { latencyMs: 0, dropRate: 0, corruptRate: 0, refuseAll: false };

export interface NodeState {
  readonly up: boolean;
  /** Reset by the node's own restart: faults live in its memory. */
  readonly faults: FaultSettings;
}

export type Nodes = readonly NodeState[];

export function healthyNodes(count: number): NodeState[] {
  return Array.from({ length: count }, () => ({ up: true, faults: HEALTHY }));
}

/**
 * A node whose slivers a reader cannot count on: stopped, refusing, dropping connections, or
 * serving corrupted slivers. Latency alone does not count: the node still answers.
 */
export function badForRead(node: NodeState): boolean {
  const f = node.faults;
  return !node.up || f.refuseAll || f.dropRate > 0 || f.corruptRate > 0;
}

/** A node an upload cannot count on. Corrupted *served* slivers do not affect what it stores. */
export function badForWrite(node: NodeState): boolean {
  const f = node.faults;
  return !node.up || f.refuseAll || f.dropRate > 0;
}

export function indicesWhere(nodes: Nodes, test: (node: NodeState) => boolean): number[] {
  return nodes.flatMap((node, i) => (test(node) ? [i] : []));
}

/**
 * Shards unavailable to a blob: those of nodes that are bad for reading now, or that never
 * confirmed storing the blob (`holders`: nodes known to hold all their slivers of it).
 */
export function unavailableShards(t: Topology, nodes: Nodes, holders: ReadonlySet<number>): number {
  return shardsOf(
    t,
    nodes.flatMap((node, i) => (badForRead(node) || !holders.has(i) ? [i] : [])),
  );
}

/** Whether the blob must be readable now: at most 2f of its shards are unavailable. */
export function mustBeReadable(t: Topology, nodes: Nodes, holders: ReadonlySet<number>): boolean {
  return unavailableShards(t, nodes, holders) <= readBudget(t);
}

/** Shards an upload cannot reach now. */
export function writeUnavailableShards(t: Topology, nodes: Nodes): number {
  return shardsOf(t, indicesWhere(nodes, badForWrite));
}

/** Whether a deploy that saw at most `worstShards` unreachable must have succeeded: ≤ f. */
export function mustWrite(t: Topology, worstShards: number): boolean {
  return worstShards <= writeBudget(t);
}
