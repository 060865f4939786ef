// One emulated network path between a visitor and a server: its handshakes are paid once, and
// its bandwidth is one wire that every byte crosses in turn. An HTTP/1.1 socket is one such path;
// so is an HTTP/2 session, however many streams it multiplexes.
import type { GeoLink } from './regions.ts';
import { firstByteDelayMs } from './shaping.ts';

export class EmulatedConnection {
  readonly #link: GeoLink;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  /** Settles once the first answer's first byte arrived, and with it the handshakes. */
  #handshakes: Promise<void> | undefined;
  /** Settles when the wire is free: every slice queued so far has crossed it. */
  #wire: Promise<void> = Promise.resolve();

  constructor(link: GeoLink, sleep: (ms: number) => Promise<void>, random: () => number) {
    this.#link = link;
    this.#sleep = sleep;
    this.#random = random;
  }

  /**
   * Waits until an answer's first byte reaches the visitor: a round trip and jitter, after the
   * handshakes for the first answer. Answers asked for while the handshakes still run (parallel
   * HTTP/2 streams of a new session) wait for them too, without paying them again.
   */
  firstByte(): Promise<void> {
    if (!this.#handshakes) {
      this.#handshakes = this.#sleep(firstByteDelayMs(this.#link, true, this.#random));
      return this.#handshakes;
    }
    const own = this.#sleep(firstByteDelayMs(this.#link, false, this.#random));
    return Promise.all([this.#handshakes, own]).then(() => undefined);
  }

  /** Waits `delayMs` of wire time, after every slice queued before it on this connection. */
  transmit(delayMs: number): Promise<void> {
    const crossed = this.#wire.then(() => this.#sleep(delayMs));
    this.#wire = crossed;
    return crossed;
  }
}
