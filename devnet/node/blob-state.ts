// Where the node learns what the chain says: the committee (its shards, the epoch) and the state
// of every blob. The node only reads through this interface, so tests drive it from memory and
// the chain follower drives it from Sui events without the HTTP side changing.
import type { BlobEvent, BlobInfo } from './blob-info.ts';

/** This node's view of the current committee. */
export interface CommitteeView {
  /** The Walrus epoch confirmations are signed for. */
  readonly epoch: number;
  /** Shards in the system; fixed for the life of a network. */
  readonly nShards: number;
  /** Shard indices this node holds in `epoch`. */
  readonly shards: readonly number[];
}

export type StateChange =
  | { readonly kind: 'blob'; readonly blobId: Uint8Array; readonly event: BlobEvent['kind'] }
  | { readonly kind: 'committee'; readonly epoch: number };

export interface BlobStateSource {
  readonly nShards: number;
  currentEpoch(): number;
  ownedShards(): ReadonlySet<number>;
  /** Everything known about the blob ID; `UNKNOWN_BLOB` when nothing is. */
  status(blobId: Uint8Array): BlobInfo;
  /** Called after every applied change; returns the unsubscribe function. */
  subscribe(listener: (change: StateChange) => void): () => void;
  /** For `/v1/health`: how many events were applied (and persisted, where that applies). */
  eventProgress(): { readonly persisted: number; readonly pending: number };
  /** For `/v1/health`, from sources that follow a chain: whether they keep up, and their errors. */
  syncStatus?(): SyncStatus;
}

export interface SyncStatus {
  /** Walrus's `nodeStatus`: `Active` when current, `RecoveryCatchUp` while behind. */
  readonly nodeStatus: string;
  /** Shown as `chainFollower` in the health body (a devnet extension). */
  readonly detail: unknown;
}

export class StateError extends Error {
  override name = 'StateError';
}

/** Checks a committee before any source accepts it. */
export function validateCommittee(committee: CommitteeView): CommitteeView {
  const { epoch, nShards, shards } = committee;
  if (!Number.isInteger(epoch) || epoch < 0 || epoch > 0xffff_ffff) {
    throw new StateError(`epoch must be a u32, got ${epoch}`);
  }
  if (!Number.isInteger(nShards) || nShards < 1 || nShards > 0xffff) {
    throw new StateError(`nShards must be in 1..65535, got ${nShards}`);
  }
  const seen = new Set<number>();
  for (const shard of shards) {
    if (!Number.isInteger(shard) || shard < 0 || shard >= nShards) {
      throw new StateError(`shard ${shard} is outside 0..${nShards - 1}`);
    }
    if (seen.has(shard)) throw new StateError(`shard ${shard} is listed twice`);
    seen.add(shard);
  }
  return { epoch, nShards, shards: [...seen].sort((a, b) => a - b) };
}

/** Listener bookkeeping shared by the sources; a throwing listener cannot break the others. */
export class Listeners {
  readonly #listeners = new Set<(change: StateChange) => void>();

  add(listener: (change: StateChange) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  emit(change: StateChange): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch {
        // Listeners report their own failures; one bad listener must not starve the rest.
      }
    }
  }
}
