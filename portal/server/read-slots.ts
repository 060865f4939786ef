// A bound on work in flight: at most `size` holders at once, refused (not queued) past it, so a
// burst is answered at once with 503 rather than piling up memory and node requests.

export class ReadSlots {
  readonly size: number;
  #used = 0;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`slot count must be >= 0, got ${size}`);
    this.size = size;
  }

  get inUse(): number {
    return this.#used;
  }

  /** A slot, as the function that gives it back (idempotent), or null when all are taken. */
  tryAcquire(): (() => void) | null {
    if (this.#used >= this.size) return null;
    this.#used += 1;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.#used -= 1;
    };
  }
}
