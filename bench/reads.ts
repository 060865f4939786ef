// Reads on a live 10-node / 1000-shard devnet: Floe's reader next to the official
// `WalrusClient.readBlob` (and `getFiles` for a quilt patch), for blobs the SDK itself wrote, with
// every node up, then 3 and then 6 nodes stopped. Requests and bytes are counted at each client's
// fetch; times are medians over repeated reads after one warm-up read per case.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { blobIdFromText, equalBytes } from '../core/walrus/blob-id.ts';
import { parseQuiltPatchId } from '../core/walrus/quilt.ts';
import { WalrusReader } from '../core/walrus/reader.ts';
import { sha256 } from '../core/walrus/sha256.ts';
import { randomBytes } from '../core/walrus/test-support/fixtures.ts';
import { startDevnet } from '../devnet/launcher/launcher.ts';
import { walrusClient } from '../devnet/launcher/test-support/devnet-clients.ts';
import { formatBytes } from './support/report.ts';
import { median, ms, ratio, type BenchTable } from './support/suite.ts';

const NODES = 10;
const SHARDS = 1000;
/**
 * Measured reads per case after the warm-up. The SDK's take seconds, and so do Floe's once nodes
 * are down (a decode), so fewer suffice there and the whole suite stays within its time budget.
 */
const FLOE_RUNS = 5;
const FLOE_RUNS_DEGRADED = 3;
const SDK_RUNS = 2;
/** Nodes stopped (SIGKILL, so connections are refused) before each round, cumulatively. */
const ROUNDS = [
  { label: 'all up', stop: [] as number[] },
  { label: '3 nodes down', stop: [0, 1, 2] },
  { label: '6 nodes down', stop: [3, 4, 5] },
] as const;

interface Counter {
  requests: number;
  bytes: number;
}

function countingFetch(counter: Counter): typeof fetch {
  return async (input, init) => {
    counter.requests++;
    const response = await fetch(input, init);
    const body = new Uint8Array(await response.arrayBuffer());
    counter.bytes += body.length;
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

interface Measurement {
  readonly nodesDown: number;
  readonly case: string;
  readonly reader: string;
  /** Per-read medians. */
  readonly ms: number;
  readonly requests: number;
  readonly bytes: number;
  readonly samplesMs: readonly number[];
  /** Attempts that threw (the SDK's are retried; the time includes the failed attempts). */
  readonly failedAttempts: number;
}

/** How often a failed SDK read is retried before the benchmark gives up. */
const SDK_ATTEMPTS = 20;

/** Distinct errors the SDK threw, reported under the table. */
const errors = new Set<string>();

interface ReadCase {
  readonly label: string;
  readonly expected: Uint8Array;
  /** Reader label → one read. The first is Floe's portal path, the last the SDK. */
  readonly readers: readonly { name: string; sdk: boolean; read: () => Promise<Uint8Array> }[];
}

async function measure(
  nodesDown: number,
  item: ReadCase,
  reader: ReadCase['readers'][number],
  counter: Counter,
): Promise<Measurement> {
  const check = (data: Uint8Array) => {
    if (!equalBytes(data, item.expected))
      throw new Error(`${reader.name} returned wrong bytes for ${item.label}`);
  };
  let failedAttempts = 0;
  // An app using the SDK has to retry: with a 10-node committee, `readBlob` throws a RangeError
  // whenever the first node it asks for metadata is down (see the table's setup text).
  const read = async (): Promise<Uint8Array> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await reader.read();
      } catch (error) {
        if (!reader.sdk || attempt === SDK_ATTEMPTS) throw error;
        failedAttempts++;
        errors.add(`${reader.name}: ${(error as Error).name}: ${(error as Error).message}`);
      }
    }
  };
  // Warm once, with every node up: JIT, connections, the SDK's cached system state.
  if (nodesDown === 0) check(await read());
  failedAttempts = 0;
  const samples: number[] = [];
  const requests: number[] = [];
  const bytes: number[] = [];
  const runs = reader.sdk ? SDK_RUNS : nodesDown === 0 ? FLOE_RUNS : FLOE_RUNS_DEGRADED;
  for (let i = 0; i < runs; i++) {
    counter.requests = 0;
    counter.bytes = 0;
    const started = performance.now();
    const data = await read();
    samples.push(performance.now() - started);
    check(data);
    requests.push(counter.requests);
    bytes.push(counter.bytes);
  }
  return {
    nodesDown,
    case: item.label,
    reader: reader.name,
    ms: median(samples),
    requests: median(requests),
    bytes: median(bytes),
    samplesMs: samples.map((s) => Math.round(s * 10) / 10),
    failedAttempts,
  };
}

