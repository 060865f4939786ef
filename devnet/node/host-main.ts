// `node devnet/node/host-main.ts <spec.json>`: many storage nodes in one process, as the launcher
// runs a large devnet on a small machine (a process per node would cost ~100 V8 heaps). Each node
// is a full `startStorageNode` with its own data folder, ports and BLS key; they share only the
// event loop. Prints one JSON line (`HostReady`) once all serve; on the IPC channel it takes
// `stop`/`start` commands for one node (`host-protocol.ts`); SIGTERM or SIGINT closes all cleanly.
import { readFile } from 'node:fs/promises';
import { toBase64 } from '@mysten/bcs';
import { shapeServer } from '../geo/shape-server.ts';
import { parseHostCommand, type HostCommand, type HostedNodeInfo, type HostReply } from './host-protocol.ts';
import { HostSpecError, parseHostSpec, type HostedNodeSpec, type HostSpec } from './host-spec.ts';
import { readBlsKeyFile } from './key-file.ts';
import { startStorageNode, type RunningStorageNode } from './node.ts';

const USAGE = 'usage: node devnet/node/host-main.ts <spec.json>   (see devnet/node/host-spec.ts)';

const specPath = process.argv[2];
if (!specPath || process.argv.length > 3) {
  console.error(USAGE);
  process.exit(2);
}
let spec: HostSpec;
try {
  spec = parseHostSpec(await readFile(specPath, 'utf8'));
} catch (error) {
  if (!(error instanceof HostSpecError) && (error as NodeJS.ErrnoException).code === undefined) throw error;
  console.error(`storage host: ${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const tls = spec.tls
  ? { certPem: await readFile(spec.tls.certPath, 'utf8'), keyPem: await readFile(spec.tls.keyPath, 'utf8') }
  : undefined;

const specs = new Map(spec.nodes.map((node) => [node.name, node]));
const running = new Map<string, RunningStorageNode>();

async function start(node: HostedNodeSpec): Promise<HostedNodeInfo> {
  const { geoLink } = node;
  const started = await startStorageNode({
    dir: node.dir,
    signer: await readBlsKeyFile(node.blsKey),
    port: node.port,
    devnet: true,
    adminPort: node.adminPort,
    chain: node.chain,
    ...(geoLink
      ? {
          // Seeded by port, as `main.ts` does: each node's jitter differs yet repeats run to run.
          shapePublicServer: (server) => shapeServer(server, geoLink, { seed: node.port }),
        }
      : {}),
    // One certificate for the host: its nodes all answer on 127.0.0.1.
    ...(tls ? { tls } : {}),
    onError: (error, context) => console.error(`${node.name}: ${context}:`, error),
  });
  running.set(node.name, started);
  return {
    name: node.name,
    url: started.url,
    adminUrl: started.adminUrl ?? null,
    publicKey: toBase64(started.publicKey),
    epoch: started.state.currentEpoch(),
    shards: [...started.state.ownedShards()],
    nodeId: node.chain.nodeId,
  };
}

async function stop(name: string): Promise<void> {
  const node = running.get(name);
  running.delete(name);
  await node?.close();
}

async function closeAll(): Promise<void> {
  await Promise.all([...running.keys()].map(stop));
}

let infos: HostedNodeInfo[];
try {
  infos = await Promise.all(spec.nodes.filter((node) => node.start !== false).map(start));
} catch (error) {
  console.error(`storage host: cannot start: ${(error as Error).message}`);
  await closeAll();
  process.exit(1);
}
console.log(JSON.stringify({ nodes: infos }));

// One command at a time, so a `stop` and a `start` of the same node cannot interleave.
let queue = Promise.resolve();
async function handle(command: HostCommand): Promise<HostReply> {
  const node = specs.get(command.name);
  if (!node)
    return { id: command.id, ok: false, error: `no node ${JSON.stringify(command.name)} on this host` };
  try {
    if (command.op === 'stop') {
      await stop(command.name);
      return { id: command.id, ok: true, node: null };
    }
    if (running.has(command.name)) await stop(command.name);
    return { id: command.id, ok: true, node: await start(node) };
  } catch (error) {
    return { id: command.id, ok: false, error: (error as Error).message };
  }
}
process.on('message', (message) => {
  const command = parseHostCommand(message);
  if (!command) return;
  queue = queue.then(async () => {
    const reply = await handle(command);
    process.send?.(reply);
  });
});

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.error(`storage host: ${signal}, shutting down ${running.size} nodes`);
  await closeAll();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
