// `npm run fuzz` (`npx node fuzz/run.ts`): the long form of the parser fuzzers.
//
//   npx node fuzz/run.ts [--runs 100000] [--seed N] [--only name,name] [--budget seconds]
//                        [--per-input-ms 50] [--hang-seconds 10]
//   FUZZ_SEED=N FUZZ_ONLY=name FUZZ_ITER=i npx node fuzz/run.ts     replays one input, with its stack
//
// Targets run one after another (this is a 2-core machine), each in a worker thread watched for
// hangs. Prints a table (inputs, ok, expected errors, failures, time per parser) and every distinct
// failure with the command that replays it; exits 1 when anything failed.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  describeError,
  describeFailures,
  replayCommand,
  type FuzzFailure,
  type FuzzReport,
} from './engine.ts';
import { scratchRoot } from './request-target.ts';
import type { FuzzTarget } from './target.ts';
import { TARGETS } from './targets.ts';
import type { WorkerJob } from './worker.ts';

interface Options {
  runs: number;
  seed: number;
  only: string[] | null;
  iteration: number | null;
  budgetMs: number | undefined;
  perInputMs: number;
  hangMs: number;
}

function parseOptions(argv: readonly string[]): Options {
  const env = process.env;
  const options: Options = {
    runs: Number(env.FUZZ_RUNS ?? 100_000),
    seed: env.FUZZ_SEED !== undefined ? Number(env.FUZZ_SEED) : Math.floor(Math.random() * 0x1_0000_0000),
    only: env.FUZZ_ONLY ? env.FUZZ_ONLY.split(',') : null,
    iteration: env.FUZZ_ITER !== undefined ? Number(env.FUZZ_ITER) : null,
    budgetMs: undefined,
    perInputMs: 50,
    hangMs: 10_000,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    const number = () => {
      const n = Number(value);
      if (value === undefined || !Number.isFinite(n)) usage(`${flag} needs a number`);
      i += 1;
      return n;
    };
    if (flag === '--runs') options.runs = number();
    else if (flag === '--seed') options.seed = number() >>> 0;
    else if (flag === '--iter') options.iteration = number();
    else if (flag === '--budget') options.budgetMs = number() * 1000;
    else if (flag === '--per-input-ms') options.perInputMs = number();
    else if (flag === '--hang-seconds') options.hangMs = number() * 1000;
    else if (flag === '--only') {
      if (value === undefined) usage('--only needs a target name');
      options.only = value.split(',');
      i += 1;
    } else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (flag === '--list') {
      for (const target of TARGETS) console.log(`${target.name.padEnd(32)} ${target.parsers}`);
      process.exit(0);
    } else usage(`unknown argument ${flag}`);
  }
  if (!Number.isInteger(options.seed) || options.seed < 0) usage('the seed must be a non-negative integer');
  return options;
}

const USAGE =
  'usage: node fuzz/run.ts [--runs N] [--seed N] [--only name,…] [--iter i] [--budget s] [--per-input-ms ms] [--hang-seconds s] [--list] [--help]';

function usage(problem: string): never {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}

function selectTargets(only: string[] | null): FuzzTarget[] {
  if (only === null) return [...TARGETS];
  const unknown = only.filter((name) => !TARGETS.some((t) => t.name === name));
  if (unknown.length > 0) usage(`unknown target ${unknown.join(', ')}; --list shows them`);
  return TARGETS.filter((t) => only.includes(t.name));
}

/** Runs iterations [start, end) in a worker; resolves with its report, or with the iteration it hung on. */
function runWorker(
  target: FuzzTarget,
  options: Options,
  start: number,
  end: number,
): Promise<{ report: FuzzReport } | { hungAt: number; ms: number }> {
  const progress = new SharedArrayBuffer(4);
  const view = new Int32Array(progress);
  Atomics.store(view, 0, -1);
  const job: WorkerJob = {
    name: target.name,
    runs: end,
    seed: options.seed,
    start,
    timeBudgetMs: options.budgetMs,
    perInputMs: options.perInputMs,
    progress,
  };
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: job });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let last = -1;
    let lastChange = performance.now();
    const timer = setInterval(() => {
      const current = Atomics.load(view, 0);
      if (current !== last) {
        last = current;
        lastChange = performance.now();
        return;
      }
      // Building seeds (the WASM encoder) may take a while on a loaded machine.
      const limit = current === -1 ? Math.max(options.hangMs, 120_000) : options.hangMs;
      if (performance.now() - lastChange > limit) {
        clearInterval(timer);
        void worker.terminate();
        resolve({ hungAt: current, ms: performance.now() - started });
      }
    }, 250);
    worker.once('message', (report: FuzzReport) => {
      clearInterval(timer);
      void worker.terminate();
      resolve({ report });
    });
    worker.once('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
  });
}

const MAX_HANGS = 3;

/**
 * Runs all iterations of a target. When an input hangs, the worker is killed, the iterations before
 * it are run again in a fresh worker (their outcomes died with the first one), and the run resumes
 * after it.
 */
