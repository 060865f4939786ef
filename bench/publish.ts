// `npm run bench -- deploys`: `floe deploy` (the CLI's `main`, in-process) next to the official
// `WalrusClient.writeFiles` for the same generated 1000-file site on a live 10-node / 1000-shard
// devnet: the first deploy, a redeploy with nothing changed and a redeploy with one small file
// changed. Wall-clock time around each call, bytes sent to storage nodes (counted at each client's
// fetch), transactions and WAL spent; Floe's per-phase times go to `data`.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { WalrusClient, WalrusFile } from '@mysten/walrus';
import { startDevnet, type Devnet } from '../devnet/launcher/launcher.ts';
import { main } from '../publisher/cli.ts';
import { generateSite, type GenerateOptions } from '../publisher/test-support/generate-site.ts';
import { markdownTable } from './support/markdown.ts';
import { formatBytes } from './support/report.ts';
import { ratio, type BenchTable } from './support/suite.ts';
import { countingFetch, emptyTraffic, withCountedGlobalFetch, type Traffic } from './support/traffic.ts';

const NODES = 10;
const SHARDS = 1000;
const EPOCHS = 1;
/**
 * The SDK's per-request timeout to storage nodes (its default is 30 s). It sends every sliver of a
 * quilt at once; at 100 MB on this devnet the last of them wait longer than 30 s in the nodes' queues.
 */
const SDK_TIMEOUT_MS = 180_000;
/** `writeFiles` calls tried per chunk before the benchmark gives up. */
const SDK_ATTEMPTS = 3;
const CHANGED_FILE = '/index.html';

interface SiteSpec {
  readonly label: string;
  readonly options: GenerateOptions;
  /** Also measure the redeploys: no change, one file changed, and writing only that file (SDK lower bound). */
  readonly allCases: boolean;
}

const SITES: readonly SiteSpec[] = [
  { label: '1000 files', options: { files: 1000, seed: 1 }, allCases: true },
  // 197 files of up to 800 KB, /index.html, /empty.txt and a 20 MB /media/big video.bin:
  // 100,479,474 bytes for this seed. Only the first deploy: the redeploys show what the 1000 files
  // show (the SDK resends everything), and the suite must stay within its 15-minute budget.
  {
    label: '≈100 MB',
    options: { files: 200, maxBytes: 800_000, largeBytes: 20_000_000, seed: 2 },
    allCases: false,
  },
];
type Phase = 'scan' | 'plan' | 'encode' | 'register' | 'upload' | 'certify' | 'commit';

/** The fields of `floe deploy --json` this benchmark reads. */
interface DeployJson {
  files: number;
  uploaded: number;
  reused: number;
  quilts: { files: number; size: number; outcome: string }[];
  bytesUploaded: number;
  transactions: number;
  phases: Partial<Record<Phase, number>>;
  durationMs: number;
  signer: string;
}

/** One run of either client, measured the same way for both. */
interface Run {
  site: string;
  case: string;
  client: 'floe deploy' | 'writeFiles';
  /** Wall-clock time around the call (reading the files included). */
  wallMs: number;
  /** Requests to storage nodes and the bytes of their bodies, counted at the client's fetch. */
  requests: number;
  bytesSent: number;
  transactions: number;
  /** FROST of WAL and MIST of SUI the signer's balances went down by. */
  walSpent: number;
  suiSpent: number;
  files: number;
  /** Unencoded size of each quilt stored in this run. */
  quiltSizes: number[];
  /** Floe only: the pipeline's own figures from `--json`. */
  floe?: {
    durationMs: number;
    phases: Partial<Record<Phase, number>>;
    uploaded: number;
    reused: number;
    reportedBytesUploaded: number;
    quilts: DeployJson['quilts'];
  };
  /** writeFiles only: how many calls the files were split into, and time per step (summed). */
  calls?: number;
  sdkSteps?: Partial<Record<'encoded' | 'registered' | 'uploaded' | 'certified', number>>;
  /** writeFiles only: errors of calls that failed and were retried (their time is included). */
  failedAttempts?: string[];
  /** Requests to storage nodes that failed (HTTP status or transport error → count). */
  nodeRequestFailures: Record<string, number>;
}

