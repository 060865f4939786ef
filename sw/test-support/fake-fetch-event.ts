// A stand-in for the worker's FetchEvent in Node unit tests. It keeps what the worker answered
// (respondWith, which a real event accepts once) and the work the worker asked to outlive the
// answer (waitUntil: offline copies, the offline-copies refresh, read reports), so a test can wait
// for that work as a browser would before stopping the worker.
import { dispatch, type Handler } from '../handlers.ts';

export class FakeFetchEvent {
  readonly request: Request;
  /** Every promise handed to waitUntil, in order. */
  readonly work: Promise<unknown>[] = [];
  #response: Promise<Response> | undefined;

  constructor(request: Request) {
    this.request = request;
  }

  respondWith(response: Promise<Response>): void {
    // Chromium throws InvalidStateError on a second call; a test should hear about it too.
    if (this.#response) throw new Error('respondWith called twice');
    this.#response = response;
  }

  waitUntil(work: Promise<unknown>): void {
    this.work.push(work);
  }

  /** Whether the worker answered the request itself (else the browser fetches it as usual). */
  get answered(): boolean {
    return this.#response !== undefined;
  }

  /** The worker's answer; fails the test if it left the request to the browser. */
  response(): Promise<Response> {
    if (!this.#response) throw new Error('the worker did not answer this request');
    return this.#response;
  }

  /** Waits for all work handed to waitUntil, including work added while waiting. */
  async settled(): Promise<void> {
    for (let seen = 0; seen < this.work.length;) {
      const batch = this.work.slice(seen);
      seen = this.work.length;
      await Promise.all(batch);
    }
  }
}

/** What sw.ts's fetch listener does with an event: answer through the first handler that claims it. */
export function fire(list: readonly Handler[], event: FakeFetchEvent): void {
  const response = dispatch(list, event.request, (work) => event.waitUntil(work));
  if (response) event.respondWith(response);
}
