// Worker thread body: builds and encodes quilts so the CLI's main thread stays free for uploads.
// Slivers go back in one transferable buffer (no copy).
import { parentPort } from 'node:worker_threads';
import { WalrusCodec } from '../core/walrus/encoding.ts';
import { encodeQuiltBlob, type QuiltFile } from '../core/walrus/quilt-encode.ts';
import type { EncodeReply, EncodeRequest } from './encode-protocol.ts';

const codecs = new Map<number, WalrusCodec>();

parentPort!.on('message', (request: EncodeRequest) => {
  try {
    let codec = codecs.get(request.n);
    if (!codec) codecs.set(request.n, (codec = new WalrusCodec(request.n)));
    const files: QuiltFile[] = request.files;
    const { encoded, size, patches } = encodeQuiltBlob(codec, files);
    const first = encoded.primary[0]!;
    const reply: EncodeReply = {
      id: request.id,
      ok: true,
      blobId: encoded.blobId,
      rootHash: encoded.rootHash,
      metadata: encoded.metadata,
      symbolSize: encoded.symbolSize,
      arena: first.buffer as ArrayBuffer,
      primarySize: first.length,
      secondarySize: encoded.secondary[0]!.length,
      size,
      patches,
    };
    parentPort!.postMessage(reply, [reply.arena]);
  } catch (error) {
    const reply: EncodeReply = {
      id: request.id,
      ok: false,
      message: (error as Error).message ?? String(error),
    };
    parentPort!.postMessage(reply);
  }
});
