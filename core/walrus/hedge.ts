// When a read stops waiting for late slivers alone and starts rebuilding them from other nodes'
// symbols beside the late requests. A fixed delay (the reader's `hedgeAfterMs`, 3 s) must allow
// for a far node on a cold connection; once the reader has heard from enough nodes it knows what
// "late" means here: a few typical answer times plus the time the bytes take on a modest link. A
// node several times slower than its peers (a slow node, an overloaded one) is then hedged in
// well under a second, instead of holding the page for its whole answer.

/** Late = this many typical answer times… */
export const HEDGE_LATENCY_FACTOR = 3;
/** …but never sooner than this: recovery costs many requests, and loopback answers in 1 ms. */
export const MIN_HEDGE_MS = 300;
/** The bytes' time is allowed at 10 Mbit/s, a slow but real visitor link. */
export const HEDGE_BYTES_PER_MS = 1250;

/**
 * The hedge delay for a gather of `bytesPerStream` bytes on each parallel request: `boundMs` until
 * typical node latency is known (`typicalMs` null), then the adaptive delay, never above `boundMs`.
 */
export function hedgeDelayMs(boundMs: number, typicalMs: number | null, bytesPerStream: number): number {
  if (typicalMs === null || !Number.isFinite(boundMs)) return boundMs;
  const adaptive = HEDGE_LATENCY_FACTOR * typicalMs + bytesPerStream / HEDGE_BYTES_PER_MS;
  return Math.min(boundMs, Math.max(MIN_HEDGE_MS, adaptive));
}
