// Storage nodes on loopback HTTP for benchmarks: each member of an in-memory network gets its own
// server on 127.0.0.1, so reads pay real HTTP costs (connections, headers, body copies).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Committee } from '../committee.ts';
import type { MemoryNetwork } from './memory-nodes.ts';

export interface LoopbackNodes {
  readonly committee: Committee;
  close(): Promise<void>;
}

export async function serveOnLoopback(net: MemoryNetwork): Promise<LoopbackNodes> {
  const servers: Server[] = [];
  const members = [];
  for (const member of net.committee.members) {
    const server = createServer((req, res) => {
      // Browsers reach these nodes cross-origin: answer preflights and mark every reply CORS-readable.
      res.setHeader('access-control-allow-origin', '*');
      if (req.method === 'OPTIONS') {
        res
          .writeHead(204, { 'access-control-allow-methods': '*', 'access-control-allow-headers': '*' })
          .end();
        return;
      }
      net
        .fetch(member.url + (req.url ?? '/'), { method: req.method ?? 'GET' })
        .then(async (response) => {
          const body = new Uint8Array(await response.arrayBuffer());
          res.writeHead(response.status, {
            'content-type': response.headers.get('content-type') ?? 'application/octet-stream',
            'content-length': body.length,
          });
          res.end(body);
        })
        .catch((error: unknown) => {
          res.writeHead(500).end(String(error));
        });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    members.push({ ...member, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  }
  return {
    committee: { ...net.committee, members },
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
