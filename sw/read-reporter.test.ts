import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReadTally, memberKeys } from '../core/serve/read-tally.ts';
import { ReadReporter } from './read-reporter.ts';

const A = 'http://127.0.0.1:9001';
const members = memberKeys([{ url: A }]);

describe('ReadReporter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setUp(answer: () => Promise<Response>) {
    const tally = new ReadTally();
    const bodies: unknown[] = [];
    const reporter = new ReadReporter({
      snapshot: async () => tally.snapshot(),
      post: (body) => {
        bodies.push(JSON.parse(body));
        return answer();
      },
      intervalMs: 5000,
    });
    const read = () => tally.record({ path: 'recovered', recoveredFrom: { [A]: 1 }, failures: [] }, members);
    return { reporter, bodies, read };
  }

  it('sends one report per interval with what was counted since the last one', async () => {
    const { reporter, bodies, read } = setUp(async () => new Response(null, { status: 200 }));
    read();
    const first = reporter.noteRead();
    expect(first).not.toBeNull();
    read();
    expect(reporter.noteRead()).toBeNull(); // batched into the scheduled report
    expect(bodies).toHaveLength(0); // nothing is sent right away
    await vi.advanceTimersByTimeAsync(5000);
    await first;
    expect(bodies).toEqual([
      { reads: { direct: 0, recovered: 2, fallback: 0 }, nodes: { [A]: { recovered: 2, failures: 0 } } },
    ]);

    read();
    const second = reporter.noteRead();
    await vi.advanceTimersByTimeAsync(5000);
    await second;
    expect(bodies[1]).toEqual({
      reads: { direct: 0, recovered: 1, fallback: 0 },
      nodes: { [A]: { recovered: 1, failures: 0 } },
    });

    // Nothing new: nothing sent.
    const third = reporter.noteRead();
    await vi.advanceTimersByTimeAsync(5000);
    await third;
    expect(bodies).toHaveLength(2);
  });

  it('keeps the counts of a report that did not arrive for the next, never rejecting', async () => {
    let fail = true;
    const { reporter, bodies, read } = setUp(async () => {
      if (fail) throw new TypeError('Failed to fetch');
      return new Response(null, { status: 200 });
    });
    read();
    const first = reporter.noteRead()!;
    await vi.advanceTimersByTimeAsync(5000);
    await expect(first).resolves.toBeUndefined();
    fail = false;
    read();
    const second = reporter.noteRead()!;
    await vi.advanceTimersByTimeAsync(5000);
    await second;
    expect(bodies.at(-1)).toMatchObject({ reads: { recovered: 2 } });
  });

  it('drops a report the portal refused rather than sending it forever', async () => {
    const { reporter, bodies, read } = setUp(async () => new Response(null, { status: 400 }));
    read();
    const first = reporter.noteRead()!;
    await vi.advanceTimersByTimeAsync(5000);
    await first;
    const second = reporter.noteRead()!;
    await vi.advanceTimersByTimeAsync(5000);
    await second;
    expect(bodies).toHaveLength(1);
  });
});
