// JSON payloads of the storage-node API (MystenLabs/walrus crates/walrus-service node API, storage_openapi.yaml), as typed views.

export type SliverType = 'primary' | 'secondary';

export type StoredOnNodeStatus = 'nonexistent' | 'buffered' | 'stored';

export interface EventId {
  readonly txDigest: string;
  readonly eventSeq: string;
}

export interface DeletableCounts {
  readonly count_deletable_total: number;
  readonly count_deletable_certified: number;
}

export type BlobStatus =
  | 'nonexistent'
  | { readonly invalid: { readonly event: EventId } }
  | {
      readonly permanent: {
        readonly endEpoch: number;
        readonly isCertified: boolean;
        readonly statusEvent: EventId;
        readonly deletableCounts: DeletableCounts;
        readonly initialCertifiedEpoch: number | null;
      };
    }
  | {
      readonly deletable: {
        readonly initialCertifiedEpoch: number | null;
        readonly deletableCounts: DeletableCounts;
      };
    };

export interface ServiceHealthInfo {
  readonly uptime: { readonly secs: number; readonly nanos: number };
  readonly epoch: number;
  readonly publicKey: string;
  readonly nodeStatus: string;
  readonly eventProgress: {
    readonly persisted: number;
    readonly pending: number;
    readonly highestFinishedEventIndex?: number | null;
  };
  readonly shardSummary: {
    readonly owned: number;
    readonly ownedShardStatus: Readonly<Record<string, number>>;
    readonly readOnly: number;
  };
  readonly shardDetail?: unknown;
  readonly latestCheckpointSequenceNumber?: number | null;
}

/** A BLS-signed storage confirmation as returned by the node (base64 decoded). */
export interface SignedConfirmation {
  readonly serializedMessage: Uint8Array;
  readonly signature: Uint8Array;
}

/** Outcome of a PUT: 201 stored, 202 buffered pending registration, 200 already stored. */
export interface StoreResult {
  readonly status: 200 | 201 | 202;
  readonly message: string;
}
