import { describe, expect, it } from 'vitest';
import { WorkerPool, WorkerPoolError, type PoolWorker, type PoolWorkerEvents } from './worker-pool.ts';

/** A worker the test drives by hand: it records what it is sent and replies or crashes on cue. */
class FakeWorker implements PoolWorker<number> {
  readonly posted: number[] = [];
  terminated = false;
  failPost: Error | null = null;
  readonly #events: PoolWorkerEvents<number>;

  constructor(events: PoolWorkerEvents<number>) {
    this.#events = events;
  }

  post(task: number): void {
    if (this.failPost) throw this.failPost;
    this.posted.push(task);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** Answers the task last posted with task × 10 (a negative task makes `settle` throw). */
  answer(): void {
    this.#events.reply(this.posted.at(-1)! * 10);
  }

  crash(detail = 'boom'): void {
    this.#events.crash(detail, new Error(detail));
  }
}

function fakePool(
  size: number,
  options: { eager?: boolean; spawnFails?: () => boolean; retireAfter?: (task: number) => boolean } = {},
) {
  const workers: FakeWorker[] = [];
  const pool = new WorkerPool<number, number, number>({
    size,
    ...(options.eager ? { eager: true } : {}),
    ...(options.retireAfter ? { retireAfter: options.retireAfter } : {}),
    spawn: (events) => {
      if (options.spawnFails?.()) throw new Error('no workers here');
      const worker = new FakeWorker(events);
      workers.push(worker);
      return worker;
    },
    settle: (reply) => {
      if (reply < 0) throw new RangeError(`bad reply ${reply}`);
      return reply;
    },
  });
  return { pool, workers };
}

/** Records how each promise settled, without leaving rejections unhandled. */
function track<T>(promise: Promise<T>) {
  const state: { value?: T; error?: unknown; settled: number } = { settled: 0 };
  promise.then(
    (value) => {
      state.value = value;
      state.settled++;
    },
    (error: unknown) => {
      state.error = error;
      state.settled++;
    },
  );
  return state;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WorkerPool', () => {
  it('starts workers as tasks need them, up to size, and runs the queue in order', async () => {
    const { pool, workers } = fakePool(2);
    expect(workers).toHaveLength(0);
    const jobs = [1, 2, 3, 4, 5].map((task) => track(pool.run(task)));
    expect(workers).toHaveLength(2);
    expect(workers.map((w) => w.posted)).toEqual([[1], [2]]);
    workers[1]!.answer();
    workers[0]!.answer();
    workers[0]!.answer();
    // Freed workers take the oldest queued task first.
    expect(workers.map((w) => w.posted)).toEqual([
      [1, 4, 5],
      [2, 3],
    ]);
    workers[1]!.answer();
    workers[0]!.answer();
    await tick();
    expect(jobs.map((j) => j.value)).toEqual([10, 20, 30, 40, 50]);
    expect(workers).toHaveLength(2);
  });

  it('starts every worker up front when eager, and reuses idle ones', () => {
    const { pool, workers } = fakePool(3, { eager: true });
    expect(workers).toHaveLength(3);
    void pool.run(1);
    void pool.run(2);
    expect(workers).toHaveLength(3);
    expect(workers.flatMap((w) => w.posted).sort()).toEqual([1, 2]);
  });

  it('hands a failed reply to its own caller and keeps the worker', async () => {
    const { pool, workers } = fakePool(1);
    const bad = track(pool.run(-1));
    const good = track(pool.run(2));
    workers[0]!.answer();
    workers[0]!.answer();
    await tick();
    expect(bad.error).toBeInstanceOf(RangeError);
    expect(good.value).toBe(20);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.terminated).toBe(false);
  });

