// What the chain stores: objects with Sui's metadata, executed transactions with their effects,
// events and checkpoints. These records are the contract between execution (exec/), storage
// (state/) and the JSON-RPC layer (rpc/), which renders them in Sui's wire shapes.

/** Sui `Owner`, in the JSON shape Sui's RPC uses (snake_case inside `Shared`). */
export type Owner =
  | { readonly AddressOwner: string }
  | { readonly ObjectOwner: string }
  | { readonly Shared: { readonly initial_shared_version: string } }
  | 'Immutable';

export interface ChainObject {
  /** 0x + 64 lowercase hex. */
  readonly id: string;
  /** Lamport version. */
  readonly version: bigint;
  /** base58 of 32 bytes. */
  readonly digest: string;
  readonly owner: Owner;
  /** Fully normalized struct tag, e.g. `0x000…002::coin::Coin<0x000…002::sui::SUI>`. */
  readonly type: string;
  /** BCS of the Move struct value (starts with the 32-byte UID). */
  readonly contents: Uint8Array;
  readonly hasPublicTransfer: boolean;
  /** Digest of the transaction that last wrote the object. */
  readonly previousTransaction: string;
  readonly storageRebate: bigint;
}

export interface EventRecord {
  readonly txDigest: string;
  readonly eventSeq: number;
  readonly packageId: string;
  readonly module: string;
  readonly sender: string;
  /** Normalized struct tag of the event. */
  readonly type: string;
  readonly contents: Uint8Array;
  readonly timestampMs: number;
}

export interface GasSummary {
  readonly computationCost: bigint;
  readonly storageCost: bigint;
  readonly storageRebate: bigint;
  readonly nonRefundableStorageFee: bigint;
}

export type ExecutionStatus =
  | { readonly success: true }
  | {
      readonly success: false;
      /** Sui's status text, e.g. `MoveAbort(MoveLocation { module: ModuleId { … } …}, 3) in command 1`. */
      readonly error: string;
      readonly command: number | null;
      readonly abort?: { readonly module: string; readonly function: string; readonly code: bigint };
    };

/** One object's change in a transaction, enough to render effects, objectChanges and balances. */
export interface ObjectChange {
  readonly id: string;
  readonly kind: 'created' | 'mutated' | 'deleted' | 'wrapped' | 'unwrapped';
  /** State before (absent for created/unwrapped). */
  readonly before?: {
    readonly version: bigint;
    readonly digest: string;
    readonly owner: Owner;
    readonly type: string;
  };
  /** State after (absent for deleted/wrapped). */
  readonly after?: {
    readonly version: bigint;
    readonly digest: string;
    readonly owner: Owner;
    readonly type: string;
  };
}

export interface BalanceChange {
  readonly owner: Owner;
  readonly coinType: string;
  readonly amount: bigint;
}

export interface TransactionRecord {
  readonly digest: string;
  /** BCS `TransactionData` as signed. */
  readonly txBytes: Uint8Array;
  /** Serialized signatures (base64 strings as received). */
  readonly signatures: readonly string[];
  /** BCS `TransactionEffects` (V2). */
  readonly effects: Uint8Array;
  readonly sender: string;
  readonly status: ExecutionStatus;
  readonly gasUsed: GasSummary;
  readonly gasObject: {
    readonly id: string;
    readonly version: bigint;
    readonly digest: string;
    readonly owner: Owner;
  };
  readonly executedEpoch: bigint;
  readonly lamportVersion: bigint;
  readonly changes: readonly ObjectChange[];
  readonly balanceChanges: readonly BalanceChange[];
  readonly events: readonly EventRecord[];
  readonly dependencies: readonly string[];
  readonly checkpoint: bigint;
  readonly timestampMs: number;
}

export interface CheckpointRecord {
  readonly sequenceNumber: bigint;
  readonly digest: string;
  readonly epoch: bigint;
  readonly timestampMs: number;
  readonly transactions: readonly string[];
  readonly previousDigest: string | null;
  readonly networkTotalTransactions: bigint;
  /**
   * Gas of every transaction of this epoch up to and including this checkpoint (Sui's
   * `epochRollingGasCostSummary`). Always set by FileChainStore; optional so other stores may omit it.
   */
  readonly epochRollingGasCostSummary?: GasSummary;
}

export interface EpochInfo {
  readonly epoch: bigint;
  readonly startTimestampMs: number;
  readonly durationMs: number;
  readonly referenceGasPrice: bigint;
}

/** Everything one transaction writes, applied atomically (and durably before the RPC answers). */
export interface CommitBatch {
  readonly transaction: TransactionRecord;
  readonly written: readonly ChainObject[];
  readonly deleted: readonly string[];
}
