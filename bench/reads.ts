// Reads on a live 10-node / 1000-shard devnet: Floe's reader next to the official
// `WalrusClient.readBlob` (and `getFiles` for a quilt patch), for blobs the SDK itself wrote, with
// every node up, then 3 and then 6 nodes stopped. A second table, degraded reads, starts each case
// with exactly the node holding the wanted data's first sliver down (a 4 KiB patch of a ~40 MB
// quilt, a 1 MiB blob), then 3 and 6, and puts Floe's symbol recovery next to its whole-blob
// fallback and the SDK. Requests and bytes are counted at each client's fetch; times are medians
// over repeated reads after one warm-up read per case.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { blobIdFromText, equalBytes } from '../core/walrus/blob-id.ts';
import { parseQuiltPatchId } from '../core/walrus/quilt.ts';
import { WalrusReader, type ReadStats } from '../core/walrus/reader.ts';
import { sha256 } from '../core/walrus/sha256.ts';
import { randomBytes } from '../core/walrus/test-support/fixtures.ts';
import { startDevnet, type Devnet } from '../devnet/launcher/launcher.ts';
import { ownerOfPair, waitCaughtUp, walrusClient } from '../devnet/launcher/test-support/devnet-clients.ts';
import { markdownTable } from './support/markdown.ts';
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
/**
 * Reads per round in the degraded table besides Floe's FLOE_RUNS_DEGRADED: whole-blob reads and
 * the SDK's read and decode the whole ~40 MB quilt, seconds each here.
 */
const WHOLE_BLOB_RUNS = 2;
const SDK_RUNS_DEGRADED = 1;
/** Nodes stopped (SIGKILL, so connections are refused) before each round, cumulatively. */
const ROUNDS = [
  { label: 'all up', stop: [] as number[] },
  { label: '3 nodes down', stop: [0, 1, 2] },
  { label: '6 nodes down', stop: [3, 4, 5] },
] as const;
/**
 * Nodes down in each degraded round, cumulatively: first only the node holding the first sliver the
 * read wants, then two and then three more (the lowest-numbered others).
 */
const DEGRADED_DOWN = [1, 3, 6] as const;
/** The big quilt: a 4 KiB page among this many files of this size (about 40 MB in one quilt). */
const BIG_QUILT_FILES = 20;
const BIG_QUILT_FILE_SIZE = 2_000_000;
/** Floe's portal path, and the same reader forced to read the whole blob when a sliver is missing. */
const FLOE = 'Floe, SHA-256 known';
const WHOLE_BLOB = 'Floe, whole-blob fallback';

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
  /** Floe's `stats.path` of each measured read (none for the SDK). */
  readonly paths: readonly ReadStats['path'][];
  /** Medians of Floe's slivers rebuilt from decoding symbols and of its symbol requests. */
  readonly recoveredSlivers: number;
  readonly symbolRequests: number;
}

/** How often a failed SDK read is retried before the benchmark gives up. */
const SDK_ATTEMPTS = 20;

/** Distinct errors the SDK threw, reported under the table. */
const errors = new Set<string>();

/** One read's bytes, and Floe's stats (the SDK reports none). */
interface Read {
  readonly data: Uint8Array;
  readonly stats?: ReadStats;
}

interface Reader {
  readonly name: string;
  readonly sdk: boolean;
  read(): Promise<Read>;
}

interface ReadCase {
  readonly label: string;
  readonly expected: Uint8Array;
  /** The first is Floe's portal path, the last the SDK. */
  readonly readers: readonly Reader[];
}

interface DegradedCase extends ReadCase {
  /** Index in `config.nodes` of the node holding the first sliver the read wants: the first one down. */
  readonly holder: number;
  /** That sliver, for the setup text ("column 12", "row 0"). */
  readonly sliver: string;
  /** Size of the whole blob (the quilt, for a patch). */
  readonly blobBytes: number;
}

