// `npm run bench -- node-throughput`: how many sliver and metadata reads one devnet storage node
// serves under 16 concurrent readers, next to the loopback ceiling of this machine (a bare
// node:http server in its own process answering the same bytes from memory). The node is one of a
// live 10-node / 1000-shard devnet; the blobs are written by the SDK; the readers are Floe's
// `StorageNodeClient` loops in this process.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { blobIdFromText, blobIdToText } from '../core/walrus/blob-id.ts';
import { StorageNodeClient } from '../core/walrus/node-client.ts';
import type { SliverType } from '../core/walrus/node-types.ts';
import { prng, randomBytes } from '../core/walrus/test-support/fixtures.ts';
import { startDevnet } from '../devnet/launcher/launcher.ts';
import { pairsOfNode, walrusClient } from '../devnet/launcher/test-support/devnet-clients.ts';
import type { LoopbackMessage } from './support/loopback-server.ts';
import { markdownTable } from './support/markdown.ts';
import { formatBytes } from './support/report.ts';
import { ms, quantile, ratio, type BenchTable } from './support/suite.ts';

const NODES = 10;
const SHARDS = 1000;
/** The node measured (index in devnet.json). */
const NODE_INDEX = 0;
const READERS = 16;
/** Measured time per target and workload: ROUNDS slices of SLICE_MS, alternating between targets. */
const ROUNDS = 5;
const SLICE_MS = 2_000;
const WARM_UP_MS = 1_000;
const BLOBS = [
  { label: '1 MiB blob', size: 1 << 20 },
  { label: '16 MiB blob', size: 16 << 20 },
] as const;
const LOOPBACK_SERVER = join(import.meta.dirname, 'support', 'loopback-server.ts');

/** One kind of request: a list of (pair, type) sliver reads or the blob's metadata. */
interface Workload {
  readonly label: string;
  /** Size of the bodies, for the table: "4.0 KiB / 2.0 KiB". */
  readonly sizes: string;
  readonly read: (client: StorageNodeClient, random: () => number) => Promise<Uint8Array>;
  /** URL path → body, for the loopback server. */
  readonly bodies: ReadonlyMap<string, Uint8Array>;
}

interface Measurement {
  readonly workload: string;
  /** Response body sizes. */
  readonly sizes: string;
  readonly server: 'devnet node' | 'loopback ceiling';
  readonly durationMs: number;
  readonly requests: number;
  readonly errors: number;
  readonly firstError: string | null;
  readonly bytes: number;
  readonly readsPerSecond: number;
  readonly mibPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** CPU time over wall time (1 = one core busy) of the server process and of this process. */
  readonly serverCpu: number;
  readonly clientCpu: number;
}

const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds of process `pid` so far (Linux /proc). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return Number.NaN;
  }
}

/** The process of the devnet node with `nodeId` (its command line names it). */
function nodePid(nodeId: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const at = args.indexOf('--node-id');
      if (at >= 0 && args[at + 1] === nodeId) return Number(entry);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return Number.NaN;
}

/** Runs READERS loops against `client` for `durationMs`; latency of every request that finished in time. */
async function hammer(
  client: StorageNodeClient,
  workload: Workload,
  durationMs: number,
  seed: number,
): Promise<{
  latencies: number[];
  errors: number;
  firstError: string | null;
  bytes: number;
  wallMs: number;
}> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let bytes = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const loop = async (reader: number) => {
    const random = prng(seed * 1000 + reader + 1);
    while (performance.now() < deadline) {
      const sent = performance.now();
      try {
        const body = await workload.read(client, random);
        latencies.push(performance.now() - sent);
        bytes += body.length;
      } catch (error) {
        errors++;
        firstError ??= `${(error as Error).name}: ${(error as Error).message}`;
      }
    }
  };
  await Promise.all(Array.from({ length: READERS }, (_, i) => loop(i)));
  return { latencies, errors, firstError, bytes, wallMs: performance.now() - started };
}

interface Target {
  readonly server: Measurement['server'];
  readonly url: string;
  readonly pid: number;
}

/** Totals of one target over its slices. */
interface Tally {
  latencies: number[];
  errors: number;
  firstError: string | null;
  bytes: number;
  wallMs: number;
  serverCpuS: number;
  clientCpuS: number;
}

/**
 * Measures `workload` on both targets in ROUNDS alternating slices (node, ceiling, ceiling, node,
 * …), so load from outside the benchmark that comes and goes falls on both alike.
 */
