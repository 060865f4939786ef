// Verified blob metadata kept across reads. The blob ID commits to the metadata (it is a hash of
// its sliver hashes and length), so a copy verified once is the only valid one and can be reused
// without asking a node again: a stream's length, its rows' hashes and a later seek into the same
// file all come from one metadata request.
import type { BlobMetadata } from './bcs.ts';
import { blobIdToText } from './blob-id.ts';

/** Loads and verifies metadata; aborted when every caller waiting for it has given up. */
export type MetadataLoader = (signal: AbortSignal) => Promise<BlobMetadata>;

interface Flight {
  readonly promise: Promise<BlobMetadata>;
  readonly controller: AbortController;
  waiters: number;
}

/** A small LRU of verified metadata by blob ID, sharing one load between concurrent callers. */
export class MetadataCache {
  readonly #capacity: number;
  /** Verified metadata, least recently used first (a Map keeps insertion order). */
  readonly #done = new Map<string, BlobMetadata>();
  readonly #flights = new Map<string, Flight>();

  /** `capacity` entries; at n = 1000 each is 64 KB of hashes. */
  constructor(capacity = 16) {
    this.#capacity = Math.max(1, capacity);
  }

  /** Entries held (for tests and stats). */
  get size(): number {
    return this.#done.size;
  }

  /** Whether verified metadata of `blobId` is at hand (a load under way does not count). */
  has(blobId: Uint8Array): boolean {
    return this.peek(blobId) !== undefined;
  }

  /** The verified metadata of `blobId` if it is at hand, without waiting or loading. */
  peek(blobId: Uint8Array): BlobMetadata | undefined {
    return this.#done.get(blobIdToText(blobId));
  }

  /**
   * The verified metadata of `blobId`: cached, joined to a load already under way, or loaded with
   * `load`, which must verify it against the blob ID. A failed load is not remembered. `signal`
   * abandons this caller's wait only; the load stops when no caller is left.
   */
  get(blobId: Uint8Array, load: MetadataLoader, signal?: AbortSignal): Promise<BlobMetadata> {
    const key = blobIdToText(blobId);
    const cached = this.#done.get(key);
    if (cached) {
      this.#done.delete(key);
      this.#done.set(key, cached);
      return Promise.resolve(cached);
    }
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const flight = this.#flights.get(key) ?? this.#start(key, load);
    flight.waiters++;
    return signal ? this.#wait(key, flight, signal) : flight.promise;
  }

  #start(key: string, load: MetadataLoader): Flight {
    const controller = new AbortController();
    const promise = load(controller.signal).then(
      (metadata) => {
        if (this.#flights.get(key) === flight) this.#flights.delete(key);
        this.#remember(key, metadata);
        return metadata;
      },
      (error: unknown) => {
        if (this.#flights.get(key) === flight) this.#flights.delete(key);
        throw error;
      },
    );
    // Every waiter may have left; the failure is theirs to see, not an unhandled rejection.
    promise.catch(() => undefined);
    const flight: Flight = { promise, controller, waiters: 0 };
    this.#flights.set(key, flight);
    return flight;
  }

  #wait(key: string, flight: Flight, signal: AbortSignal): Promise<BlobMetadata> {
    return new Promise<BlobMetadata>((resolve, reject) => {
      const leave = () => {
        flight.waiters--;
        if (flight.waiters === 0) {
          // Nobody wants it any more: stop the load, and let the next caller start afresh.
          if (this.#flights.get(key) === flight) this.#flights.delete(key);
          flight.controller.abort(signal.reason);
        }
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', leave, { once: true });
      flight.promise.then(
        (metadata) => {
          signal.removeEventListener('abort', leave);
          resolve(metadata);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', leave);
          reject(error as Error);
        },
      );
    });
  }

  #remember(key: string, metadata: BlobMetadata): void {
    this.#done.delete(key);
    this.#done.set(key, metadata);
    while (this.#done.size > this.#capacity) this.#done.delete(this.#done.keys().next().value!);
  }
}
