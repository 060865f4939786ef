// A bound on work in flight: at most `size` holders at once. Past it a request may wait a short
// while in a bounded line (a page the server just sent asks for its files in a burst, and a 503
// would break that page), but the line is short and the wait capped, so a flood is answered at
// once with 503 rather than piling up memory and node requests.

export interface SlotWait {
  /** Longest wait for a slot; then no slot. */
  readonly maxWaitMs: number;
  /** Most requests waiting at once (beyond it, no slot at once). */
  readonly maxWaiting: number;
}

type Release = () => void;

export class ReadSlots {
  readonly size: number;
  #used = 0;
  readonly #waiting: ((release: Release) => void)[] = [];

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`slot count must be >= 0, got ${size}`);
    this.size = size;
  }

  get inUse(): number {
    return this.#used;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** A slot, as the function that gives it back (idempotent), or null when all are taken. */
  tryAcquire(): Release | null {
    if (this.#used >= this.size) return null;
    this.#used += 1;
    return this.#release();
  }

  /** A slot now, or the next one freed within `wait.maxWaitMs`; null if none (or the line is full). */
  acquire(wait: SlotWait): Promise<Release | null> {
    const now = this.tryAcquire();
    if (now || this.size === 0 || this.#waiting.length >= wait.maxWaiting) return Promise.resolve(now);
    return new Promise((resolve) => {
      const waiter = (release: Release) => {
        clearTimeout(timer);
        resolve(release);
      };
      const timer = setTimeout(() => {
        const at = this.#waiting.indexOf(waiter);
        if (at !== -1) this.#waiting.splice(at, 1);
        resolve(null);
      }, wait.maxWaitMs);
      this.#waiting.push(waiter);
    });
  }

  #release(): Release {
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      // Handed straight to the longest waiter: the slot never looks free to a newcomer meanwhile.
      const next = this.#waiting.shift();
      if (next) next(this.#release());
      else this.#used -= 1;
    };
  }
}
