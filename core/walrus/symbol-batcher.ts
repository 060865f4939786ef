// Decoding-symbol requests to one node, merged. A node answers `decodingSymbols` by reading every
// sliver it holds of the other axis and slicing the targets out of each, so one request for many
// target slivers costs it about as much as a request for one. A stream whose rows sit on a node
// that is down recovers each of them from the other nodes; asked row by row, every node reads all
// its slivers once per row (≈ 350 ms each on the devnet, where 13 rows at once timed out and broke
// the stream). Requests for the same node and axis made within a few milliseconds of each other
// go out as one, and each caller gets the symbols of its own targets.
import type { SliverType } from './node-types.ts';
import type { DecodingSymbol } from './symbols-bcs.ts';

export type SymbolAnswer = Map<number, DecodingSymbol[]> | undefined;

/** Sends one request; undefined when the node gave nothing usable (its failure recorded). */
export type SendSymbolRequest = (
  member: number,
  type: SliverType,
  targets: readonly number[],
  signal: AbortSignal,
) => Promise<SymbolAnswer>;

export interface SymbolBatcherOptions {
  /** How long a first request waits for others to join it. @default 4 */
  readonly windowMs?: number;
  /** Targets per request at most (keeps the URL short); a full batch goes at once. @default 64 */
  readonly maxTargets?: number;
}

interface Waiter {
  readonly targets: readonly number[];
  readonly resolve: (answer: SymbolAnswer) => void;
  /** Set once the caller stopped waiting (its signal aborted). */
  gone: boolean;
}

interface Batch {
  readonly member: number;
  readonly type: SliverType;
  readonly targets: Set<number>;
  readonly waiters: Waiter[];
  readonly stop: AbortController;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class SymbolBatcher {
  readonly #send: SendSymbolRequest;
  readonly #windowMs: number;
  readonly #maxTargets: number;
  /** The batch still open for joiners, per `member/type`. */
  readonly #open = new Map<string, Batch>();

  constructor(send: SendSymbolRequest, options: SymbolBatcherOptions = {}) {
    this.#send = send;
    this.#windowMs = options.windowMs ?? 4;
    this.#maxTargets = options.maxTargets ?? 64;
  }

  /** The symbols `member` holds for `targets`; resolves undefined at once when `signal` aborts. */
  request(
    member: number,
    type: SliverType,
    targets: readonly number[],
    signal?: AbortSignal,
  ): Promise<SymbolAnswer> {
    if (signal?.aborted) return Promise.resolve(undefined);
    const key = `${member}/${type}`;
    let batch = this.#open.get(key);
    if (batch && batch.targets.size + targets.length > this.#maxTargets) {
      this.#flush(key, batch);
      batch = undefined;
    }
    if (!batch) {
      const opened: Batch = {
        member,
        type,
        targets: new Set(),
        waiters: [],
        stop: new AbortController(),
        timer: undefined,
      };
      opened.timer = setTimeout(() => this.#flush(key, opened), this.#windowMs);
      this.#open.set(key, opened);
      batch = opened;
    }
    const joined = batch;
    for (const target of targets) joined.targets.add(target);
    return new Promise<SymbolAnswer>((resolve) => {
      const waiter: Waiter = { targets, resolve, gone: false };
      joined.waiters.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          waiter.gone = true;
          resolve(undefined);
          // Nobody left to answer: the request itself stops (or never starts).
          if (joined.waiters.every((w) => w.gone)) joined.stop.abort(signal.reason);
        },
        { once: true },
      );
    });
  }

  #flush(key: string, batch: Batch): void {
    clearTimeout(batch.timer);
    if (this.#open.get(key) === batch) this.#open.delete(key);
    if (batch.stop.signal.aborted) return;
    void this.#send(
      batch.member,
      batch.type,
      [...batch.targets].sort((a, b) => a - b),
      batch.stop.signal,
    ).then(
      (answer) => {
        for (const waiter of batch.waiters) {
          if (waiter.gone) continue;
          waiter.resolve(answer && pick(answer, waiter.targets));
        }
      },
      () => {
        for (const waiter of batch.waiters) waiter.resolve(undefined);
      },
    );
  }
}

/** The part of a merged answer that one caller asked for. */
function pick(
  answer: Map<number, DecodingSymbol[]>,
  targets: readonly number[],
): Map<number, DecodingSymbol[]> {
  const out = new Map<number, DecodingSymbol[]>();
  for (const target of targets) {
    const symbols = answer.get(target);
    if (symbols) out.set(target, symbols);
  }
  return out;
}
