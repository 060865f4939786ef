// The escalation of single-sliver recovery when decoding symbols disagree or a recovered sliver
// fails its hash: ask the nodes again for recovery symbols (`GET /v1/blobs/{id}/recoverySymbols`),
// which carry a Merkle proof against the source sliver's hash in the verified metadata. Every
// symbol is checked on its own, so a node whose proof fails is named and skipped, and the sliver is
// decoded from proven symbols only.
import type { BlobMetadata } from './bcs.ts';
import { verifyMerkleProof } from './merkle-proof.ts';
import type { SliverType } from './node-types.ts';
import type { ReadSession } from './read-session.ts';
import type { SymbolId } from './symbols-bcs.ts';

/** Ids per request: keeps the query string well under common URL limits (about 12 bytes each). */
const MAX_IDS_PER_REQUEST = 400;

export interface ProvenSymbols {
  /** Target index → position → symbol bytes, every one proven against the metadata. */
  readonly known: Map<number, Map<number, Uint8Array>>;
}

/** The symbol ID of position `position` of target `index`: (row, column) of the blob matrix. */
function symbolIdOf(type: SliverType, index: number, position: number): SymbolId {
  return type === 'primary'
    ? { primary: index, secondary: position }
    : { primary: position, secondary: index };
}

/**
 * Collects at least k proven symbols per target from the usable members in `members` order,
 * distrusting any member that sends a symbol whose proof fails. Returns what it got; the caller
 * checks counts.
 */
export async function collectProvenSymbols(
  session: ReadSession,
  args: {
    readonly type: SliverType;
    readonly indices: readonly number[];
    readonly symbolSize: number;
    readonly metadata: BlobMetadata;
    readonly members: readonly number[];
    readonly k: number;
    readonly concurrency: number;
  },
  signal?: AbortSignal,
): Promise<ProvenSymbols> {
  const { g } = session;
  const { type, indices, symbolSize, metadata, k } = args;
  // Proofs are against the source sliver: a column's symbols come from primary slivers.
  const proofAxis: SliverType = type === 'primary' ? 'secondary' : 'primary';
  const known = new Map(indices.map((i) => [i, new Map<number, Uint8Array>()]));
  const positionsOf = new Map<number, number[]>();
  for (let pair = 0; pair < g.n; pair++) {
    const member = session.memberOfPair(pair);
    // Position of this pair's source sliver in the target's codeword.
    const position = type === 'primary' ? g.n - 1 - pair : pair;
    const list = positionsOf.get(member) ?? [];
    list.push(position);
    positionsOf.set(member, list);
  }
  const complete = () => [...known.values()].every((m) => m.size >= k);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < args.members.length && !complete()) {
      signal?.throwIfAborted();
      const member = args.members[next++]!;
      if (!session.isUsable(member)) continue;
      const ids = indices.flatMap((index) =>
        (positionsOf.get(member) ?? []).map((position) => symbolIdOf(type, index, position)),
      );
      for (let at = 0; at < ids.length && session.isUsable(member); at += MAX_IDS_PER_REQUEST) {
        const chunk = ids.slice(at, at + MAX_IDS_PER_REQUEST);
        const symbols = await session.fetchRecoverySymbols(member, chunk, proofAxis, signal);
        if (!symbols) break;
        for (const proven of symbols) {
          const { symbol, targetIndex, proof } = proven;
          const position = symbol.index;
          const target = known.get(targetIndex);
          // Only symbols asked of this member count; anything else is ignored, not trusted.
          if (symbol.axis !== type || !target || !(positionsOf.get(member) ?? []).includes(position))
            continue;
          const pair = type === 'primary' ? g.n - 1 - position : position;
          const hashes = metadata.hashes[pair];
          const root = type === 'primary' ? hashes?.secondary : hashes?.primary;
          if (
            !root ||
            symbol.data.length !== symbolSize ||
            !verifyMerkleProof(root, g.n, symbol.data, targetIndex, proof)
          ) {
            session.distrust(
              member,
              `recovery symbol ${position} of ${type} sliver ${targetIndex}`,
              'Merkle proof does not match the metadata',
            );
            for (const m of known.values()) for (const p of positionsOf.get(member) ?? []) m.delete(p);
            break;
          }
          target.set(position, symbol.data);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, args.concurrency) }, lane));
  return { known };
}
