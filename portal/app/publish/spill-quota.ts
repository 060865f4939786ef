// The page's spill lives in the origin's storage quota. Chromium 138 and later report
// `usage + min(10 GiB, free disk)` as the quota to ordinary sites rather than the quota it
// enforces (which can be larger), so the estimate is the most a page can plan on: checking it
// before a big spill stops a deploy that may not fit before it has encoded anything, and a
// QuotaExceededError thrown by a write later is reported the same way.
import { SpillError } from '../../../core/deploy/spill.ts';

/** The origin's storage cannot hold what the deploy needs to spill. */
export class SpillQuotaError extends SpillError {
  override name = 'SpillQuotaError';
  /** Bytes the spill needed. */
  readonly needed: number;
  /** Bytes the origin could still store, by the browser's estimate. */
  readonly available: number;

  constructor(needed: number, available: number, options?: ErrorOptions) {
    super(
      `The browser's storage for this site has room for ${mib(available)} but the deploy needs ${mib(needed)}.`,
      options,
    );
    this.needed = needed;
    this.available = available;
  }
}

/** A DOMException (or Chromium's QuotaExceededError class) for a full quota. */
export function isQuotaExceeded(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'name' in error && error.name === 'QuotaExceededError'
  );
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
