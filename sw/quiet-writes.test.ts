import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuietPeriods } from './quiet-writes.ts';

describe('QuietPeriods', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** Whether `promise` has settled, after letting due timers and microtasks run. */
  async function settled(promise: Promise<void>): Promise<boolean> {
    let done = false;
    void promise.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(0);
    return done;
  }

  it('holds a write while requests are in flight and for the quiet period after the last', async () => {
    const quiet = new QuietPeriods({ quietMs: 100, maxHoldMs: 10_000 });
    const first = quiet.busy();
    const second = quiet.busy();
    const write = quiet.quiet();
    await vi.advanceTimersByTimeAsync(500);
    expect(await settled(write)).toBe(false);
    first();
    await vi.advanceTimersByTimeAsync(500);
    expect(await settled(write)).toBe(false);
    second();
    await vi.advanceTimersByTimeAsync(99);
    expect(await settled(write)).toBe(false);
    // A request arriving within the quiet period starts it again once answered.
    const third = quiet.busy();
    await vi.advanceTimersByTimeAsync(50);
    third();
    third(); // a second call of the same done() changes nothing
    await vi.advanceTimersByTimeAsync(99);
    expect(await settled(write)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(write)).toBe(true);
  });

  it('lets a write through after the longest hold though requests never stop', async () => {
    const quiet = new QuietPeriods({ quietMs: 100, maxHoldMs: 1000 });
    quiet.busy();
    const write = quiet.quiet();
    await vi.advanceTimersByTimeAsync(999);
    expect(await settled(write)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(write)).toBe(true);
  });

  it('lets a write through after the quiet period when nothing is in flight', async () => {
    const quiet = new QuietPeriods({ quietMs: 100 });
    const write = quiet.quiet();
    await vi.advanceTimersByTimeAsync(99);
    expect(await settled(write)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(write)).toBe(true);
  });
});
