import { describe, expect, it } from 'vitest';
import { Limiter } from './limiter.ts';

describe('Limiter', () => {
  it('runs at most maxConcurrent, queues FIFO and refuses past the queue', async () => {
    const limiter = new Limiter(2, 2);
    const a = await limiter.acquire()!;
    const b = await limiter.acquire()!;
    const order: string[] = [];
    const c = limiter.acquire()!.then((release) => (order.push('c'), release));
    const d = limiter.acquire()!.then((release) => (order.push('d'), release));
    expect(limiter.acquire()).toBeUndefined();
    expect([limiter.running, limiter.queued]).toEqual([2, 2]);
    a();
    a(); // a second release is a no-op
    (await c)();
    b();
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect([limiter.running, limiter.queued]).toEqual([0, 0]);
  });

  it('drops an abandoned wait from the queue', async () => {
    const limiter = new Limiter(1, 5);
    const release = await limiter.acquire()!;
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal)!;
    controller.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    expect(limiter.queued).toBe(0);
    release();
    expect(limiter.running).toBe(0);
  });
});
