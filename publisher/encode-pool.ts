// The CLI's quilt encoder: worker threads (encode-worker.ts) on the shared encode pool
// (core/deploy/quilt-encode-pool.ts), one job per thread at a time, so encoding (CPU-bound WASM)
// uses every core and never blocks the event loop serving uploads. All threads start up front so
// their WASM loads while the deploy scans and plans. `floe deploy` sizes the pool from its memory
// budget (each thread peaks at a multiple of its job) and hands the files' bytes over to the
// thread instead of copying them, since it reads every file afresh for its encode.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { QuiltEncodePool } from '../core/deploy/quilt-encode-pool.ts';
import type { PoolWorker, PoolWorkerEvents } from '../core/deploy/worker-pool.ts';
import {
  fileTransferList,
  ownedFiles,
  type EncodeReply,
  type EncodeRequest,
} from '../core/walrus/encode-transfer.ts';

export interface EncodePoolOptions {
  /**
   * Transfer the files' buffers to the thread (they are detached in the caller once posted)
   * instead of copying them. @default false
   */
  readonly transferFiles?: boolean;
  /** Replace a thread after a job of more than this many bytes (see QuiltEncodePoolOptions). */
  readonly retireAbove?: number;
}

/** One thread per core, at most four. */
export function defaultEncodeThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

export class EncodePool extends QuiltEncodePool {
  constructor(size = defaultEncodeThreads(), options: EncodePoolOptions = {}) {
    super({
      size,
      eager: true,
      spawn: (events) => spawnEncodeThread(events, options.transferFiles ?? false),
      ...(options.retireAbove !== undefined ? { retireAbove: options.retireAbove } : {}),
    });
  }
}

/** One encode thread. It keeps the process alive only while it has a job (ref'd from post to reply). */
function spawnEncodeThread(
  events: PoolWorkerEvents<EncodeReply>,
  transferFiles: boolean,
): PoolWorker<EncodeRequest> {
  const worker = new Worker(new URL('./encode-worker.ts', import.meta.url));
  worker.unref();
  worker.on('message', (reply: EncodeReply) => {
    worker.unref();
    events.reply(reply);
  });
  worker.on('error', (error) => events.crash(error.message, error));
  // A thread that exits (crash, out of memory) fails its job; the pool starts another when needed.
  worker.on('exit', (code) => events.crash(`exited with code ${code}`));
  return {
    post: (request) => {
      if (transferFiles) {
        const files = ownedFiles(request.files);
        worker.postMessage({ ...request, files } satisfies EncodeRequest, fileTransferList(files));
      } else {
        worker.postMessage(request);
      }
      worker.ref();
    },
    terminate: () => worker.terminate(),
  };
}
