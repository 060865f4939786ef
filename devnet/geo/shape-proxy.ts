// A reverse proxy that answers as if the target were far away: every request is forwarded as is
// (method, path, headers, body) to `target` on loopback, and the answer comes back through a
// server shaped with `shapeServer`, so the visitor pays the link's round trip and bandwidth. The
// devnet puts the chain RPC and the aggregator behind these when it emulates a visitor.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GeoLink } from './regions.ts';
import { shapeServer } from './shape-server.ts';

export interface ShapedProxyOptions {
  /** Origin to forward to, e.g. `http://127.0.0.1:9000`. A path in it is prefixed to every request. */
  readonly target: string;
  readonly link: GeoLink;
  /** Seed of the jitter. @default 1 */
  readonly seed?: number;
  /** @default 0 (any free port) */
  readonly port?: number;
  /**
   * Forward the visitor's Host header instead of the target's: for targets that serve by host
   * name, as the portal serves each site on its own subdomain. @default false
   */
  readonly preserveHost?: boolean;
}

export interface ShapedProxy {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  close(): Promise<void>;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

export async function startShapedProxy(options: ShapedProxyOptions): Promise<ShapedProxy> {
  const target = new URL(options.target);
  const base = target.pathname.replace(/\/$/, '');
  const preserveHost = options.preserveHost ?? false;
  const server = createServer((req, res) => forward(req, res, target, base, preserveHost));
  shapeServer(server, options.link, { seed: options.seed ?? 1 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function forward(
  req: IncomingMessage,
  res: ServerResponse,
  target: URL,
  base: string,
  preserveHost: boolean,
): void {
  const headers = withoutHopByHop(req.headers);
  // The target sees the host it serves, as behind any reverse proxy, unless it serves by host name.
  if (!preserveHost || !headers.host) headers.host = target.host;
  const upstream = request(
    {
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: `${base}${req.url ?? '/'}`,
      headers,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.headers));
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    },
  );
  upstream.on('error', (error) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'access-control-allow-origin': '*' });
    res.end(`shaped proxy: ${target.origin} did not answer: ${error.message}\n`);
  });
  // A visitor that goes away stops the upstream request too.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

function withoutHopByHop(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}
