// Applies a `GeoLink` to every response of a Node HTTP server, HTTP/1.1 (node:http) or HTTP/2 with
// HTTP/1.1 fallback (node:http2's secure server, through its compatibility API): the first bytes
// wait a round trip (plus handshakes on a new connection), the body goes out in slices paced at
// the link's bandwidth, shared by all responses of one connection. This kernel has no netem, so
// the shaping lives in user space, between the handler and the socket.
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import {
  Http2ServerRequest,
  Http2ServerResponse,
  type Http2SecureServer,
  type OutgoingHttpHeaders as Http2OutgoingHeaders,
} from 'node:http2';
import { EmulatedConnection } from './emulated-connection.ts';
import { seededRandom } from './random.ts';
import type { GeoLink } from './regions.ts';
import { paceBody } from './shaping.ts';

export interface ShapeOptions {
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A value in [0, 1) per response, for jitter. @default seededRandom(seed) */
  readonly random?: () => number;
  /** Seed of the default `random`. @default 1 */
  readonly seed?: number;
}

export type ShapeableServer = Server | Http2SecureServer;

type Request = IncomingMessage | Http2ServerRequest;
type Response = ServerResponse | Http2ServerResponse;
type Callback = (error?: Error | null) => void;
type Chunk = string | Uint8Array;
type Handler = (req: Request, res: Response) => void;

const realSleep = (ms: number) =>
  ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

/**
 * Shapes `server`'s responses from now on. Call it once the request handler is attached and before
 * `listen`, so every connection is seen from its start.
 */
export function shapeServer(server: ShapeableServer, link: GeoLink, options: ShapeOptions = {}): void {
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? seededRandom(options.seed ?? 1);
  // Keyed by what a visitor's connection is: the HTTP/2 session, or the (TLS) socket of HTTP/1.1.
  const connections = new WeakMap<object, EmulatedConnection>();
  const connectionOf = (req: Request): EmulatedConnection => {
    const key = req instanceof Http2ServerRequest ? (req.stream.session ?? req.stream) : req.socket;
    let connection = connections.get(key);
    if (!connection) connections.set(key, (connection = new EmulatedConnection(link, sleep, random)));
    return connection;
  };
  const handlers = server.listeners('request') as Handler[];
  server.removeAllListeners('request');
  server.on('request', (req: Request, res: Response) => {
    paceResponse(res, link, connectionOf(req));
    for (const handler of handlers) handler.call(server, req, res);
  });
}

/**
 * Replaces `res.write` and `res.end` with versions that queue their bytes and send them through one
 * paced pump, so the handler keeps its synchronous `writeHead(...).end(body)` style. Headers leave
 * with the first slice, as they do on a real socket.
 */
function paceResponse(res: Response, link: GeoLink, connection: EmulatedConnection): void {
  const rawWrite = res.write.bind(res) as (chunk: Uint8Array, callback?: Callback) => boolean;
  const rawEnd = res.end.bind(res) as (callback?: () => void) => Response;
  // HTTP/2 headers wait for the first paced byte; from then on Node's own writeHead sends them.
  const release = res instanceof Http2ServerResponse ? holdHeaders(res) : () => {};
  let queue: Promise<void> | undefined;
  const enqueue = (step: () => Promise<void>) => {
    queue = (queue ?? connection.firstByte().then(release)).then(step);
    // A destroyed response ends the pump; nothing is left to report to.
    queue.catch(() => res.destroy());
  };
  const send = async (bytes: Uint8Array, callback?: Callback) => {
    for (const slice of paceBody(bytes.length, link)) {
      await connection.transmit(slice.delayMs);
      if (isGone(res)) return;
      rawWrite(bytes.subarray(slice.start, slice.end));
    }
    callback?.();
  };

  const write = (chunk: Chunk, encoding?: BufferEncoding | Callback, callback?: Callback): boolean => {
    const done = typeof encoding === 'function' ? encoding : callback;
    const bytes = toBytes(chunk, typeof encoding === 'string' ? encoding : undefined);
    enqueue(() => send(bytes, done));
    return true;
  };
  const end = (
    chunk?: Chunk | (() => void),
    encoding?: BufferEncoding | (() => void),
    callback?: () => void,
  ): Response => {
    const done = [chunk, encoding, callback].find((arg) => typeof arg === 'function');
    const body =
      chunk === undefined || typeof chunk === 'function'
        ? undefined
        : toBytes(chunk, typeof encoding === 'string' ? encoding : undefined);
    enqueue(async () => {
      if (body) await send(body);
      if (!isGone(res)) rawEnd(done);
    });
    return res;
  };
  Object.assign(res, { write, end });
}

/**
 * HTTP/2's `writeHead` sends the HEADERS frame at once, where HTTP/1.1 buffers the head until
 * the first body write. Turned into setting the status and headers, it leaves them for the
 * paced first write, as on HTTP/1.1. The returned release puts Node's own `writeHead` back before
 * that write: Node's `write` and `end` call `this.writeHead` to send what was held.
 */
function holdHeaders(res: Http2ServerResponse): () => void {
  const writeHead = (
    statusCode: number,
    message?: string | Http2OutgoingHeaders | OutgoingHttpHeaders,
    headers?: Http2OutgoingHeaders | OutgoingHttpHeaders,
  ): Http2ServerResponse => {
    res.statusCode = statusCode;
    const fields = typeof message === 'object' ? message : headers;
    for (const [name, value] of Object.entries(fields ?? {})) {
      if (value !== undefined) res.setHeader(name, value);
    }
    return res;
  };
  Object.assign(res, { writeHead });
  return () => {
    Reflect.deleteProperty(res, 'writeHead');
  };
}

/** True once nothing more can reach the visitor. */
function isGone(res: Response): boolean {
  return res instanceof Http2ServerResponse ? res.stream.destroyed || res.stream.closed : res.destroyed;
}

function toBytes(chunk: Chunk, encoding: BufferEncoding | undefined): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf8') : chunk;
}
