// The public `/v1` HTTP API: CORS for browsers, the concurrency cap, body caps, devnet faults and
// request log, and the mapping of routes to StorageNode calls, served over node:http or, with TLS,
// over HTTP/2 (`secure-server.ts`). Each request runs inside one try/catch, so malformed input ends as
// an AIP-193 answer and nothing a client sends can take the process down.
import { createServer, type OutgoingHttpHeaders, type Server } from 'node:http';
import { blobIdToText } from '../../core/walrus/blob-id.ts';
import { ApiError, errors } from './api-error.ts';
import { BodyAbortedError, BodyTooLargeError, readBody } from './body.ts';
import { errorBody, successBody } from './envelope.ts';
import { corruptDecodingSymbols, corruptRecoverySymbols, type Faults } from './faults.ts';
import { Limiter } from './limiter.ts';
import { maxSliverBodyBytes, metadataBodyBytes } from './limits.ts';
import {
  abandon,
  stopUploadAfterAnswer,
  type PublicRequest,
  type PublicResponse,
  type Reply,
} from './exchange.ts';
import type { RequestLog } from './request-log.ts';
import { parseRoute, type Route } from './routes.ts';
import type { StorageNode } from './storage-node.ts';

export interface PublicServerOptions {
  readonly node: StorageNode;
  /** Devnet fault injection; absent in normal operation. */
  readonly faults?: Faults;
  /** Devnet counts of served slivers and symbol requests; absent in normal operation. */
  readonly requestLog?: RequestLog;
  /** Unexpected failures (answered with 500 INTERNAL_ERROR). @default ignored */
  readonly onError?: (error: unknown, context: string) => void;
}

const CORS_PREFLIGHT = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, PUT, POST, OPTIONS',
  'access-control-allow-headers': '*',
  'access-control-max-age': '86400',
};

/** Slow clients cannot hold a slot forever: headers within 20 s, the whole request within 2 min. */
export const PUBLIC_TIMEOUTS = {
  headersTimeout: 20_000,
  requestTimeout: 120_000,
  keepAliveTimeout: 65_000,
} as const;

