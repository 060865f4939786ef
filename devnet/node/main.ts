// `node devnet/node/main.ts --dir <dir> --bls-key <file> [...]`: one storage node per process, as
// the launcher runs them. Prints one JSON line with its URLs once it serves, and shuts down
// cleanly (servers closed, store flushed) on SIGTERM or SIGINT.
import { readFile } from 'node:fs/promises';
import { toBase64 } from '@mysten/bcs';
import { shapeServer } from '../geo/shape-server.ts';
import { parseNodeArgs, USAGE, UsageError } from './cli-args.ts';
import { readBlsKeyFile } from './key-file.ts';
import { startStorageNode } from './node.ts';

let args;
try {
  args = parseNodeArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}

const { geoLink, port } = args;
let node;
try {
  const tls = args.tls
    ? {
        certPem: await readFile(args.tls.certPath, 'utf8'),
        keyPem: await readFile(args.tls.keyPath, 'utf8'),
      }
    : undefined;
  node = await startStorageNode({
    dir: args.dir,
    signer: await readBlsKeyFile(args.blsKey),
    host: args.host,
    port: args.port,
    devnet: args.devnet,
    ...(args.adminPort !== undefined ? { adminPort: args.adminPort } : {}),
    ...(args.committee ? { committee: args.committee } : {}),
    ...(tls ? { tls } : {}),
    ...(args.chain
      ? {
          chain: {
            rpcUrl: args.chain.rpcUrl,
            packageId: args.chain.packageId,
            stakingObjectId: args.chain.stakingObjectId,
            nodeId: args.chain.nodeId,
            pollMs: args.chain.pollMs,
          },
        }
      : {}),
    ...(geoLink
      ? {
          // Seeded by port: each node's jitter differs, yet repeats on every run of the devnet.
          shapePublicServer: (server) => shapeServer(server, geoLink, { seed: port }),
        }
      : {}),
    onError: (error, context) => console.error(`storage node: ${context}:`, error),
  });
} catch (error) {
  console.error(`storage node: cannot start: ${(error as Error).message}`);
  process.exit(1);
}
const running = node;

console.log(
  JSON.stringify({
    url: running.url,
    adminUrl: running.adminUrl ?? null,
    publicKey: toBase64(running.publicKey),
    dir: args.dir,
    epoch: running.state.currentEpoch(),
    nShards: running.state.nShards,
    shards: [...running.state.ownedShards()],
    nodeId: args.chain?.nodeId ?? null,
  }),
);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.error(`storage node: ${signal}, shutting down`);
  await running.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
