// The public API over TLS, as mainnet storage nodes serve it: HTTP/2 by ALPN, with HTTP/1.1 for
// clients that do not offer h2 (Node's fetch among them). The handlers are the HTTP/1.1 ones,
// reached through node:http2's compatibility API.
import type { ServerOptions as Http1ServerOptions } from 'node:http';
import {
  createSecureServer,
  Http2ServerRequest,
  type Http2SecureServer,
  type Http2Session,
  type Http2ServerResponse,
  type SecureServerOptions,
} from 'node:http2';
import { Socket } from 'node:net';
import { abandon, type PublicRequest, type PublicResponse } from './exchange.ts';
import { createPublicHandler, PUBLIC_TIMEOUTS, type PublicServerOptions } from './http-server.ts';

/** The server certificate (with its chain) and key, PEM. */
export interface PublicTls {
  readonly certPem: string;
  readonly keyPem: string;
}

/**
 * Streams one connection may carry at once, as on mainnet nodes (MystenLabs/walrus
 * crates/walrus-service/src/node/config.rs, `REST_HTTP2_MAX_CONCURRENT_STREAMS`).
 */
export const MAX_CONCURRENT_STREAMS = 1000;

export function createSecurePublicServer(options: PublicServerOptions, tls: PublicTls): Http2SecureServer {
  const handler = createPublicHandler(options);
  // The HTTP/1.1 timeouts also reach the fallback connections: Node hands the whole options
  // object to its HTTP/1.1 connection handling when `allowHTTP1` is set.
  const serverOptions: SecureServerOptions & Pick<Http1ServerOptions, 'headersTimeout' | 'requestTimeout'> = {
    ...PUBLIC_TIMEOUTS,
    allowHTTP1: true,
    cert: tls.certPem,
    key: tls.keyPem,
    settings: { maxConcurrentStreams: MAX_CONCURRENT_STREAMS },
  };
  const server = createSecureServer(serverOptions);
  server.on('request', (req: PublicRequest, res: PublicResponse) => {
    if (req instanceof Http2ServerRequest) limitRequestTime(req, res as Http2ServerResponse);
    handler(req, res);
  });
  // HTTP/2 has no keep-alive timer: an idle session is sent GOAWAY instead of being cut, so
  // streams still in flight (a long confirmation wait) finish.
  server.setTimeout(PUBLIC_TIMEOUTS.keepAliveTimeout);
  // The same event reports idle HTTP/1.1 fallback sockets, which are simply cut, as by default.
  server.on('timeout', (idle: Http2Session | Socket) => {
    if (idle instanceof Socket) idle.destroy();
    else idle.close();
  });
  return server;
}

/**
 * HTTP/2 has no per-request timeout of its own, and its session timeout counts any frame as
 * activity: a stream whose request is not all in within the HTTP/1.1 limit is cancelled alone.
 */
function limitRequestTime(req: Http2ServerRequest, res: Http2ServerResponse): void {
  const timer = setTimeout(() => {
    if (!req.complete) abandon(res);
  }, PUBLIC_TIMEOUTS.requestTimeout);
  res.stream.once('close', () => clearTimeout(timer));
}
