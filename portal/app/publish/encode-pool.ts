// The Publish page's quilt encoder: module Web Workers running the real Walrus WASM, one job per
// worker at a time, so encoding uses the spare cores and never blocks the page. Same protocol and
// sliver arena as the CLI's worker-thread pool (core/walrus/encode-transfer.ts).
//
// Ownership of the files' bytes: by default `encodeQuilt` takes them over. When a job is posted to
// a worker, each file whose view spans its whole ArrayBuffer has that buffer transferred, so it is
// detached (empty) in the caller from then on; a view into a larger buffer is copied (only its
// bytes). The deploy pipeline reads every file afresh for encoding, so that is free. A caller that
// still needs the bytes afterwards (a cache, a retry from the same buffers) passes
// `transferFiles: false`, and every request is copied instead. A job that fails or is aborted
// after it was posted does not give the bytes back: read them again to retry.
import { EncodingError } from '../../../core/walrus/encoding.ts';
import {
  fileTransferList,
  ownedFiles,
  unpackEncodedQuilt,
  type EncodeReply,
  type EncodeRequest,
} from '../../../core/walrus/encode-transfer.ts';
import type { EncodedQuilt, QuiltFile } from '../../../core/walrus/quilt-encode.ts';
import type { QuiltEncoder } from '../../../core/deploy/store.ts';

export interface WebEncodePoolOptions {
  /** Most workers to run; default `defaultEncodePoolSize()`. Workers start as jobs need them. */
  readonly size?: number;
  /** Transfer the files' buffers to the workers (default) or copy them; see the file comment. */
  readonly transferFiles?: boolean;
  /** Starts one worker; default: the bundled encode-worker.ts as a module worker. */
  readonly createWorker?: () => Worker;
}

export interface EncodeCallOptions {
  /**
   * Aborting rejects the job with the signal's reason. A job already in a worker cannot be
   * interrupted inside the WASM, so that worker is terminated and a fresh one started on demand.
   */
  readonly signal?: AbortSignal;
}

/** One core is left for the page: max(1, min(4, hardwareConcurrency − 1)). */
export function defaultEncodePoolSize(
  hardwareConcurrency: number | undefined = globalThis.navigator?.hardwareConcurrency,
): number {
  const cores = Number.isFinite(hardwareConcurrency) ? hardwareConcurrency! : 2;
  return Math.max(1, Math.min(4, Math.floor(cores) - 1));
}

function bundledWorker(): Worker {
  // Written out in full so Vite sees it and bundles encode-worker.ts (and the .wasm it imports).
  return new Worker(new URL('./encode-worker.ts', import.meta.url), { type: 'module' });
}

interface Job {
  readonly request: EncodeRequest;
  readonly resolve: (value: EncodedQuilt) => void;
  readonly reject: (error: unknown) => void;
}

export class WebEncodePool implements QuiltEncoder {
  readonly size: number;
  readonly #transferFiles: boolean;
  readonly #createWorker: () => Worker;
  readonly #idle: Worker[] = [];
  readonly #running = new Map<Worker, Job>();
  readonly #queue: Job[] = [];
  #nextId = 0;
  #closed = false;

