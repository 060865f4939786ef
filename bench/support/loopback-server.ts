// The loopback ceiling for bench/node-throughput.ts: a bare node:http server in its own process
// (as each devnet node is) that answers GET <path> with bytes held in memory, nothing else. The
// parent sends the bodies over IPC, then gets the port back.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type LoopbackMessage =
  | { readonly type: 'bodies'; readonly entries: readonly (readonly [string, Uint8Array])[] }
  | { readonly type: 'ready'; readonly port: number };

const bodies = new Map<string, Uint8Array>();

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const body = req.method === 'GET' ? bodies.get(req.url ?? '') : undefined;
  if (!body) {
    res.writeHead(404, { 'content-length': 0 }).end();
    return;
  }
  res
    .writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': body.length,
      'access-control-allow-origin': '*',
    })
    .end(body);
});

process.on('message', (message: LoopbackMessage) => {
  if (message.type !== 'bodies') return;
  for (const [path, bytes] of message.entries) bodies.set(path, bytes);
  server.listen(0, '127.0.0.1', () => {
    const ready: LoopbackMessage = { type: 'ready', port: (server.address() as AddressInfo).port };
    process.send?.(ready);
  });
});
// The parent went away (or closed the channel): stop.
process.on('disconnect', () => {
  server.close();
  server.closeAllConnections();
});
