// `npm run bench [-- name…]`: runs the named benchmarks (all when none are named), prints each
// table, and records them in bench/results.json, docs/PERFORMANCE.md and the README's headline list.
// Naming a subset replaces only those entries, so one part can be rerun without the rest. Each
// benchmark runs in a child process of its own, so none inherits another's heap, JIT state or
// leftovers, and the load benchmark's memory figures are its own.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './support/machine.ts';
import {
  headlineList,
  markdownTable,
  renderPerformance,
  replaceBetweenMarkers,
  type BenchmarkRun,
  type SuiteResults,
} from './support/markdown.ts';
import type { BenchTable } from './support/suite.ts';

/** Options after the names (e.g. `--sizes 1GB`) go to every benchmark run; most take none. */
const BENCHMARKS: Record<string, (args: readonly string[]) => Promise<BenchTable[]>> = {
  reads: async () => (await import('./reads.ts')).benchReads(),
  'node-throughput': async () => (await import('./node-throughput.ts')).benchNodeThroughput(),
  deploys: async () => (await import('./publish.ts')).benchDeploys(),
  compression: async () => (await import('./compression.ts')).benchCompression(),
  'page-loads': async () => (await import('./page-load.ts')).benchPageLoads(),
  'chain-transport': async () => (await import('./chain-transport.ts')).benchChainTransport(),
  load: async () => (await import('./load.ts')).benchLoad(),
  geo: async () => (await import('./geo.ts')).benchGeo(),
  media: async () => (await import('./media.ts')).benchMedia(),
  'media-deploys': async (args) => (await import('./media.ts')).benchMediaDeploys(args),
};

const self = fileURLToPath(import.meta.url);
const root = join(dirname(self), '..');

if (process.argv[2] === '--child') {
  // Child mode: run one benchmark and hand its tables to the parent.
  const tables = await BENCHMARKS[process.argv[3]!]!(process.argv.slice(4));
  process.send!(tables, () => process.exit(0));
  await new Promise(() => {});
}

/** Runs benchmark `name` in a child process; its output goes straight to this one's. */
function runInChild(name: string, options: readonly string[]): Promise<BenchTable[]> {
  return new Promise((resolve, reject) => {
    let tables: BenchTable[] | undefined;
    const child = fork(self, ['--child', name, ...options], { serialization: 'advanced' });
    child.on('message', (message) => (tables = message as BenchTable[]));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (tables && code === 0) resolve(tables);
      else reject(new Error(`the ${name} benchmark's process exited with ${signal ?? `code ${code}`}`));
    });
  });
}
const resultsFile = join(root, 'bench', 'results.json');
const performanceFile = join(root, 'docs', 'PERFORMANCE.md');
const readmeFile = join(root, 'README.md');

// `--option value` and `--option=value` are options; every other argument names a benchmark.
const names: string[] = [];
const options: string[] = [];
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i]!;
  if (!arg.startsWith('--')) names.push(arg);
  else if (arg.includes('=') || i + 1 >= process.argv.length || process.argv[i + 1]!.startsWith('--'))
    options.push(arg);
  else options.push(arg, process.argv[++i]!);
}
const unknown = names.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; available: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}

const previous: SuiteResults = existsSync(resultsFile)
  ? (JSON.parse(await readFile(resultsFile, 'utf8')) as SuiteResults)
  : { benchmarks: [] };
const runs = new Map(previous.benchmarks.map((b) => [b.name, b]));
const failed: string[] = [];
const suiteStarted = performance.now();

for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) {
  console.log(`\n## ${name}\n`);
  const started = performance.now();
  try {
    const tables = await runInChild(name, options);
    const run: BenchmarkRun = {
      name,
      at: new Date().toISOString(),
      machine: describeMachine(),
      seconds: (performance.now() - started) / 1000,
      tables,
    };
    runs.set(name, run);
    for (const table of tables)
      console.log(`### ${table.title}\n\n${markdownTable(table.columns, table.rows)}\n`);
    console.log(`${name} took ${run.seconds.toFixed(0)} s`);
    // Saved after every benchmark, so a later failure keeps what was measured.
    const ordered = Object.keys(BENCHMARKS).flatMap((n) => {
      const entry = runs.get(n);
      return entry ? [entry] : [];
    });
    const results: SuiteResults = { benchmarks: ordered };
    await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    await writeFile(performanceFile, renderPerformance(results));
    const readme = await readFile(readmeFile, 'utf8');
    await writeFile(readmeFile, replaceBetweenMarkers(readme, 'bench-headlines', headlineList(results)));
  } catch (error) {
    failed.push(name);
    console.error(`benchmark ${name} failed:`, error);
  }
}

console.log(
  `\nwhole run ${((performance.now() - suiteStarted) / 1000).toFixed(0)} s; wrote ${resultsFile}, ${performanceFile} and the README's headlines`,
);
if (failed.length > 0) {
  console.error(`failed: ${failed.join(', ')} (their previous results, if any, were kept)`);
  process.exit(1);
}
