import { describe, expect, it } from 'vitest';
import { needsRenewal, RENEW_BEFORE_MS, validityFrom, VALIDITY_DAYS } from './policy.ts';

const now = new Date('2026-03-01T12:00:00Z');

describe('devnet certificate validity', () => {
  it('issues for a year, back-dated an hour against slow client clocks', () => {
    const { notBefore, notAfter } = validityFrom(now);
    expect(now.getTime() - notBefore.getTime()).toBe(3_600_000);
    expect(notAfter.getTime() - now.getTime()).toBe(VALIDITY_DAYS * 86_400_000);
  });

  it('renews a week before the end, and when not yet valid', () => {
    const validity = validityFrom(now);
    expect(needsRenewal(validity, now)).toBe(false);
    const end = validity.notAfter.getTime();
    expect(needsRenewal(validity, new Date(end - RENEW_BEFORE_MS - 1))).toBe(false);
    expect(needsRenewal(validity, new Date(end - RENEW_BEFORE_MS))).toBe(true);
    expect(needsRenewal(validity, new Date(end + 1))).toBe(true);
    expect(needsRenewal(validity, new Date(validity.notBefore.getTime() - 1))).toBe(true);
  });
});
