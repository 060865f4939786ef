// Which offline copies may still be served. An offline copy is the one thing the worker keeps that
// it cannot check while it serves it (the chain, which says what the site holds, is unreachable),
// and any script on the site's origin can write it. So copies are bounded in age and marked, and
// re-derived from the chain whenever it is reachable (see offline.ts).
//
// 24 hours: long enough to read a site on a day offline (a flight, a train, a dead link), short
// enough that a copy the site has since replaced — or that someone else wrote — does not outlive a
// day. The age comes from a header the worker writes; a writer who forges it can at most make its
// copy look fresh, never older than "now", which is why a date in the future is refused.
export const OFFLINE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** When the worker stored the copy (ms since the epoch, decimal). */
export const STORED_AT_HEADER = 'x-floe-stored-at';

/** Clocks of one machine do not run backwards by more than this between two visits. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Whether a copy stored at `storedAt` (the header's value, if any) may be served at `now`. */
export function offlineCopyUsable(
  storedAt: string | null,
  now: number,
  maxAgeMs = OFFLINE_MAX_AGE_MS,
): boolean {
  if (storedAt === null || !/^\d{1,15}$/.test(storedAt)) return false;
  const at = Number(storedAt);
  return at <= now + CLOCK_SKEW_MS && now - at <= maxAgeMs;
}

/** The `x-floe-stale` value of a response served from a copy stored at `storedAt`. */
export function staleNotice(storedAt: number): string {
  return `chain unreachable; unverified offline copy from ${new Date(storedAt).toISOString()}`;
}
