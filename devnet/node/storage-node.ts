// The storage node's behaviour, independent of HTTP: what it accepts, what it serves and when it
// signs, following Walrus's `node.rs` (MystenLabs/walrus crates/walrus-service). Every method either returns the
// answer or throws the ApiError Walrus would send. Uploads are verified in full before they are
// stored — metadata against the blob ID, slivers against the metadata's Merkle roots — so the
// store only ever holds bytes an honest writer produced.
import { blobIdToText, equalBytes } from '../../core/walrus/blob-id.ts';
import { parseSliverData, type BlobMetadata } from '../../core/walrus/bcs.ts';
import { geometry, type Geometry } from '../../core/walrus/geometry.ts';
import { MetadataVerificationError, verifyMetadata } from '../../core/walrus/metadata.ts';
import type {
  BlobStatus,
  ServiceHealthInfo,
  SliverType,
  StoredOnNodeStatus,
} from '../../core/walrus/node-types.ts';
import { SliverVerificationError, verifySliver } from '../../core/walrus/sliver-verify.ts';
import { loadSymbolDecoder } from '../../core/walrus/symbol-decoder.ts';
import { serializeDecodingSymbols, serializeRecoverySymbols } from '../../core/walrus/symbols-bcs.ts';
import type { RecoverySymbolsFilter } from '../../core/walrus/symbols-query.ts';
import { errors } from './api-error.ts';
import { blobStatus, isRegistered } from './blob-info.ts';
import type { BlobStateSource, StateChange } from './blob-state.ts';
import type { BlsSigner } from './bls.ts';
import { Confirmer, type ConfirmationRequest, type SignedConfirmationJson } from './confirmer.ts';
import { decodeMetadataBody, decodeSliverBody } from './decode.ts';
import { healthInfo } from './health.ts';
import { DEFAULT_LIMITS, maxSliverBodyBytes, type NodeLimits } from './limits.ts';
import { PendingUploads } from './pending.ts';
import { pairsOnShards, shardOfPair } from './shards.ts';
import type { NodeStore } from './store.ts';
import { decodingSymbols, recoverySymbols, type SymbolSource } from './symbols.ts';

export interface StoreOutcome {
  readonly code: 200 | 201 | 202;
  readonly message: string;
}

export interface StorageNodeOptions {
  readonly store: NodeStore;
  readonly state: BlobStateSource;
  readonly signer: BlsSigner;
  readonly limits?: Partial<NodeLimits>;
  /** A deny list: blocked blobs are refused with 451 FORBIDDEN_BLOB. @default none */
  readonly isBlocked?: (blobId: Uint8Array) => boolean;
  /** Failures of background work (pending flushes, garbage collection). @default ignored */
  readonly onError?: (error: unknown, context: string) => void;
  readonly now?: () => number;
}

const METADATA_CACHE_ENTRIES = 64;

export class StorageNode {
  readonly geometry: Geometry;
  readonly limits: NodeLimits;
  readonly #store: NodeStore;
  readonly #state: BlobStateSource;
  readonly #signer: BlsSigner;
  readonly #pending: PendingUploads;
  readonly #isBlocked: (blobId: Uint8Array) => boolean;
  readonly #onError: (error: unknown, context: string) => void;
  readonly #now: () => number;
  readonly #started: number;
  readonly #unsubscribe: () => void;
  /** Parsed metadata of recently used blobs: every sliver upload verifies against it. */
  readonly #metadata = new Map<string, BlobMetadata>();
  readonly #confirmer: Confirmer;
  /** Pending uploads being written after their registration arrived. */
  readonly #flushing = new Map<string, Promise<void>>();
  #background: Promise<void> = Promise.resolve();

