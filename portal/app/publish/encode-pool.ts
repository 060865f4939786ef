// The Publish page's quilt encoder: module Web Workers running the real Walrus WASM on the shared
// encode pool (core/deploy/quilt-encode-pool.ts), one job per worker at a time, so encoding uses
// the spare cores and never blocks the page. Workers start as jobs need them. Same protocol and
// sliver arena as the CLI's worker threads (core/walrus/encode-transfer.ts).
//
// Ownership of the files' bytes: by default `encodeQuilt` takes them over. When a job is posted to
// a worker, each file whose view spans its whole ArrayBuffer has that buffer transferred, so it is
// detached (empty) in the caller from then on; a view into a larger buffer is copied (only its
// bytes). The deploy pipeline reads every file afresh for encoding, so that is free. A caller that
// still needs the bytes afterwards (a cache, a retry from the same buffers) passes
// `transferFiles: false`, and every request is copied instead. A job that fails or is aborted
// after it was posted does not give the bytes back: read them again to retry.
import {
  QuiltEncodePool,
  type EncodeCallOptions,
  type EncodeWorkerSpawner,
} from '../../../core/deploy/quilt-encode-pool.ts';
import {
  fileTransferList,
  ownedFiles,
  type EncodeReply,
  type EncodeRequest,
} from '../../../core/walrus/encode-transfer.ts';

export type { EncodeCallOptions };

export interface WebEncodePoolOptions {
  /** Most workers to run; default `defaultEncodePoolSize()`. Workers start as jobs need them. */
  readonly size?: number;
  /** Transfer the files' buffers to the workers (default) or copy them; see the file comment. */
  readonly transferFiles?: boolean;
  /** Starts one worker; default: the bundled encode-worker.ts as a module worker. */
  readonly createWorker?: () => Worker;
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

export class WebEncodePool extends QuiltEncodePool {
  constructor(options: WebEncodePoolOptions = {}) {
    super({
      size: options.size ?? defaultEncodePoolSize(),
      spawn: webEncodeWorker(options.createWorker ?? bundledWorker, options.transferFiles ?? true),
    });
  }
}

function webEncodeWorker(createWorker: () => Worker, transferFiles: boolean): EncodeWorkerSpawner {
  return (events) => {
    const worker = createWorker();
    worker.onmessage = (event: MessageEvent<EncodeReply>) => events.reply(event.data);
    worker.onerror = (event) => {
      const where = event.filename ? ` (${event.filename}:${event.lineno})` : '';
      events.crash(`${event.message || 'the worker failed to load or stopped'}${where}`);
    };
    worker.onmessageerror = () => events.crash('its reply could not be received');
    return {
      // A request that cannot be cloned (e.g. a detached buffer) throws before anything is sent.
      post: (request) => {
        if (!transferFiles) return worker.postMessage(request);
        const files = ownedFiles(request.files);
        worker.postMessage({ ...request, files } satisfies EncodeRequest, fileTransferList(files));
      },
      terminate: () => worker.terminate(),
    };
  };
}
