// A pool of workers that each run one task at a time: the queue, the idle list, replacing crashed
// workers, aborts and closing, written once for the CLI's worker threads and the publish page's
// Web Workers. The runtime's worker is injected (`spawn`); the pool only posts tasks to it,
// terminates it, and hears its replies and crashes.

/** One worker as the pool drives it; a runtime adapter wraps a Node Worker or a Web Worker. */
export interface PoolWorker<Task> {
  /** Sends a task. Throwing means nothing reached the worker: the task fails, the worker stays usable. */
  post(task: Task): void;
  /** Stops the worker. The pool ignores whatever it reports afterwards. */
  terminate(): void | Promise<unknown>;
}

/** What a worker reports to the pool; the adapter wires its runtime's events to these. */
export interface PoolWorkerEvents<Reply> {
  /** The answer to the task last posted. */
  reply(reply: Reply): void;
  /** The worker failed or exited: it is dropped and its task fails. */
  crash(detail: string, cause?: unknown): void;
}

export type SpawnWorker<Task, Reply> = (events: PoolWorkerEvents<Reply>) => PoolWorker<Task>;

/** Why the pool, rather than the task itself, failed a task; `detail` is the runtime's message. */
export type PoolFailure =
  | { readonly kind: 'closed' }
  | {
      readonly kind: 'crashed' | 'spawn-failed' | 'post-failed';
      readonly detail: string;
      readonly cause?: unknown;
    };

export class WorkerPoolError extends Error {
  override name = 'WorkerPoolError';
  readonly failure: PoolFailure;
  constructor(failure: PoolFailure) {
    super(describeFailure(failure), failure.kind === 'closed' ? {} : { cause: failure.cause });
    this.failure = failure;
  }
}

export interface WorkerPoolOptions<Task, Reply, Result> {
  /** Most workers alive at once (at least 1). */
  readonly size: number;
  readonly spawn: SpawnWorker<Task, Reply>;
  /** Turns a worker's reply into the task's result; what it throws rejects that task only. */
  readonly settle: (reply: Reply) => Result;
  /**
   * Start all `size` workers now, so their start-up overlaps the caller's other work.
   * @default false: each worker starts when a task first needs it
   */
  readonly eager?: boolean;
  /** The error a task fails with when the pool fails it. @default a WorkerPoolError */
  readonly error?: (failure: PoolFailure) => Error;
  /**
   * Whether the worker that ran `task` is stopped once it is done, instead of taking the next
   * one: a worker whose memory grew for a large task (WebAssembly memory never shrinks) would
   * keep that high-water mark for the rest of its life. Another starts when a task needs it.
   * @default never
   */
  readonly retireAfter?: (task: Task) => boolean;
}

export interface RunOptions {
  /**
   * Aborting rejects the task with the signal's reason. A task already posted cannot be
   * interrupted inside its worker, so that worker is terminated and another started on demand.
   */
  readonly signal?: AbortSignal;
}

interface Job<Task, Result> {
  readonly task: Task;
  readonly resolve: (value: Result) => void;
  readonly reject: (error: unknown) => void;
}

export class WorkerPool<Task, Reply, Result> {
  readonly size: number;
  readonly #options: WorkerPoolOptions<Task, Reply, Result>;
  readonly #workers = new Set<PoolWorker<Task>>();
  readonly #idle: PoolWorker<Task>[] = [];
  readonly #running = new Map<PoolWorker<Task>, Job<Task, Result>>();
  readonly #queue: Job<Task, Result>[] = [];
  #closed = false;

  constructor(options: WorkerPoolOptions<Task, Reply, Result>) {
    this.size = Math.max(1, Math.floor(options.size));
    this.#options = options;
    if (options.eager) {
      while (this.#workers.size < this.size) {
        const worker = this.#spawn();
        if (!worker) break;
        this.#idle.push(worker);
      }
    }
  }

  /** Runs `task` on the first free worker; tasks start in the order they were given. */
  run(task: Task, options: RunOptions = {}): Promise<Result> {
    if (this.#closed) return Promise.reject(this.#error({ kind: 'closed' }));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Result>((resolve, reject) => {
      let settled = false;
      const onAbort = () => this.#abort(job, signal!.reason);
      // Settles once (an abort may race a reply) and lets go of the signal.
      const once = (then: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        then();
      };
      const job: Job<Task, Result> = {
        task,
        resolve: (value) => once(() => resolve(value)),
        reject: (error) => once(() => reject(error)),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(job);
      this.#pump();
    });
  }

