// Module Web Worker body for the Publish page's encode pool (encode-pool.ts): instantiates the
// Walrus WASM once, then builds and encodes quilts exactly as the CLI's worker threads do
// (core/walrus/encode-transfer.ts), returning the slivers in one transferred arena. Typed through
// a minimal scope because the portal is typechecked with the DOM lib, not WebWorker.
import wasmUrl from '@mysten/walrus-wasm/web/walrus_wasm_bg.wasm?url';
import { loadEncoding } from '../../../core/walrus/encoding.ts';
import {
  createEncodeHandler,
  encodeFailure,
  type EncodeReply,
  type EncodeRequest,
} from '../../../core/walrus/encode-transfer.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent<EncodeRequest>) => void) | null;
  postMessage(message: EncodeReply, transfer: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const handle = createEncodeHandler();

// Start fetching and compiling the WASM before the first request arrives. A failed load is
// retried by the next request (loadEncoding forgets failures) and reported as that job's error.
loadEncoding(wasmUrl).catch(() => undefined);

// The pool sends one request at a time per worker, so requests never overlap here.
scope.onmessage = (event) => {
  const request = event.data;
  loadEncoding(wasmUrl).then(
    () => {
      const { reply, transfer } = handle(request);
      scope.postMessage(reply, transfer);
    },
    (error: unknown) => scope.postMessage(encodeFailure(request.id, error), []),
  );
};
