// The `floe` CLI as a child process of the benchmark, so its memory is its own: `floe deploy` run
// to completion with its peak RSS (max-rss-preload.ts), and `floe portal` kept running so the
// benchmark can read its peak RSS from /proc while it serves.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(root, 'publisher', 'cli.ts');
const PRELOAD = join(root, 'bench', 'support', 'max-rss-preload.ts');

export class FloeChildError extends Error {
  override name = 'FloeChildError';
}

export interface FloeChildRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** Wall clock from spawn to exit (Node's start-up included, ~0.3 s). */
  readonly wallMs: number;
  /** The child's peak resident memory, worker threads included; NaN when it did not report. */
  readonly peakRssBytes: number;
}

/** Runs `floe <argv…>` to completion in a child process. */
export async function runFloeChild(argv: readonly string[]): Promise<FloeChildRun> {
  const dir = await mkdtemp(join(tmpdir(), 'floe-bench-rss-'));
  const rssFile = join(dir, 'max-rss');
  try {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', PRELOAD, CLI, ...argv], {
      env: { ...process.env, FLOE_BENCH_MAX_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += String(chunk)));
    child.stderr.on('data', (chunk: Buffer) => (err += String(chunk)));
    const code = await exited(child);
    const wallMs = performance.now() - started;
    const peak = await readFile(rssFile, 'utf8').then(Number, () => Number.NaN);
    return { code, out, err, wallMs, peakRssBytes: peak };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `floe --help`-style output of `floe <argv…>`, e.g. to see which options a command takes. */
export async function floeChildOutput(argv: readonly string[]): Promise<string> {
  const run = await runFloeChild(argv);
  return `${run.out}${run.err}`;
}

export interface PortalChild {
  readonly pid: number;
  /** `http://<label>.localhost:<port>/` */
  siteUrl(label: string): string;
  readonly port: number;
  stop(): Promise<void>;
}

/** `floe portal` on a free port for the devnet in `devnetDir`, serving the build in `distDir`. */
export async function startPortalChild(devnetDir: string, distDir: string): Promise<PortalChild> {
  const child = spawn(
    process.execPath,
    [CLI, 'portal', '--port', '0', '--dist', distDir, '--devnet-dir', devnetDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += String(chunk)));
  const url = await new Promise<URL>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += String(chunk);
      const match = / at (http:\/\/\S+?)\/? \(/.exec(out);
      if (match) resolve(new URL(match[1]!));
    });
    child.once('exit', (code) => reject(new FloeChildError(`floe portal exited with ${code}: ${err}${out}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = exited(child);
    child.kill('SIGTERM');
    await gone;
  };
  return {
    pid: child.pid!,
    port: Number(url.port),
    siteUrl: (label) => `http://${label}.${url.hostname}:${url.port}/`,
    stop,
  };
}

function exited(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
