// `npm run bench -- publish`: `floe deploy` (the CLI's `main`, in-process) on a live 10-node /
// 1000-shard devnet, for a generated 1000-file site and a ≈100 MB site: the first deploy, a
// redeploy with nothing changed and a redeploy with one small file changed. Reports wall-clock
// time around each call (scan and setup included), the pipeline's per-phase times, bytes sent to
// storage nodes, quilts and transactions.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startDevnet, type Devnet } from '../devnet/launcher/launcher.ts';
import { main } from '../publisher/cli.ts';
import { generateSite, type GenerateOptions } from '../publisher/test-support/generate-site.ts';
import { formatBytes, printTable, saveResults } from './support/report.ts';

const PHASES = ['plan', 'encode', 'register', 'upload', 'certify', 'commit'] as const;
type Phase = (typeof PHASES)[number];

interface SiteSpec {
  readonly label: string;
  readonly options: GenerateOptions;
}

const SITES: readonly SiteSpec[] = [
  { label: '1000 files', options: { files: 1000, seed: 1 } },
  // 197 files of up to 800 KB, /index.html, /empty.txt and a 20 MB /media/big video.bin:
  // 100,479,474 bytes for this seed.
  {
    label: '≈100 MB',
    options: { files: 200, maxBytes: 800_000, largeBytes: 20_000_000, seed: 2 },
  },
];

/** The fields of `floe deploy --json` this benchmark reads. */
interface DeployJson {
  siteId: string;
  files: number;
  uploaded: number;
  reused: number;
  quilts: { blobId: string; files: number; size: number; outcome: string }[];
  bytesUploaded: number;
  transactions: number;
  cost: { wal: string; sui: string; suiEstimated: boolean };
  phases: Partial<Record<Phase | 'scan', number>>;
  durationMs: number;
}

interface Run {
  site: string;
  run: 'first deploy' | 'no change' | 'one file changed';
  /** Wall-clock time around `main` (scan, hashing, network setup and the pipeline). */
  wallMs: number;
  /** The pipeline's own `durationMs` (no scan). */
  durationMs: number;
  phases: Partial<Record<Phase, number>>;
  files: number;
  uploaded: number;
  reused: number;
  bytesUploaded: number;
  quilts: number;
  /** Quilts sent to storage nodes in this run (outcome `uploaded`). */
  quiltsUploaded: number;
  transactions: number;
  cost: { wal: string; sui: string };
}

interface SiteResult {
  site: string;
  description: string;
  totalBytes: number;
  fileCount: number;
  changedFile: string;
  runs: Run[];
}

async function deploy(devnet: Devnet, dir: string, site: string, run: Run['run']): Promise<Run> {
  let out = '';
  let err = '';
  const errStream = new Writable({
    write(chunk, _encoding, done) {
      err += String(chunk);
      done();
    },
  });
  process.stderr.write(`${site}: ${run}…\n`);
  const started = performance.now();
  const code = await main(['deploy', dir, '--json', '--quiet', '--devnet-dir', devnet.config.dir], {
    out: (line) => (out += `${line}\n`),
    err: errStream,
    stdin: process.stdin,
  });
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`floe deploy ${dir} (${run}) exited with ${code}:\n${err}${out}`);
  const json = JSON.parse(out) as DeployJson;
  const phases: Partial<Record<Phase, number>> = {};
  for (const phase of PHASES) if (json.phases[phase] !== undefined) phases[phase] = json.phases[phase];
  return {
    site,
    run,
    wallMs: Math.round(wallMs),
    durationMs: json.durationMs,
    phases,
    files: json.files,
    uploaded: json.uploaded,
    reused: json.reused,
    bytesUploaded: json.bytesUploaded,
    quilts: json.quilts.length,
    quiltsUploaded: json.quilts.filter((q) => q.outcome === 'uploaded').length,
    transactions: json.transactions,
    cost: { wal: json.cost.wal, sui: json.cost.sui },
  };
}

