import { describe, expect, it } from 'vitest';
import { RequestRejectedError } from './errors.ts';
import { SerialQueue } from './serial-queue.ts';

describe('SerialQueue', () => {
  it('runs tasks one at a time in order, a failure not stopping the next', async () => {
    const queue = new SerialQueue(8);
    const log: string[] = [];
    let running = 0;
    const task = (name: string, fail = false) =>
      queue.run(async () => {
        expect(++running).toBe(1);
        log.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        log.push(`end ${name}`);
        running--;
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task('a'), task('b', true), task('c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('refuses new tasks with 429 once maxWaiting are waiting', async () => {
    const queue = new SerialQueue(2);
    let release = () => {};
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const accepted = [queue.run(() => blocker), queue.run(async () => 'second')];
    const refused = queue.run(async () => 'third');
    await expect(refused).rejects.toBeInstanceOf(RequestRejectedError);
    await expect(refused).rejects.toMatchObject({ status: 429 });
    release();
    await expect(Promise.all(accepted)).resolves.toEqual([undefined, 'second']);
    await expect(queue.run(async () => 'later')).resolves.toBe('later');
  });
});
