// A blob served as a stream of verified rows: rows (primary slivers) are fetched a window ahead of
// the consumer, emitted strictly in row order and cut to the requested range. The stream is pulled
// (highWaterMark 0), so a slow consumer holds at most the window, never the file. When the stream
// covers the whole blob and a SHA-256 is given, the bytes are hashed as they go and the last chunk
// is withheld until the digest matches: a client never sees a complete-looking wrong file.
import { blobIdToText } from './blob-id.ts';
import { IntegrityError, InvalidReadRequestError } from './read-errors.ts';
import { rowCut, type RowSpan } from './row-window.ts';
import { Sha256Stream } from './sha256-stream.ts';

export interface StreamRequest {
  readonly blobId: Uint8Array | string;
  /** Byte range [start, end) of the blob; defaults to the whole blob. Clamped to the length. */
  readonly start?: number;
  readonly end?: number;
  /**
   * SHA-256 of the WHOLE blob. Checked (last chunk withheld until it matches) only when the
   * stream covers the whole blob; ignored for partial ranges (those are checked per row).
   */
  readonly sha256?: Uint8Array;
  /** Bytes of rows fetched ahead of the consumer (default 8 MiB; at least 2 rows). */
  readonly windowBytes?: number;
  readonly signal?: AbortSignal;
}

export interface BlobStream {
  /** The blob's unencoded length, from verified metadata. */
  readonly length: number;
  /** The served range [start, end) after clamping. */
  readonly start: number;
  readonly end: number;
  /** Rows (primary sliver indices) the range covers, inclusive; firstRow > lastRow when empty. */
  readonly firstRow: number;
  readonly lastRow: number;
  /**
   * Verified bytes [start, end) in order. Errors with a ReadError subclass (IntegrityError for
   * a SHA-256 mismatch, NotEnoughSliversError when a row cannot be obtained) — never yields an
   * unverified byte. Cancelling it aborts in-flight node requests.
   */
  readonly body: ReadableStream<Uint8Array>;
}

export const DEFAULT_WINDOW_BYTES = 8 << 20;

/**
 * One row's data (rowSize bytes), verified against the blob's metadata; throws a ReadError if
 * unobtainable. `turn` resolves when the row is about to be needed (the consumer has taken the row
 * before the previous one) or the stream is cancelled: a source fetches at once but verifies then,
 * so the one thread that verifies spends itself on rows in order, and a stream cancelled by a seek
 * leaves its fetched rows unverified instead of keeping the thread busy for the next one.
 */
export type RowSource = (row: number, signal: AbortSignal, turn: () => Promise<void>) => Promise<Uint8Array>;

/** Rows past the one being delivered that may be verified: the next one, while this one goes out. */
const VERIFY_AHEAD = 1;

/** Rows in flight once the first has gone out (see `RowPipeline.#window`). */
const WINDOW_START = 2;

export interface RowStreamPlan {
  readonly blobId: Uint8Array;
  readonly length: number;
  readonly span: RowSpan;
  /** Rows fetched ahead of the consumer, the row being delivered included. */
  readonly window: number;
  /** SHA-256 of the whole blob; used only when the span is the whole blob. */
  readonly sha256?: Uint8Array;
  readonly fetchRow: RowSource;
  readonly signal?: AbortSignal;
}

/** Throws InvalidReadRequestError for numbers no range or window can have, before any request. */
export function validateStreamRequest(request: StreamRequest): void {
  const { start, end, windowBytes, sha256 } = request;
  for (const [name, value] of [
    ['start', start],
    ['end', end],
  ] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0))
      throw new InvalidReadRequestError(`invalid range ${name} ${value}`);
  }
  if (start !== undefined && end !== undefined && end < start)
    throw new InvalidReadRequestError(`invalid byte range [${start}, ${end})`);
  if (windowBytes !== undefined && !(windowBytes > 0))
    throw new InvalidReadRequestError(`invalid window of ${windowBytes} bytes`);
  if (sha256 && sha256.length !== 32)
    throw new InvalidReadRequestError(`a SHA-256 has 32 bytes, got ${sha256.length}`);
}

/**
 * Starts the window and resolves once the first chunk is verified (and, for a one-row whole blob,
 * its SHA-256 checked), so a caller can still answer with an error instead of a broken body.
 */
