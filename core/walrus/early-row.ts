// The first row of a blob, asked for while its metadata is still on the way. A stream from the
// start of a blob needs row 0 whatever the blob's length turns out to be, and the metadata (about
// 64 KB at 1000 shards, then a verification) is otherwise a full round trip in front of it. The row
// is only kept, unchecked, until the stream can check it against the metadata; a row that fails
// the check is dropped and fetched again the ordinary way, so an early row changes only timing.
import type { BlobMetadata } from './bcs.ts';
import type { RowSource } from './blob-stream.ts';
import { primarySliverSize, symbolSize, type Geometry } from './geometry.ts';
import type { FetchedSliver } from './read-session.ts';
import { SliverVerificationError, verifySliver } from './sliver-verify.ts';

/** How long an early row waits for its stream; a stream opened later reads row 0 itself. */
const KEEP_MS = 10_000;
/** Early rows kept at once (each one row: at most a few MiB for the largest blobs). */
const CAPACITY = 4;

export class EarlyRows {
  readonly #rows = new Map<string, { at: number; row: Promise<FetchedSliver | undefined> }>();
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  has(key: string): boolean {
    this.#expire();
    return this.#rows.has(key);
  }

  /** Starts `fetch` for `key` unless an early row for it is already kept. */
  start(key: string, fetch: () => Promise<FetchedSliver | undefined>): void {
    if (this.has(key)) return;
    const row = fetch().catch(() => undefined);
    this.#rows.set(key, { at: this.#now(), row });
    while (this.#rows.size > CAPACITY) this.#rows.delete(this.#rows.keys().next().value!);
  }

  /** The early row of `key`, once; undefined when none was started or it is too old. */
  take(key: string): Promise<FetchedSliver | undefined> | undefined {
    this.#expire();
    const entry = this.#rows.get(key);
    this.#rows.delete(key);
    return entry?.row;
  }

  #expire(): void {
    const now = this.#now();
    for (const [key, { at }] of this.#rows) if (now - at > KEEP_MS) this.#rows.delete(key);
  }
}

/** Row 0's bytes when `fetched` is row 0 of the blob `metadata` describes, else undefined. */
export function checkedFirstRow(
  fetched: FetchedSliver | undefined,
  metadata: BlobMetadata,
  g: Geometry,
): Uint8Array | undefined {
  if (!fetched) return undefined;
  const sym = symbolSize(g, metadata.unencodedLength);
  const { sliver } = fetched;
  if (sliver.index !== 0 || sliver.symbolSize !== sym || sliver.data.length !== primarySliverSize(g, sym))
    return undefined;
  try {
    verifySliver(sliver, 'primary', 0, metadata, g);
  } catch (error) {
    if (error instanceof SliverVerificationError) return undefined;
    throw error;
  }
  return sliver.data;
}

/**
 * `rest`, except that row 0 is first taken from `early` when it passes the check; a missing or
 * failing early row is read by `rest` like any other.
 */
export function firstRowFrom(
  early: Promise<FetchedSliver | undefined> | undefined,
  metadata: BlobMetadata,
  g: Geometry,
  rest: RowSource,
): RowSource {
  let pending = early;
  return async (row, signal, turn) => {
    if (row === 0 && pending) {
      const fetched = await pending;
      pending = undefined;
      const data = checkedFirstRow(fetched, metadata, g);
      if (data) return data;
    }
    return rest(row, signal, turn);
  };
}