  /**
   * Terminates the workers that have nothing to do, freeing their memory; the pool stays open and
   * starts new ones when tasks come.
   */
  async releaseIdle(): Promise<void> {
    const idle = this.#idle.splice(0);
    for (const worker of idle) this.#workers.delete(worker);
    await Promise.all(idle.map((worker) => worker.terminate()));
  }

  /** Terminates every worker; tasks queued or running fail as `closed`, and so do later ones. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.reject(this.#error({ kind: 'closed' }));
    for (const job of this.#running.values()) job.reject(this.#error({ kind: 'closed' }));
    const workers = [...this.#workers];
    this.#workers.clear();
    this.#running.clear();
    this.#idle.length = 0;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  #pump(): void {
    while (!this.#closed && this.#queue.length > 0) {
      const worker = this.#idle.pop() ?? this.#spawn();
      if (!worker) return;
      const job = this.#queue.shift()!;
      this.#running.set(worker, job);
      try {
        worker.post(job.task);
      } catch (cause) {
        this.#running.delete(worker);
        this.#idle.push(worker);
        job.reject(this.#error({ kind: 'post-failed', detail: messageOf(cause), cause }));
      }
    }
  }

  /** A new worker if the pool has room, else null (the queue waits for one to free up). */
  #spawn(): PoolWorker<Task> | null {
    if (this.#workers.size >= this.size) return null;
    // Events are matched to the worker object, so a dropped worker's late events find nothing.
    let worker: PoolWorker<Task> | undefined;
    try {
      worker = this.#options.spawn({
        reply: (reply) => worker && this.#finish(worker, reply),
        crash: (detail, cause) => worker && this.#crash(worker, detail, cause),
      });
    } catch (cause) {
      // With no worker alive nothing would ever take the queue: fail it rather than hang.
      if (this.#workers.size === 0) {
        const error = this.#error({ kind: 'spawn-failed', detail: messageOf(cause), cause });
        for (const job of this.#queue.splice(0)) job.reject(error);
      }
      return null;
    }
    this.#workers.add(worker);
    return worker;
  }

  #finish(worker: PoolWorker<Task>, reply: Reply): void {
    const job = this.#running.get(worker);
    if (!job) return;
    this.#running.delete(worker);
    if (this.#options.retireAfter?.(job.task)) this.#discard(worker);
    else this.#idle.push(worker);
    let result: Result;
    try {
      result = this.#options.settle(reply);
    } catch (error) {
      job.reject(error);
      this.#pump();
      return;
    }
    job.resolve(result);
    this.#pump();
  }

  /** A worker that crashed is dropped (its state is unknown); a new one takes the queue when needed. */
  #crash(worker: PoolWorker<Task>, detail: string, cause: unknown): void {
    if (!this.#workers.has(worker)) return;
    const job = this.#running.get(worker);
    this.#discard(worker);
    job?.reject(this.#error({ kind: 'crashed', detail, cause }));
    this.#pump();
  }

  #abort(job: Job<Task, Result>, reason: unknown): void {
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) this.#queue.splice(queued, 1);
    else {
      for (const [worker, running] of this.#running) {
        if (running === job) this.#discard(worker);
      }
    }
    job.reject(reason);
    this.#pump();
  }

  #discard(worker: PoolWorker<Task>): void {
    this.#workers.delete(worker);
    this.#running.delete(worker);
    const idle = this.#idle.indexOf(worker);
    if (idle >= 0) this.#idle.splice(idle, 1);
    void worker.terminate();
  }

  #error(failure: PoolFailure): Error {
    return this.#options.error?.(failure) ?? new WorkerPoolError(failure);
  }
}

function describeFailure(failure: PoolFailure): string {
  switch (failure.kind) {
    case 'closed':
      return 'worker pool is closed';
    case 'crashed':
      return `worker crashed: ${failure.detail}`;
    case 'spawn-failed':
      return `cannot start a worker: ${failure.detail}`;
    case 'post-failed':
      return `cannot send the task to a worker: ${failure.detail}`;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
