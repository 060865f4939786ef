// Free TCP ports on loopback for a new devnet. Storage-node ports go on chain at genesis and the
// nodes bind them a few seconds later, so they are drawn at random from below Linux's ephemeral
// range (32768–60999): a port the kernel hands out for `listen(0)` or for an outgoing connection in
// the meantime can then never be one of ours. Each candidate is checked by binding it.
import { createServer } from 'node:net';

const LOW = 20_000;
const HIGH = 32_767;

export async function freePorts(count: number, random: () => number = Math.random): Promise<number[]> {
  const chosen = new Set<number>();
  for (let attempts = 0; chosen.size < count; attempts++) {
    if (attempts > count * 50) throw new Error(`could not find ${count} free ports in ${LOW}–${HIGH}`);
    const port = LOW + Math.floor(random() * (HIGH - LOW + 1));
    if (!chosen.has(port) && (await isFree(port))) chosen.add(port);
  }
  return [...chosen];
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
