// A site's resources grouped by the Walrus blob (quilt) holding them, and which storage node
// serves each patch: column c of a blob is secondary sliver c, which sliver pair n−1−c carries,
// and that pair sits on shard (pair + rotation offset) mod n.
import type { SiteResource } from '../../../core/site/types.ts';
import { blobIdFromText } from '../../../core/walrus/blob-id.ts';
import type { ShardMap } from '../../../core/walrus/committee.ts';
import { pairToShard, rotationOffset, secondaryIndexToPair } from '../../../core/walrus/geometry.ts';
import type { PatchColumns } from './patch-columns.ts';

export interface QuiltGroup {
  readonly blobId: string;
  /** Resources in this blob, in path order. */
  readonly resources: readonly SiteResource[];
}

/** One node's part of a patch: the columns (secondary slivers) it holds and their shards. */
export interface PatchHolder {
  readonly memberIndex: number;
  readonly name: string;
  readonly url: string;
  readonly columns: readonly number[];
  readonly shards: readonly number[];
}

export function groupByBlob(resources: Iterable<SiteResource>): QuiltGroup[] {
  const groups = new Map<string, SiteResource[]>();
  for (const resource of resources) {
    const list = groups.get(resource.blobId);
    if (list) list.push(resource);
    else groups.set(resource.blobId, [resource]);
  }
  return [...groups].map(([blobId, list]) => ({ blobId, resources: list }));
}

/** The blob's rotation offset for `n` shards, or null when the blob ID is not valid text. */
export function blobOffset(blobId: string, n: number): number | null {
  try {
    return rotationOffset(blobIdFromText(blobId), n);
  } catch {
    return null;
  }
}

/** The nodes holding the columns `[start, end)` of a blob with rotation `offset`, by committee order. */
export function patchHolders(map: ShardMap, offset: number, patch: PatchColumns): PatchHolder[] {
  const byMember = new Map<number, { columns: number[]; shards: number[] }>();
  const end = Math.min(patch.end, map.n);
  for (let column = patch.start; column < end; column++) {
    const shard = pairToShard(secondaryIndexToPair(column, map.n), offset, map.n);
    const member = map.memberIndexOfShard(shard);
    const entry = byMember.get(member) ?? { columns: [], shards: [] };
    entry.columns.push(column);
    entry.shards.push(shard);
    byMember.set(member, entry);
  }
  return [...byMember]
    .sort(([a], [b]) => a - b)
    .map(([memberIndex, { columns, shards }]) => {
      const member = map.member(memberIndex);
      return { memberIndex, name: member.name ?? member.url, url: member.url, columns, shards };
    });
}
