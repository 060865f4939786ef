// Worker thread body: builds and encodes quilts so the CLI's main thread stays free for uploads.
// Slivers go back in one transferable buffer (no copy); the protocol is shared with the browser's
// Web Workers (core/walrus/encode-transfer.ts).
import { parentPort } from 'node:worker_threads';
import { createEncodeHandler, type EncodeRequest } from '../core/walrus/encode-transfer.ts';

const handle = createEncodeHandler();

parentPort!.on('message', (request: EncodeRequest) => {
  const { reply, transfer } = handle(request);
  parentPort!.postMessage(reply, transfer);
});