/** The public API over plain HTTP/1.1. */
export function createPublicServer(options: PublicServerOptions): Server {
  const server = createServer(PUBLIC_TIMEOUTS, createPublicHandler(options));
  server.on('clientError', (_error, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

/** The `request` listener of the public API, for HTTP/1.1 and HTTP/2 compatibility requests. */
export function createPublicHandler(
  options: PublicServerOptions,
): (req: PublicRequest, res: PublicResponse) => void {
  const { node, faults, requestLog } = options;
  const onError = options.onError ?? (() => {});
  const limiter = new Limiter(node.limits.maxConcurrent, node.limits.maxQueued);
  // No queue: Walrus refuses a recovery-symbols request at once when its semaphore is exhausted.
  const recoveryLimiter = new Limiter(node.limits.maxRecoverySymbolRequests, 0);

  async function handle(req: PublicRequest, res: PublicResponse): Promise<void> {
    res.setHeader('access-control-allow-origin', '*');
    if (faults?.shouldDrop()) {
      abandon(res);
      return;
    }
    const latency = faults?.config.latencyMs ?? 0;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    if (req.method === 'OPTIONS') {
      sendEmpty(res, 204, CORS_PREFLIGHT);
      return;
    }
    const abort = new AbortController();
    res.on('close', () => abort.abort(new BodyAbortedError('client went away')));
    let release: (() => void) | undefined;
    try {
      if (faults?.config.refuseAll)
        throw errors.unavailable('this node refuses all requests (fault injection)');
      const route = parseRoute(req.method ?? 'GET', req.url ?? '/');
      const slot = limiter.acquire(abort.signal);
      if (!slot) throw errors.unavailable('too many requests in flight; retry later');
      release = await slot;
      await dispatch(route, req, res, abort.signal);
    } catch (error) {
      if (res.headersSent || abort.signal.aborted) {
        abandon(res);
        return;
      }
      if (error instanceof BodyAbortedError) {
        abandon(res);
      } else if (error instanceof ApiError) {
        sendError(res, error);
      } else {
        onError(error, `${req.method} ${req.url}`);
        sendError(res, errors.internal());
      }
    } finally {
      release?.();
    }
  }

  async function dispatch(route: Route, req: PublicRequest, res: PublicResponse, signal: AbortSignal) {
    switch (route.kind) {
      case 'health':
        return sendJson(res, 200, node.health(route.detailed));
      case 'get-metadata':
        return sendBytes(res, node.getMetadata(route.blobId));
      case 'put-metadata': {
        const body = await readBcsBody(req, res, metadataBodyBytes(node.geometry), errors.bodyTooLarge);
        const outcome = await node.putMetadata(route.blobId, body, route.pending);
        return sendJson(res, outcome.code, outcome.message);
      }
      case 'metadata-status':
        return sendJson(res, 200, node.metadataStatus(route.blobId));
      case 'get-sliver': {
        const sliver = node.getSliver(route.blobId, route.pair, route.type);
        requestLog?.sliverServed(blobIdToText(route.blobId), route.type, route.pair);
        return sendBytes(res, faults ? faults.sliverToServe(route.blobId, route.pair, sliver) : sliver);
      }
      case 'put-sliver': {
        const body = await readBcsBody(req, res, maxSliverBodyBytes(node.geometry), errors.sliverTooLarge);
        const outcome = await node.putSliver(route.blobId, route.pair, route.type, body, route.pending);
        return sendJson(res, outcome.code, outcome.message);
      }
      case 'sliver-status':
        return sendJson(res, 200, node.sliverStatus(route.blobId, route.pair, route.type));
      case 'confirmation':
        return sendJson(res, 200, await node.confirmation({ ...route, signal }));
      case 'blob-status':
        return sendJson(res, 200, node.blobStatus(route.blobId));
      case 'decoding-symbols': {
        symbolsRequested(route.blobId);
        const body = node.decodingSymbols(route.blobId, route.targets, route.type);
        return sendBytes(res, faults?.shouldCorrupt() ? corruptDecodingSymbols(body) : body);
      }
      case 'recovery-symbols': {
        symbolsRequested(route.blobId);
        const slot = recoveryLimiter.acquire();
        if (!slot) throw errors.recoverySymbolsUnavailable();
        const release = await slot;
        try {
          const body = await node.recoverySymbols(route.blobId, route.filter);
          return sendBytes(res, faults?.shouldCorrupt() ? corruptRecoverySymbols(body) : body);
        } finally {
          release();
        }
      }
    }
  }

  /** Logs a symbol request, then refuses it when the blob's symbols are refused by fault injection. */
  function symbolsRequested(blobId: Uint8Array): void {
    requestLog?.symbolsRequested(blobIdToText(blobId));
    if (faults?.refusesSymbols(blobId)) {
      throw errors.unavailable('this node refuses symbol requests for this blob (fault injection)');
    }
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      onError(error, `${req.method} ${req.url}`);
      abandon(res);
    });
  };
}

/** Walrus's BCS extractor: no Content-Type, or `application/octet-stream` with any parameters. */
async function readBcsBody(
  req: PublicRequest,
  res: PublicResponse,
  limit: number,
  tooLarge: (limit: number) => ApiError,
): Promise<Uint8Array> {
  const type = req.headers['content-type'];
  if (type !== undefined && type.split(';')[0]!.trim().toLowerCase() !== 'application/octet-stream') {
    throw errors.invalidContentType('Expected request with `Content-Type: application/octet-stream`');
  }
  try {
    return await readBody(req, limit);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    // Past the cap we stop buffering; the upload is cut once the answer is out.
    stopUploadAfterAnswer(res);
    throw tooLarge(error.limit);
  }
}

function sendJson(res: Reply, code: number, data: unknown): void {
  const body = successBody(code, data);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendEmpty(res: Reply, code: number, headers: OutgoingHttpHeaders): void {
  res.writeHead(code, headers);
  res.end();
}

function sendBytes(res: Reply, bytes: Uint8Array): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
  res.end(bytes);
}

export function sendError(res: Reply, error: ApiError): void {
  const body = errorBody(error);
  res.writeHead(error.httpCode, {
    ...error.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