interface Context {
  readonly devnet: Devnet;
  readonly sui: SuiJsonRpcClient;
  readonly sdk: WalrusClient;
  readonly sdkTraffic: Traffic;
  readonly signer: Ed25519Keypair;
  /** `signAndExecuteTransaction` calls made through `signer`. */
  readonly signed: { count: number };
  readonly origins: readonly string[];
}

interface SiteFile {
  /** Resource path, used as the quilt identifier for the SDK. */
  readonly path: string;
  readonly source: string;
}

async function balances(ctx: Context, owner: string): Promise<{ wal: bigint; sui: bigint }> {
  const [wal, sui] = await Promise.all(
    [ctx.devnet.config.walrus.walCoinType, '0x2::sui::SUI'].map(
      async (coinType) => (await ctx.sui.core.getBalance({ owner, coinType })).balance.balance,
    ),
  );
  return { wal: BigInt(wal!), sui: BigInt(sui!) };
}

async function floeDeploy(ctx: Context, dir: string, site: string, label: string): Promise<Run> {
  let out = '';
  let err = '';
  const errStream = new Writable({
    write(chunk, _encoding, done) {
      err += String(chunk);
      done();
    },
  });
  process.stderr.write(`deploys: ${site}, ${label}, floe deploy…\n`);
  const owner = ctx.signer.toSuiAddress();
  const before = await balances(ctx, owner);
  const traffic = emptyTraffic();
  const started = performance.now();
  const code = await withCountedGlobalFetch(traffic, ctx.origins, () =>
    main(
      ['deploy', dir, '--json', '--quiet', '--epochs', String(EPOCHS), '--devnet-dir', ctx.devnet.config.dir],
      {
        out: (line) => (out += `${line}\n`),
        err: errStream,
        stdin: process.stdin,
      },
    ),
  );
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`floe deploy ${dir} (${label}) exited with ${code}:\n${err}${out}`);
  const json = JSON.parse(out) as DeployJson;
  if (json.signer !== owner)
    throw new Error(`floe deploy signed as ${json.signer}, not the dev key ${owner}`);
  const after = await balances(ctx, owner);
  return {
    site,
    case: label,
    client: 'floe deploy',
    wallMs,
    requests: traffic.requests,
    bytesSent: traffic.bytesSent,
    transactions: json.transactions,
    walSpent: Number(before.wal - after.wal),
    suiSpent: Number(before.sui - after.sui),
    files: json.files,
    quiltSizes: json.quilts.filter((q) => q.outcome === 'uploaded').map((q) => q.size),
    nodeRequestFailures: traffic.failures,
    floe: {
      durationMs: json.durationMs,
      phases: json.phases,
      uploaded: json.uploaded,
      reused: json.reused,
      reportedBytesUploaded: json.bytesUploaded,
      quilts: json.quilts,
    },
  };
}

/** `files` split into `calls` runs of consecutive paths, as even as possible. */
function split<T>(files: readonly T[], calls: number): T[][] {
  const size = Math.ceil(files.length / calls);
  const chunks: T[][] = [];
  for (let i = 0; i < files.length; i += size) chunks.push(files.slice(i, i + size));
  return chunks;
}

/**
 * The fewest `writeFiles` calls the SDK accepts for `files`: a quilt holds fewer patches than it
 * has columns, so 1000 files do not fit in one at 1000 shards. Tried with `encodeQuilt`, the step
 * `writeFiles` starts with; also returns the SDK's error for a single call.
 */
