import { describe, expect, it } from 'vitest';
import { ReadSlots } from './read-slots.ts';

describe('ReadSlots', () => {
  it('hands out at most `size` slots, refuses past it, and takes each back once', () => {
    const slots = new ReadSlots(2);
    const a = slots.tryAcquire();
    const b = slots.tryAcquire();
    expect(a && b).toBeTruthy();
    expect(slots.tryAcquire()).toBeNull();
    a!();
    a!();
    expect(slots.inUse).toBe(1);
    const c = slots.tryAcquire();
    expect(c).not.toBeNull();
    expect(slots.tryAcquire()).toBeNull();
    b!();
    c!();
    expect(slots.inUse).toBe(0);
  });

  it('rejects a negative or fractional size; zero refuses everything', () => {
    expect(() => new ReadSlots(-1)).toThrow(RangeError);
    expect(() => new ReadSlots(1.5)).toThrow(RangeError);
    expect(new ReadSlots(0).tryAcquire()).toBeNull();
  });

  it('lets a request wait its turn in a short line, in order, within the time allowed', async () => {
    const slots = new ReadSlots(1);
    const held = slots.tryAcquire()!;
    const wait = { maxWaitMs: 1000, maxWaiting: 2 };
    const first = slots.acquire(wait);
    const second = slots.acquire(wait);
    // The line is full: the next one is refused at once.
    expect(await slots.acquire(wait)).toBeNull();
    held();
    const a = await first;
    expect(a).not.toBeNull();
    expect(slots.inUse).toBe(1);
    a!();
    const b = await second;
    expect(b).not.toBeNull();
    b!();
    expect(slots.inUse).toBe(0);
    expect(slots.waiting).toBe(0);
  });

  it('gives up on a wait that takes too long, and forgets the waiter', async () => {
    const slots = new ReadSlots(1);
    const held = slots.tryAcquire()!;
    expect(await slots.acquire({ maxWaitMs: 20, maxWaiting: 4 })).toBeNull();
    expect(slots.waiting).toBe(0);
    held();
    expect(slots.inUse).toBe(0);
  });
});
