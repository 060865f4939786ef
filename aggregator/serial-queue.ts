// One publisher key signs every store, and two transactions built at once would pick the same gas
// coin; so stores run one at a time, a few wait, and the rest are shed at once with the daemon's
// 429 (its publisher also has a small bounded buffer in front of a concurrency limit).
import { errors } from './errors.ts';

export class SerialQueue {
  readonly #maxWaiting: number;
  #tail: Promise<unknown> = Promise.resolve();
  #waiting = 0;

  /** `maxWaiting`: tasks that may wait behind the running one before new ones are refused. */
  constructor(maxWaiting: number) {
    this.#maxWaiting = maxWaiting;
  }

  /** Runs `task` after every task queued before it; rejects at once with 429 when full. */
  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#waiting >= this.#maxWaiting) return Promise.reject(errors.overloaded('publisher'));
    this.#waiting++;
    const result = this.#tail.then(() => {
      this.#waiting--;
      return task();
    });
    // The next task waits for this one to settle, whether it succeeded or not.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
