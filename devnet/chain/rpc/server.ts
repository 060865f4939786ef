// HTTP transport for the devnet's Sui JSON-RPC: JSON-RPC 2.0 over POST (single and batch), CORS
// for browsers (the SDK's `Client-Sdk-*` headers trigger a preflight), and a health check for the
// launcher. Method semantics live in the handlers; this file only frames requests and errors.
// gRPC-web calls (and their preflights) on the same port go to the `grpc` handler when given.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RpcError, RpcErrorCode } from './errors.ts';
import { readBody } from './read-body.ts';
import type { RpcMethods } from './types.ts';

export interface RpcServerOptions {
  /**
   * TCP port; 0 picks a free one.
   * @default 0
   */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  readonly methods: RpcMethods;
  /**
   * Plain JSON endpoints beside JSON-RPC, keyed `"POST /path"` (e.g. the faucet's `/v2/gas`): the
   * handler gets the parsed body and returns the HTTP status and JSON to send.
   */
  readonly routes?: Readonly<Record<string, (body: unknown) => Promise<{ status: number; json: unknown }>>>;
  /**
   * Largest request body accepted; bigger ones get HTTP 413. Sui transactions are at most 128 KiB,
   * so the default leaves room for batches.
   * @default 8 MiB
   */
  readonly maxBodyBytes?: number;
  /**
   * Handler for the Sui gRPC API over gRPC-web (`createGrpcWebHandler` in ../grpc/server.ts): it
   * gets every request with a grpc-web Content-Type and the CORS preflights for `/sui.rpc.*`
   * paths, so `SuiGrpcClient` and `SuiJsonRpcClient` share one base URL.
   */
  readonly grpc?: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
}

export interface RpcServer {
  /** Base URL to give `SuiJsonRpcClient`, e.g. `http://127.0.0.1:9000`. */
  readonly url: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** How long an idle keep-alive connection stays open. */
export const KEEP_ALIVE_MS = 65_000;

type Id = string | number | null;
type RpcResponse = { jsonrpc: '2.0'; id: Id } & ({ result: unknown } | { error: ErrorBody });
type ErrorBody = { code: number; message: string; data?: unknown };

const CORS_HEADERS = { 'Access-Control-Allow-Origin': '*' };
const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  'Access-Control-Allow-Headers': '*',
  'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
  'Access-Control-Max-Age': '86400',
};

