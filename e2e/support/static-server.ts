// A tiny in-memory HTTP server for e2e tests: listens on 127.0.0.1 with an ephemeral port, serves the
// files it is given (with per-path headers) and records every request, so a test can also assert
// what never reached the network. Whoever starts one stops it (`await server.close()` in afterAll).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticFile {
  body: string | Uint8Array;
  /** Response headers; these override the defaults (Content-Type by extension, Cache-Control: no-store). */
  headers?: Readonly<Record<string, string>>;
  status?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as requested. */
  url: string;
  host: string | undefined;
}

export interface StaticServer {
  readonly port: number;
  /** Served files by path ("/", "/sw.js"); may be changed while the server runs. */
  readonly files: Map<string, StaticFile>;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** `http://<host>:<port><path>`; host defaults to 127.0.0.1 (`x.localhost` also reaches this server). */
  url(path?: string, host?: string): string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
};

function contentTypeOf(path: string): string {
  if (path.endsWith('/')) return CONTENT_TYPES['.html']!;
  const dot = path.lastIndexOf('.');
  const ext = dot > path.lastIndexOf('/') ? path.slice(dot).toLowerCase() : '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

function lookup(files: Map<string, StaticFile>, pathname: string): StaticFile | undefined {
  return files.get(pathname) ?? (pathname.endsWith('/') ? files.get(`${pathname}index.html`) : undefined);
}

export async function startStaticServer(files: Readonly<Record<string, StaticFile>>): Promise<StaticServer> {
  const served = new Map(Object.entries(files));
  const requests: RecordedRequest[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    requests.push({ method, url, host: req.headers.host });
    const plain = (status: number, text: string): void => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(method === 'HEAD' ? undefined : text);
    };
    if (method !== 'GET' && method !== 'HEAD') return plain(405, 'method not allowed\n');
    const pathname = new URL(url, 'http://127.0.0.1').pathname;
    const file = lookup(served, pathname);
    if (!file) return plain(404, `not found: ${pathname}\n`);
    res.statusCode = file.status ?? 200;
    res.setHeader('Content-Type', contentTypeOf(pathname));
    res.setHeader('Cache-Control', 'no-store');
    for (const [name, value] of Object.entries(file.headers ?? {})) res.setHeader(name, value);
    res.setHeader('Content-Length', Buffer.byteLength(file.body));
    res.end(method === 'HEAD' ? undefined : file.body);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    port,
    files: served,
    requests,
    url: (path = '/', host = '127.0.0.1') => `http://${host}:${port}${path}`,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })),
  };
}
