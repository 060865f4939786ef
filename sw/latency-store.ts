// What the reader learned about storage nodes' speed, kept across worker restarts: Chromium stops
// an idle worker after about 30 s, and without this every visit would start out not knowing which
// nodes are near. Any script on the site's origin can write this cache too, which is harmless: a
// forged entry can only change the order in which nodes are asked (every byte is still verified),
// and `NodeLatency.restore` drops or clamps whatever is malformed.
import type { NodeLatency } from '../core/walrus/node-latency.ts';
import { LATENCY_CACHE, latencyKey } from './cache-names.ts';

/** Writes at most this often: one small JSON entry, after reads only. */
export const LATENCY_SAVE_INTERVAL_MS = 10_000;

/** The part of the Cache API this store uses. */
export interface LatencyCache {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
}

export interface LatencyStoreOptions {
  readonly latency: NodeLatency;
  readonly open?: () => Promise<LatencyCache>;
  readonly intervalMs?: number;
}

export class LatencyStore {
  readonly #latency: NodeLatency;
  readonly #open: () => Promise<LatencyCache>;
  readonly #intervalMs: number;
  #pending: Promise<void> | undefined;

  constructor(options: LatencyStoreOptions) {
    this.#latency = options.latency;
    this.#open = options.open ?? (() => caches.open(LATENCY_CACHE));
    this.#intervalMs = options.intervalMs ?? LATENCY_SAVE_INTERVAL_MS;
  }

  /** Adds the saved estimates to the estimator. Never rejects: without them reads just start cold. */
  async load(): Promise<void> {
    try {
      const hit = await (await this.#open()).match(latencyKey());
      if (hit) this.#latency.restore(await hit.json());
    } catch {
      // No Cache API, or an entry that is not JSON: nothing to restore.
    }
  }

  /**
   * Called after a read: schedules a save `intervalMs` later unless one is already scheduled.
   * Returns it (for `waitUntil`, so the worker lives to write it), else null. Never rejects.
   */
  noteRead(): Promise<void> | null {
    if (this.#pending) return null;
    const pending = new Promise<void>((done) => setTimeout(done, this.#intervalMs))
      .then(async () => {
        const body = JSON.stringify(this.#latency.snapshot());
        await (
          await this.#open()
        ).put(latencyKey(), new Response(body, { headers: { 'content-type': 'application/json' } }));
      })
      .catch(() => {})
      .finally(() => {
        this.#pending = undefined;
      });
    this.#pending = pending;
    return pending;
  }
}