/** The phase that took longest, with its share of the pipeline's time. */
function dominant(run: Run): string {
  const [phase, ms] = PHASES.map((p) => [p, run.phases[p] ?? 0] as const).reduce((a, b) =>
    b[1] > a[1] ? b : a,
  );
  return `${phase} ${((ms / Math.max(run.durationMs, 1)) * 100).toFixed(0)}%`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export async function benchPublish(): Promise<void> {
  const benchStarted = performance.now();
  const root = await mkdtemp(join(tmpdir(), 'floe-bench-publish-'));
  const results: SiteResult[] = [];
  let devnetMs: number;
  try {
    process.stderr.write('starting a 10-node / 1000-shard devnet…\n');
    const devnetStarted = performance.now();
    const devnet = await startDevnet({ dir: join(root, 'devnet'), nodes: 10, shards: 1000, port: 0 });
    devnetMs = performance.now() - devnetStarted;
    try {
      for (const [i, spec] of SITES.entries()) {
        const dir = join(root, `site-${i}`);
        process.stderr.write(`${spec.label}: generating…\n`);
        const site = await generateSite(dir, spec.options);
        const totalBytes = [...site.files.values()].reduce((n, bytes) => n + bytes.length, 0);
        const runs: Run[] = [];
        runs.push(await deploy(devnet, dir, spec.label, 'first deploy'));
        runs.push(await deploy(devnet, dir, spec.label, 'no change'));
        // One small file changed: /index.html (62 bytes) gets a new body, different per site (the
        // same bytes would land in a quilt this owner already stored for the other site, and the
        // deploy would reuse that quilt instead of uploading).
        const changedFile = '/index.html';
        await writeFile(
          join(dir, 'index.html'),
          `<!doctype html><title>generated</title><h1>generated site ${i}, changed</h1>`,
        );
        runs.push(await deploy(devnet, dir, spec.label, 'one file changed'));
        results.push({
          site: spec.label,
          description:
            `${site.files.size} files, ${formatBytes(totalBytes)} (${totalBytes.toLocaleString('en-US')} bytes)` +
            `, generateSite(${JSON.stringify(spec.options)})`,
          totalBytes,
          fileCount: site.files.size,
          changedFile,
          runs,
        });
      }
    } finally {
      await devnet.stop();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }

  for (const result of results) console.log(`${result.site}: ${result.description}`);
  console.log('');
  const rows = results.flatMap((r) => r.runs);
  printTable(
    [
      'site',
      'run',
      'wall ms',
      'pipeline ms',
      'scan+setup ms',
      ...PHASES,
      'files up',
      'bytes up',
      'quilts sent/all',
      'txs',
    ],
    rows.map((row) => [
      row.site,
      row.run,
      String(row.wallMs),
      String(row.durationMs),
      String(row.wallMs - row.durationMs),
      ...PHASES.map((p) => (row.phases[p] === undefined ? '–' : String(Math.round(row.phases[p])))),
      `${row.uploaded}/${row.files}`,
      formatBytes(row.bytesUploaded),
      `${row.quiltsUploaded}/${row.quilts}`,
      String(row.transactions),
    ]),
  );
  console.log('');
  const problems: string[] = [];
  for (const result of results) {
    const [first, same, changed] = result.runs as [Run, Run, Run];
    console.log(
      `${result.site}: first deploy ${seconds(first.wallMs)} (${formatBytes(first.bytesUploaded)} in ` +
        `${first.quilts} quilt(s), ${first.transactions} txs, ${dominant(first)}); ` +
        `no-change redeploy ${seconds(same.wallMs)} (${formatBytes(same.bytesUploaded)}); ` +
        `one file changed ${seconds(changed.wallMs)} (${formatBytes(changed.bytesUploaded)} in ` +
        `${changed.quilts} quilt(s), ${changed.transactions} txs, ${dominant(changed)})`,
    );
    if (same.bytesUploaded !== 0 || same.uploaded !== 0)
      problems.push(`${result.site}: the no-change redeploy uploaded ${formatBytes(same.bytesUploaded)}`);
    if (changed.uploaded !== 1)
      problems.push(`${result.site}: the one-file redeploy uploaded ${changed.uploaded} files, not 1`);
  }
  for (const problem of problems) console.log(`WARNING ${problem}`);
  const totalMs = performance.now() - benchStarted;
  console.log(`\ndevnet start ${seconds(devnetMs)}, whole benchmark ${seconds(totalMs)}`);
  await saveResults('publish', {
    devnet: { nodes: 10, shards: 1000, startMs: Math.round(devnetMs) },
    totalMs: Math.round(totalMs),
    sites: results,
  });
}
