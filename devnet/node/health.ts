// `GET /v1/health` body (`ServiceHealthInfo`, MystenLabs/walrus crates/walrus-service). The devnet node has no
// shard transfers or recovery, so every owned shard is reported ready.
import { toBase64 } from '@mysten/bcs';
import type { ServiceHealthInfo } from '../../core/walrus/node-types.ts';
import type { SyncStatus } from './blob-state.ts';

export interface HealthInput {
  readonly uptimeMs: number;
  readonly epoch: number;
  readonly publicKey: Uint8Array;
  readonly shards: Iterable<number>;
  readonly events: { readonly persisted: number; readonly pending: number };
  /** Present when the node follows a chain (see `BlobStateSource.syncStatus`). */
  readonly sync?: SyncStatus | undefined;
  readonly detailed: boolean;
}

/** Walrus's body, plus the follower's state on nodes that follow a chain. */
export type NodeHealthInfo = ServiceHealthInfo & { readonly chainFollower?: unknown };

export function healthInfo(input: HealthInput): NodeHealthInfo {
  const shards = [...input.shards].sort((a, b) => a - b);
  const secs = Math.floor(input.uptimeMs / 1000);
  const info: NodeHealthInfo = {
    uptime: { secs, nanos: Math.floor((input.uptimeMs - secs * 1000) * 1e6) },
    epoch: input.epoch,
    publicKey: toBase64(input.publicKey),
    nodeStatus: input.sync?.nodeStatus ?? 'Active',
    eventProgress: {
      persisted: input.events.persisted,
      pending: input.events.pending,
      highestFinishedEventIndex: input.events.persisted > 0 ? input.events.persisted - 1 : null,
    },
    shardSummary: {
      owned: shards.length,
      ownedShardStatus: { unknown: 0, ready: shards.length, inTransfer: 0, inRecovery: 0 },
      readOnly: 0,
    },
    latestCheckpointSequenceNumber: null,
    ...(input.sync ? { chainFollower: input.sync.detail } : {}),
  };
  if (!input.detailed) return info;
  return { ...info, shardDetail: { owned: shards.map((shard) => ({ shard, status: 'ready' })), other: [] } };
}
