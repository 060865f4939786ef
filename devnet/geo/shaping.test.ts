import { describe, expect, it } from 'vitest';
import type { GeoLink } from './regions.ts';
import { checkLink, firstByteDelayMs, paceBody, ShapingError } from './shaping.ts';

const link: GeoLink = { rttMs: 150, jitterMs: 20, bandwidthBytesPerSec: 1_000_000, setupMs: 300 };

describe('first-byte delay', () => {
  it('is a round trip plus jitter, plus the handshakes on a new connection', () => {
    expect(firstByteDelayMs(link, false, () => 0)).toBe(150);
    expect(firstByteDelayMs(link, false, () => 0.5)).toBe(160);
    expect(firstByteDelayMs(link, true, () => 0.5)).toBe(460);
    // Jitter stays below its bound.
    expect(firstByteDelayMs(link, false, () => 0.999_999)).toBeLessThanOrEqual(170);
  });
});

describe('body pacing', () => {
  it('cuts the body into TLS-record-sized slices, each waiting its time on the wire', () => {
    const slices = paceBody(40_000, link);
    expect(slices.map((s) => [s.start, s.end])).toEqual([
      [0, 16_384],
      [16_384, 32_768],
      [32_768, 40_000],
    ]);
    expect(slices.map((s) => s.delayMs)).toEqual([16.384, 16.384, 7.232]);
    // The whole body takes size ÷ bandwidth.
    expect(slices.reduce((sum, s) => sum + s.delayMs, 0)).toBeCloseTo(40, 9);
    expect(paceBody(0, link)).toEqual([]);
  });

  it('uses bigger slices on fast links so timers stay near one per 10 ms', () => {
    const fast = { ...link, bandwidthBytesPerSec: 12_500_000 };
    const slices = paceBody(1_000_000, fast);
    expect(slices[0]).toEqual({ start: 0, end: 125_000, delayMs: 10 });
    expect(slices).toHaveLength(8);
  });
});

describe('checkLink', () => {
  it('refuses links that would never deliver or run backwards', () => {
    expect(checkLink(link)).toBe(link);
    expect(() => checkLink({ ...link, bandwidthBytesPerSec: 0 })).toThrow(ShapingError);
    expect(() => checkLink({ ...link, rttMs: -1 })).toThrow(ShapingError);
    expect(() => checkLink({ ...link, setupMs: Number.NaN })).toThrow(ShapingError);
  });
});
