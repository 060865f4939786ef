import { describe, expect, it } from 'vitest';
import { MAX_REQUEST_PATH_BYTES } from '../../core/serve/routing.ts';
import { MAX_IDENTIFIER_SIZE } from '../../core/site/paths.ts';
import { DEFAULT_REQUEST_LIMITS, urlTooLong } from './request-limits.ts';

describe('request limits', () => {
  it('let every storable resource path through, percent-encoded throughout, and a routed one in ASCII', () => {
    const limits = DEFAULT_REQUEST_LIMITS;
    expect(limits.maxUrlLength).toBeGreaterThanOrEqual(3 * (MAX_IDENTIFIER_SIZE - 2) + 1);
    expect(limits.maxUrlLength).toBeGreaterThanOrEqual(MAX_REQUEST_PATH_BYTES);
    // The request line counts against Node's header cap, so a URL at the cap still gets our 414.
    expect(limits.maxHeaderBytes).toBeGreaterThan(limits.maxUrlLength + 4096);
    expect(urlTooLong(`/${'%C3%A9'.repeat((MAX_IDENTIFIER_SIZE - 2) / 2)}`, limits)).toBe(false);
    expect(urlTooLong(`/${'a'.repeat(limits.maxUrlLength)}`, limits)).toBe(true);
  });

  it('time out a request before Node requires (headers within the request timeout)', () => {
    const limits = DEFAULT_REQUEST_LIMITS;
    expect(limits.headersTimeoutMs).toBeLessThanOrEqual(limits.requestTimeoutMs);
    expect(limits.timeoutCheckIntervalMs).toBeLessThan(limits.headersTimeoutMs);
  });
});
