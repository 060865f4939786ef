// Running counts of reads from the storage nodes, for the network page: reads by path (direct,
// recovered, fallback) and, per storage node, the slivers that had to be recovered because it did
// not serve them and the requests to it that failed. Only committee members are counted (failures
// also name pseudo-nodes such as 'direct read' or 'recovery', and a worker's report names whatever
// its sender likes), and the number of nodes is capped, so a tally stays small however long it runs.
import type { ReadStats } from '../walrus/reader.ts';

export type ReadPath = ReadStats['path'];

export const READ_PATHS: readonly ReadPath[] = ['direct', 'recovered', 'fallback'];

export interface NodeTally {
  /** Slivers this node should have served that were rebuilt from other nodes' symbols instead. */
  readonly recovered: number;
  /** Requests to this node that failed (errors, timeouts, bad data). */
  readonly failures: number;
}

export interface ReadTallySnapshot {
  readonly reads: Readonly<Record<ReadPath, number>>;
  /** By node URL; nodes with nothing to count are left out. */
  readonly nodes: Readonly<Record<string, NodeTally>>;
}

/** Distinct nodes one tally keeps: a few committees' worth (members change between epochs). */
export const MAX_TALLY_NODES = 1024;

/** A node URL as the reader names it (StorageNodeClient drops trailing slashes). */
export function nodeKey(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The keys of a committee's members, for `record` and `merge`. */
export function memberKeys(members: readonly { readonly url: string }[]): ReadonlySet<string> {
  return new Set(members.map((m) => nodeKey(m.url)));
}

export function emptyTally(): ReadTallySnapshot {
  return { reads: { direct: 0, recovered: 0, fallback: 0 }, nodes: {} };
}

export class ReadTally {
  readonly #maxNodes: number;
  readonly #reads: Record<ReadPath, number> = { direct: 0, recovered: 0, fallback: 0 };
  readonly #nodes = new Map<string, { recovered: number; failures: number }>();

  constructor(maxNodes = MAX_TALLY_NODES) {
    this.#maxNodes = maxNodes;
  }

  /** Counts one completed read; nodes outside `members` are not counted. */
  record(stats: Pick<ReadStats, 'path' | 'recoveredFrom' | 'failures'>, members: ReadonlySet<string>): void {
    this.#reads[stats.path] = add(this.#reads[stats.path], 1);
    for (const [url, count] of Object.entries(stats.recoveredFrom)) this.#add(url, members, count, 0);
    for (const failure of stats.failures) this.#add(failure.node, members, 0, 1);
  }

  /**
   * Adds another tally (a worker's report, already validated); nodes outside `members` are
   * dropped. Returns how many of its nodes were dropped.
   */
  merge(other: ReadTallySnapshot, members: ReadonlySet<string>): number {
    for (const path of READ_PATHS) this.#reads[path] = add(this.#reads[path], other.reads[path]);
    let dropped = 0;
    for (const [url, node] of Object.entries(other.nodes)) {
      if (!this.#add(url, members, node.recovered, node.failures)) dropped++;
    }
    return dropped;
  }

  snapshot(): ReadTallySnapshot {
    return {
      reads: { ...this.#reads },
      nodes: Object.fromEntries([...this.#nodes].map(([url, node]) => [url, { ...node }])),
    };
  }

  #add(url: string, members: ReadonlySet<string>, recovered: number, failures: number): boolean {
    const key = nodeKey(url);
    if (!members.has(key)) return false;
    if (recovered === 0 && failures === 0) return true;
    let node = this.#nodes.get(key);
    if (!node) {
      if (this.#nodes.size >= this.#maxNodes) return false;
      node = { recovered: 0, failures: 0 };
      this.#nodes.set(key, node);
    }
    node.recovered = add(node.recovered, recovered);
    node.failures = add(node.failures, failures);
    return true;
  }
}

/** Both tallies' counts together (the server's own reads and the workers' reports). */
export function combineTallies(a: ReadTallySnapshot, b: ReadTallySnapshot): ReadTallySnapshot {
  const nodes: Record<string, NodeTally> = { ...a.nodes };
  for (const [url, node] of Object.entries(b.nodes)) {
    const mine = nodes[url];
    nodes[url] = mine
      ? { recovered: add(mine.recovered, node.recovered), failures: add(mine.failures, node.failures) }
      : node;
  }
  return { reads: mapPaths((path) => add(a.reads[path], b.reads[path])), nodes };
}

/**
 * What `now` counted since `before` (an earlier snapshot of the same tally): the next report. A
 * count that went down (a tally that started over) is reported from zero.
 */
export function tallyDelta(now: ReadTallySnapshot, before: ReadTallySnapshot): ReadTallySnapshot {
  const since = (current: number, earlier: number | undefined) =>
    current >= (earlier ?? 0) ? current - (earlier ?? 0) : current;
  const nodes: Record<string, NodeTally> = {};
  for (const [url, node] of Object.entries(now.nodes)) {
    const earlier = before.nodes[url];
    const delta = {
      recovered: since(node.recovered, earlier?.recovered),
      failures: since(node.failures, earlier?.failures),
    };
    if (delta.recovered > 0 || delta.failures > 0) nodes[url] = delta;
  }
  return { reads: mapPaths((path) => since(now.reads[path], before.reads[path])), nodes };
}

export function isEmptyTally(tally: ReadTallySnapshot): boolean {
  return READ_PATHS.every((path) => tally.reads[path] === 0) && Object.keys(tally.nodes).length === 0;
}

function mapPaths(count: (path: ReadPath) => number): Record<ReadPath, number> {
  return { direct: count('direct'), recovered: count('recovered'), fallback: count('fallback') };
}

/** Saturating: counts stay safe integers, however many reports arrive. */
function add(a: number, b: number): number {
  return Math.min(a + b, Number.MAX_SAFE_INTEGER);
}
