import { describe, expect, it } from 'vitest';
import { Eta, formatEta } from './eta.ts';

describe('Eta', () => {
  it('knows no rate from one sample, then estimates the time left', () => {
    const eta = new Eta();
    expect(eta.update(0, 1000, 0)).toEqual({ rate: undefined, secondsLeft: undefined });
    const second = eta.update(100, 1000, 1000);
    expect(second.rate).toBe(100);
    expect(second.secondsLeft).toBe(9);
  });

  it('follows a change of rate, recent progress weighing more', () => {
    const eta = new Eta(1000);
    eta.update(0, 10_000, 0);
    eta.update(100, 10_000, 1000);
    let last = eta.update(100, 10_000, 1000);
    for (let t = 2000, done = 1100; t <= 6000; t += 1000, done += 1000) last = eta.update(done, 10_000, t);
    // Five seconds at 1000 B/s after one at 100 B/s: the estimate is close to the new rate.
    expect(last.rate).toBeGreaterThan(900);
    expect(last.secondsLeft).toBeGreaterThan(4);
    expect(last.secondsLeft).toBeLessThan(6);
  });

  it('reports 0 when done, stalled when nothing moves, and restarts when progress goes back', () => {
    const eta = new Eta();
    eta.update(0, 100, 0);
    expect(eta.update(0, 100, 1000).secondsLeft).toBe(Infinity);
    expect(eta.update(100, 100, 2000).secondsLeft).toBe(0);
    expect(eta.update(10, 100, 3000).rate).toBeUndefined();
  });
});

describe('formatEta', () => {
  it('words seconds, minutes and hours', () => {
    expect(formatEta(undefined)).toBe('estimating');
    expect(formatEta(Infinity)).toBe('stalled');
    expect(formatEta(12.4)).toBe('12 s');
    expect(formatEta(185)).toBe('3 min 05 s');
    expect(formatEta(3720)).toBe('1 h 02 min');
  });
});
