// The static anchor of bench/media.ts: a plain node:http server that sends files from disk as
// they are, with single `Range: bytes=a-b` / `a-` / `-n` requests answered 206, as any static host
// or CDN does for video. No verification, no cache in front: what "first byte within 2× a static
// server" is measured against. Files are streamed from disk, so its memory stays flat.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RangeFileServer {
  /** `http://127.0.0.1:<port><path>` */
  url(path: string): string;
  close(): Promise<void>;
}

export interface ServedFile {
  /** On disk. */
  readonly file: string;
  readonly contentType: string;
}

/** `[start, end]` inclusive for a single byte range of a `size`-byte file; null when unsatisfiable. */
export function parseByteRange(header: string, size: number): { start: number; end: number } | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return null;
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start < size && start <= end ? { start, end } : null;
}

export async function startRangeFileServer(
  files: Readonly<Record<string, ServedFile>>,
): Promise<RangeFileServer> {
  const sizes = new Map<string, number>();
  for (const [path, served] of Object.entries(files)) sizes.set(path, (await stat(served.file)).size);

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const served = files[path];
    const size = sizes.get(path);
    if (!served || size === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-length': 0 }).end();
      return;
    }
    const base = {
      'content-type': served.contentType,
      'accept-ranges': 'bytes',
      // Every visit reaches the server: the HTTP cache would otherwise answer repeats.
      'cache-control': 'no-store',
    };
    const header = req.headers.range;
    const range = header ? parseByteRange(header, size) : { start: 0, end: size - 1 };
    if (!range) {
      res.writeHead(416, { ...base, 'content-range': `bytes */${size}`, 'content-length': 0 }).end();
      return;
    }
    const length = range.end - range.start + 1;
    res.writeHead(header ? 206 : 200, {
      ...base,
      'content-length': length,
      ...(header ? { 'content-range': `bytes ${range.start}-${range.end}/${size}` } : {}),
    });
    if (req.method === 'HEAD' || length === 0) {
      res.end();
      return;
    }
    const stream = createReadStream(served.file, { start: range.start, end: range.end });
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