async function fewestCalls(
  sdk: WalrusClient,
  files: readonly { path: string; contents: Uint8Array }[],
): Promise<{ calls: number; singleCallError: string | null }> {
  let singleCallError: string | null = null;
  for (let calls = 1; calls <= files.length; calls++) {
    try {
      for (const chunk of split(files, calls)) {
        await sdk.encodeQuilt({ blobs: chunk.map((f) => ({ contents: f.contents, identifier: f.path })) });
      }
      return { calls, singleCallError };
    } catch (error) {
      if (calls === 1) singleCallError = (error as Error).message;
    }
  }
  throw new Error(`writeFiles accepts none of ${files.length} files: ${singleCallError}`);
}

/** `writeFiles` of `files` in `calls` sequential calls, as an SDK user would write it. */
async function sdkWrite(
  ctx: Context,
  files: readonly SiteFile[],
  calls: number,
  site: string,
  label: string,
): Promise<Run> {
  process.stderr.write(`deploys: ${site}, ${label}, writeFiles (${files.length} files, ${calls} call(s))…\n`);
  const owner = ctx.signer.toSuiAddress();
  const before = await balances(ctx, owner);
  Object.assign(ctx.sdkTraffic, emptyTraffic());
  ctx.signed.count = 0;
  const quiltSizes = new Map<string, number>();
  const steps: NonNullable<Run['sdkSteps']> = {};
  const started = performance.now();
  const contents = await Promise.all(files.map((f) => readFile(f.source)));
  const all = files.map((f, i) => ({ path: f.path, contents: contents[i]! }));
  const failedAttempts: string[] = [];
  for (const chunk of split(all, calls)) {
    // An SDK user retries a failed call (it registers and pays for a new blob object each time).
    for (let attempt = 1; ; attempt++) {
      let stepStarted = performance.now();
      try {
        const written = await ctx.sdk.writeFiles({
          files: chunk.map((f) => WalrusFile.from({ contents: f.contents, identifier: f.path })),
          epochs: EPOCHS,
          deletable: true,
          signer: ctx.signer,
          onStep: (step) => {
            const now = performance.now();
            steps[step.step] = (steps[step.step] ?? 0) + Math.round(now - stepStarted);
            stepStarted = now;
          },
        });
        for (const file of written) quiltSizes.set(file.blobId, Number(file.blobObject.size));
        break;
      } catch (error) {
        const failed = `${(error as Error).name}: ${(error as Error).message}; node requests failed so far: ${JSON.stringify(ctx.sdkTraffic.failures)}`;
        process.stderr.write(`deploys: writeFiles attempt ${attempt} failed: ${failed}\n`);
        failedAttempts.push(failed);
        if (attempt === SDK_ATTEMPTS) throw error;
      }
    }
  }
  const wallMs = performance.now() - started;
  const after = await balances(ctx, owner);
  return {
    site,
    case: label,
    client: 'writeFiles',
    wallMs,
    requests: ctx.sdkTraffic.requests,
    bytesSent: ctx.sdkTraffic.bytesSent,
    transactions: ctx.signed.count,
    walSpent: Number(before.wal - after.wal),
    suiSpent: Number(before.sui - after.sui),
    files: files.length,
    quiltSizes: [...quiltSizes.values()],
    calls,
    sdkSteps: steps,
    failedAttempts,
    nodeRequestFailures: { ...ctx.sdkTraffic.failures },
  };
}

/** Counts the transactions the SDK signs, without changing how it signs them. */
function countSignatures(signer: Ed25519Keypair, signed: { count: number }): void {
  const execute = signer.signAndExecuteTransaction.bind(signer);
  signer.signAndExecuteTransaction = (options) => {
    signed.count++;
    return execute(options);
  };
}