async function runTarget(target: FuzzTarget, options: Options): Promise<FuzzReport> {
  const reports: FuzzReport[] = [];
  const hangs: FuzzFailure[] = [];
  let hangMs = 0;
  const recordHang = async (iteration: number, ms: number) => {
    if (iteration < 0) throw new Error(`${target.name}: building the seeds did not finish`);
    hangMs += ms;
    hangs.push({
      kind: 'hang',
      iteration,
      error: `no progress for ${options.hangMs / 1000} s (worker killed)`,
      input: await target.describeInput(options.seed, iteration),
      replay: replayCommand(target.name, options.seed, iteration),
      count: 1,
    });
  };
  let start = 0;
  while (start < options.runs && hangs.length < MAX_HANGS) {
    const outcome = await runWorker(target, options, start, options.runs);
    if ('report' in outcome) {
      reports.push(outcome.report);
      break;
    }
    await recordHang(outcome.hungAt, outcome.ms);
    if (outcome.hungAt > start) {
      const before = await runWorker(target, options, start, outcome.hungAt);
      if ('report' in before) reports.push(before.report);
      else await recordHang(before.hungAt, before.ms);
    }
    start = outcome.hungAt + 1;
  }
  const sum = (pick: (r: FuzzReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
  return {
    name: target.name,
    seed: options.seed,
    inputs: sum((r) => r.inputs) + hangs.length,
    ok: sum((r) => r.ok),
    expectedErrors: sum((r) => r.expectedErrors),
    failures: sum((r) => r.failures) + hangs.length,
    samples: [...hangs, ...reports.flatMap((r) => r.samples)],
    ms: sum((r) => r.ms) + hangMs,
    truncated: reports.some((r) => r.truncated) || (hangs.length >= MAX_HANGS && start < options.runs),
    slowestMs: hangs.length > 0 ? Infinity : Math.max(0, ...reports.map((r) => r.slowestMs)),
    slowestIteration: hangs.length > 0 ? hangs[0]!.iteration : slowest(reports),
  };
}

function slowest(reports: readonly FuzzReport[]): number {
  return (
    reports.reduce(
      (best, r) => (best === null || r.slowestMs > best.slowestMs ? r : best),
      null as FuzzReport | null,
    )?.slowestIteration ?? -1
  );
}

function formatMs(ms: number): string {
  return ms < 10_000
    ? `${(ms / 1000).toFixed(2)} s`
    : ms < 600_000
      ? `${(ms / 1000).toFixed(0)} s`
      : `${(ms / 60_000).toFixed(1)} min`;
}

export function formatTable(reports: readonly FuzzReport[], runs: number): string {
  const header = [
    'parser',
    'inputs',
    'ok',
    'expected errors',
    'failures',
    'time',
    'inputs/s',
    'slowest @iteration',
  ];
  const rows = reports.map((r) => {
    const rate = r.inputs / Math.max(r.ms / 1000, 1e-9);
    const eta = r.truncated ? ` (${runs} would take ~${formatMs((runs / rate) * 1000)})` : '';
    return [
      r.name,
      `${r.inputs}${r.truncated ? '*' : ''}`,
      String(r.ok),
      String(r.expectedErrors),
      String(r.failures),
      `${formatMs(r.ms)}${eta}`,
      rate.toFixed(0),
      Number.isFinite(r.slowestMs) ? `${r.slowestMs.toFixed(1)} ms @${r.slowestIteration}` : 'hang',
    ];
  });
  const totals = reports.reduce(
    (sum, r) => ({ inputs: sum.inputs + r.inputs, failures: sum.failures + r.failures, ms: sum.ms + r.ms }),
    { inputs: 0, failures: 0, ms: 0 },
  );
  rows.push(['total', String(totals.inputs), '', '', String(totals.failures), formatMs(totals.ms), '', '']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

async function replay(options: Options): Promise<void> {
  const targets = selectTargets(options.only);
  if (targets.length !== 1) usage('replaying an iteration needs exactly one target (FUZZ_ONLY / --only)');
  const target = targets[0]!;
  const iteration = options.iteration!;
  console.log(`${target.name} seed ${options.seed} iteration ${iteration}`);
  console.log(`input: ${await target.describeInput(options.seed, iteration, 4000)}`);
  const report = await target.run({
    runs: iteration + 1,
    seed: options.seed,
    only: iteration,
    perInputMs: options.perInputMs,
  });
  await target.close?.();
  if (report.failures === 0) {
    console.log(
      report.ok === 1
        ? 'outcome: returned, properties held'
        : 'outcome: threw an expected (documented) error',
    );
    return;
  }
  for (const failure of report.samples) {
    console.log(`outcome: [${failure.kind}] ${failure.error}`);
    if (failure.stack !== undefined) console.log(failure.stack);
  }
  process.exitCode = 1;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  // Stores and chains of the request targets go here (workers inherit the variable); removed at
  // the end, with whatever a worker killed for a hang left behind.
  const scratch = await mkdtemp(join(scratchRoot(), 'floe-fuzz-run-'));
  process.env.FUZZ_SCRATCH_DIR = scratch;
  try {
    await runAll(options);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function runAll(options: Options): Promise<void> {
  if (options.iteration !== null) return replay(options);
  const targets = selectTargets(options.only);
  console.log(
    `fuzzing ${targets.length} targets, ${options.runs} inputs each, seed ${options.seed}` +
      `${options.budgetMs !== undefined ? `, at most ${options.budgetMs / 1000} s each` : ''}`,
  );
  const reports: FuzzReport[] = [];
  for (const target of targets) {
    let report: FuzzReport;
    try {
      report = await runTarget(target, options);
    } catch (error) {
      console.error(`${target.name}: the fuzzer itself failed: ${describeError(error)}`);
      process.exitCode = 1;
      continue;
    }
    reports.push(report);
    console.log(
      `  ${target.name}: ${report.inputs} inputs in ${formatMs(report.ms)}, ${report.failures} failures` +
        `${report.truncated ? ' (time budget reached)' : ''}`,
    );
  }
  console.log(`\nseed ${options.seed}\n\n${formatTable(reports, options.runs)}\n`);
  const failed = reports.filter((r) => r.failures > 0);
  for (const report of failed)
    console.log(`${report.name}: ${report.failures} failing inputs\n${describeFailures(report)}\n`);
  if (failed.length > 0) process.exitCode = 1;
}

await main();
