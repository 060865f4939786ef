// Uploads that arrive with `?pending=true` before the node has seen the blob's registration.
// They are verified like any upload, held in memory under a byte budget and a time limit, and
// written to the store in one transaction once the registration event arrives. A 202 promises
// nothing durable, as in Walrus, so memory is the right place.
import { blobIdToText } from '../../core/walrus/blob-id.ts';
import type { BlobMetadata } from '../../core/walrus/bcs.ts';
import type { SliverType } from '../../core/walrus/node-types.ts';
import type { SliverRecord } from './store.ts';

export interface PendingBlob {
  readonly blobId: Uint8Array;
  readonly metadataBcs: Uint8Array;
  readonly metadata: BlobMetadata;
  readonly slivers: Map<string, SliverRecord>;
  bytes: number;
  readonly expiresAt: number;
}

export interface PendingOptions {
  readonly maxBytes: number;
  readonly ttlMs: number;
  readonly now?: () => number;
}

export class PendingUploads {
  readonly #blobs = new Map<string, PendingBlob>();
  readonly #maxBytes: number;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #bytes = 0;

  constructor(options: PendingOptions) {
    this.#maxBytes = options.maxBytes;
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  get(blobId: Uint8Array): PendingBlob | undefined {
    this.#prune();
    return this.#blobs.get(blobIdToText(blobId));
  }

  hasSliver(blobId: Uint8Array, pair: number, type: SliverType): boolean {
    return this.get(blobId)?.slivers.has(`${pair}/${type}`) ?? false;
  }

  /** Buffers verified metadata; false when the budget is spent. */
  addMetadata(blobId: Uint8Array, metadataBcs: Uint8Array, metadata: BlobMetadata): boolean {
    if (this.get(blobId)) return true;
    if (!this.#reserve(metadataBcs.length)) return false;
    this.#blobs.set(blobIdToText(blobId), {
      blobId,
      metadataBcs,
      metadata,
      slivers: new Map(),
      bytes: metadataBcs.length,
      expiresAt: this.#now() + this.#ttlMs,
    });
    return true;
  }

  /** Buffers a verified sliver of a blob whose metadata is buffered; false when the budget is spent. */
  addSliver(blobId: Uint8Array, record: SliverRecord): boolean {
    const blob = this.get(blobId);
    if (!blob) return false;
    const key = `${record.pair}/${record.type}`;
    if (blob.slivers.has(key)) return true;
    if (!this.#reserve(record.bytes.length)) return false;
    blob.slivers.set(key, record);
    blob.bytes += record.bytes.length;
    return true;
  }

  /** Removes and returns what is buffered for the blob (on registration). */
  take(blobId: Uint8Array): PendingBlob | undefined {
    const key = blobIdToText(blobId);
    const blob = this.#blobs.get(key);
    if (!blob) return undefined;
    this.#blobs.delete(key);
    this.#bytes -= blob.bytes;
    return blob;
  }

  #reserve(bytes: number): boolean {
    if (this.#bytes + bytes > this.#maxBytes) return false;
    this.#bytes += bytes;
    return true;
  }

  #prune(): void {
    const now = this.#now();
    for (const [key, blob] of this.#blobs) {
      if (blob.expiresAt > now) continue;
      this.#blobs.delete(key);
      this.#bytes -= blob.bytes;
    }
  }
}
