// The CLI's quilt encoder: worker threads (encode-worker.ts) on the shared encode pool
// (core/deploy/quilt-encode-pool.ts), one job per thread at a time, so encoding (CPU-bound WASM)
// uses every core and never blocks the event loop serving uploads. All threads start up front so
// their WASM loads while the deploy scans and plans.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { QuiltEncodePool } from '../core/deploy/quilt-encode-pool.ts';
import type { PoolWorker, PoolWorkerEvents } from '../core/deploy/worker-pool.ts';
import type { EncodeReply, EncodeRequest } from '../core/walrus/encode-transfer.ts';

export class EncodePool extends QuiltEncodePool {
  constructor(size = Math.max(1, Math.min(4, availableParallelism()))) {
    super({ size, eager: true, spawn: spawnEncodeThread });
  }
}

/** One encode thread. It keeps the process alive only while it has a job (ref'd from post to reply). */
function spawnEncodeThread(events: PoolWorkerEvents<EncodeReply>): PoolWorker<EncodeRequest> {
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
      worker.postMessage(request);
      worker.ref();
    },
    terminate: () => worker.terminate(),
  };
}