export async function openRowStream(plan: RowStreamPlan): Promise<BlobStream> {
  const stop = new AbortController();
  const signal = plan.signal ? AbortSignal.any([plan.signal, stop.signal]) : stop.signal;
  const rows = new RowPipeline(plan, signal);
  let first: Uint8Array | undefined;
  try {
    first = await rows.next();
  } catch (error) {
    stop.abort(error);
    throw error;
  }
  let held = first;
  const body = new ReadableStream<Uint8Array>(
    {
      pull: async (controller) => {
        let chunk = held;
        held = undefined;
        try {
          chunk ??= await rows.next();
        } catch (error) {
          stop.abort(error); // the rest of the window is of no use any more
          throw error;
        }
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
      cancel: (reason) => {
        held = undefined;
        stop.abort(reason);
      },
    },
    { highWaterMark: 0 },
  );
  const { span, length } = plan;
  return { length, start: span.start, end: span.end, firstRow: span.firstRow, lastRow: span.lastRow, body };
}

/** Rows in order, at most `window` of them requested ahead of the one being delivered. */
class RowPipeline {
  readonly #plan: RowStreamPlan;
  readonly #signal: AbortSignal;
  readonly #pending = new Map<number, Promise<Uint8Array>>();
  readonly #hash: Sha256Stream | undefined;
  #next: number;
  #launched: number;
  #failed = false;
  #hashChecked = false;
  /** A chunk handed out but not yet hashed (see `#hashHanded`). */
  #handed: Uint8Array | undefined;
  /** Until the first row is in, it is asked for alone (see `next`). */
  #started = false;
  /** Rows waiting for their turn to be verified (see RowSource), and what lets each go. */
  readonly #turns = new Map<number, () => void>();

  constructor(plan: RowStreamPlan, signal: AbortSignal) {
    this.#plan = plan;
    this.#signal = signal;
    this.#next = plan.span.firstRow;
    this.#launched = plan.span.firstRow;
    // A cancelled stream lets every waiting row go, so no source is left hanging on its turn.
    signal.addEventListener('abort', () => this.#wake(Number.POSITIVE_INFINITY), { once: true });
    const whole = plan.span.start === 0 && plan.span.end === plan.length;
    this.#hash = plan.sha256 && whole ? new Sha256Stream() : undefined;
  }

  /** The next verified chunk, or undefined after the last (once the whole-blob hash matched). */
  async next(): Promise<Uint8Array | undefined> {
    this.#hashHanded();
    const { span } = this.#plan;
    if (this.#next > span.lastRow) {
      this.#checkHash(); // an empty blob has no last row to hold back
      return undefined;
    }
    // The first row goes out alone: a window of rows arriving with it would compete with it for
    // the nodes, the network and the one thread that verifies them, and its verification is the
    // stream's time to first byte. The rest of the window starts the moment it is in.
    this.#fill(this.#started ? this.#window() : 1);
    const row = this.#next;
    const data = await this.#pending.get(row)!;
    this.#pending.delete(row);
    this.#next++;
    this.#wake(row + VERIFY_AHEAD);
    if (!this.#started) {
      this.#started = true;
      // As many ahead as at any later row's hand-over, once the first chunk is on its way: starting
      // a request costs the thread about a millisecond, a window of them would delay the first byte.
      setTimeout(() => {
        if (!this.#signal.aborted) this.#fill(this.#window() - 1);
      }, 0);
    }
    const { from, to } = rowCut(span, row);
    const chunk = data.subarray(from, to);
    if (row === span.lastRow) {
      this.#hash?.update(chunk);
      this.#checkHash();
    } else if (this.#hash) {
      this.#handed = chunk;
    }
    return chunk;
  }

  /**
   * Hashes the chunk handed out last, on the next call: a verified row goes out without waiting for
   * the SHA-256 (~3 ms per 628 KB row), and the last row, hashed before it goes, still decides.
   * Should a consumer detach a chunk's buffer, it hashes as empty and the file fails its check.
   */
  #hashHanded(): void {
    if (!this.#handed) return;
    this.#hash?.update(this.#handed);
    this.#handed = undefined;
  }

  /**
   * The window grows by a row with every row delivered, from WINDOW_START up to the plan's: a
   * stream cancelled early (a player that reads the start and then seeks, a client that hangs up)
   * leaves a few rows in flight, not the whole window, on the one node that holds neighbouring
   * rows, where they would delay the next request. A stream read on reaches the full window
   * within a dozen rows; while it grows, the node has at least two of its rows to serve.
   */
  #window(): number {
    return Math.min(this.#plan.window, WINDOW_START + (this.#next - this.#plan.span.firstRow));
  }

  #fill(window: number): void {
    const { span, fetchRow } = this.#plan;
    while (!this.#failed && this.#launched <= span.lastRow && this.#launched - this.#next < window) {
      const row = this.#launched++;
      const promise = fetchRow(row, this.#signal, () => this.#turn(row));
      // Seen when its turn comes; until then a failure only stops further rows being started.
      promise.catch(() => {
        this.#failed = true;
      });
      this.#pending.set(row, promise);
    }
  }

  #turn(row: number): Promise<void> {
    // `#next - 1` is the row last handed on (before the first, none: only the first row may go).
    if (row <= this.#next - 1 + VERIFY_AHEAD || this.#signal.aborted) return Promise.resolve();
    return new Promise((resolve) => this.#turns.set(row, resolve));
  }

  /** Lets every row up to `last` be verified. */
  #wake(last: number): void {
    for (const [row, go] of this.#turns) {
      if (row > last) continue;
      this.#turns.delete(row);
      go();
    }
  }

  #checkHash(): void {
    const expected = this.#plan.sha256;
    if (!this.#hash || !expected || this.#hashChecked) return;
    this.#hashChecked = true;
    if (!this.#hash.matches(expected)) {
      throw new IntegrityError(
        `content of blob ${blobIdToText(this.#plan.blobId)} verified against its metadata does not match the expected SHA-256`,
      );
    }
  }
}
