// Storage writes held back while the worker is answering a page. A page load asks the worker for
// its files in a burst, and every answer used to queue Cache API writes (the file's bytes, its
// offline copy, the site's kept lookups) on the same thread and the same storage backend that the
// burst's own reads wait on: a returning visit read its files from the Cache API behind the
// writes of the files answered before them. Nothing a visitor waits for needs those writes, so
// they run once no request has been in flight for a moment, or after MAX_HOLD_MS at the latest
// (a page that never goes quiet, e.g. a video playing, still gets its files kept).

/** No request in flight for this long: the page has what it asked for. */
export const QUIET_MS = 250;
/** A write waits at most this long for a quiet moment. */
export const MAX_HOLD_MS = 5000;

export interface QuietTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export class QuietPeriods {
  readonly #quietMs: number;
  readonly #maxHoldMs: number;
  readonly #timers: QuietTimers;
  #inFlight = 0;
  #waiting: (() => void)[] = [];
  #timer: unknown;

  constructor({
    quietMs = QUIET_MS,
    maxHoldMs = MAX_HOLD_MS,
    timers = globalThis as unknown as QuietTimers,
  }: { quietMs?: number; maxHoldMs?: number; timers?: QuietTimers } = {}) {
    this.#quietMs = quietMs;
    this.#maxHoldMs = maxHoldMs;
    this.#timers = timers;
  }

  /** Marks a request in flight; call the returned function (once) when it is answered. */
  busy(): () => void {
    this.#inFlight++;
    this.#stopTimer();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#inFlight--;
      this.#arm();
    };
  }

  /** Resolves once no request has been in flight for the quiet period (or the hold ran out). */
  quiet(): Promise<void> {
    return new Promise((resolve) => {
      let settled = false;
      const release = () => {
        if (settled) return;
        settled = true;
        this.#timers.clearTimeout(cap);
        this.#waiting = this.#waiting.filter((w) => w !== release);
        resolve();
      };
      const cap = this.#timers.setTimeout(release, this.#maxHoldMs);
      this.#waiting.push(release);
      this.#arm();
    });
  }

  #arm(): void {
    if (this.#inFlight > 0 || this.#waiting.length === 0 || this.#timer !== undefined) return;
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined;
      if (this.#inFlight > 0) return;
      // Taken as a whole: each release would otherwise filter the list again (quadratic in writes).
      const waiting = this.#waiting;
      this.#waiting = [];
      for (const release of waiting) release();
    }, this.#quietMs);
  }

  #stopTimer(): void {
    if (this.#timer === undefined) return;
    this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