async function measure(targets: readonly Target[], workload: Workload, seed: number): Promise<Measurement[]> {
  process.stderr.write(
    `node-throughput: ${workload.label}, ${ROUNDS} × ${SLICE_MS / 1000} s on each of ${targets.map((t) => t.server).join(', ')}…\n`,
  );
  const clients = targets.map((t) => new StorageNodeClient({ url: t.url }));
  for (const client of clients) await hammer(client, workload, WARM_UP_MS, seed + 500);
  const tallies: Tally[] = targets.map(() => ({
    latencies: [],
    errors: 0,
    firstError: null,
    bytes: 0,
    wallMs: 0,
    serverCpuS: 0,
    clientCpuS: 0,
  }));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? targets.map((_, i) => i) : targets.map((_, i) => targets.length - 1 - i);
    for (const i of order) {
      const tally = tallies[i]!;
      const serverBefore = cpuSeconds(targets[i]!.pid);
      const clientBefore = process.cpuUsage();
      const run = await hammer(clients[i]!, workload, SLICE_MS, seed * 100 + round);
      const clientUsage = process.cpuUsage(clientBefore);
      tally.serverCpuS += cpuSeconds(targets[i]!.pid) - serverBefore;
      tally.clientCpuS += (clientUsage.user + clientUsage.system) / 1e6;
      for (const latency of run.latencies) tally.latencies.push(latency);
      tally.errors += run.errors;
      tally.firstError ??= run.firstError;
      tally.bytes += run.bytes;
      tally.wallMs += run.wallMs;
    }
  }
  return targets.map((target, i) => {
    const tally = tallies[i]!;
    const seconds = tally.wallMs / 1000;
    return {
      workload: workload.label,
      sizes: workload.sizes,
      server: target.server,
      durationMs: Math.round(tally.wallMs),
      requests: tally.latencies.length,
      errors: tally.errors,
      firstError: tally.firstError,
      bytes: tally.bytes,
      readsPerSecond: tally.latencies.length / seconds,
      mibPerSecond: tally.bytes / 2 ** 20 / seconds,
      p50Ms: quantile(tally.latencies, 0.5),
      p99Ms: quantile(tally.latencies, 0.99),
      maxMs: quantile(tally.latencies, 1),
      serverCpu: tally.serverCpuS / seconds,
      clientCpu: tally.clientCpuS / seconds,
    };
  });
}

async function startLoopback(
  bodies: ReadonlyMap<string, Uint8Array>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(LOOPBACK_SERVER, [], { serialization: 'advanced', stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`loopback server exited (${code}) before listening`)));
    child.on('message', (message: LoopbackMessage) => {
      if (message.type === 'ready') resolve(message.port);
    });
    const entries: LoopbackMessage = { type: 'bodies', entries: [...bodies] };
    child.send(entries);
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

export async function benchNodeThroughput(): Promise<BenchTable[]> {
  const benchStarted = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'floe-bench-node-throughput-'));
  process.stderr.write(`node-throughput: starting a ${NODES}-node / ${SHARDS}-shard devnet…\n`);
  const devnet = await startDevnet({ dir, nodes: NODES, shards: SHARDS, port: 0 });
  const results: Measurement[] = [];
  let loopback: ChildProcess | undefined;
  const node = devnet.config.nodes[NODE_INDEX]!;
  try {
    const { config } = devnet;
    const signer = Ed25519Keypair.fromSecretKey((await readFile(config.devKey.path, 'utf8')).trim());
    const writer = walrusClient(config);
    const nodeClient = new StorageNodeClient({ url: node.url });
    const workloads: Workload[] = [];
    for (const [i, blob] of BLOBS.entries()) {
      process.stderr.write(`node-throughput: writing the ${blob.label} with the SDK…\n`);
      const { blobId } = await writer.writeBlob({
        blob: randomBytes(blob.size, i + 7),
        epochs: 2,
        deletable: false,
        signer,
      });
      const id = blobIdFromText(blobId);
      const reads: { pair: number; type: SliverType; path: string }[] = pairsOfNode(
        config,
        blobId,
        NODE_INDEX,
      ).flatMap((pair) =>
        (['primary', 'secondary'] as const).map((type) => ({
          pair,
          type,
          path: `/v1/blobs/${blobIdToText(id)}/slivers/${pair}/${type}`,
        })),
      );
      const bodies = new Map<string, Uint8Array>();
      for (const read of reads) bodies.set(read.path, await nodeClient.getSliver(id, read.pair, read.type));
      const sizeOf = (type: SliverType) =>
        formatBytes(bodies.get(reads.find((r) => r.type === type)!.path)!.length);
      workloads.push({
        label: `slivers of a ${blob.label}`,
        sizes: `${sizeOf('primary')} / ${sizeOf('secondary')}`,
        read: (client, random) => {
          const { pair, type } = pick(reads, random);
          return client.getSliver(id, pair, type);
        },
        bodies,
      });
      if (i === 0) {
        const path = `/v1/blobs/${blobIdToText(id)}/metadata`;
        const metadata = await nodeClient.getMetadataBytes(id);
        workloads.push({
          label: 'metadata',
          sizes: formatBytes(metadata.length),
          read: (client) => client.getMetadataBytes(id),
          bodies: new Map([[path, metadata]]),
        });
      }
    }
    const allBodies = new Map(workloads.flatMap((w) => [...w.bodies]));
    const started = await startLoopback(allBodies);
    loopback = started.child;
    const targets: Target[] = [
      { server: 'devnet node', url: node.url, pid: nodePid(node.nodeId) },
      { server: 'loopback ceiling', url: started.url, pid: loopback.pid! },
    ];
    for (const [i, workload] of workloads.entries())
      results.push(...(await measure(targets, workload, i + 1)));
  } finally {
    loopback?.disconnect();
    await devnet.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const totalMs = performance.now() - benchStarted;
  process.stderr.write(`node-throughput: done in ${(totalMs / 1000).toFixed(0)} s\n`);
  return [throughputTable(results, totalMs)];
}