  it('fails the task of a crashed worker and runs the queue on a fresh one', async () => {
    const { pool, workers } = fakePool(1, { eager: true });
    const crashed = track(pool.run(1));
    const queued = track(pool.run(2));
    workers[0]!.crash('out of memory');
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.posted).toEqual([2]);
    // Late events of the dropped worker (a Node thread reports error, then exit) change nothing.
    workers[0]!.crash('exited with code 1');
    workers[0]!.answer();
    workers[1]!.answer();
    await tick();
    expect(crashed.error).toBeInstanceOf(WorkerPoolError);
    expect((crashed.error as WorkerPoolError).failure).toMatchObject({
      kind: 'crashed',
      detail: 'out of memory',
    });
    expect((crashed.error as Error).message).toBe('worker crashed: out of memory');
    expect(crashed.settled).toBe(1);
    expect(queued.value).toBe(20);
  });

  it('replaces a crashed idle worker only when a task needs it', () => {
    const { pool, workers } = fakePool(1, { eager: true });
    workers[0]!.crash();
    expect(workers).toHaveLength(1);
    void pool.run(1);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.posted).toEqual([1]);
  });

  it('fails a task that cannot be posted and keeps the worker for the next', async () => {
    const { pool, workers } = fakePool(1);
    void pool.run(0);
    workers[0]!.answer();
    workers[0]!.failPost = new Error('DataCloneError');
    const unsent = track(pool.run(1));
    workers[0]!.failPost = null;
    const next = track(pool.run(2));
    workers[0]!.answer();
    await tick();
    expect((unsent.error as WorkerPoolError).failure).toMatchObject({
      kind: 'post-failed',
      detail: 'DataCloneError',
    });
    expect(next.value).toBe(20);
    expect(workers).toHaveLength(1);
  });

  it('fails the queue when no worker can start and none is alive, instead of hanging', async () => {
    let fail = true;
    const { pool, workers } = fakePool(2, { spawnFails: () => fail });
    const jobs = [track(pool.run(1)), track(pool.run(2))];
    await tick();
    for (const job of jobs) {
      expect((job.error as WorkerPoolError).failure).toMatchObject({
        kind: 'spawn-failed',
        detail: 'no workers here',
      });
    }
    // A later task tries again.
    fail = false;
    void pool.run(3);
    expect(workers.map((w) => w.posted)).toEqual([[3]]);
  });

  it('lets queued tasks wait when a second worker cannot start but one is alive', async () => {
    let spawned = 0;
    const { pool, workers } = fakePool(2, { spawnFails: () => spawned++ > 0 });
    const first = track(pool.run(1));
    const second = track(pool.run(2));
    workers[0]!.answer();
    workers[0]!.answer();
    await tick();
    expect([first.value, second.value]).toEqual([10, 20]);
  });

  it('drops an aborted queued task, and terminates the worker of an aborted running one', async () => {
    const { pool, workers } = fakePool(1);
    const running = new AbortController();
    const queued = new AbortController();
    const a = track(pool.run(1, { signal: running.signal }));
    const b = track(pool.run(2, { signal: queued.signal }));
    const c = track(pool.run(3));
    queued.abort(new Error('not this one'));
    await tick();
    expect((b.error as Error).message).toBe('not this one');
    expect(workers[0]!.posted).toEqual([1]);

    running.abort(new Error('stop'));
    await tick();
    expect((a.error as Error).message).toBe('stop');
    expect(workers[0]!.terminated).toBe(true);
    // The next task starts a fresh worker; the aborted one's reply is ignored.
    expect(workers[1]!.posted).toEqual([3]);
    workers[0]!.answer();
    workers[1]!.answer();
    await tick();
    expect(c.value).toBe(30);
    expect(a.settled).toBe(1);
  });

  it('rejects an already aborted signal without posting', async () => {
    const { pool, workers } = fakePool(1);
    await expect(pool.run(1, { signal: AbortSignal.abort(new Error('early')) })).rejects.toThrow('early');
    expect(workers).toHaveLength(0);
  });

  it('on close fails running and queued tasks, terminates every worker and refuses new tasks', async () => {
    const { pool, workers } = fakePool(2, { eager: true });
    const jobs = [1, 2, 3].map((task) => track(pool.run(task)));
    workers[0]!.answer();
    await tick();
    void pool.run(4).catch(() => undefined);
    await pool.close();
    expect(workers.every((w) => w.terminated)).toBe(true);
    // Whatever was left (running or queued) failed as closed; the finished task kept its result.
    const settledValues = jobs.filter((j) => j.value !== undefined).map((j) => j.value);
    expect(settledValues).toHaveLength(1);
    for (const job of jobs.filter((j) => j.value === undefined)) {
      expect((job.error as WorkerPoolError).failure.kind).toBe('closed');
    }
    await expect(pool.run(5)).rejects.toThrow('worker pool is closed');
    workers[1]!.answer();
    workers[1]!.crash();
    await tick();
    expect(jobs.every((j) => j.settled === 1)).toBe(true);
  });

  it('uses the caller’s error for failures it makes', async () => {
    const pool = new WorkerPool<number, number, number>({
      size: 1,
      spawn: () => ({ post: () => undefined, terminate: () => undefined }),
      settle: (reply) => reply,
      error: (failure) => new TypeError(`custom ${failure.kind}`),
    });
    await pool.close();
    await expect(pool.run(1)).rejects.toThrow(new TypeError('custom closed'));
  });

  it('settles every task exactly once through answers, crashes and aborts', async () => {
    const { pool, workers } = fakePool(3);
    const controllers = Array.from({ length: 40 }, () => new AbortController());
    const jobs = controllers.map((c, task) => track(pool.run(task, { signal: c.signal })));
    // Deterministic churn: each round, one live worker crashes, others answer, and a task aborts.
    for (let round = 0; round < 60; round++) {
      const live = workers.filter((w) => !w.terminated);
      live.forEach((worker, i) => (round % 5 === 0 && i === 0 ? worker.crash() : worker.answer()));
      if (round % 7 === 3) controllers[(round * 11) % controllers.length]!.abort(new Error('aborted'));
    }
    await tick();
    expect(jobs.every((j) => j.settled === 1)).toBe(true);
    jobs.forEach((job, task) => {
      if (job.value !== undefined) expect(job.value).toBe(task * 10);
    });
    const outcomes = jobs.map((j) =>
      j.value !== undefined ? 'done' : j.error instanceof WorkerPoolError ? j.error.failure.kind : 'aborted',
    );
    expect(new Set(outcomes)).toEqual(new Set(['done', 'crashed', 'aborted']));
    // Each task reached at most one worker, once, and never more than `size` workers were alive.
    const posted = workers.flatMap((w) => w.posted);
    expect(new Set(posted).size).toBe(posted.length);
    expect(workers.filter((w) => !w.terminated).length).toBeLessThanOrEqual(3);
    await pool.close();
  });

  it('retires a worker after a task it says so for, and starts another for the next task', async () => {
    const { pool, workers } = fakePool(1, { retireAfter: (task) => task >= 100 });
    const big = pool.run(100);
    workers[0]!.answer();
    expect(await big).toBe(1000);
    expect(workers[0]!.terminated).toBe(true);
    const small = pool.run(1);
    expect(workers).toHaveLength(2);
    workers[1]!.answer();
    expect(await small).toBe(10);
    const again = pool.run(2);
    // A small task leaves its worker in place.
    expect(workers).toHaveLength(2);
    workers[1]!.answer();
    expect(await again).toBe(20);
    expect(workers[1]!.terminated).toBe(false);
  });

  it('releaseIdle stops the idle workers only, and the pool starts new ones for later tasks', async () => {
    const { pool, workers } = fakePool(2, { eager: true });
    const busy = pool.run(1);
    await pool.releaseIdle();
    // The worker running task 1 stays; the idle one is gone.
    expect(workers.filter((w) => w.terminated)).toHaveLength(1);
    const running = workers.find((w) => w.posted.length === 1)!;
    expect(running.terminated).toBe(false);
    running.answer();
    expect(await busy).toBe(10);
    await pool.releaseIdle();
    expect(workers.every((w) => w.terminated)).toBe(true);
    const later = pool.run(3);
    expect(workers).toHaveLength(3);
    workers[2]!.answer();
    expect(await later).toBe(30);
  });
});
