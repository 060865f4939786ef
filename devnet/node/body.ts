// Reading request bodies under a byte cap. The declared Content-Length is checked before a byte
// is buffered; a body that grows past the cap anyway is cut off and the rest discarded.
import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';

/** An HTTP/1.1 request, or an HTTP/2 one through node:http2's compatibility API. */
type Request = IncomingMessage | Http2ServerRequest;

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  readonly limit: number;

  constructor(limit: number) {
    super(`request body exceeds ${limit} bytes`);
    this.limit = limit;
  }
}

export class BodyAbortedError extends Error {
  override name = 'BodyAbortedError';
}

/** True when the request says how long its body is and that is over `limit`. */
export function declaresTooLarge(req: Request, limit: number): boolean {
  const declared = req.headers['content-length'];
  return declared !== undefined && /^\d+$/.test(declared) && Number(declared) > limit;
}

export function readBody(req: Request, limit: number): Promise<Uint8Array> {
  if (declaresTooLarge(req, limit)) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      // Keep draining so the client can read our answer instead of seeing a reset mid-upload.
      req.resume();
      reject(new BodyTooLargeError(limit));
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new BodyAbortedError(`reading the request body failed: ${error.message}`, { cause: error }));
    };
    const onClose = () => {
      // An HTTP/2 stream reset mid-body counts as complete and then ends the stream cleanly;
      // only `aborted` tells the truncation apart.
      if (req.complete && !req.aborted) return;
      cleanup();
      reject(new BodyAbortedError('the client closed the connection mid-body'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
