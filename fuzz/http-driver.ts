// Raw HTTP/1.1 exchanges for the request-handler fuzz targets. A node:http Server is driven
// in-process, without a socket: the request bytes go into an in-memory Duplex handed to the server
// as a connection (node:http accepts any Duplex on its 'connection' event), and the bytes it writes
// back are parsed as one response. So the whole request path runs (llhttp, the server's handler,
// body reading) at a fraction of a loopback socket's cost. A server only reachable by its URL is
// driven the same way over a loopback connection.
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { Duplex } from 'node:stream';

export interface RawRequest {
  readonly method: string;
  /** The request-target as sent on the request line (the caller encodes it, or not). */
  readonly target: string;
  readonly headers: readonly (readonly [name: string, value: string])[];
  readonly body: Uint8Array;
}

export interface RawResponse {
  readonly status: number;
  /** Header names lower-cased; repeated headers joined with `, `. */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Uint8Array;
}

/** What the server did with a request: answered it, or closed the connection without an answer. */
export type Exchange =
  | { readonly kind: 'response'; readonly response: RawResponse }
  | { readonly kind: 'closed'; readonly written: Uint8Array };

/** A malformed response: the server wrote bytes that are not one HTTP/1.1 response. */
export class MalformedResponseError extends Error {
  override name = 'MalformedResponseError';
}

const CRLF = '\r\n';

/** The bytes of `request`: request line, headers, `content-length` unless given, body. */
export function encodeRequest(request: RawRequest): Uint8Array {
  const hasLength = request.headers.some(([name]) => name.toLowerCase() === 'content-length');
  const lines = [
    `${request.method} ${request.target} HTTP/1.1`,
    'host: fuzz.invalid',
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
    ...(hasLength ? [] : [`content-length: ${request.body.length}`]),
  ];
  const head = Buffer.from(`${lines.join(CRLF)}${CRLF}${CRLF}`, 'utf8');
  return Buffer.concat([head, request.body]);
}

/** Where requests go: a Server driven in-process, or a listening one on loopback. */
export type Endpoint = Server | { readonly host: string; readonly port: number };

/**
 * Sends `bytes` (one request, optionally split into `chunks` pieces) over a fresh connection and
 * resolves with the server's answer once it is complete, or with what was written when the server
 * closed the connection first. Never rejects for anything the server does, except a response that
 * cannot be parsed (MalformedResponseError) or a loopback connection that fails.
 */