export async function startRpcServer(options: RpcServerOptions): Promise<RpcServer> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? 8 * 1024 * 1024;
  // Idle connections are kept 65 s like the storage nodes', not Node's default 5 s: a client
  // whose event loop was blocked longer than that (the SDK encodes a large blob synchronously, then
  // registers it) reuses a socket the server already closed, and undici fails that POST with
  // "other side closed" instead of retrying it.
  const server = http.createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, (req, res) => {
    const handled =
      options.grpc && isGrpcWeb(req)
        ? options.grpc(req, res)
        : handleHttp(req, res, options.methods, maxBodyBytes, options.routes ?? {});
    handled.catch((error: unknown) => {
      // Only reachable if writing the response itself failed; the socket is beyond saving.
      res.destroy(error instanceof Error ? error : undefined);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handleHttp(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  methods: RpcMethods,
  maxBodyBytes: number,
  routes: NonNullable<RpcServerOptions['routes']>,
): Promise<void> {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, PREFLIGHT_HEADERS).end();
    return;
  }
  const path = requestPath(req.url);
  const route = path === null ? undefined : routes[`${req.method} ${path}`];
  if (route) {
    const raw = (await readBody(req, maxBodyBytes))?.toString('utf8');
    let parsed: unknown;
    try {
      parsed = raw ? JSON.parse(raw) : {};
    } catch {
      sendJson(res, 400, { error: 'request body is not JSON' });
      return;
    }
    const { status, json } = await route(parsed);
    sendJson(res, status, json);
    return;
  }
  if (req.method === 'GET' && path === '/health') {
    sendJson(res, 200, { status: 'ok' });
    return;
  }
  if (req.method !== 'POST') {
    sendJson(res, 405, errorResponse(null, RpcErrorCode.InvalidRequest, 'JSON-RPC requests must use POST'), {
      Allow: 'POST, GET, OPTIONS',
    });
    return;
  }
  const body = (await readBody(req, maxBodyBytes))?.toString('utf8');
  if (body === undefined) {
    sendJson(
      res,
      413,
      errorResponse(null, RpcErrorCode.InvalidRequest, `Request body exceeds ${maxBodyBytes} bytes`),
      {
        Connection: 'close',
      },
    );
    return;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch (error) {
    sendJson(
      res,
      200,
      errorResponse(null, RpcErrorCode.ParseError, `Parse error: ${(error as Error).message}`),
    );
    return;
  }
  const reply = await dispatch(payload, methods);
  if (reply === undefined) res.writeHead(204, CORS_HEADERS).end();
  else sendJson(res, 200, reply);
}

/** A gRPC-web call, or a browser's preflight for one (it carries no Content-Type yet). */
function isGrpcWeb(req: http.IncomingMessage): boolean {
  if (req.headers['content-type']?.toLowerCase().startsWith('application/grpc-web')) return true;
  return req.method === 'OPTIONS' && (requestPath(req.url) ?? '').startsWith('/sui.rpc.');
}

/**
 * The path of a request target, or null for one URL parsing refuses (`//` followed by no valid
 * host): that is no route and no health check, so a POST there is JSON-RPC like any other path.
 */
function requestPath(target: string | undefined): string | null {
  try {
    return new URL(target ?? '/', 'http://x').pathname;
  } catch {
    return null;
  }
}

/** The answer to a parsed body: one response, an array for a batch, or nothing for notifications. */
async function dispatch(
  payload: unknown,
  methods: RpcMethods,
): Promise<RpcResponse | RpcResponse[] | undefined> {
  if (!Array.isArray(payload)) return handleOne(payload, methods);
  if (payload.length === 0)
    return errorResponse(null, RpcErrorCode.InvalidRequest, 'Invalid request: empty batch');
  const replies = await Promise.all(payload.map((item) => handleOne(item, methods)));
  const sent = replies.filter((r): r is RpcResponse => r !== undefined);
  return sent.length > 0 ? sent : undefined;
}

async function handleOne(request: unknown, methods: RpcMethods): Promise<RpcResponse | undefined> {
  if (typeof request !== 'object' || request === null || Array.isArray(request))
    return errorResponse(null, RpcErrorCode.InvalidRequest, 'Invalid request: not an object');
  const { jsonrpc, id, method, params } = request as Record<string, unknown>;
  const validId = id === undefined || id === null || typeof id === 'string' || typeof id === 'number';
  const replyId: Id = validId ? ((id as Id | undefined) ?? null) : null;
  if (jsonrpc !== '2.0' || typeof method !== 'string' || !validId)
    return errorResponse(
      replyId,
      RpcErrorCode.InvalidRequest,
      'Invalid request: expected {jsonrpc:"2.0", method, id}',
    );
  if (params !== undefined && params !== null && !Array.isArray(params))
    return errorResponse(replyId, RpcErrorCode.InvalidParams, 'Invalid params: params must be an array');
  const isNotification = id === undefined;
  const handler = Object.hasOwn(methods, method) ? methods[method] : undefined;
  if (!handler)
    return isNotification
      ? undefined
      : errorResponse(replyId, RpcErrorCode.MethodNotFound, 'Method not found');
  let reply: RpcResponse;
  try {
    const result = await handler((params as unknown[] | null | undefined) ?? []);
    reply = { jsonrpc: '2.0', id: replyId, result: result ?? null };
  } catch (error) {
    reply =
      error instanceof RpcError
        ? errorResponse(replyId, error.code, error.message, error.data)
        : errorResponse(
            replyId,
            RpcErrorCode.InternalError,
            error instanceof Error ? error.message : String(error),
          );
  }
  return isNotification ? undefined : reply;
}

function errorResponse(id: Id, code: number, message: string, data?: unknown): RpcResponse {
  return { jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } };
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  let text: string;
  try {
    text = JSON.stringify(value, bigintAsString);
  } catch (error) {
    // A handler returned something JSON cannot carry (a cycle): report it instead of hanging up.
    const id = (value as { id?: Id }).id ?? null;
    text = JSON.stringify(errorResponse(id, RpcErrorCode.InternalError, (error as Error).message));
  }
  res.writeHead(status, { ...CORS_HEADERS, 'Content-Type': 'application/json', ...headers }).end(text);
}

/** Sui encodes every u64 as a decimal string; a bigint that slipped through gets the same. */
function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
