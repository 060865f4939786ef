// The aggregator and publisher daemon over HTTP: the Walrus daemon's routes, headers, status codes
// and error bodies (MystenLabs/walrus crates/walrus-service/src/client/daemon.rs and routes.rs),
// served from Floe's verified reader and writer. This file is the plumbing: CORS as the daemon's
// layer sets it, load shedding, body limits, and writing answers; routes.ts parses, handlers.ts
// answers.
import { Buffer } from 'node:buffer';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChainReader } from './blob-object.ts';
import type { BlobReads } from './blob-reads.ts';
import { DEFAULT_ALLOWED_HEADERS } from './blob-responses.ts';
import { AggregatorError, errors, type ErrorAnswer } from './errors.ts';
import { answer, type Answer, type HandlerContext, type IncomingRequest } from './handlers.ts';
import type { WalrusPublisher } from './publish.ts';
import { parseRoute } from './routes.ts';

export interface AggregatorLimits {
  /** Largest `PUT /v1/blobs` body (default 10 MiB, the daemon's `--max-body-size`). */
  readonly maxBlobBytes: number;
  /** Largest `PUT /v1/quilts` body (default 100 MiB, `--max-quilt-body-size`). */
  readonly maxQuiltBytes: number;
  /** Reads in flight before new ones get 429 (default 576: the daemon's 256 running + 320 buffered). */
  readonly maxConcurrentReads: number;
}

export const DEFAULT_LIMITS: AggregatorLimits = {
  maxBlobBytes: 10 * 1024 * 1024,
  maxQuiltBytes: 100 * 1024 * 1024,
  maxConcurrentReads: 576,
};

export interface AggregatorServerOptions {
  readonly reads: BlobReads;
  /** The chain, for `/v1/blobs/by-object-id` (that route is an internal error without it). */
  readonly chain?: ChainReader;
  /** Without one, `PUT /v1/blobs` and `PUT /v1/quilts` do not exist (an aggregator only). */
  readonly publisher?: WalrusPublisher;
  /** @default 31415, the daemon's */
  readonly port?: number;
  /** @default 127.0.0.1 */
  readonly host?: string;
  readonly limits?: Partial<AggregatorLimits>;
  /** Attribute and tag names that may become headers (default the daemon's `--allowed-headers`). */
  readonly allowedHeaders?: readonly string[];
  /** Every tag of a quilt patch becomes a header (`--allow-quilt-patch-tags-in-response`). */
  readonly allowQuiltPatchTags?: boolean;
}

export interface AggregatorServer {
  /** `http://<host>:<port>`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** What the daemon's CORS layer adds to every answer (tower-http `CorsLayer`, any origin). */
const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  vary: 'origin, access-control-request-method, access-control-request-headers',
};
/** And to preflights: any method and header, cached for a day. */
const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-methods': '*',
  'access-control-allow-headers': '*',
  'access-control-max-age': '86400',
};

export const DEFAULT_PORT = 31415;

export async function startAggregatorServer(options: AggregatorServerOptions): Promise<AggregatorServer> {
  const limits: AggregatorLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const ctx: HandlerContext = {
    reads: options.reads,
    chain: options.chain ?? null,
    publisher: options.publisher ?? null,
    allowedHeaders: new Set((options.allowedHeaders ?? DEFAULT_ALLOWED_HEADERS).map((h) => h.toLowerCase())),
    allowQuiltPatchTags: options.allowQuiltPatchTags ?? false,
    maxBlobBytes: limits.maxBlobBytes,
    maxQuiltBytes: limits.maxQuiltBytes,
  };
  let readsInFlight = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const route = parseRoute(method, req.url ?? '/', { publisher: ctx.publisher !== null });
    if (route instanceof AggregatorError) return sendError(res, route.answer());
    if (route.kind === 'preflight')
      return send(res, method, { status: 200, headers: new Map(), body: EMPTY }, PREFLIGHT_HEADERS);
    const isRead = route.kind !== 'put-blob' && route.kind !== 'put-quilt' && route.kind !== 'status';
    if (isRead && readsInFlight >= limits.maxConcurrentReads)
      return sendError(res, errors.overloaded('aggregator').answer());
    if (isRead) readsInFlight++;
    try {
      send(res, method, await answer(route, incoming(req), ctx));
    } catch (error) {
      const failure =
        error instanceof AggregatorError
          ? error
          : errors.internal((error as Error)?.message ?? String(error));
      sendError(res, failure.answer());
    } finally {
      if (isRead) readsInFlight--;
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendError(res, errors.internal((error as Error)?.message ?? String(error)).answer());
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const EMPTY = new Uint8Array();

function incoming(req: IncomingMessage): IncomingRequest {
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    accept: header(req, 'accept'),
    contentType: header(req, 'content-type'),
    range: header(req, 'range'),
    body: (limit) => readBody(req, limit),
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The request body, or 413 as soon as it is known to exceed `limit`. */
async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw errors.bodyTooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw errors.bodyTooLarge();
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}

function send(
  res: ServerResponse,
  method: string,
  result: Answer,
  extra: Readonly<Record<string, string>> = {},
): void {
  const headers: Record<string, string> = { ...CORS_HEADERS, ...extra };
  // Values are sent as their UTF-8 bytes, as the daemon does (a patch identifier may be any text).
  for (const [name, value] of result.headers) headers[name] = Buffer.from(value, 'utf8').toString('latin1');
  headers['content-length'] = String(result.body.length);
  res.writeHead(result.status, headers);
  res.end(method === 'HEAD' ? undefined : result.body);
}

function sendError(res: ServerResponse, error: ErrorAnswer): void {
  const headers: Record<string, string> = { ...CORS_HEADERS, ...error.headers };
  const body = Buffer.from(error.body, 'utf8');
  headers['content-length'] = String(body.length);
  // A refused upload's body may still be on its way: do not read it, close the connection instead.
  if (error.status === 413) headers['connection'] = 'close';
  res.writeHead(error.status, headers);
  res.end(body);
}
