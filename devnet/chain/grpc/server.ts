// The gRPC-web endpoint: a Node request handler that serves `POST /<package>.<Service>/<Method>`
// for the given services, in the binary and the text (base64) format. It decodes the request with
// the method's input type, runs the handler, and answers with data frames and a trailer frame;
// a status before any message goes out trailers-only (grpc-status in the HTTP headers), as gRPC
// servers do. The JSON-RPC server hands it every request whose Content-Type is grpc-web.
import type http from 'node:http';
import type { GrpcService, GrpcHandler } from './service.ts';
import {
  DATA_FRAME,
  decodeRequestBody,
  encodeFrame,
  encodeGrpcMessage,
  encodeTrailerFrame,
  formatOf,
  frameForWire,
  responseContentType,
  type GrpcWebFormat,
} from './framing.ts';
import { readBody } from '../rpc/read-body.ts';
import { GrpcStatusCode, GrpcStatusError } from './status.ts';

export interface GrpcWebHandlerOptions {
  /**
   * Largest request body accepted; a bigger one is RESOURCE_EXHAUSTED. Matches the JSON-RPC
   * server's limit (a Sui transaction is at most 128 KiB).
   * @default 8 MiB
   */
  readonly maxBodyBytes?: number;
  /** Extra response headers for every call, e.g. the chain's `x-sui-*` metadata. */
  readonly metadata?: () => Readonly<Record<string, string>>;
}

/** Serves one gRPC-web request (or its CORS preflight); never rejects for a gRPC-level error. */
export type GrpcWebHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

type Method = GrpcService['descriptor']['methods'][number];

/** Headers the SDK's transport sends: browsers ask for them in the preflight. */
const ALLOWED_HEADERS = [
  'content-type',
  'x-grpc-web',
  'x-user-agent',
  'grpc-timeout',
  'x-sui-client-protocol-version',
];

const CORS_HEADERS = { 'Access-Control-Allow-Origin': '*' };

export function createGrpcWebHandler(
  services: readonly GrpcService[],
  options: GrpcWebHandlerOptions = {},
): GrpcWebHandler {
  const maxBodyBytes = options.maxBodyBytes ?? 8 * 1024 * 1024;
  const routes = new Map<string, { method: Method; handler: GrpcHandler | undefined }>();
  const serviceNames = new Set<string>();
  for (const { descriptor, handlers } of services) {
    serviceNames.add(descriptor.typeName);
    for (const method of descriptor.methods) {
      const handler = Object.hasOwn(handlers, method.name) ? handlers[method.name] : undefined;
      routes.set(`/${descriptor.typeName}/${method.name}`, { method, handler });
    }
  }

  return async (req, res) => {
    const metadata = options.metadata?.() ?? {};
    const expose = ['grpc-status', 'grpc-message', ...Object.keys(metadata)].join(', ');
    if (req.method === 'OPTIONS') {
      res
        .writeHead(204, {
          ...CORS_HEADERS,
          'Access-Control-Allow-Methods': 'POST, OPTIONS',
          'Access-Control-Allow-Headers': ALLOWED_HEADERS.join(', '),
          'Access-Control-Expose-Headers': expose,
          'Access-Control-Max-Age': '86400',
        })
        .end();
      return;
    }
    const format = formatOf(req.headers['content-type']);
    if (req.method !== 'POST' || !format) {
      await drain(req);
      // Not a gRPC-web call at all: an HTTP error, as grpc-web proxies answer.
      const status = req.method !== 'POST' ? 405 : 415;
      res.writeHead(status, { ...CORS_HEADERS, Allow: 'POST, OPTIONS' }).end();
      return;
    }
    const call = new CallWriter(res, format, {
      ...CORS_HEADERS,
      'Access-Control-Expose-Headers': expose,
      ...metadata,
    });
    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) {
      call.finish(
        GrpcStatusCode.RESOURCE_EXHAUSTED,
        `request body larger than the limit of ${maxBodyBytes} bytes`,
      );
      return;
    }
    const path = requestPath(req.url);
    const route = routes.get(path);
    if (!route?.handler) {
      const service = path.split('/')[1] ?? '';
      call.finish(
        GrpcStatusCode.UNIMPLEMENTED,
        serviceNames.has(service) ? `unknown method ${path}` : `unknown service ${service}`,
      );
      return;
    }
    const abort = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) abort.abort(new Error('client went away'));
    });
    try {
      const input = decodeInput(route.method, decodeRequestBody(body, format));
      const result = await route.handler(input as never, { signal: abort.signal });
      if (route.method.serverStreaming) {
        if (!isAsyncIterable(result))
          throw new Error(`handler for streaming ${route.method.name} returned no stream`);
        for await (const message of result) {
          if (abort.signal.aborted) return;
          await call.message(route.method.O.toBinary(message));
        }
      } else {
        if (isAsyncIterable(result))
          throw new Error(`handler for unary ${route.method.name} returned a stream`);
        await call.message(route.method.O.toBinary(result));
      }
      call.finish(GrpcStatusCode.OK, '');
    } catch (error) {
      if (abort.signal.aborted) return;
      if (error instanceof GrpcStatusError) call.finish(error.code, error.message);
      else call.finish(GrpcStatusCode.INTERNAL, error instanceof Error ? error.message : String(error));
    }
  };
}

/** The request message; a payload that is not one is the caller's error. */
function decodeInput(method: Method, payload: Uint8Array): object {
  try {
    return method.I.fromBinary(payload);
  } catch (error) {
    throw new GrpcStatusError(
      GrpcStatusCode.INVALID_ARGUMENT,
      `failed to decode ${method.I.typeName}: ${(error as Error).message}`,
    );
  }
}

/** Writes one call's response: headers with the first frame, or trailers-only without any. */
class CallWriter {
  readonly #res: http.ServerResponse;
  readonly #format: GrpcWebFormat;
  readonly #headers: Record<string, string>;
  #started = false;

  constructor(res: http.ServerResponse, format: GrpcWebFormat, headers: Record<string, string>) {
    this.#res = res;
    this.#format = format;
    this.#headers = { ...headers, 'Content-Type': responseContentType(format) };
  }

  async message(bytes: Uint8Array): Promise<void> {
    this.#start();
    const flushed = this.#res.write(frameForWire(encodeFrame(DATA_FRAME, bytes), this.#format));
    if (!flushed && !this.#res.destroyed)
      await new Promise<void>((resolve) => {
        this.#res.once('drain', resolve);
        this.#res.once('close', resolve);
      });
  }

  finish(code: GrpcStatusCode, message: string): void {
    if (this.#res.destroyed) return;
    if (!this.#started && code !== GrpcStatusCode.OK) {
      const status: Record<string, string> = { 'grpc-status': String(code) };
      if (message) status['grpc-message'] = encodeGrpcMessage(message);
      this.#res.writeHead(200, { ...this.#headers, ...status }).end();
      return;
    }
    this.#start();
    this.#res.end(frameForWire(encodeTrailerFrame(code, message), this.#format));
  }

  #start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#res.writeHead(200, this.#headers);
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<object> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function requestPath(target: string | undefined): string {
  return (target ?? '/').split('?', 1)[0]!;
}

async function drain(req: http.IncomingMessage): Promise<void> {
  for await (const _chunk of req as AsyncIterable<Buffer>) {
    // Discarded: reading it keeps the connection usable for the next request.
  }
}
