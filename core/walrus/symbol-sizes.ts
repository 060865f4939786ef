// Symbol sizes of quilts whose patches were read and checked lately. Every column of a blob has the
// same symbol size, and a patch read without metadata learns it from the first column it gets back,
// one round trip before it can ask for the rest. A page's files mostly sit in one quilt, so the
// second and later files of a visit would each pay that extra round trip (a 10-column image waited
// for its first column, then asked for nine more, on the same node). A size is noted only after a
// patch read with it passed its SHA-256 or its metadata: a node cannot plant a wrong one, and a
// noted size that stops working is forgotten, not retried.
import { blobIdToText } from './blob-id.ts';

export class KnownSymbolSizes {
  readonly #capacity: number;
  /** Least recently noted first (a Map keeps insertion order). */
  readonly #sizes = new Map<string, number>();

  /** At most `capacity` blobs (a number each: a few KB for thousands). */
  constructor(capacity = 1024) {
    this.#capacity = Math.max(1, capacity);
  }

  /** The checked symbol size of `blobId`'s columns, or 0 when none is known. */
  get(blobId: Uint8Array): number {
    return this.#sizes.get(blobIdToText(blobId)) ?? 0;
  }

  /** Notes `size` for `blobId` after a read with it was checked. */
  note(blobId: Uint8Array, size: number): void {
    if (!Number.isInteger(size) || size <= 0) return;
    const key = blobIdToText(blobId);
    this.#sizes.delete(key);
    if (this.#sizes.size >= this.#capacity) this.#sizes.delete(this.#sizes.keys().next().value!);
    this.#sizes.set(key, size);
  }

  /** Drops what is known of `blobId` (a read with the noted size failed). */
  forget(blobId: Uint8Array): void {
    this.#sizes.delete(blobIdToText(blobId));
  }
}