export function exchange(
  endpoint: Endpoint,
  bytes: Uint8Array,
  options: { readonly chunks?: number; readonly head?: boolean } = {},
): Promise<Exchange> {
  const chunks = options.chunks ?? 1;
  return new Promise((resolve, reject) => {
    const written: Buffer[] = [];
    let settled = false;
    let socket: Duplex;
    const finish = (outcome: Exchange | Error) => {
      if (settled) return;
      settled = true;
      // Tear the connection down from our side; the server sees a client that went away.
      setImmediate(() => socket.destroy());
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const received = (chunk: Buffer, atClose = false) => {
      written.push(chunk);
      let response: RawResponse | null;
      try {
        response = parseResponse(Buffer.concat(written), { head: options.head ?? false, closed: atClose });
      } catch (error) {
        finish(error as Error);
        return;
      }
      if (response !== null) finish({ kind: 'response', response });
    };
    const closed = () => {
      if (!settled && written.length > 0) received(Buffer.alloc(0), true);
      finish({ kind: 'closed', written: Buffer.concat(written) });
    };
    const pieces: Uint8Array[] = [];
    const size = Math.max(1, Math.ceil(bytes.length / chunks));
    for (let at = 0; at < bytes.length; at += size) pieces.push(bytes.subarray(at, at + size));
    if ('emit' in endpoint) {
      socket = inMemorySocket(pieces, received, closed);
      endpoint.emit('connection', socket);
      return;
    }
    const tcp = connect({ host: endpoint.host, port: endpoint.port, noDelay: true });
    socket = tcp;
    tcp.on('connect', () => {
      for (const piece of pieces) tcp.write(piece);
    });
    tcp.on('data', received);
    tcp.on('end', closed);
    tcp.on('close', closed);
    tcp.on('error', (error) => (written.length === 0 ? finish(error) : closed()));
  });
}

/** A Duplex that feeds `pieces` to the server and hands everything it writes to `received`. */
function inMemorySocket(
  pieces: readonly Uint8Array[],
  received: (chunk: Buffer) => void,
  closed: () => void,
): Duplex {
  let pushed = false;
  const socket = new Duplex({
    read() {
      if (pushed) return;
      pushed = true;
      for (const piece of pieces) this.push(piece);
      // The request end stays open: an early end would abort the request before its answer.
    },
    write(chunk: Buffer, _encoding, callback) {
      callback();
      received(chunk);
    },
    final(callback) {
      callback();
      closed();
    },
    destroy(error, callback) {
      callback(error);
      closed();
    },
  });
  // Sockets have these; node:http calls them on its connections.
  return Object.assign(socket, {
    setTimeout: () => socket,
    setNoDelay: () => socket,
    setKeepAlive: () => socket,
    remoteAddress: '127.0.0.1',
    remotePort: 1,
  });
}

/**
 * One complete response at the start of `bytes`, null while incomplete. `head`: it answers a HEAD
 * (no body); `closed`: the connection has closed, which ends a body without a length.
 */
export function parseResponse(
  bytes: Buffer,
  { head = false, closed = false }: { readonly head?: boolean; readonly closed?: boolean } = {},
): RawResponse | null {
  const end = bytes.indexOf('\r\n\r\n');
  if (end === -1) return null;
  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split(CRLF);
  const match = /^HTTP\/1\.1 (\d{3}) [^\r\n]*$/.exec(statusLine!);
  if (!match) throw new MalformedResponseError(`bad status line ${JSON.stringify(statusLine)}`);
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MalformedResponseError(`bad header line ${JSON.stringify(line)}`);
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)!}, ${value}` : value);
  }
  const status = Number(match[1]);
  const rest = bytes.subarray(end + 4);
  if (status === 204 || status === 304 || head) {
    if (rest.length > 0) throw new MalformedResponseError(`${rest.length} bytes of body where none belongs`);
    return { status, headers, body: new Uint8Array(0) };
  }
  const length = headers.get('content-length');
  if (length !== undefined) {
    if (!/^\d+$/.test(length)) throw new MalformedResponseError(`bad content-length ${length}`);
    const size = Number(length);
    if (rest.length < size) return null;
    if (rest.length > size) throw new MalformedResponseError(`${rest.length - size} bytes after the body`);
    return { status, headers, body: Uint8Array.from(rest) };
  }
  if (headers.get('transfer-encoding')?.toLowerCase() === 'chunked') {
    const body = dechunk(rest);
    return body === null ? null : { status, headers, body };
  }
  // Neither: the body runs to the end of the connection (RFC 9112 §6.3).
  return closed ? { status, headers, body: Uint8Array.from(rest) } : null;
}

function dechunk(bytes: Buffer): Uint8Array | null {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf(CRLF, at);
    if (lineEnd === -1) return null;
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) throw new MalformedResponseError('bad chunk size');
    const start = lineEnd + 2;
    if (size === 0) return bytes.length >= start + 2 ? Buffer.concat(parts) : null;
    if (bytes.length < start + size + 2) return null;
    parts.push(bytes.subarray(start, start + size));
    at = start + size + 2;
  }
}

// ---- what node:http itself answers ---------------------------------------------------------------

/**
 * node:http's own answer to a request it cannot parse (the server's clientError handler, or Node's
 * default one: 400, or 431 for headers over its 16 KiB limit), with no body.
 */
export function isParserRejection(response: RawResponse): boolean {
  return (
    (response.status === 400 || response.status === 431) &&
    response.body.length === 0 &&
    response.headers.get('connection')?.toLowerCase() === 'close'
  );
}

/**
 * node:http hands CONNECT requests to a 'connect' listener and, with none (neither server has
 * one), closes the connection without an answer. That is its documented behaviour, not the
 * handler's; nothing reaches the node.
 */
export function closedForConnect(input: { readonly method: string }, written: Uint8Array): boolean {
  return input.method === 'CONNECT' && written.length === 0;
}

/** Request methods worth sending: the usual ones, others, wrong case and unknown tokens. */
export const HTTP_METHODS: readonly string[] = [
  'GET',
  'PUT',
  'POST',
  'DELETE',
  'OPTIONS',
  'HEAD',
  'PATCH',
  'get',
  'Put',
  'CONNECT',
  'TRACE',
  'PROPFIND',
  'X',
];
