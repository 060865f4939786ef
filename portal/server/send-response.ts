// Writes a site service answer to the client. A first visit's page is buffered, as the worker's
// register tag goes into its text; everything else is piped as it comes, so a big file streamed
// from the nodes reaches the client row by row and the server holds one window of it, not the file.
// A body that fails midway (a row that cannot be verified, a file that does not hash to the chain's
// SHA-256) ends the connection without a proper end: the client sees a cut transfer (curl exits
// with 18, "transfer closed with N bytes remaining"), never a complete-looking wrong file.
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { STREAMED_HEADER } from '../../core/serve/portal-protocol.ts';
import { taggedResponse } from './register-tag.ts';

/**
 * Sends `response` on `res`; with `firstVisit`, HTML gets the tag that installs the worker (a
 * streamed answer is a big file, sent as it is). Resolves once the body is sent or the connection
 * is given up; never rejects.
 */
export async function sendResponse(
  res: ServerResponse,
  response: Response,
  firstVisit: boolean,
): Promise<void> {
  if (firstVisit && !response.headers.has(STREAMED_HEADER)) {
    const body = response.body ? new Uint8Array(await response.arrayBuffer()) : null;
    const tagged = taggedResponse(response.status, response.headers, body);
    res.writeHead(response.status, Object.fromEntries(tagged?.headers ?? response.headers));
    res.end(tagged?.body ?? body ?? undefined);
    return;
  }
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) {
    res.end();
    return;
  }
  try {
    // A client that goes away cancels the body, which stops the reads behind it.
    await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res);
  } catch {
    res.destroy();
  }
}
