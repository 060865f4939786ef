// The deploy's encode step off the main thread: quilt and blob jobs on a WorkerPool whose workers
// speak the encode-transfer protocol (core/walrus/encode-transfer.ts). The CLI (worker threads)
// and the publish page (Web Workers) differ only in how a worker is started and sent a request,
// which they pass in as `spawn`.
import { EncodingError } from '../walrus/encoding.ts';
import { unpackEncodedQuilt, type EncodeReply, type EncodeRequest } from '../walrus/encode-transfer.ts';
import type { EncodedQuilt, QuiltFile } from '../walrus/quilt-encode.ts';
import type { EncodedFileBlob, QuiltEncoder } from './store.ts';
import { WorkerPool, type PoolFailure, type RunOptions, type SpawnWorker } from './worker-pool.ts';

export type EncodeWorkerSpawner = SpawnWorker<EncodeRequest, EncodeReply>;

/** Per-job options; see `RunOptions.signal` for what an abort does to a running job. */
export type EncodeCallOptions = RunOptions;

export interface QuiltEncodePoolOptions {
  /** Most workers to run at once. */
  readonly size: number;
  readonly spawn: EncodeWorkerSpawner;
  /** Start every worker now (their WASM loads while the deploy plans). @default false */
  readonly eager?: boolean;
  /**
   * A worker that encoded more than this many bytes of files is replaced afterwards, so its
   * WASM memory (grown for that job, never given back) is freed. @default never
   */
  readonly retireAbove?: number;
}

export class QuiltEncodePool implements QuiltEncoder {
  readonly #pool: WorkerPool<EncodeRequest, EncodeReply, EncodedQuilt>;
  #nextId = 0;
  readonly #retireAbove: number;
  /** Jobs whose worker is retired after them; sized when queued (a transfer empties the files). */
  readonly #large = new Set<number>();

  constructor(options: QuiltEncodePoolOptions) {
    this.#retireAbove = options.retireAbove ?? Number.POSITIVE_INFINITY;
    this.#pool = new WorkerPool({
      ...options,
      settle: settleEncodeReply,
      error: encodePoolError,
      retireAfter: (task) => this.#large.delete(task.id),
    });
  }

  get size(): number {
    return this.#pool.size;
  }

  /** Builds and encodes one quilt for `n` shards in a worker; failures are EncodingErrors. */
  encodeQuilt(n: number, files: QuiltFile[], options: EncodeCallOptions = {}): Promise<EncodedQuilt> {
    return this.#pool.run({ id: this.#id(files), n, files }, options);
  }

  /** Encodes one file's bytes as a blob of its own in a worker; failures are EncodingErrors. */
  async encodeBlob(n: number, file: QuiltFile, options: EncodeCallOptions = {}): Promise<EncodedFileBlob> {
    const { encoded, size } = await this.#pool.run(
      { id: this.#id([file]), n, kind: 'blob', files: [file] },
      options,
    );
    return { encoded, size };
  }

  #id(files: readonly QuiltFile[]): number {
    const id = this.#nextId++;
    if (files.reduce((n, f) => n + f.contents.length, 0) > this.#retireAbove) this.#large.add(id);
    return id;
  }

  /** Stops the idle workers (their WASM memory never shrinks otherwise); later jobs start new ones. */
  releaseIdle(): Promise<void> {
    return this.#pool.releaseIdle();
  }

  /** Terminates every worker; jobs queued or running reject with an EncodingError. */
  close(): Promise<void> {
    return this.#pool.close();
  }
}

function settleEncodeReply(reply: EncodeReply): EncodedQuilt {
  if (!reply.ok) throw new EncodingError(`encoding failed: ${reply.message}`);
  return unpackEncodedQuilt(reply);
}

function encodePoolError(failure: PoolFailure): EncodingError {
  if (failure.kind === 'closed') return new EncodingError('encode pool is closed');
  const { detail, cause } = failure;
  switch (failure.kind) {
    case 'crashed':
      return new EncodingError(`encode worker crashed: ${detail}`, { cause });
    case 'spawn-failed':
      return new EncodingError(`cannot start an encode worker: ${detail}`, { cause });
    case 'post-failed':
      return new EncodingError(`cannot send the quilt's files to an encode worker: ${detail}`, { cause });
  }
}
