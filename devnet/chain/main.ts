// `node devnet/chain/main.ts --dir <dir> [--port <n>] [--host <ip>]`: runs the devnet chain as its
// own process (the launcher starts it this way), printing one JSON line with its URL once ready.
import { parseArgs } from 'node:util';
import { startChain } from './chain.ts';
import { namesRegistryId } from './natives/names/registry-object.ts';
import { WAL_COIN_TYPE, walrusGenesis } from './natives/walrus/index.ts';
import { readWalrusGenesisFile } from './walrus-genesis-file.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'epoch-ms': { type: 'string' },
    'walrus-genesis': { type: 'string' },
  },
});

if (!values.dir) {
  console.error('usage: node devnet/chain/main.ts --dir <dir> [--port <n>] [--host <ip>] [--epoch-ms <ms>]');
  process.exit(2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}

// Walrus genesis is built from the launcher's options file; the same file gives the same objects.
const walrus = values['walrus-genesis'] ? await readWalrusGenesisFile(values['walrus-genesis']) : undefined;
const chain = await startChain({
  ...(walrus
    ? { genesisBatches: (registry) => [walrusGenesis(registry, walrus).batch], walCoinType: WAL_COIN_TYPE }
    : {}),
  dir: values.dir,
  port,
  host: values.host,
  ...(values['epoch-ms'] ? { epochDurationMs: Number(values['epoch-ms']) } : {}),
});
console.log(
  JSON.stringify({
    url: chain.url,
    faucet: chain.faucet.address,
    dir: values.dir,
    namesRegistryId: namesRegistryId(chain.store),
  }),
);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.error(`chain: ${signal}, shutting down`);
  await chain.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
