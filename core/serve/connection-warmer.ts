// Open connections to the storage nodes before a visitor needs them. A read from a node the
// process has no idle connection to pays the TCP and TLS handshakes first: two more round trips,
// half a second to a node on another continent. A long-running portal has warm connections to the
// nodes it reads from; a freshly started one, or one whose connections idled out, has none, and an
// aggregator it is compared with keeps its own open. So the portal asks every committee node for
// its health (the cheapest request a node answers) a few at a time per node when it starts, which
// leaves that many idle keep-alive connections in the process's pool, and again before they would
// idle out. Failures are ignored: a node that is down now is simply asked again next round.
//
// The same round trips tell the reader which nodes are near and which are down before any visitor
// needs them: once a node's connections are open, one more health request on a warm connection
// is timed (a round trip without the handshakes), and a node that answered none is marked failed.
// A fresh portal's first recovery with nodes down then asks the nearest live nodes for symbols,
// not whichever come first in committee order.
import type { FetchLike } from '../walrus/node-client.ts';
import type { NodeLatency } from '../walrus/node-latency.ts';

/** Connections opened per node: a page's first reads from one node go out together. */
export const WARM_PER_NODE = 2;
/**
 * Rounds repeat this often: under the 60 s or more that nodes keep an idle connection open
 * (Walrus nodes and the devnet's keep them 65 s), so the pool always has live ones.
 */
export const WARM_INTERVAL_MS = 50_000;
/** A node that has not answered within this long is left for the next round. */
export const WARM_TIMEOUT_MS = 5000;

export interface ConnectionWarmerOptions {
  /** Base URLs of the nodes to keep connections to (asked again every round: committees change). */
  readonly nodes: () => Promise<readonly string[]>;
  readonly fetch: FetchLike;
  /** @default WARM_PER_NODE */
  readonly perNode?: number;
  /** @default WARM_INTERVAL_MS */
  readonly intervalMs?: number;
  /** @default WARM_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** Told each node's round trip (on a warm connection) or its failure, keyed by the node's URL without trailing slashes. */
  readonly latency?: NodeLatency;
  /** Clock for the round trips. @default performance.now */
  readonly now?: () => number;
}

/** Lets a connection whose body was just read go back to the pool before the timed request. */
const RELEASE_MS = 10;

export class ConnectionWarmer {
  /** Resolves when the first round has finished (never rejects). */
  readonly ready: Promise<void>;
  readonly #options: ConnectionWarmerOptions;
  readonly #stopped = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ConnectionWarmerOptions) {
    this.#options = options;
    this.ready = this.#round();
  }

  /** Stops the rounds and abandons the requests of one under way. */
  stop(): void {
    this.#stopped.abort();
    clearTimeout(this.#timer);
  }

  async #round(): Promise<void> {
    const { perNode = WARM_PER_NODE, timeoutMs = WARM_TIMEOUT_MS } = this.#options;
    try {
      const nodes = await this.#options.nodes();
      const signal = AbortSignal.any([this.#stopped.signal, AbortSignal.timeout(timeoutMs)]);
      await Promise.all(nodes.map((base) => this.#warm(base, perNode, signal)));
    } catch {
      // No committee right now: the next round tries again.
    }
    if (this.#stopped.signal.aborted) return;
    this.#timer = setTimeout(() => void this.#round(), this.#options.intervalMs ?? WARM_INTERVAL_MS);
    // A portal that is otherwise done must be able to exit.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  async #warm(base: string, perNode: number, signal: AbortSignal): Promise<void> {
    // Keyed as the reader keys its nodes: the URL without trailing slashes.
    const node = base.replace(/\/+$/, '');
    const url = `${node}/v1/health`;
    const opened = await Promise.all(Array.from({ length: perNode }, () => this.#ask(url, signal)));
    const { latency } = this.#options;
    if (!latency) return;
    // A node that answered none of them (refused, reset, or silent past the deadline) is down;
    // requests the warmer's own stop cut short say nothing about the node.
    if (!opened.includes(true)) {
      if (!this.#stopped.signal.aborted) latency.fail(node);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, RELEASE_MS));
    const now = this.#options.now ?? (() => performance.now());
    const started = now();
    if (await this.#ask(url, signal)) latency.observe(node, now() - started);
  }

  /** True when the node answered (any status) and its body was read. */
  async #ask(url: string, signal: AbortSignal): Promise<boolean> {
    try {
      const response = await this.#options.fetch(url, { signal });
      // Read to the end, so the connection goes back to the pool for reuse.
      await response.arrayBuffer();
      return true;
    } catch {
      // Down, slow or refusing: asked again next round.
      return false;
    }
  }
}
