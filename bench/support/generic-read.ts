// The generic Walrus read, as the official TypeScript SDK performs it (walrus-protocol.md §3.1):
// unverified metadata from one node for the length, p primary slivers from randomly chosen
// shards, a WASM decode, then a full re-encode to check the blob ID. Used as the baseline.
import { equalBytes } from '../../core/walrus/blob-id.ts';
import { ShardMap, type Committee } from '../../core/walrus/committee.ts';
import type { WalrusCodec } from '../../core/walrus/encoding.ts';
import { StorageNodeClient, type FetchLike } from '../../core/walrus/node-client.ts';

export interface GenericReadStats {
  readonly requests: number;
  readonly bytes: number;
  readonly ms: number;
}

export async function genericRead(
  committee: Committee,
  codec: WalrusCodec,
  blobId: Uint8Array,
  random: () => number,
  fetch?: FetchLike,
): Promise<{ data: Uint8Array; stats: GenericReadStats }> {
  const started = performance.now();
  const map = new ShardMap(committee);
  const clients = committee.members.map(
    (m) => new StorageNodeClient({ url: m.url, ...(fetch ? { fetch } : {}) }),
  );
  const { n, p } = codec.geometry;
  const offset = map.offsetOf(blobId);
  let requests = 1;
  let bytes = 0;
  const first = Math.floor(random() * clients.length);
  const metadata = await clients[first]!.getMetadataBytes(blobId);
  bytes += metadata.length;
  const length = Number(new DataView(metadata.buffer, metadata.byteOffset + 34, 8).getBigUint64(0, true));

  // Random shards: on average only p·p/n of them are systematic, so decoding always does real work.
  const pairs = Array.from({ length: n }, (_, i) => i);
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  // Exactly p requests when every node answers (the SDK itself starts about 2p and keeps the first
  // p+1), so the baseline is not inflated; a failure moves on to the next random shard.
  const slivers: Uint8Array[] = [];
  let next = 0;
  let inFlight = 0;
  const lane = async (): Promise<void> => {
    while (slivers.length + inFlight < p && next < pairs.length) {
      const pair = pairs[next++]!;
      requests++;
      inFlight++;
      const client = clients[map.memberIndexOfPair(pair, offset)]!;
      try {
        const sliver = await client.getSliver(blobId, pair, 'primary');
        bytes += sliver.length;
        slivers.push(sliver);
      } catch {
        // try another shard
      } finally {
        inFlight--;
      }
    }
  };
  await Promise.all(Array.from({ length: p }, lane));
  const data = codec.decode(blobId, length, slivers);
  if (!equalBytes(codec.computeIdentity(data).blobId, blobId))
    throw new Error('generic read: inconsistent blob');
  return { data, stats: { requests, bytes, ms: performance.now() - started } };
}
