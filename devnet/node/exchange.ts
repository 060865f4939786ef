// One request/response exchange of the public API, the same to the handlers whether it came over
// HTTP/1.1 (node:http) or HTTP/2 (node:http2's compatibility API). The differences that matter
// live here: how an exchange is abandoned, and which headers HTTP/2 forbids.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { constants, Http2ServerResponse, type Http2ServerRequest } from 'node:http2';

export type PublicRequest = IncomingMessage | Http2ServerRequest;
export type PublicResponse = ServerResponse | Http2ServerResponse;

/** What the handlers use of a response; both response classes have it. */
export interface Reply {
  readonly headersSent: boolean;
  setHeader(name: string, value: string | number): unknown;
  writeHead(statusCode: number, headers: OutgoingHttpHeaders): unknown;
  end(body?: string | Uint8Array): unknown;
}

export function isHttp2(res: PublicResponse): res is Http2ServerResponse {
  return res instanceof Http2ServerResponse;
}

/**
 * Ends the exchange without an answer, as a failing server would. On HTTP/1.1 that is the
 * connection; on HTTP/2 only this stream, since other requests share the connection. The reset
 * says INTERNAL_ERROR: Node's client reads a CANCEL from the server as a clean end of stream.
 */
export function abandon(res: PublicResponse): void {
  if (!isHttp2(res)) {
    res.destroy();
    return;
  }
  if (!res.stream.closed && !res.stream.destroyed) res.stream.close(constants.NGHTTP2_INTERNAL_ERROR);
}

/** True once nothing more can reach the client. */
export function isGone(res: PublicResponse): boolean {
  return isHttp2(res) ? res.stream.destroyed || res.stream.closed : res.destroyed;
}

/**
 * After an early answer to a request whose body we will not read: HTTP/1.1 closes the
 * connection. HTTP/2 forbids the `connection` header; there Node closes the stream itself once
 * the answer is out, which leaves the connection to the other streams.
 */
export function stopUploadAfterAnswer(res: PublicResponse): void {
  if (!isHttp2(res)) res.setHeader('connection', 'close');
}
