// Concurrency cap for the public API: at most `maxConcurrent` requests run, up to `maxQueued`
// wait in FIFO order, and the rest are refused at once. Writers such as the SDK fire every sliver
// of a node at the same time, so bursts queue rather than fail.
export class Limiter {
  readonly #maxConcurrent: number;
  readonly #maxQueued: number;
  readonly #queue: (() => void)[] = [];
  #running = 0;

  constructor(maxConcurrent: number, maxQueued: number) {
    this.#maxConcurrent = Math.max(1, maxConcurrent);
    this.#maxQueued = Math.max(0, maxQueued);
  }

  get running(): number {
    return this.#running;
  }

  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Resolves with a release function once a slot is free, or returns undefined synchronously
   * when the queue is full. `signal` abandons a queued wait (the client went away).
   */
  acquire(signal?: AbortSignal): Promise<() => void> | undefined {
    if (this.#running < this.#maxConcurrent) {
      this.#running++;
      return Promise.resolve(this.#releaser());
    }
    if (this.#queue.length >= this.#maxQueued) return undefined;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', abandon);
        this.#running++;
        resolve(this.#releaser());
      };
      const abandon = () => {
        const index = this.#queue.indexOf(grant);
        if (index >= 0) this.#queue.splice(index, 1);
        reject(signal?.reason ?? new Error('aborted'));
      };
      signal?.addEventListener('abort', abandon, { once: true });
      this.#queue.push(grant);
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#running--;
      this.#queue.shift()?.();
    };
  }
}
