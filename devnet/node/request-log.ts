// Counts of what a devnet node served, per blob, so tests can tell which rows and columns a reader
// fetched (a seek should not fetch the rows it skipped) and whether it fell back to symbols. Pure
// counting; the public server records and the admin API reads it. Memory stays bounded: only the
// most recently recorded blobs are kept.
import type { SliverType } from '../../core/walrus/node-types.ts';

/** What `GET /requests?blob=` answers: served sliver GETs by pair, and symbol requests. */
export interface BlobRequestCounts {
  /** Pair index (decimal string) → primary sliver GETs served. */
  readonly primary: Record<string, number>;
  readonly secondary: Record<string, number>;
  /** Decoding- and recovery-symbol requests received, answered or refused. */
  readonly symbols: number;
}

interface Counts {
  readonly primary: Map<number, number>;
  readonly secondary: Map<number, number>;
  symbols: number;
}

/** Blobs kept by default: a test reads a handful; a long devnet session must not grow. */
export const DEFAULT_LOGGED_BLOBS = 256;

export class RequestLog {
  readonly #maxBlobs: number;
  /** By blob ID text, least recently recorded first. */
  readonly #blobs = new Map<string, Counts>();

  constructor(maxBlobs = DEFAULT_LOGGED_BLOBS) {
    if (!Number.isInteger(maxBlobs) || maxBlobs < 1)
      throw new RangeError(`maxBlobs must be ≥ 1, got ${maxBlobs}`);
    this.#maxBlobs = maxBlobs;
  }

  sliverServed(blobId: string, type: SliverType, pair: number): void {
    const counts = this.#touch(blobId)[type];
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }

  symbolsRequested(blobId: string): void {
    this.#touch(blobId).symbols++;
  }

  /** Counts since start or the last reset; all zero for a blob never recorded (or evicted). */
  counts(blobId: string): BlobRequestCounts {
    const counts = this.#blobs.get(blobId);
    return {
      primary: record(counts?.primary),
      secondary: record(counts?.secondary),
      symbols: counts?.symbols ?? 0,
    };
  }

  reset(): void {
    this.#blobs.clear();
  }

  #touch(blobId: string): Counts {
    let counts = this.#blobs.get(blobId);
    if (counts) {
      this.#blobs.delete(blobId);
    } else {
      counts = { primary: new Map(), secondary: new Map(), symbols: 0 };
      if (this.#blobs.size >= this.#maxBlobs) this.#blobs.delete(this.#blobs.keys().next().value!);
    }
    this.#blobs.set(blobId, counts);
    return counts;
  }
}

/** Pairs in ascending order (JSON objects keep integer-like keys sorted anyway). */
function record(counts: Map<number, number> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [pair, count] of [...(counts ?? [])].sort((a, b) => a[0] - b[0])) out[String(pair)] = count;
  return out;
}
