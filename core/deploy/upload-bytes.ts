// The upload phase counted in bytes, so the progress shows a rate and the time left: what every
// node is sent for one blob (its metadata, then both slivers of each pair its shards hold), known
// from the metadata before anything is read, and how far a node's request count has got in bytes.
import { serializeBlobMetadata, sliverDataBcsSize, type BlobMetadata } from '../walrus/bcs.ts';
import type { ShardMap } from '../walrus/committee.ts';
import { geometry, primarySliverSize, secondarySliverSize, symbolSize } from '../walrus/geometry.ts';

export interface UploadBytes {
  /** Bytes the whole committee is sent for the blob. */
  readonly total: number;
  /** Bytes node `index` has been sent after `done` of its requests (metadata, slivers, confirmation). */
  sentBy(index: number, done: number): number;
}

export function uploadBytes(metadata: BlobMetadata, committee: ShardMap): UploadBytes {
  const n = committee.committee.n;
  const g = geometry(n);
  const sym = symbolSize(g, metadata.unencodedLength);
  const pairBytes =
    sliverDataBcsSize(primarySliverSize(g, sym)) + sliverDataBcsSize(secondarySliverSize(g, sym));
  const meta = serializeBlobMetadata(metadata).length;
  const members = committee.committee.members;
  return {
    total: members.length * meta + n * pairBytes,
    sentBy(index, done) {
      if (done <= 0) return 0;
      const slivers = Math.min(done - 1, 2 * (members[index]?.shards.length ?? 0));
      return meta + Math.round((slivers * pairBytes) / 2);
    },
  };
}