async function measure(
  nodesDown: number,
  item: ReadCase,
  reader: Reader,
  counter: Counter,
  options: { readonly warm: boolean; readonly runs: number },
): Promise<Measurement> {
  const check = (data: Uint8Array) => {
    if (!equalBytes(data, item.expected))
      throw new Error(`${reader.name} returned wrong bytes for ${item.label}`);
  };
  let failedAttempts = 0;
  // An app using the SDK has to retry: with a 10-node committee, `readBlob` throws a RangeError
  // whenever the first node it asks for metadata is down (see the table's setup text).
  const read = async (): Promise<Read> => {
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
  // Warm once (with every node up): JIT, connections, the SDK's cached system state.
  if (options.warm) check((await read()).data);
  failedAttempts = 0;
  const samples: number[] = [];
  const requests: number[] = [];
  const bytes: number[] = [];
  const stats: ReadStats[] = [];
  for (let i = 0; i < options.runs; i++) {
    counter.requests = 0;
    counter.bytes = 0;
    const started = performance.now();
    const result = await read();
    samples.push(performance.now() - started);
    check(result.data);
    requests.push(counter.requests);
    bytes.push(counter.bytes);
    if (result.stats) stats.push(result.stats);
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
    paths: stats.map((s) => s.path),
    recoveredSlivers: stats.length > 0 ? median(stats.map((s) => s.recoveredSlivers)) : 0,
    symbolRequests: stats.length > 0 ? median(stats.map((s) => s.symbolRequests)) : 0,
  };
}

/** Starts stopped nodes again and waits until they serve with the chain caught up. */
async function restartNodes(devnet: Devnet, indices: readonly number[]): Promise<void> {
  await Promise.all(indices.map((i) => devnet.startNode(i)));
  await Promise.all(indices.map((i) => waitCaughtUp(devnet.config.nodes[i]!.url)));
}

export async function benchReads(): Promise<BenchTable[]> {
  const dir = await mkdtemp(join(tmpdir(), 'floe-bench-reads-'));
  process.stderr.write(`reads: starting a ${NODES}-node / ${SHARDS}-shard devnet…\n`);
  const devnet = await startDevnet({ dir, nodes: NODES, shards: SHARDS, port: 0 });
  const results: Measurement[] = [];
  const degradedResults: Measurement[] = [];
  const degraded: DegradedCase[] = [];
  /** Time the degraded rounds took (restarts and warm-ups included), for the suite's time budget. */
  const timing = { degradedMs: Number.NaN };
  try {
    const { config } = devnet;
    const sdkCounter: Counter = { requests: 0, bytes: 0 };
    const sdk = walrusClient(config, countingFetch(sdkCounter));
    const writer = walrusClient(config);
    const floeCounter: Counter = { requests: 0, bytes: 0 };
    const committee = {
      n: config.walrus.nShards,
      members: config.nodes.map((n) => ({ url: n.url, shards: n.shards })),
    };
    const floe = new WalrusReader({ committee, fetch: countingFetch(floeCounter) });
    // The same reader as before symbol recovery: any missing sliver means p primary slivers and a decode.
    const floeWholeBlob = new WalrusReader({
      committee,
      fetch: countingFetch(floeCounter),
      recovery: 'whole-blob',
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
      const request = { blobId: id, sha256: digest, length: size };
      const sdkRead: Reader = {
        name: 'WalrusClient.readBlob',
        sdk: true,
        read: async () => ({ data: await sdk.readBlob({ blobId }) }),
      };
      cases.push({
        label,
        expected: data,
        readers: [
          { name: FLOE, sdk: false, read: () => floe.read(request) },
          { name: 'Floe, metadata-verified', sdk: false, read: () => floe.read({ blobId: id }) },
          sdkRead,
        ],
      });
      if (size === 1 << 20) {
        degraded.push({
          label: '1 MiB blob',
          expected: data,
          holder: ownerOfPair(config, blobId, 0),
          sliver: 'row 0',
          blobBytes: size,
          readers: [
            { name: FLOE, sdk: false, read: () => floe.read(request) },
            { name: WHOLE_BLOB, sdk: false, read: () => floeWholeBlob.read(request) },
            sdkRead,
          ],
        });
      }
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
          name: FLOE,
          sdk: false,
          read: () =>
            floe.read({
              blobId: parsed.quiltId,
              target: { kind: 'patch', start: parsed.start, end: parsed.end },
              sha256: pageDigest,
            }),
        },
        {
          name: 'WalrusClient.getFiles',
          sdk: true,
          read: async () => {
            const [file] = await sdk.getFiles({ ids: [patch.patchId] });
            return { data: await file!.bytes() };
          },
        },
      ],
    });

    const bigQuiltSize = BIG_QUILT_FILES * BIG_QUILT_FILE_SIZE;
    process.stderr.write(`reads: writing a ${formatBytes(bigQuiltSize)} quilt with the SDK…\n`);
    const bigPage = randomBytes(4096, 21);
    // `writeQuilt` encodes every file into one quilt or throws ("Quilt oversize").
    const bigQuilt = await writer.writeQuilt({
      blobs: [
        { contents: bigPage, identifier: '/index.html' },
        ...Array.from({ length: BIG_QUILT_FILES }, (_, i) => ({
          contents: randomBytes(BIG_QUILT_FILE_SIZE, 100 + i),
          identifier: `/media/${String(i).padStart(2, '0')}.bin`,
        })),
      ],
      epochs: 2,
      deletable: true,
      signer,
    });
    const bigQuiltBytes = Number(bigQuilt.blobObject.size);
    const bigPatch = bigQuilt.index.patches.find((p) => p.identifier === '/index.html')!;
    const big = parseQuiltPatchId(bigPatch.patchId);
    const bigRequest = {
      blobId: big.quiltId,
      target: { kind: 'patch', start: big.start, end: big.end },
      sha256: await sha256(bigPage),
    } as const;
    degraded.unshift({
      label: `4 KiB patch of a ${formatBytes(bigQuiltBytes)} quilt`,
      expected: bigPage,
      // Column j is the secondary sliver of pair n − 1 − j.
      holder: ownerOfPair(config, bigQuilt.blobId, SHARDS - 1 - big.start),
      sliver: `column ${big.start}`,
      blobBytes: bigQuiltBytes,
      readers: [
        { name: FLOE, sdk: false, read: () => floe.read(bigRequest) },
        { name: WHOLE_BLOB, sdk: false, read: () => floeWholeBlob.read(bigRequest) },
        {
          name: 'WalrusClient.getFiles',
          sdk: true,
          read: async () => {
            const [file] = await sdk.getFiles({ ids: [bigPatch.patchId] });
            return { data: await file!.bytes() };
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
          const runs = reader.sdk ? SDK_RUNS : down === 0 ? FLOE_RUNS : FLOE_RUNS_DEGRADED;
          const counter = reader.sdk ? sdkCounter : floeCounter;
          results.push(await measure(down, item, reader, counter, { warm: down === 0, runs }));
        }
      }
    }

    // Degraded reads: each case starts from every node up, so its first round stops just its holder.
    const degradedStarted = performance.now();
    let stopped: number[] = ROUNDS.flatMap((r) => r.stop);
    for (const item of degraded) {
      process.stderr.write(`reads: degraded, restarting node(s) ${stopped.join(', ')}…\n`);
      await restartNodes(devnet, stopped);
      const order = [item.holder, ...config.nodes.map((_, i) => i).filter((i) => i !== item.holder)];
      for (const reader of item.readers) {
        process.stderr.write(`reads: degraded, warming ${item.label}, ${reader.name}…\n`);
        // Just the warm-up read (checked, the SDK's retried); nothing measured.
        await measure(0, item, reader, reader.sdk ? sdkCounter : floeCounter, { warm: true, runs: 0 });
      }
      for (const count of DEGRADED_DOWN) {
        stopped = order.slice(0, count);
        for (const index of stopped) await devnet.stopNode(index, true);
        for (const reader of item.readers) {
          process.stderr.write(`reads: degraded, ${count} down, ${item.label}, ${reader.name}…\n`);
          const runs = reader.sdk
            ? SDK_RUNS_DEGRADED
            : reader.name === WHOLE_BLOB
              ? WHOLE_BLOB_RUNS
              : FLOE_RUNS_DEGRADED;
          const counter = reader.sdk ? sdkCounter : floeCounter;
          degradedResults.push(await measure(count, item, reader, counter, { warm: false, runs }));
        }
      }
    }
    timing.degradedMs = performance.now() - degradedStarted;
  } finally {
    await devnet.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return [readsTable(results), degradedTable(degradedResults, degraded, timing.degradedMs)];
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
    const floe = results.find((r) => r.nodesDown === down && r.case === label && r.reader === FLOE);
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

/** "300× fewer bytes", "as many bytes" (within 10 %), or "2.0× more bytes". */
function fewerBytes(anchorBytes: number, floeBytes: number): string {
  const r = anchorBytes / floeBytes;
  if (r >= 1.1) return `${ratio(anchorBytes, floeBytes)} fewer bytes`;
  if (r > 1 / 1.1) return 'as many bytes';
  return `${ratio(floeBytes, anchorBytes)} more bytes`;
}

/** Floe's `stats.path` over the measured reads, with the slivers rebuilt from decoding symbols. */
function pathCell(m: Measurement): string {
  if (m.paths.length === 0) return '–';
  const paths = [...new Set(m.paths)].join(' / ');
  const n = m.recoveredSlivers;
  return n > 0 ? `${paths} (${n} sliver${n === 1 ? '' : 's'} rebuilt)` : paths;
}

function degradedTable(
  results: readonly Measurement[],
  cases: readonly DegradedCase[],
  totalMs: number,
): BenchTable {
  const find = (down: number, label: string, reader: (name: string) => boolean) =>
    results.find((r) => r.nodesDown === down && r.case === label && reader(r.reader));
  const floeOf = (m: Measurement) => find(m.nodesDown, m.case, (name) => name === FLOE)!;
  const rows = results.map((m) => {
    const floe = floeOf(m);
    return [
      `${m.nodesDown} down`,
      m.case,
      m.reader,
      pathCell(m),
      ms(m.ms),
      String(m.requests),
      formatBytes(m.bytes),
      m === floe ? '1×' : ratio(m.bytes, floe.bytes),
      m === floe ? '1×' : ratio(m.ms, floe.ms),
      String(m.failedAttempts),
    ];
  });
  const headline = (item: DegradedCase | undefined, anchorName: (name: string) => boolean, what: string) => {
    const floe = item && find(1, item.label, (name) => name === FLOE);
    const anchor = item && find(1, item.label, anchorName);
    if (!item || !floe || !anchor) return undefined;
    // A whole-blob reader that did not read the whole blob compares nothing (the table shows its path).
    if (anchor.reader === WHOLE_BLOB && anchor.paths.some((p) => p !== 'fallback')) return undefined;
    const paths = [...new Set(floe.paths)];
    const note = paths.length === 1 && paths[0] === 'recovered' ? '' : ` (Floe's path: ${paths.join(' / ')})`;
    return (
      `${item.label} read with the node holding its ${item.sliver} down, Floe vs ${what}: ` +
      `${fewerBytes(anchor.bytes, floe.bytes)}, ${comparison(anchor.ms, floe.ms).replace(/ than$/, '')} ` +
      `(${formatBytes(floe.bytes)} in ${ms(floe.ms)} ms vs ${formatBytes(anchor.bytes)} in ${ms(anchor.ms)} ms)${note}`
    );
  };
  const [patchCase, blobCase] = cases;
  const bigQuiltBytes = patchCase?.blobBytes ?? 0;
  const sdkName = (name: string) => name.startsWith('Walrus');
  return {
    id: 'reads-degraded',
    title: 'Degraded reads: symbol recovery vs whole-blob fallback vs @mysten/walrus',
    setup:
      'The same devnet, after the table above, its stopped nodes restarted and caught up with the chain. Cases: the 4 KiB ' +
      `\`/index.html\` patch of a quilt written by \`WalrusClient.writeQuilt\` with ${BIG_QUILT_FILES} files of ` +
      `${formatBytes(BIG_QUILT_FILE_SIZE)} beside it (${formatBytes(bigQuiltBytes)} in one quilt: the SDK encodes all files into ` +
      'a single quilt or throws), read by its columns; and the 1 MiB blob from the table above. Each case starts with every ' +
      'node up and one warm-up read per reader; its first round stops (SIGKILL) only the node holding the first sliver the ' +
      'read wants (a patch column j is the secondary sliver of pair n − 1 − j; a blob starts at row 0, pair 0): ' +
      cases.map((c) => `node ${c.holder} for the ${c.label} (its ${c.sliver})`).join(', ') +
      '. The next rounds stop two and then three more (the lowest-numbered others), so 1, 3 and 6 of ' +
      `${NODES} nodes are down; they are restarted before the next case. Readers: Floe with the SHA-256 known (the portal's ` +
      "path), which rebuilds a missing sliver from other nodes' decoding symbols (`GET /v1/blobs/{id}/decodingSymbols`, " +
      "one request per node); the same reader with `recovery: 'whole-blob'`, which instead collects p primary slivers and " +
      'decodes the whole blob, as Floe did before symbol recovery; and the SDK (`getFiles` for the patch, `readBlob` for the ' +
      'blob, retried as above). "Floe path" is `stats.path` over the measured reads: `direct` (only the wanted slivers), ' +
      '`recovered` (some rebuilt from decoding symbols), `fallback` (p primary slivers and a decode). Medians (nearest ' +
      `rank: the faster of two) of ${FLOE_RUNS_DEGRADED} (Floe), ${WHOLE_BLOB_RUNS} (whole-blob) or ${SDK_RUNS_DEGRADED} ` +
      '(SDK) reads per round; requests and bytes counted at each ' +
      "client's fetch. Ratios are the row's figure ÷ Floe's (SHA-256 known) in the same round: above 1× means symbol " +
      'recovery needed less.',
    columns: [
      'nodes',
      'case',
      'reader',
      'Floe path',
      'ms',
      'requests',
      'bytes',
      'bytes ÷ Floe',
      'time ÷ Floe',
      'failed tries',
    ],
    rows,
    headlines: [
      headline(patchCase, sdkName, '`WalrusClient.getFiles`'),
      headline(patchCase, (name) => name === WHOLE_BLOB, 'its own whole-blob fallback'),
      headline(blobCase, sdkName, '`WalrusClient.readBlob`'),
    ].filter((h): h is string => h !== undefined),
    data: {
      nodes: NODES,
      shards: SHARDS,
      floeRuns: FLOE_RUNS_DEGRADED,
      wholeBlobRuns: WHOLE_BLOB_RUNS,
      sdkRuns: SDK_RUNS_DEGRADED,
      quilt: { files: BIG_QUILT_FILES, fileSize: BIG_QUILT_FILE_SIZE, bytes: bigQuiltBytes },
      totalMs: Math.round(totalMs),
      cases: cases.map((c) => ({
        label: c.label,
        holder: c.holder,
        sliver: c.sliver,
        blobBytes: c.blobBytes,
      })),
      measurements: results,
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const table of await benchReads()) {
    console.log(`### ${table.title}\n\n${table.setup}\n\n${markdownTable(table.columns, table.rows)}\n`);
    for (const line of table.headlines) console.log(`- ${line}`);
    console.log(`\n${JSON.stringify(table.data, null, 2)}`);
  }
}
