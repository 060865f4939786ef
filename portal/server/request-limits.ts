// How much one client can make the portal server do: every request is bounded in size and time,
// and the costly part (reading a site's file from the storage nodes for a client without the
// worker) in how many run at once, so a slow or hostile client cannot starve the others.

export interface RequestLimits {
  /** Request line plus headers (Node's `maxHeaderSize`); beyond it Node answers 431. */
  readonly maxHeaderBytes: number;
  /** The request target (path and query) as sent; beyond it the server answers 414. */
  readonly maxUrlLength: number;
  /** Time to receive a request's headers, however slowly they trickle in; then 408 and close. */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request (headers and body). */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
  /** A connection with no traffic at all for this long is closed (a client that stops reading). */
  readonly idleTimeoutMs: number;
  /** How often Node checks the two timeouts above it; a timeout fires up to this much late. */
  readonly timeoutCheckIntervalMs: number;
  /** Server-side reads of site files at once; past it a request waits in line (below), then 503. */
  readonly maxConcurrentReads: number;
  /**
   * Big files streamed to clients at once, each holding a window of rows (8 MiB) rather than a read
   * slot once its first row is out; past it a stream is answered 503 with Retry-After.
   */
  readonly maxConcurrentStreams: number;
  /** Longest wait in that line. */
  readonly readWaitMs: number;
  /** Most requests waiting in that line; past it the server answers 503 with Retry-After at once. */
  readonly maxWaitingReads: number;
  /** The Retry-After of that 503, in seconds. */
  readonly retryAfterS: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  // Node's default, made explicit: a browser's headers with a site's cookies fit easily.
  maxHeaderBytes: 16 * 1024,
  // The longest resource path (2048 bytes of UTF-8) percent-encoded throughout is 6 KiB; routes
  // are matched on up to MAX_REQUEST_PATH_BYTES decoded, checked (400) in core/serve/routing.ts.
  maxUrlLength: 8 * 1024,
  headersTimeoutMs: 10_000,
  // Requests carry at most a 16 KiB read report; anything slower than this is not a browser.
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  // Longer than a server-side read on a degraded network is expected to take.
  idleTimeoutMs: 120_000,
  timeoutCheckIntervalMs: 1_000,
  // Each read fans out to many storage nodes and holds the file in memory; browsers read in their
  // worker, so server-side reads are crawlers and clients without JavaScript.
  maxConcurrentReads: 32,
  // 32 windows of 8 MiB: 256 MiB at most, whatever the files' sizes and the clients' speeds.
  maxConcurrentStreams: 32,
  // A first visit's page brings its files' requests in a burst; a short line keeps that page whole.
  readWaitMs: 5_000,
  maxWaitingReads: 128,
  retryAfterS: 2,
};

/** Whether a request target (`req.url`) is too long to look at (answer 414). */
export function urlTooLong(target: string, limits: RequestLimits): boolean {
  return target.length > limits.maxUrlLength;
}
