// The chain's durable state. Implementations keep indexes in memory and persist every commit
// before it becomes visible, so an answered transaction survives a crash.
import type {
  ChainObject,
  CheckpointRecord,
  CommitBatch,
  EpochInfo,
  EventRecord,
  TransactionRecord,
} from './records.ts';

export interface EventQuery {
  readonly all?: true;
  readonly transaction?: string;
  /** Exact normalized struct tag of the event. */
  readonly moveEventType?: string;
  readonly sender?: string;
  /** `package::module` of the emitting module. */
  readonly moveModule?: { readonly package: string; readonly module: string };
  /** `package::module` that defines the event's type (Sui's `MoveEventModule`). */
  readonly moveEventModule?: { readonly package: string; readonly module: string };
}

export interface EventCursor {
  readonly txDigest: string;
  readonly eventSeq: number;
}

export interface ChainStore {
  getObject(id: string): ChainObject | undefined;
  /** Objects owned by `address` (AddressOwner), in a stable order (by ID). */
  ownedBy(address: string): ChainObject[];
  /** Objects whose owner is ObjectOwner(`parentId`) — dynamic fields and dynamic object fields. */
  childrenOf(parentId: string): ChainObject[];
  getTransaction(digest: string): TransactionRecord | undefined;
  /** Events matching `query`, after `cursor`, at most `limit`, oldest first unless `descending`. */
  queryEvents(
    query: EventQuery,
    cursor: EventCursor | null,
    limit: number,
    descending: boolean,
  ): EventRecord[];
  getCheckpoint(sequenceNumber: bigint): CheckpointRecord | undefined;
  getCheckpointByDigest(digest: string): CheckpointRecord | undefined;
  latestCheckpoint(): CheckpointRecord;
  epoch(): EpochInfo;
  /** Genesis checkpoint digest: the chain identifier is its first four bytes in hex. */
  genesisDigest(): string;
  /**
   * Applies one transaction atomically: writes are persisted (fsync) before they become visible,
   * and a checkpoint holding just this transaction is created.
   */
  commit(batch: CommitBatch): CheckpointRecord;
  /** Starts a new epoch (durably). */
  setEpoch(epoch: EpochInfo): void;
  close(): Promise<void>;
}
