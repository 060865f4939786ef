// Applies a `GeoLink` to every response of a Node HTTP server: the first bytes wait a round trip
// (plus handshakes on a new connection), the body goes out in slices paced at the link's bandwidth.
// This kernel has no netem, so the shaping lives in user space, between the handler and the socket.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { seededRandom } from './random.ts';
import type { GeoLink } from './regions.ts';
import { firstByteDelayMs, paceBody } from './shaping.ts';

export interface ShapeOptions {
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A value in [0, 1) per response, for jitter. @default seededRandom(seed) */
  readonly random?: () => number;
  /** Seed of the default `random`. @default 1 */
  readonly seed?: number;
}

type Callback = (error?: Error | null) => void;
type Chunk = string | Uint8Array;
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const realSleep = (ms: number) =>
  ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

/**
 * Shapes `server`'s responses from now on. Call it once the request handler is attached and before
 * `listen`, so every connection is seen from its start.
 */
export function shapeServer(server: Server, link: GeoLink, options: ShapeOptions = {}): void {
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? seededRandom(options.seed ?? 1);
  // A socket is new until its first response: that one pays for the handshakes.
  const fresh = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => fresh.add(socket));
  const handlers = server.listeners('request') as Handler[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const newConnection = fresh.delete(req.socket);
    paceResponse(res, link, () => firstByteDelayMs(link, newConnection, random), sleep);
    for (const handler of handlers) handler.call(server, req, res);
  });
}

/**
 * Replaces `res.write` and `res.end` with versions that queue their bytes and send them through one
 * paced pump, so the handler keeps its synchronous `writeHead(...).end(body)` style. Headers leave
 * with the first slice, as they do on a real socket.
 */
function paceResponse(
  res: ServerResponse,
  link: GeoLink,
  firstDelay: () => number,
  sleep: (ms: number) => Promise<void>,
): void {
  const rawWrite = res.write.bind(res) as (chunk: Uint8Array, callback?: Callback) => boolean;
  const rawEnd = res.end.bind(res) as (callback?: () => void) => ServerResponse;
  let queue: Promise<void> | undefined;
  const enqueue = (step: () => Promise<void>) => {
    queue = (queue ?? sleep(firstDelay())).then(step);
    // A destroyed response ends the pump; nothing is left to report to.
    queue.catch(() => res.destroy());
  };
  const send = async (bytes: Uint8Array, callback?: Callback) => {
    for (const slice of paceBody(bytes.length, link)) {
      await sleep(slice.delayMs);
      if (res.destroyed) return;
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
  ): ServerResponse => {
    const done = [chunk, encoding, callback].find((arg) => typeof arg === 'function');
    const body =
      chunk === undefined || typeof chunk === 'function'
        ? undefined
        : toBytes(chunk, typeof encoding === 'string' ? encoding : undefined);
    enqueue(async () => {
      if (body) await send(body);
      if (!res.destroyed) rawEnd(done);
    });
    return res;
  };
  res.write = write as ServerResponse['write'];
  res.end = end as ServerResponse['end'];
}

function toBytes(chunk: Chunk, encoding: BufferEncoding | undefined): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf8') : chunk;
}