async function siteFiles(dir: string, options: GenerateOptions): Promise<SiteFile[]> {
  const site = await generateSite(dir, options);
  return [...site.files.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((path) => ({ path, source: join(dir, ...path.slice(1).split('/')) }));
}

/** The one-file redeploy through both clients, and the SDK writing only that file. */
async function benchOneFileChanged(
  ctx: Context,
  dir: string,
  index: number,
  files: readonly SiteFile[],
  calls: number,
  label: string,
  runs: Run[],
): Promise<void> {
  // Different bytes per site and per client, of one length: a node answers a sliver it already
  // holds without checking or storing it again, so a quilt the other client (or site) stored first
  // would be cheaper to write.
  const change = (client: 'floe' | 'sdk_') =>
    writeFile(
      join(dir, CHANGED_FILE.slice(1)),
      `<!doctype html><title>generated</title><h1>generated site ${index}, changed by ${client}</h1>`,
    );
  await change('floe');
  runs.push(await floeDeploy(ctx, dir, label, 'one file changed'));
  await change('sdk_');
  runs.push(await sdkWrite(ctx, files, calls, label, 'one file changed'));
  const changed = files.filter((f) => f.path === CHANGED_FILE);
  runs.push(await sdkWrite(ctx, changed, 1, label, 'one file changed, only that file'));
}

interface SiteResult {
  readonly spec: SiteSpec;
  readonly files: number;
  readonly bytes: number;
  /** The fewest `writeFiles` calls the SDK accepts for the site, and its error for one call. */
  readonly calls: number;
  readonly singleCallError: string | null;
}

async function benchSite(ctx: Context, root: string, index: number, runs: Run[]): Promise<SiteResult> {
  const { label, options, allCases } = SITES[index]!;
  const dir = join(root, `site-${index}`);
  process.stderr.write(`deploys: ${label}: generating…\n`);
  const files = await siteFiles(dir, options);
  const contents = await Promise.all(files.map((f) => readFile(f.source)));
  const { calls, singleCallError } = await fewestCalls(
    ctx.sdk,
    files.map((f, i) => ({ path: f.path, contents: contents[i]! })),
  );
  runs.push(await floeDeploy(ctx, dir, label, 'first deploy'));
  runs.push(await sdkWrite(ctx, files, calls, label, 'first deploy'));
  if (allCases) {
    runs.push(await floeDeploy(ctx, dir, label, 'no change'));
    runs.push(await sdkWrite(ctx, files, calls, label, 'no change'));
    await benchOneFileChanged(ctx, dir, index, files, calls, label, runs);
  }
  return {
    spec: SITES[index]!,
    files: files.length,
    bytes: contents.reduce((n, c) => n + c.length, 0),
    calls,
    singleCallError,
  };
}

export async function benchDeploys(): Promise<BenchTable[]> {
  const benchStarted = performance.now();
  const root = await mkdtemp(join(tmpdir(), 'floe-bench-deploys-'));
  const runs: Run[] = [];
  const sites: SiteResult[] = [];
  const timing = { devnetMs: 0, totalMs: 0 };
  try {
    process.stderr.write(`deploys: starting a ${NODES}-node / ${SHARDS}-shard devnet…\n`);
    const devnetStarted = performance.now();
    const devnet = await startDevnet({ dir: join(root, 'devnet'), nodes: NODES, shards: SHARDS, port: 0 });
    timing.devnetMs = performance.now() - devnetStarted;
    try {
      const { config } = devnet;
      const origins = config.nodes.map((n) => n.url);
      const sdkTraffic = emptyTraffic();
      const signer = Ed25519Keypair.fromSecretKey((await readFile(config.devKey.path, 'utf8')).trim());
      const signed = { count: 0 };
      countSignatures(signer, signed);
      const sui = new SuiJsonRpcClient({ url: config.rpcUrl, network: 'localnet' });
      const ctx: Context = {
        devnet,
        sui,
        sdk: new WalrusClient({
          packageConfig: {
            systemObjectId: config.walrus.systemObjectId,
            stakingPoolId: config.walrus.stakingObjectId,
          },
          suiClient: sui,
          storageNodeUrlScheme: 'http',
          storageNodeClientOptions: { fetch: countingFetch(sdkTraffic, origins), timeout: SDK_TIMEOUT_MS },
        }),
        sdkTraffic,
        signer,
        signed,
        origins,
      };
      // Warm-up, not measured: JIT in this process and in the node processes, connections, the
      // SDK's cached system state. A tiny site through both clients.
      const warmDir = join(root, 'warm-up');
      const warmFiles = await siteFiles(warmDir, { files: 3, seed: 99 });
      await floeDeploy(ctx, warmDir, 'warm-up', 'first deploy');
      await sdkWrite(ctx, warmFiles, 1, 'warm-up', 'first deploy');
      for (let i = 0; i < SITES.length; i++) sites.push(await benchSite(ctx, root, i, runs));
    } finally {
      await devnet.stop();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  timing.totalMs = performance.now() - benchStarted;
  process.stderr.write(`deploys: done in ${(timing.totalMs / 1000).toFixed(0)} s\n`);
  return [deploysTable(runs, sites, timing)];
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function wal(frost: number): string {
  return (frost / 1e9).toFixed(4);
}

function deploysTable(
  runs: readonly Run[],
  sites: readonly SiteResult[],
  timing: { devnetMs: number; totalMs: number },
): BenchTable {
  const floeOf = (sdk: Run) =>
    runs.find((r) => r.client === 'floe deploy' && r.site === sdk.site && sdk.case.startsWith(r.case))!;
  const anchors = runs.filter((r) => r.client === 'writeFiles');
  const rows = anchors.map((sdk) => {
    const floe = floeOf(sdk);
    const onlyChanged = sdk.case.endsWith('only that file');
    return [
      sdk.site,
      onlyChanged ? 'one file changed' : sdk.case,
      (onlyChanged ? `writeFiles(${CHANGED_FILE})` : `writeFiles(all ${sdk.files}) × ${sdk.calls}`) +
        (sdk.failedAttempts?.length ? `, ${sdk.failedAttempts.length} failed and retried` : ''),
      seconds(sdk.wallMs),
      seconds(floe.wallMs),
      ratio(sdk.wallMs, floe.wallMs),
      formatBytes(sdk.bytesSent),
      formatBytes(floe.bytesSent),
      ratio(sdk.bytesSent, floe.bytesSent),
      `${sdk.transactions} / ${floe.transactions}`,
      `${wal(sdk.walSpent)} / ${wal(floe.walSpent)}`,
    ];
  });
  const headline = (site: string, label: string, text: string) => {
    const sdk = anchors.find((r) => r.site === site && r.case === label);
    if (!sdk) return undefined;
    const floe = floeOf(sdk);
    const faster = sdk.wallMs >= floe.wallMs;
    return (
      `${text}: ${faster ? ratio(sdk.wallMs, floe.wallMs) : ratio(floe.wallMs, sdk.wallMs)} ` +
      `${faster ? 'faster' : 'slower'} than \`writeFiles\` (${seconds(floe.wallMs)} s vs ${seconds(sdk.wallMs)} s), ` +
      `${formatBytes(floe.bytesSent)} sent vs ${formatBytes(sdk.bytesSent)}`
    );
  };
  const [small] = sites;
  const describeSite = (s: SiteResult) =>
    `${s.spec.label}: \`generateSite(${JSON.stringify(s.spec.options)})\`, ${s.files} files, ${formatBytes(s.bytes)}` +
    (s.calls > 1 ? `, split into ${s.calls} \`writeFiles\` calls` : ', one `writeFiles` call');
  return {
    id: 'deploys',
    title: 'Deploys: floe deploy vs WalrusClient.writeFiles',
    setup:
      `A live devnet of ${NODES} storage-node processes with ${SHARDS} shards and the chain emulator, on loopback. ` +
      `Sites: ${sites.map(describeSite).join('; ')}. ` +
      '`floe deploy` runs the CLI in-process (scan, plan against the Site object, pack, encode in worker threads, register, ' +
      'upload, certify, and the Site transactions); the anchor is the unmodified `@mysten/walrus` `WalrusClient.writeFiles` ' +
      `with the same files (identifier = the site path), \`epochs: ${EPOCHS}, deletable: true\` like Floe, and the same signer. ` +
      (small && small.singleCallError
        ? `One \`writeFiles\` call cannot take ${small.files} files at ${SHARDS} shards (\`${small.singleCallError}\`: ` +
          'a quilt has one column per patch at least, plus the index), so the files, sorted by path, are split evenly into ' +
          'the fewest calls it accepts, run one after another. '
        : '') +
      `The SDK's storage-node timeout is raised from 30 s to ${SDK_TIMEOUT_MS / 1000} s: it sends all slivers of a quilt at ` +
      "once, and for the 100 MB site the last ones waited longer than 30 s in the nodes' queues and failed. " +
      '`writeFiles` only stores quilts: it creates no Site object, so Floe does more per row (its transactions include ' +
      'the Site transactions). The SDK has no diff against what is deployed, so its no-change and one-file rows call ' +
      '`writeFiles` with the whole site again. It then resends everything: it means to skip metadata and slivers a node ' +
      "already holds, but compares the node's status with `Stored` while nodes answer `stored` (Walrus serialises " +
      'the status in camelCase, and so does the devnet), and it registers, certifies and pays for new blob objects (the ' +
      'nodes answer slivers they already hold without checking them again, so those resends cost less than new ones). ' +
      'Each client changes the file to different bytes of the same length, so neither writes a quilt the other stored. The ' +
      `\`writeFiles(${CHANGED_FILE})\` row is the lower bound of an SDK user who tracks changes themselves and writes only ` +
      'that file (nothing then maps the path to its new patch). ' +
      "Times are wall clock around each call, reading the files included. Bytes are request bodies sent to storage nodes, counted at each client's fetch " +
      '(metadata and slivers). Transactions are those signed; WAL is the drop in the signer’s WAL balance (storage ' +
      'and write fees). One tiny deploy through each client warms up first. Ratios are writeFiles ÷ Floe: above 1× means Floe ' +
      `needed less. A \`writeFiles\` call that throws is retried (up to ${SDK_ATTEMPTS} tries, the time includes the failed ones; ` +
      "errors in `data`). Floe's per-phase times and the SDK's per-step times are in `data`.",
    columns: [
      'site',
      'case',
      'anchor',
      'writeFiles s',
      'floe deploy s',
      'time ratio',
      'writeFiles sent',
      'floe sent',
      'bytes ratio',
      'txs (SDK / Floe)',
      'WAL (SDK / Floe)',
    ],
    rows,
    headlines: [
      headline('1000 files', 'first deploy', '1000-file first deploy'),
      headline('1000 files', 'no change', '1000-file no-change redeploy'),
      headline('1000 files', 'one file changed', '1000-file one-file redeploy'),
    ].filter((h): h is string => h !== undefined),
    data: {
      nodes: NODES,
      shards: SHARDS,
      sites: sites.map((s) => ({
        label: s.spec.label,
        options: s.spec.options,
        files: s.files,
        bytes: s.bytes,
        writeFilesCalls: s.calls,
        singleCallError: s.singleCallError,
      })),
      devnetStartMs: Math.round(timing.devnetMs),
      /** 1-minute load average when the table was built: other work on the machine skews the figures. */
      loadAverage: loadavg()[0],
      totalMs: Math.round(timing.totalMs),
      runs: runs.map((r) => ({ ...r, wallMs: Math.round(r.wallMs) })),
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const table of await benchDeploys()) {
    console.log(`### ${table.title}\n\n${table.setup}\n\n${markdownTable(table.columns, table.rows)}\n`);
    for (const line of table.headlines) console.log(`- ${line}`);
    console.log(`\n${JSON.stringify(table.data, null, 2)}`);
  }
}
