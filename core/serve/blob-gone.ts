// Telling a file whose storage has ended from one the network cannot serve right now. When a quilt
// expires or its owner deletes it, the storage nodes drop it and answer 404 for its metadata and
// slivers; when nodes are down or slow, they do not answer at all. A 404 from one node proves
// nothing (a Byzantine node may say anything), but Walrus tolerates faulty nodes holding fewer than
// a third of the shards: once nodes holding more than that say "not stored", at least one honest
// node does, and an honest node stores every live blob. Then the file is gone, which the site's
// owner must fix (404), rather than a network problem a retry may fix (503).
import type { Committee } from '../walrus/committee.ts';
import type { ReadFailure } from '../walrus/read-errors.ts';

export interface GoneEvidence {
  /** Nodes that answered that they do not store the blob. */
  readonly nodes: number;
  /** The shards those nodes hold, of `n`. */
  readonly shards: number;
  readonly n: number;
}

/** How a read failure records a node's 404 answer (core/walrus/read-session.ts). */
const NOT_STORED = /^HTTP 404\b/;

/** The evidence that the blob is gone, or null when the failures do not show it. */
export function blobGone(failures: readonly ReadFailure[], committee: Committee): GoneEvidence | null {
  const shardsOf = new Map(committee.members.map((m) => [trimSlash(m.url), m.shards.length]));
  const said = new Set<string>();
  for (const failure of failures) {
    if (NOT_STORED.test(failure.reason)) said.add(trimSlash(failure.node));
  }
  let shards = 0;
  for (const node of said) shards += shardsOf.get(node) ?? 0;
  // More than f = ⌊(n − 1) / 3⌋ shards: not all of them can be faulty.
  const f = Math.floor((committee.n - 1) / 3);
  return shards > f ? { nodes: said.size, shards, n: committee.n } : null;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
