import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTurn, timeSlicer } from './next-turn.ts';

/** Whether a due timer gets to run while only awaiting `wait`. */
async function timerRunsDuring(wait: () => Promise<void>): Promise<boolean> {
  let fired = false;
  setTimeout(() => (fired = true), 0);
  for (let turns = 0; !fired && turns < 1000; turns++) await wait();
  return fired;
}

describe('nextTurn', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('lets due timers run, which awaiting a resolved promise does not', async () => {
    expect(await timerRunsDuring(() => Promise.resolve())).toBe(false);
    expect(await timerRunsDuring(nextTurn)).toBe(true);
  });

  it('takes turns without setImmediate, as in browsers and workers', async () => {
    vi.stubGlobal('setImmediate', undefined);
    expect(await timerRunsDuring(nextTurn)).toBe(true);
    vi.stubGlobal('MessageChannel', undefined);
    expect(await timerRunsDuring(nextTurn)).toBe(true);
  });
});

describe('timeSlicer', () => {
  it('yields only once the slice has passed since the last turn', async () => {
    let clock = 100;
    const slice = timeSlicer(10, () => clock);
    expect(await slice()).toBe(false);
    clock = 109;
    expect(await slice()).toBe(false);
    clock = 110;
    expect(await slice()).toBe(true);
    clock = 115;
    expect(await slice()).toBe(false);
    clock = 120;
    expect(await slice()).toBe(true);
  });
});
