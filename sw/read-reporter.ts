// Tells the portal server what this worker's reads counted (recoveries and failures by node, reads
// by path), so the network page on the apex origin can show them: the worker runs on the site's
// origin, whose storage the app cannot see. Reports are batched (one per `intervalMs` at most,
// sent that long after a read) and fire-and-forget: nothing waits for them and a failed one only
// leaves its counts for the next.
import { READ_REPORT_PATH } from '../core/serve/portal-protocol.ts';
import { emptyTally, isEmptyTally, tallyDelta, type ReadTallySnapshot } from '../core/serve/read-tally.ts';

export const REPORT_INTERVAL_MS = 5000;

export interface ReadReporterOptions {
  /** The worker's running tally (its SiteService's), cumulative since the worker started. */
  readonly snapshot: () => Promise<ReadTallySnapshot>;
  /** Sends one report body; the default posts it to the portal on this origin. */
  readonly post?: (body: string) => Promise<Response>;
  readonly intervalMs?: number;
}

export class ReadReporter {
  readonly #options: ReadReporterOptions;
  /** What the portal has been told so far. */
  #sent: ReadTallySnapshot = emptyTally();
  #pending: Promise<void> | undefined;

  constructor(options: ReadReporterOptions) {
    this.#options = options;
  }

  /**
   * Called after answering a request: schedules a report unless one is already scheduled. Returns
   * the scheduled report (for `waitUntil`, so the worker lives to send it), else null. Never rejects.
   */
  noteRead(): Promise<void> | null {
    if (this.#pending) return null;
    const pending = new Promise<void>((done) =>
      setTimeout(done, this.#options.intervalMs ?? REPORT_INTERVAL_MS),
    )
      .then(() => this.#send())
      .catch(() => {})
      .finally(() => {
        this.#pending = undefined;
      });
    this.#pending = pending;
    return pending;
  }

  async #send(): Promise<void> {
    const now = await this.#options.snapshot();
    const delta = tallyDelta(now, this.#sent);
    if (isEmptyTally(delta)) return;
    const post = this.#options.post ?? postReport;
    let response: Response;
    try {
      response = await post(JSON.stringify(delta));
    } catch {
      return; // The portal is unreachable (offline): these counts go with the next report.
    }
    // A refused report (4xx) would be refused again: drop it. Server errors are retried.
    if (response.status < 500) this.#sent = now;
  }
}

function postReport(body: string): Promise<Response> {
  return fetch(READ_REPORT_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    cache: 'no-store',
    credentials: 'omit',
    keepalive: true,
  });
}
