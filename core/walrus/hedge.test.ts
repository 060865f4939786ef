import { describe, expect, it } from 'vitest';
import { hedgeDelayMs, MIN_HEDGE_MS } from './hedge.ts';
import { NodeLatency } from './node-latency.ts';

describe('hedgeDelayMs', () => {
  it('keeps the fixed bound until typical latency is known', () => {
    expect(hedgeDelayMs(3000, null, 1_000_000)).toBe(3000);
  });

  it('hedges a node far slower than its peers in well under the bound', () => {
    // Peers answer in ~120 ms; a small column: hedged after ~0.4 s, where a 1.5 s node would hold it.
    const delay = hedgeDelayMs(3000, 120, 20_000);
    expect(delay).toBeGreaterThanOrEqual(360);
    expect(delay).toBeLessThan(500);
  });

  it('allows for the bytes on a slow link, and never exceeds the bound or undercuts the floor', () => {
    expect(hedgeDelayMs(3000, 120, 1_250_000)).toBe(1360);
    expect(hedgeDelayMs(3000, 120, 100_000_000)).toBe(3000);
    expect(hedgeDelayMs(3000, 1, 0)).toBe(MIN_HEDGE_MS);
    expect(hedgeDelayMs(Number.POSITIVE_INFINITY, 1, 0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('NodeLatency.typicalMs', () => {
  it('is unknown until enough nodes answered, then the median pessimistic estimate', () => {
    const latency = new NodeLatency({ now: () => 0 });
    for (let i = 0; i < 4; i++) latency.observe(`https://n${i}`, 100);
    expect(latency.typicalMs()).toBeNull();
    latency.observe('https://slow', 1500);
    const typical = latency.typicalMs()!;
    // One slow node does not move the median.
    expect(typical).toBeGreaterThanOrEqual(100);
    expect(typical).toBeLessThan(1500);
  });
});
