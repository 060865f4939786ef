// `npm run devnet [-- --nodes 10 --shards 1000 --dir .floe/devnet --port 9000 --reset]`: a Sui chain
// and Walrus storage nodes on this machine, until Ctrl-C.
import { parseArgs } from 'node:util';
import { isVisitor, VISITORS } from '../geo/regions.ts';
import { startDevnet } from './launcher.ts';

const USAGE = `usage: npm run devnet -- [--nodes N] [--shards N] [--dir DIR] [--port PORT] [--aggregator-port PORT] [--reset]
       [--visitor ${VISITORS.join('|')}]   (storage nodes answer with the latency seen from there)`;
let values;
try {
  ({ values } = parseArgs({
    options: {
      nodes: { type: 'string', default: '10' },
      shards: { type: 'string', default: '1000' },
      dir: { type: 'string', default: '.floe/devnet' },
      port: { type: 'string', default: '9000' },
      // The Walrus daemon's own default port, so tools configured for a local daemon find it.
      'aggregator-port': { type: 'string', default: '31415' },
      reset: { type: 'boolean', default: false },
      visitor: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const number = (text: string, name: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a whole number, got ${text}\n${USAGE}`);
    process.exit(2);
  }
  return value;
};

const visitor = values.visitor;
if (visitor !== undefined && !isVisitor(visitor)) {
  console.error(`--visitor must be one of ${VISITORS.join(', ')}, got ${visitor}\n${USAGE}`);
  process.exit(2);
}

const started = Date.now();
try {
  const devnet = await startDevnet({
    dir: values.dir,
    nodes: number(values.nodes, '--nodes'),
    shards: number(values.shards, '--shards'),
    port: number(values.port, '--port'),
    aggregatorPort: number(values['aggregator-port'], '--aggregator-port'),
    reset: values.reset,
    ...(visitor ? { visitor } : {}),
    log: (message) => console.log(`devnet: ${message}`),
  });
  const { config } = devnet;
  console.log(`
Floe devnet is up (${((Date.now() - started) / 1000).toFixed(1)} s)
  chain RPC     ${config.grpcUrl} (gRPC-web), ${config.rpcUrl} (JSON-RPC)
  faucet        ${config.faucetUrl}/v2/gas
  storage nodes ${config.nodes.length} × ${config.walrus.nShards / config.nodes.length} shards (${config.nodes[0]?.url} …)${
    config.visitor
      ? `\n  geography     as seen from ${config.visitor}: ${config.nodes.map((n) => n.region).join(', ')}`
      : ''
  }
  dev key       ${config.devKey.address} (${config.devKey.path})
  aggregator    ${config.aggregatorUrl} (Walrus aggregator and publisher, paid by the dev key)
  config        ${config.dir}/devnet.json
  logs          ${config.dir}/logs/
Ctrl-C stops it; state is kept for the next start (--reset wipes it).`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\ndevnet: stopping');
    await devnet.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
} catch (error) {
  console.error(`devnet: ${(error as Error).message}`);
  process.exit(1);
}
