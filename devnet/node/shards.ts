// Which sliver pairs of a blob this node holds: pair k lives on shard (k + offset) mod n, where
// the offset is the blob ID read big-endian mod n (MystenLabs/walrus crates/walrus-core).
import { pairToShard, rotationOffset, shardToPair } from '../../core/walrus/geometry.ts';

export function shardOfPair(blobId: Uint8Array, pair: number, n: number): number {
  return pairToShard(pair, rotationOffset(blobId, n), n);
}

/** The pairs of `blobId` stored on `shards`, in shard order. */
export function pairsOnShards(blobId: Uint8Array, shards: Iterable<number>, n: number): number[] {
  const offset = rotationOffset(blobId, n);
  return [...shards].map((shard) => shardToPair(shard, offset, n));
}