  constructor(options: StorageNodeOptions) {
    this.#store = options.store;
    this.#state = options.state;
    this.#signer = options.signer;
    this.geometry = geometry(options.state.nShards);
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#isBlocked = options.isBlocked ?? (() => false);
    this.#onError = options.onError ?? (() => {});
    this.#now = options.now ?? Date.now;
    this.#started = this.#now();
    // Uploads are verified in the decoder's WebAssembly once it is loaded (sliver-verify.ts).
    loadSymbolDecoder().catch(() => undefined);
    this.#pending = new PendingUploads({
      maxBytes: this.limits.pendingCacheBytes,
      ttlMs: this.limits.pendingTtlMs,
      now: this.#now,
    });
    this.#confirmer = new Confirmer({
      store: this.#store,
      state: this.#state,
      signer: this.#signer,
      maxWaitMs: this.limits.maxRegistrationWaitMs,
      settled: (blobId) => this.#flushing.get(blobIdToText(blobId)),
    });
    this.#unsubscribe = this.#state.subscribe((change) => this.#onStateChange(change));
  }

  get publicKey(): Uint8Array {
    return this.#signer.publicKey;
  }

  /** BCS `BlobMetadataWithId` (the ID followed by the stored `BlobMetadata`). */
  getMetadata(blobId: Uint8Array): Uint8Array {
    if (this.#isBlocked(blobId)) throw errors.forbiddenBlob();
    if (!this.#registered(blobId)) throw errors.metadataNotFound();
    const stored = this.#store.getMetadata(blobId);
    if (!stored) throw errors.metadataNotFound();
    const body = new Uint8Array(blobId.length + stored.length);
    body.set(blobId, 0);
    body.set(stored, blobId.length);
    return body;
  }

  async putMetadata(blobId: Uint8Array, body: Uint8Array, pending: boolean): Promise<StoreOutcome> {
    const metadata = decodeMetadataBody(body);
    // A pending upload of this blob may be moving to the store; decide once it has landed.
    await this.#flushing.get(blobIdToText(blobId));
    const info = this.#state.status(blobId);
    if (info.invalid) throw errors.invalidBlob();
    const registered = isRegistered(info, this.#state.currentEpoch());
    if (!registered && !pending) throw errors.notRegistered();
    const stored = registered ? this.#store.getMetadata(blobId) : this.#pending.get(blobId)?.metadataBcs;
    if (stored && equalBytes(stored, body)) {
      return registered
        ? { code: 200, message: 'metadata already stored' }
        : { code: 202, message: 'metadata buffered pending registration' };
    }
    try {
      verifyMetadata(blobId, { blobId, metadata }, this.geometry.n);
    } catch (error) {
      if (error instanceof MetadataVerificationError) throw errors.invalidMetadata(error.message);
      throw error;
    }
    if (registered) {
      await this.#store.putMetadata(blobId, body);
      this.#cacheMetadata(blobId, metadata);
      return { code: 201, message: 'metadata successfully stored' };
    }
    if (!this.#pending.addMetadata(blobId, body, metadata)) throw errors.cacheSaturated();
    // The registration may have landed while we verified: flush now rather than wait for a TTL.
    this.#flushIfRegistered(blobId);
    return { code: 202, message: 'metadata buffered pending registration' };
  }

  metadataStatus(blobId: Uint8Array): StoredOnNodeStatus {
    if (this.#store.hasMetadata(blobId)) return 'stored';
    return this.#pending.get(blobId) ? 'buffered' : 'nonexistent';
  }

  getSliver(blobId: Uint8Array, pair: number, type: SliverType): Uint8Array {
    this.#checkPair(pair);
    if (this.#isBlocked(blobId)) throw errors.forbiddenBlob();
    if (!this.#registered(blobId)) throw errors.sliverNotFound();
    this.#checkShard(blobId, pair);
    const stored = this.#store.getSliver(blobId, pair, type);
    if (!stored) throw errors.sliverNotFound();
    return stored;
  }

  /** BCS `BTreeMap<SliverIndex, Vec<EitherDecodingSymbol>>` for the source slivers `targets` of `type`. */
  decodingSymbols(blobId: Uint8Array, targets: readonly number[], type: SliverType): Uint8Array {
    this.#checkSymbolAccess(blobId);
    return serializeDecodingSymbols(decodingSymbols(this.#symbolSource(blobId), targets, type));
  }

  /** BCS `Vec<GeneralRecoverySymbol>`, computed symbol by symbol with the event loop free in between. */
  async recoverySymbols(blobId: Uint8Array, filter: RecoverySymbolsFilter): Promise<Uint8Array> {
    this.#checkSymbolAccess(blobId);
    const symbols = await recoverySymbols(this.#symbolSource(blobId), filter, nextTurn);
    return serializeRecoverySymbols(symbols);
  }

  async putSliver(
    blobId: Uint8Array,
    pair: number,
    type: SliverType,
    body: Uint8Array,
    pending: boolean,
  ): Promise<StoreOutcome> {
    const g = this.geometry;
    this.#checkPair(pair);
    const limit = maxSliverBodyBytes(g);
    if (body.length > limit) throw errors.sliverTooLarge(limit);
    const sliver = decodeSliverBody(body);
    const expected = type === 'primary' ? pair : g.n - 1 - pair;
    if (sliver.index !== expected) throw errors.sliverIndexMismatch(sliver.index, expected, pair);
    await this.#flushing.get(blobIdToText(blobId));
    // From here to the write there is no await: the registration state read now is the one acted on.
    const info = this.#state.status(blobId);
    const registered = isRegistered(info, this.#state.currentEpoch());
    if (info.invalid || (!registered && !pending)) throw errors.notRegistered();
    const metadata = registered ? this.#storedMetadata(blobId) : this.#pending.get(blobId)?.metadata;
    if (!metadata) throw errors.metadataMissingForSliver();
    this.#checkShard(blobId, pair);
    if (registered) {
      const stored = this.#store.getSliver(blobId, pair, type);
      if (stored && equalBytes(stored, body)) return { code: 200, message: 'sliver already stored' };
    } else if (this.#pending.hasSliver(blobId, pair, type)) {
      return { code: 202, message: 'sliver buffered pending registration' };
    }
    try {
      verifySliver(sliver, type, pair, metadata, g);
    } catch (error) {
      if (error instanceof SliverVerificationError) throw errors.invalidSliver(error.message);
      throw error;
    }
    if (registered) {
      await this.#store.putSliver(blobId, { pair, type, bytes: body });
      return { code: 201, message: 'sliver stored successfully' };
    }
    if (!this.#pending.addSliver(blobId, { pair, type, bytes: body })) throw errors.cacheSaturated();
    this.#flushIfRegistered(blobId);
    return { code: 202, message: 'sliver buffered pending registration' };
  }

  sliverStatus(blobId: Uint8Array, pair: number, type: SliverType): StoredOnNodeStatus {
    this.#checkPair(pair);
    if (this.#store.hasSliver(blobId, pair, type)) return 'stored';
    return this.#pending.hasSliver(blobId, pair, type) ? 'buffered' : 'nonexistent';
  }

  /** A signed storage confirmation, or NOT_REGISTERED / MISSING_SLIVERS (see Confirmer). */
  confirmation(request: ConfirmationRequest): Promise<SignedConfirmationJson> {
    return this.#confirmer.confirm(request);
  }

  blobStatus(blobId: Uint8Array): BlobStatus {
    return blobStatus(this.#state.status(blobId), this.#state.currentEpoch());
  }

  health(detailed: boolean): ServiceHealthInfo {
    return healthInfo({
      uptimeMs: this.#now() - this.#started,
      epoch: this.#state.currentEpoch(),
      publicKey: this.#signer.publicKey,
      shards: this.#state.ownedShards(),
      events: this.#state.eventProgress(),
      sync: this.#state.syncStatus?.(),
      detailed,
    });
  }

  /** Stops reacting to chain changes and waits for background writes. */
  async close(): Promise<void> {
    this.#unsubscribe();
    this.#confirmer.close();
    await Promise.allSettled([...this.#flushing.values()]);
    await this.#background;
  }

  #registered(blobId: Uint8Array): boolean {
    return isRegistered(this.#state.status(blobId), this.#state.currentEpoch());
  }

  /** Walrus's `validate_blob_access`, with the errors `ListSymbolsError` wraps it in. */
  #checkSymbolAccess(blobId: Uint8Array): void {
    if (this.#isBlocked(blobId)) throw errors.symbolSliverForbidden();
    if (!this.#registered(blobId)) throw errors.symbolSliverUnavailable();
  }

  #symbolSource(blobId: Uint8Array): SymbolSource {
    const shards = [...this.#state.ownedShards()].sort((a, b) => a - b);
    return {
      g: this.geometry,
      ownedPairs: pairsOnShards(blobId, shards, this.geometry.n),
      // Stored slivers were verified on the way in; reading them again only fails on disk damage.
      sliver: (pair, type) => {
        const bytes = this.#store.getSliver(blobId, pair, type);
        return bytes ? parseSliverData(bytes) : undefined;
      },
    };
  }

  #checkPair(pair: number): void {
    if (!(pair < this.geometry.n)) throw errors.indexOutOfRange(pair, this.geometry.n);
  }

  #checkShard(blobId: Uint8Array, pair: number): void {
    const shard = shardOfPair(blobId, pair, this.geometry.n);
    if (!this.#state.ownedShards().has(shard)) {
      throw errors.shardNotAssigned(shard, this.#state.currentEpoch());
    }
  }

  #storedMetadata(blobId: Uint8Array): BlobMetadata | undefined {
    const key = blobIdToText(blobId);
    const cached = this.#metadata.get(key);
    if (cached) {
      // Refresh its position so the cache evicts the least recently used blob.
      this.#metadata.delete(key);
      this.#metadata.set(key, cached);
      return cached;
    }
    const stored = this.#store.getMetadata(blobId);
    if (!stored) return undefined;
    // Stored metadata was verified on the way in; decoding it again cannot fail short of disk damage.
    const metadata = decodeMetadataBody(stored);
    this.#cacheMetadata(blobId, metadata);
    return metadata;
  }

  #cacheMetadata(blobId: Uint8Array, metadata: BlobMetadata): void {
    this.#metadata.set(blobIdToText(blobId), metadata);
    if (this.#metadata.size > METADATA_CACHE_ENTRIES) {
      this.#metadata.delete(this.#metadata.keys().next().value!);
    }
  }

  #onStateChange(change: StateChange): void {
    if (change.kind === 'committee') {
      // Expired blobs drop out at epoch boundaries.
      this.#collect(() => [...this.#store.metadataBlobIds()]);
      return;
    }
    if (change.event === 'registered' || change.event === 'certified') this.#flushIfRegistered(change.blobId);
    else this.#collect(() => [change.blobId]);
  }

  /** Writes buffered uploads of a blob that is now registered, keeping only slivers of owned shards. */
  #flushIfRegistered(blobId: Uint8Array): void {
    const key = blobIdToText(blobId);
    if (this.#flushing.has(key) || !this.#registered(blobId)) return;
    const pending = this.#pending.take(blobId);
    if (!pending) return;
    const owned = this.#state.ownedShards();
    const slivers = [...pending.slivers.values()].filter((s) =>
      owned.has(shardOfPair(blobId, s.pair, this.geometry.n)),
    );
    const flush = this.#store
      .putUpload(blobId, pending.metadataBcs, slivers)
      .then(() => this.#cacheMetadata(blobId, pending.metadata))
      .catch((error: unknown) => this.#onError(error, `flushing pending upload of ${key}`))
      .finally(() => this.#flushing.delete(key));
    this.#flushing.set(key, flush);
  }

  /** Deletes the data of blobs that are no longer registered (deleted, expired or invalid). */
  #collect(candidates: () => Uint8Array[]): void {
    this.#background = this.#background.then(async () => {
      try {
        for (const blobId of candidates()) {
          if (this.#registered(blobId) || !this.#store.hasMetadata(blobId)) continue;
          this.#metadata.delete(blobIdToText(blobId));
          await this.#store.deleteBlob(blobId);
        }
      } catch (error) {
        this.#onError(error, 'garbage collection');
      }
    });
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