export async function benchReads(): Promise<BenchTable[]> {
  const dir = await mkdtemp(join(tmpdir(), 'floe-bench-reads-'));
  process.stderr.write(`reads: starting a ${NODES}-node / ${SHARDS}-shard devnet…\n`);
  const devnet = await startDevnet({ dir, nodes: NODES, shards: SHARDS, port: 0 });
  const results: Measurement[] = [];
  try {
    const { config } = devnet;
    const sdkCounter: Counter = { requests: 0, bytes: 0 };
    const sdk = walrusClient(config, countingFetch(sdkCounter));
    const writer = walrusClient(config);
    const floeCounter: Counter = { requests: 0, bytes: 0 };
    const floe = new WalrusReader({
      committee: {
        n: config.walrus.nShards,
        members: config.nodes.map((n) => ({ url: n.url, shards: n.shards })),
      },
      fetch: countingFetch(floeCounter),
    });
    const signer = Ed25519Keypair.fromSecretKey((await readFile(config.devKey.path, 'utf8')).trim());

    const cases: ReadCase[] = [];
    for (const [label, size] of [
      ['1 KiB', 1024],
      ['1 MiB', 1 << 20],
      ['8 MiB', 8 << 20],
    ] as const) {
      process.stderr.write(`reads: writing ${label} with the SDK…\n`);
      const data = randomBytes(size, size + 3);
      const { blobId } = await writer.writeBlob({ blob: data, epochs: 2, deletable: false, signer });
      const digest = await sha256(data);
      const id = blobIdFromText(blobId);
      cases.push({
        label,
        expected: data,
        readers: [
          {
            name: 'Floe, SHA-256 known',
            sdk: false,
            read: async () => (await floe.read({ blobId: id, sha256: digest, length: size })).data,
          },
          {
            name: 'Floe, metadata-verified',
            sdk: false,
            read: async () => (await floe.read({ blobId: id })).data,
          },
          { name: 'WalrusClient.readBlob', sdk: true, read: () => sdk.readBlob({ blobId }) },
        ],
      });
    }

    process.stderr.write('reads: writing a quilt with the SDK…\n');
    const page = randomBytes(4096, 11);
    const quilt = await writer.writeQuilt({
      blobs: [
        { contents: page, identifier: '/index.html' },
        { contents: randomBytes(300_000, 12), identifier: '/app.js' },
      ],
      epochs: 2,
      deletable: true,
      signer,
    });
    const patch = quilt.index.patches.find((p) => p.identifier === '/index.html')!;
    const parsed = parseQuiltPatchId(patch.patchId);
    const pageDigest = await sha256(page);
    cases.push({
      label: 'quilt patch (4 KiB)',
      expected: page,
      readers: [
        {
          name: 'Floe, SHA-256 known',
          sdk: false,
          read: async () =>
            (
              await floe.read({
                blobId: parsed.quiltId,
                target: { kind: 'patch', start: parsed.start, end: parsed.end },
                sha256: pageDigest,
              })
            ).data,
        },
        {
          name: 'WalrusClient.getFiles',
          sdk: true,
          read: async () => {
            const [file] = await sdk.getFiles({ ids: [patch.patchId] });
            return file!.bytes();
          },
        },
      ],
    });

    let down = 0;
    for (const round of ROUNDS) {
      for (const index of round.stop) await devnet.stopNode(index, true);
      down += round.stop.length;
      for (const item of cases) {
        for (const reader of item.readers) {
          process.stderr.write(`reads: ${round.label}, ${item.label}, ${reader.name}…\n`);
          results.push(await measure(down, item, reader, reader.sdk ? sdkCounter : floeCounter));
        }
      }
    }
  } finally {
    await devnet.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return [readsTable(results)];
}

/** "3.1× faster than", "on par with" (within 10 %), or "2.0× slower than". */
function comparison(anchorMs: number, floeMs: number): string {
  const r = anchorMs / floeMs;
  if (r >= 1.1) return `${ratio(anchorMs, floeMs)} faster than`;
  if (r > 1 / 1.1) return 'on par with';
  return `${ratio(floeMs, anchorMs)} slower than`;
}

function readsTable(results: readonly Measurement[]): BenchTable {
  const anchorOf = (m: Measurement) =>
    results.find((r) => r.nodesDown === m.nodesDown && r.case === m.case && r.reader.startsWith('Walrus'))!;
  const rows = results.map((m) => {
    const anchor = anchorOf(m);
    return [
      m.nodesDown === 0 ? 'all up' : `${m.nodesDown} down`,
      m.case,
      m.reader,
      ms(m.ms),
      String(m.requests),
      formatBytes(m.bytes),
      m === anchor ? '1×' : ratio(anchor.ms, m.ms),
      m === anchor ? '1×' : ratio(anchor.requests, m.requests),
      String(m.failedAttempts),
    ];
  });
  const headline = (down: number, label: string) => {
    const floe = results.find(
      (r) => r.nodesDown === down && r.case === label && r.reader === 'Floe, SHA-256 known',
    );
    const anchor = floe && anchorOf(floe);
    return floe && anchor
      ? `${label} read${down ? ` with ${down} of ${NODES} nodes down` : ''}: ${comparison(anchor.ms, floe.ms)} \`${anchor.reader}\` (${ms(floe.ms)} ms vs ${ms(anchor.ms)} ms)`
      : undefined;
  };
  return {
    id: 'reads',
    title: 'Reads: Floe reader vs @mysten/walrus',
    setup:
      `A live devnet of ${NODES} storage-node processes with ${SHARDS} shards and the chain emulator, on loopback. ` +
      'Blobs and the quilt are written by the unmodified `WalrusClient` (`writeBlob`, `writeQuilt`); each is then read ' +
      "by Floe's reader and by the SDK's `readBlob` (or `getFiles` for the patch) in the same process. " +
      '"SHA-256 known" is the portal\'s path (the hash comes from the site object); "metadata-verified" checks the blob ID ' +
      `from metadata like the SDK does. Each reader has one warm-up read per case (with every node up), then the median of ${FLOE_RUNS} (Floe; ${FLOE_RUNS_DEGRADED} with nodes down) or ` +
      `${SDK_RUNS} (SDK) reads. Requests and bytes are counted at each client's fetch. Nodes are stopped with SIGKILL ` +
      '(refused connections), cumulatively: nodes 0–2, then 3–5. Ratios are SDK ÷ Floe: above 1× means Floe needed less. ' +
      '"failed tries" counts reads that threw and were retried (the time includes them): `WalrusClient.getBlobMetadata` asks ' +
      'one random node first and, if that fails, splits the other nodes into groups of `floor((nodes − 1) / 10)`, which is 0 ' +
      'for a committee of 10 or fewer nodes, so it throws `RangeError: Invalid array length` instead of trying the next node.' +
      (errors.size > 0 ? ` Errors seen: ${[...errors].map((e) => `\`${e}\``).join('; ')}.` : ''),
    columns: [
      'nodes',
      'case',
      'reader',
      'ms',
      'requests',
      'bytes',
      'time ratio',
      'request ratio',
      'failed tries',
    ],
    rows,
    headlines: [headline(0, '1 MiB'), headline(0, 'quilt patch (4 KiB)'), headline(6, '1 MiB')].filter(
      (h): h is string => h !== undefined,
    ),
    data: {
      nodes: NODES,
      shards: SHARDS,
      floeRuns: FLOE_RUNS,
      floeRunsDegraded: FLOE_RUNS_DEGRADED,
      sdkRuns: SDK_RUNS,
      sdkErrors: [...errors],
      measurements: results,
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [table] = await benchReads();
  console.log(JSON.stringify(table, null, 2));
}
