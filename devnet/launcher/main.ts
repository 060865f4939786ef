// `npm run devnet [-- --profile mainnet --nodes 10 --shards 1000 --dir .floe/devnet --port 9000 --reset]`:
// a Sui chain and Walrus storage nodes on this machine, until Ctrl-C.
import { parseArgs } from 'node:util';
import { isVisitor, VISITORS } from '../geo/regions.ts';
import { startDevnet } from './launcher.ts';
import { isProfileName, PROFILE_NAMES } from './profiles.ts';
import { summarize } from './summary.ts';

const USAGE = `usage: npm run devnet -- [--profile ${PROFILE_NAMES.join('|')}] [--nodes N] [--shards N] [--dir DIR]
       [--port PORT] [--aggregator-port PORT] [--reset] [--no-faults]
       [--visitor ${VISITORS.join('|')}]   (nodes, chain RPC and aggregator answer with the latency seen from there)
  --profile mainnet: 100 nodes with mainnet-like skewed stake in 4 host processes, 3 nodes down
  and 3 slow (--no-faults: all up and fast).`;
let values;
try {
  ({ values } = parseArgs({
    options: {
      profile: { type: 'string', default: 'default' },
      nodes: { type: 'string' },
      shards: { type: 'string' },
      faults: { type: 'boolean', default: true },
      dir: { type: 'string', default: '.floe/devnet' },
      port: { type: 'string', default: '9000' },
      // The Walrus daemon's own default port, so tools configured for a local daemon find it.
      'aggregator-port': { type: 'string', default: '31415' },
      reset: { type: 'boolean', default: false },
      visitor: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    allowNegative: true,
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

const profile = values.profile;
if (!isProfileName(profile)) {
  console.error(`--profile must be one of ${PROFILE_NAMES.join(', ')}, got ${profile}\n${USAGE}`);
  process.exit(2);
}

const started = Date.now();
try {
  const devnet = await startDevnet({
    dir: values.dir,
    profile,
    ...(values.nodes !== undefined ? { nodes: number(values.nodes, '--nodes') } : {}),
    ...(values.shards !== undefined ? { shards: number(values.shards, '--shards') } : {}),
    faults: values.faults,
    port: number(values.port, '--port'),
    aggregatorPort: number(values['aggregator-port'], '--aggregator-port'),
    reset: values.reset,
    ...(visitor ? { visitor } : {}),
    log: (message) => console.log(`devnet: ${message}`),
  });
  console.log(
    `\nFloe devnet is up (${((Date.now() - started) / 1000).toFixed(1)} s)\n${summarize(devnet.config)}`,
  );
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
