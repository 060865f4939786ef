// A pool of worker threads that build and encode quilts (CPU-bound WASM work), one job per worker
// at a time, so encoding uses every core and never blocks the event loop serving uploads.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { EncodingError } from '../core/walrus/encoding.ts';
import { unpackEncodedQuilt, type EncodeReply, type EncodeRequest } from '../core/walrus/encode-transfer.ts';
import type { EncodedQuilt, QuiltFile } from '../core/walrus/quilt-encode.ts';

interface Job {
  readonly request: EncodeRequest;
  readonly resolve: (value: EncodedQuilt) => void;
  readonly reject: (error: Error) => void;
}

export class EncodePool {
  readonly #idle: Worker[] = [];
  readonly #all: Worker[] = [];
  readonly #queue: Job[] = [];
  readonly #running = new Map<Worker, Job>();
  #nextId = 0;
  #closed = false;

  constructor(size = Math.max(1, Math.min(4, availableParallelism()))) {
    for (let i = 0; i < size; i++) this.#spawn();
  }

  #spawn(): void {
    const worker = new Worker(new URL('./encode-worker.ts', import.meta.url));
    worker.unref();
    worker.on('message', (reply: EncodeReply) => this.#finish(worker, reply));
    worker.on('error', (error) => this.#fail(worker, error));
    // A worker that exits (crash, out of memory, close) fails its job; a replacement takes its
    // place unless the pool is closing, so later jobs never wait on a dead worker.
    worker.on('exit', (code) => this.#fail(worker, new Error(`exited with code ${code}`)));
    this.#all.push(worker);
    this.#idle.push(worker);
  }

  encodeQuilt(n: number, files: QuiltFile[]): Promise<EncodedQuilt> {
    if (this.#closed) return Promise.reject(new EncodingError('encode pool is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ request: { id: this.#nextId++, n, files }, resolve, reject });
      this.#pump();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.reject(new EncodingError('encode pool closed'));
    // Running jobs are rejected by the workers' exit handlers.
    await Promise.all([...this.#all].map((w) => w.terminate()));
  }

  #pump(): void {
    while (this.#idle.length && this.#queue.length) {
      const worker = this.#idle.pop()!;
      const job = this.#queue.shift()!;
      this.#running.set(worker, job);
      worker.ref();
      worker.postMessage(job.request);
    }
  }

  #finish(worker: Worker, reply: EncodeReply): void {
    const job = this.#running.get(worker);
    this.#running.delete(worker);
    worker.unref();
    this.#idle.push(worker);
    if (job) settle(job, reply);
    this.#pump();
  }

  #fail(worker: Worker, error: Error): void {
    const job = this.#running.get(worker);
    this.#running.delete(worker);
    job?.reject(
      new EncodingError(this.#closed ? 'encode pool closed' : `encode worker crashed: ${error.message}`, {
        cause: error,
      }),
    );
    const known = this.#all.indexOf(worker);
    if (known === -1) return;
    this.#all.splice(known, 1);
    const idle = this.#idle.indexOf(worker);
    if (idle !== -1) this.#idle.splice(idle, 1);
    void worker.terminate();
    if (!this.#closed) {
      this.#spawn();
      this.#pump();
    }
  }
}

function settle(job: Job, reply: EncodeReply): void {
  if (!reply.ok) return job.reject(new EncodingError(`encoding failed: ${reply.message}`));
  try {
    job.resolve(unpackEncodedQuilt(reply));
  } catch (error) {
    job.reject(error as Error);
  }
}
