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
});