function percent(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(0)}%` : '–';
}

function throughputTable(results: readonly Measurement[], totalMs: number): BenchTable {
  const ceilingOf = (m: Measurement) =>
    results.find((r) => r.workload === m.workload && r.server === 'loopback ceiling')!;
  const rows = results.map((m) => [
    m.workload,
    m.sizes,
    m.server,
    m.readsPerSecond.toFixed(0),
    m.mibPerSecond.toFixed(1),
    ms(m.p50Ms),
    ms(m.p99Ms),
    String(m.errors),
    percent(m.serverCpu),
    percent(m.clientCpu),
    m.server === 'loopback ceiling' ? '1×' : ratio(m.readsPerSecond, ceilingOf(m).readsPerSecond),
  ]);
  const headline = (workload: string) => {
    const floe = results.find((r) => r.workload === workload && r.server === 'devnet node');
    if (!floe) return undefined;
    const ceiling = ceilingOf(floe);
    return (
      `One devnet node, ${workload}: ${floe.readsPerSecond.toFixed(0)} reads/s at p99 ${ms(floe.p99Ms)} ms ` +
      `under ${READERS} readers, ${ratio(floe.readsPerSecond, ceiling.readsPerSecond)} of this machine's loopback ceiling`
    );
  };
  return {
    id: 'node-throughput',
    title: 'Storage-node throughput: sliver and metadata reads',
    setup:
      `One storage node (node ${NODE_INDEX}, ${SHARDS / NODES} of ${SHARDS} shards) of a live ${NODES}-node devnet on loopback; the other nodes and the ` +
      `chain emulator run too but are idle. Blobs of ${BLOBS.map((b) => formatBytes(b.size)).join(' and ')} are written with ` +
      "the SDK's `writeBlob`; at 1000 shards their slivers are small (primary / secondary sizes in the table), and " +
      `metadata is the same 66 KB for any blob. ${READERS} reader loops in the benchmark process, each sending its next request when the last ` +
      "one is answered, use Floe's `StorageNodeClient` (`getSliver` for a random pair the node holds, primary or " +
      `secondary at random; \`getMetadataBytes\`) for ${(ROUNDS * SLICE_MS) / 1000} s per server and workload, in ${ROUNDS} ` +
      `slices of ${SLICE_MS / 1000} s alternating between the node and the ceiling (after a ${WARM_UP_MS / 1000} s warm-up each); ` +
      'every request is timed. There is no official storage node to compare with here, so the anchor is the loopback ' +
      'ceiling of this machine: a bare `node:http` server in its own process answering the same paths with the same ' +
      'bytes from memory (no routing, limiter, store lookup or verification), driven by the same client. The ratio is ' +
      'node ÷ ceiling in reads per second (1× would mean the node costs nothing over a bare server). The load generator ' +
      `shares the machine's ${cpus().length} cores with the server: "client CPU" near 100% means the generator (fetch, one thread) ` +
      'is a limit too, so neither figure is the server’s capacity alone. CPU is process CPU time over wall time ' +
      '(100% = one core). MiB/s counts response bodies.',
    columns: [
      'workload',
      'body',
      'server',
      'reads/s',
      'MiB/s',
      'p50 ms',
      'p99 ms',
      'errors',
      'server CPU',
      'client CPU',
      'node ÷ ceiling',
    ],
    rows,
    headlines: [headline(`slivers of a ${BLOBS[0].label}`), headline('metadata')].filter(
      (h): h is string => h !== undefined,
    ),
    data: {
      nodes: NODES,
      shards: SHARDS,
      nodeIndex: NODE_INDEX,
      readers: READERS,
      rounds: ROUNDS,
      sliceMs: SLICE_MS,
      warmUpMs: WARM_UP_MS,
      totalMs: Math.round(totalMs),
      /** 1-minute load average when the table was built: other work on the machine skews the figures. */
      loadAverage: loadavg()[0],
      measurements: results,
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const table of await benchNodeThroughput()) {
    console.log(`### ${table.title}\n\n${table.setup}\n\n${markdownTable(table.columns, table.rows)}\n`);
    for (const line of table.headlines) console.log(`- ${line}`);
    console.log(`\n${JSON.stringify(table.data, null, 2)}`);
  }
}
