import { describe, expect, it } from 'vitest';
import { OFFLINE_MAX_AGE_MS, offlineCopyUsable, staleNotice } from './offline-policy.ts';

const NOW = Date.UTC(2025, 5, 1, 12);

describe('offlineCopyUsable', () => {
  it('serves a copy the worker stored within the limit', () => {
    expect(offlineCopyUsable(String(NOW - 1000), NOW)).toBe(true);
    expect(offlineCopyUsable(String(NOW - OFFLINE_MAX_AGE_MS), NOW)).toBe(true);
  });

  it('refuses a copy older than the limit', () => {
    expect(offlineCopyUsable(String(NOW - OFFLINE_MAX_AGE_MS - 1), NOW)).toBe(false);
  });

  it('refuses a copy without a date or with one that is not the worker’s (written by someone else)', () => {
    expect(offlineCopyUsable(null, NOW)).toBe(false);
    expect(offlineCopyUsable('', NOW)).toBe(false);
    expect(offlineCopyUsable('yesterday', NOW)).toBe(false);
    expect(offlineCopyUsable('1e15', NOW)).toBe(false);
    expect(offlineCopyUsable(`-${NOW}`, NOW)).toBe(false);
  });

  it('refuses a date in the future (a forged one that would never expire), beyond clock skew', () => {
    expect(offlineCopyUsable(String(NOW + 60_000), NOW)).toBe(true);
    expect(offlineCopyUsable(String(NOW + 24 * 60 * 60 * 1000), NOW)).toBe(false);
    expect(offlineCopyUsable('999999999999999', NOW)).toBe(false);
  });
});

describe('staleNotice', () => {
  it('says the copy is unverified and when it was stored', () => {
    expect(staleNotice(NOW)).toBe('chain unreachable; unverified offline copy from 2025-06-01T12:00:00.000Z');
  });
});
