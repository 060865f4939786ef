// Size and concurrency limits. Body caps are derived from the shard count so a request can be
// refused from its headers, before its body is buffered.
import { uleb128 } from '../../core/walrus/bcs.ts';
import { MAX_SYMBOL_SIZE, type Geometry } from '../../core/walrus/geometry.ts';

/** Walrus's PUT sliver limit (§5.1): the largest primary sliver plus BCS framing slack. */
export function maxSliverBodyBytes(g: Geometry): number {
  return g.s * MAX_SYMBOL_SIZE + 128;
}

/** Exact BCS size of `BlobMetadata` at n shards: variant, encoding, u64 length, n two-digest pairs. */
export function metadataBodyBytes(g: Geometry): number {
  return 1 + 1 + 8 + uleb128(g.n).length + g.n * 66;
}

export interface NodeLimits {
  /** Requests handled at once; more wait in the queue. @default 64 */
  readonly maxConcurrent: number;
  /** Requests allowed to wait for a slot; beyond that the node answers 503. @default 4096 */
  readonly maxQueued: number;
  /** Upper bound of `wait_millis` on confirmations. @default 30_000 */
  readonly maxRegistrationWaitMs: number;
  /** Bytes of metadata and slivers buffered for unregistered blobs (`?pending=true`). @default 256 MiB */
  readonly pendingCacheBytes: number;
  /** How long a buffered upload waits for its registration. @default 10 min */
  readonly pendingTtlMs: number;
  /** Admin API request bodies. @default 1 MiB */
  readonly adminBodyBytes: number;
  /**
   * `/recoverySymbols` requests served at once; more are refused with 503 at once, as Walrus's
   * `experimental_max_active_recovery_symbols_requests` does (1000 on mainnet). Each symbol costs
   * an RS expansion and a Merkle tree, so the devnet keeps this well below `maxConcurrent`. @default 16
   */
  readonly maxRecoverySymbolRequests: number;
}

export const DEFAULT_LIMITS: NodeLimits = {
  maxConcurrent: 64,
  maxQueued: 4096,
  maxRegistrationWaitMs: 30_000,
  pendingCacheBytes: 256 << 20,
  pendingTtlMs: 10 * 60_000,
  adminBodyBytes: 1 << 20,
  maxRecoverySymbolRequests: 16,
};
