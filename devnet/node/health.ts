// `GET /v1/health` body (`ServiceHealthInfo`, walrus-protocol.md §5.4). The devnet node has no
// shard transfers or recovery, so every owned shard is reported ready.
import { toBase64 } from '@mysten/bcs';
import type { ServiceHealthInfo } from '../../core/walrus/node-types.ts';

export interface HealthInput {
  readonly uptimeMs: number;
  readonly epoch: number;
  readonly publicKey: Uint8Array;
  readonly shards: Iterable<number>;
  readonly events: { readonly persisted: number; readonly pending: number };
  readonly detailed: boolean;
}

export function healthInfo(input: HealthInput): ServiceHealthInfo {
  const shards = [...input.shards].sort((a, b) => a - b);
  const secs = Math.floor(input.uptimeMs / 1000);
  const info: ServiceHealthInfo = {
    uptime: { secs, nanos: Math.floor((input.uptimeMs - secs * 1000) * 1e6) },
    epoch: input.epoch,
    publicKey: toBase64(input.publicKey),
    nodeStatus: 'Active',
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
  };
  if (!input.detailed) return info;
  return { ...info, shardDetail: { owned: shards.map((shard) => ({ shard, status: 'ready' })), other: [] } };
}
