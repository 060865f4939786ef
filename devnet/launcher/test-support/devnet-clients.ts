// Clients for a running devnet as tests use them: the unmodified `WalrusClient` (optionally with a
// wrapped fetch to observe or interfere with its node traffic), Floe's reader over the committee in
// devnet.json, and helpers that tell which node holds a blob's sliver pair or wait for a restarted
// node to catch up with the chain.
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { WalrusClient } from '@mysten/walrus';
import { blobIdFromText } from '../../../core/walrus/blob-id.ts';
import { pairToShard, rotationOffset, shardToPair } from '../../../core/walrus/geometry.ts';
import { StorageNodeClient } from '../../../core/walrus/node-client.ts';
import { WalrusReader, type ReaderOptions } from '../../../core/walrus/reader.ts';
import type { DevnetConfig } from '../config.ts';

export type StorageFetch = (url: RequestInfo, init?: RequestInit) => Promise<Response>;

/** The devnet's chain through the unmodified SDK client of `transport` (gRPC, as Floe uses it, by default). */
export function suiClient(
  config: DevnetConfig,
  transport: 'grpc' | 'json-rpc' = 'grpc',
): SuiGrpcClient | SuiJsonRpcClient {
  return transport === 'grpc'
    ? new SuiGrpcClient({ baseUrl: config.grpcUrl, network: 'localnet' })
    : new SuiJsonRpcClient({ url: config.rpcUrl, network: 'localnet' });
}

export function walrusClient(
  config: DevnetConfig,
  fetch?: StorageFetch,
  transport: 'grpc' | 'json-rpc' = 'grpc',
): WalrusClient {
  return new WalrusClient({
    packageConfig: {
      systemObjectId: config.walrus.systemObjectId,
      stakingPoolId: config.walrus.stakingObjectId,
    },
    suiClient: suiClient(config, transport),
    storageNodeUrlScheme: 'http',
    ...(fetch ? { storageNodeClientOptions: { fetch } } : {}),
  });
}

export function floeReader(
  config: DevnetConfig,
  options: Omit<ReaderOptions, 'committee'> = {},
): WalrusReader {
  return new WalrusReader({
    ...options,
    committee: {
      n: config.walrus.nShards,
      members: config.nodes.map((n) => ({ url: n.url, shards: n.shards, name: n.name })),
    },
  });
}

/** Index in `config.nodes` of the node holding sliver pair `pair` of `blobId`. */
export function ownerOfPair(config: DevnetConfig, blobId: string, pair: number): number {
  const n = config.walrus.nShards;
  const shard = pairToShard(pair, rotationOffset(blobIdFromText(blobId), n), n);
  return config.nodes.findIndex((node) => node.shards.includes(shard));
}

/** The sliver pairs of `blobId` that node `index` stores (one per shard it owns). */
export function pairsOfNode(config: DevnetConfig, blobId: string, index: number): number[] {
  const n = config.walrus.nShards;
  const offset = rotationOffset(blobIdFromText(blobId), n);
  return config.nodes[index]!.shards.map((shard) => shardToPair(shard, offset, n)).sort((a, b) => a - b);
}

/** Waits until the node's chain follower reports it has caught up (after a restart). */
export async function waitCaughtUp(url: string, timeoutMs = 60_000): Promise<void> {
  const client = new StorageNodeClient({ url, timeoutMs: 5000 });
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const health = (await client.getHealth()) as { nodeStatus: string; chainFollower?: unknown };
      last = health.chainFollower;
      const follower = health.chainFollower as { caughtUp?: boolean } | undefined;
      if (health.nodeStatus === 'Active' && follower?.caughtUp === true) return;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`node ${url} did not catch up within ${timeoutMs} ms: ${JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