  constructor(options: WebEncodePoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? defaultEncodePoolSize()));
    this.#transferFiles = options.transferFiles ?? true;
    this.#createWorker = options.createWorker ?? bundledWorker;
  }

  /** Builds and encodes one quilt in a worker. The files' bytes are handed over unless `transferFiles: false`. */
  encodeQuilt(n: number, files: QuiltFile[], options: EncodeCallOptions = {}): Promise<EncodedQuilt> {
    if (this.#closed) return Promise.reject(new EncodingError('encode pool is closed'));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<EncodedQuilt>((resolve, reject) => {
      let settled = false;
      const onAbort = () => this.#abort(job, signal!.reason);
      // Settles once (an abort may race a reply) and lets go of the signal.
      const settle = (then: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        then();
      };
      const job: Job = {
        request: { id: this.#nextId++, n, files },
        resolve: (value) => settle(() => resolve(value)),
        reject: (error) => settle(() => reject(error)),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(job);
      this.#pump();
    });
  }

  /** Terminates every worker; jobs queued or running reject with an EncodingError. */
  async close(): Promise<void> {
    this.#closed = true;
    const error = () => new EncodingError('encode pool closed');
    for (const job of this.#queue.splice(0)) job.reject(error());
    for (const [worker, job] of this.#running) {
      worker.terminate();
      job.reject(error());
    }
    this.#running.clear();
    for (const worker of this.#idle.splice(0)) worker.terminate();
  }

  #pump(): void {
    while (!this.#closed && this.#queue.length) {
      const worker = this.#idle.pop() ?? this.#spawn();
      if (!worker) return;
      const job = this.#queue.shift()!;
      this.#running.set(worker, job);
      try {
        this.#post(worker, job.request);
      } catch (cause) {
        // Nothing reached the worker (e.g. a detached buffer cannot be cloned): it stays usable.
        this.#running.delete(worker);
        this.#idle.push(worker);
        job.reject(
          new EncodingError(`cannot send the quilt's files to an encode worker: ${messageOf(cause)}`, {
            cause,
          }),
        );
      }
    }
  }

  #post(worker: Worker, request: EncodeRequest): void {
    if (!this.#transferFiles) return worker.postMessage(request);
    const files = ownedFiles(request.files);
    worker.postMessage({ ...request, files } satisfies EncodeRequest, fileTransferList(files));
  }

  /** A new worker if the pool has room, else null (the job waits for one to free up). */
  #spawn(): Worker | null {
    if (this.#idle.length + this.#running.size >= this.size) return null;
    let worker: Worker;
    try {
      worker = this.#createWorker();
    } catch (cause) {
      // With no worker alive nothing would ever take the queue: fail it rather than hang.
      if (this.#running.size === 0) {
        const error = new EncodingError(`cannot start an encode worker: ${messageOf(cause)}`, { cause });
        for (const job of this.#queue.splice(0)) job.reject(error);
      }
      return null;
    }
    worker.onmessage = (event: MessageEvent<EncodeReply>) => this.#finish(worker, event.data);
    worker.onerror = (event) => {
      const where = event.filename ? ` (${event.filename}:${event.lineno})` : '';
      this.#crash(worker, `${event.message || 'the worker failed to load or stopped'}${where}`);
    };
    worker.onmessageerror = () => this.#crash(worker, 'its reply could not be received');
    return worker;
  }

  #finish(worker: Worker, reply: EncodeReply): void {
    const job = this.#running.get(worker);
    if (!job || job.request.id !== reply.id) return;
    this.#running.delete(worker);
    this.#idle.push(worker);
    if (!reply.ok) job.reject(new EncodingError(`encoding failed: ${reply.message}`));
    else {
      try {
        job.resolve(unpackEncodedQuilt(reply));
      } catch (error) {
        job.reject(error);
      }
    }
    this.#pump();
  }

  /** A worker that errored is dropped (its state is unknown); its job fails, a new worker takes the queue. */
  #crash(worker: Worker, detail: string): void {
    const job = this.#running.get(worker);
    this.#discard(worker);
    job?.reject(new EncodingError(`encode worker crashed: ${detail}`));
    this.#pump();
  }

  #abort(job: Job, reason: unknown): void {
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) this.#queue.splice(queued, 1);
    else {
      // The WASM call cannot be interrupted: stop the whole worker.
      for (const [worker, running] of this.#running) {
        if (running === job) this.#discard(worker);
      }
    }
    job.reject(reason);
    this.#pump();
  }

  #discard(worker: Worker): void {
    worker.terminate();
    this.#running.delete(worker);
    const idle = this.#idle.indexOf(worker);
    if (idle >= 0) this.#idle.splice(idle, 1);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
