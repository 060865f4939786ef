// Verified rows of streamed blobs kept in memory for the next stream of the same blob. A player
// asks for a file's start more than once (the first request, then again after reading an index at
// the end), seeks back, and a portal streams a popular video to many visitors: each of those would
// fetch and verify the same 628 KB rows again. A row is kept only after it was verified against
// the blob's metadata, and the blob ID commits to that metadata, so a kept row is the only valid
// one for its key. The cache lives in the reader's memory, out of reach of any page script.
import type { RowSource } from './blob-stream.ts';

/** Rows by blob and index, least recently used first, within a byte budget. */
export class RowCache {
  readonly #budget: number;
  /** Each row with the bytes it was counted as (a detached view's length drops to 0). */
  readonly #rows = new Map<string, { readonly data: Uint8Array; readonly bytes: number }>();
  #bytes = 0;

  /** `budget` bytes of row data at most; 0 keeps nothing. */
  constructor(budget: number) {
    this.#budget = Math.max(0, budget);
  }

  /** Bytes held (for tests and stats). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Row `row` of blob `blob` if kept with `size` bytes (a view whose buffer was taken away is dropped). */
  get(blob: string, row: number, size: number): Uint8Array | undefined {
    const key = `${blob}/${row}`;
    const entry = this.#rows.get(key);
    if (!entry) return undefined;
    this.#rows.delete(key);
    if (entry.data.length !== size) {
      this.#bytes -= entry.bytes;
      return undefined;
    }
    this.#rows.set(key, entry);
    return entry.data;
  }

  put(blob: string, row: number, data: Uint8Array): void {
    if (data.length > this.#budget) return;
    const key = `${blob}/${row}`;
    const old = this.#rows.get(key);
    if (old) {
      this.#rows.delete(key);
      this.#bytes -= old.bytes;
    }
    this.#rows.set(key, { data, bytes: data.length });
    this.#bytes += data.length;
    for (const [oldest, entry] of this.#rows) {
      if (this.#bytes <= this.#budget) break;
      this.#rows.delete(oldest);
      this.#bytes -= entry.bytes;
    }
  }
}

/**
 * `source`, except that rows kept in `cache` come from there, and every row `source` verifies
 * is kept. `rowSize`: bytes of every row of the blob (the last one is padded to it too).
 */
export function cachedRows(cache: RowCache, blob: string, rowSize: number, source: RowSource): RowSource {
  return async (row, signal, turn) => {
    const kept = cache.get(blob, row, rowSize);
    if (kept) return kept;
    const data = await source(row, signal, turn);
    cache.put(blob, row, data);
    return data;
  };
}
