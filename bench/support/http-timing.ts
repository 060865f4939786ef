// One timed HTTP GET from Node, measured the same way for every server in bench/media.ts: time to
// the response's first byte (its status line and headers, as curl's `time_starttransfer` and the
// browser's `responseStart` count it) and to its last byte, with the body hashed as it arrives
// rather than kept. `node:http` rather than fetch, because fetch may not set `Host`, and the
// portal tells sites apart by it (`<label>.localhost`) while this process cannot resolve that name.
import { createHash } from 'node:crypto';
import { request } from 'node:http';

export interface TimedGet {
  readonly status: number;
  /** Milliseconds from sending the request to its response headers. */
  readonly ttfbMs: number;
  /** Milliseconds from sending the request to the body's end. */
  readonly fullMs: number;
  readonly bytes: number;
  /** SHA-256 of the body as received, hex. */
  readonly sha256: string;
  /** Whether the body ended short of its `content-length` (a server cutting a failed stream). */
  readonly truncated: boolean;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface TimedGetOptions {
  /** Sent as `Host` (e.g. `<label>.localhost:<port>`); the URL's own host when absent. */
  readonly host?: string;
  /** Sent as `Range`, e.g. `bytes=1000-`. */
  readonly range?: string;
  readonly timeoutMs?: number;
  /** Ends the request after the first body chunk (a time-to-first-byte probe). */
  readonly firstChunkOnly?: boolean;
}

export class TimedGetError extends Error {
  override name = 'TimedGetError';
}

export function timedGet(url: string, options: TimedGetOptions = {}): Promise<TimedGet> {
  const target = new URL(url);
  const headers: Record<string, string> = {};
  if (options.host) headers['host'] = options.host;
  if (options.range) headers['range'] = options.range;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        headers,
        timeout: options.timeoutMs ?? 600_000,
      },
      (res) => {
        const ttfbMs = performance.now() - started;
        const hash = createHash('sha256');
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          hash.update(chunk);
          if (options.firstChunkOnly) {
            finish(false);
            req.destroy();
          }
        });
        let finished = false;
        const finish = (truncated: boolean) => {
          if (finished) return;
          finished = true;
          const expected = Number(res.headers['content-length'] ?? Number.NaN);
          resolve({
            status: res.statusCode ?? 0,
            ttfbMs,
            fullMs: performance.now() - started,
            bytes,
            sha256: hash.digest('hex'),
            truncated: truncated || (Number.isFinite(expected) && bytes !== expected),
            headers: res.headers,
          });
        };
        res.on('end', () => finish(false));
        // A server that cuts the connection mid-body ends the response with `aborted`.
        res.on('aborted', () => finish(true));
        res.on('error', () => finish(true));
      },
    );
    req.on('timeout', () => req.destroy(new TimedGetError(`GET ${url}: no answer in time`)));
    req.on('error', (error) => reject(new TimedGetError(`GET ${url}: ${error.message}`, { cause: error })));
    req.end();
  });
}
