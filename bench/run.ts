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

const BENCHMARKS: Record<string, () => Promise<BenchTable[]>> = {
  reads: async () => (await import('./reads.ts')).benchReads(),
  'node-throughput': async () => (await import('./node-throughput.ts')).benchNodeThroughput(),
  deploys: async () => (await import('./publish.ts')).benchDeploys(),
  compression: async () => (await import('./compression.ts')).benchCompression(),
  'page-loads': async () => (await import('./page-load.ts')).benchPageLoads(),
  'chain-transport': async () => (await import('./chain-transport.ts')).benchChainTransport(),
  load: async () => (await import('./load.ts')).benchLoad(),
  geo: async () => (await import('./geo.ts')).benchGeo(),
};

const self = fileURLToPath(import.meta.url);
const root = join(dirname(self), '..');

if (process.argv[2] === '--child') {
  // Child mode: run one benchmark and hand its tables to the parent.
  const tables = await BENCHMARKS[process.argv[3]!]!();
  process.send!(tables, () => process.exit(0));
  await new Promise(() => {});
}

/** Runs benchmark `name` in a child process; its output goes straight to this one's. */
function runInChild(name: string): Promise<BenchTable[]> {
  return new Promise((resolve, reject) => {
    let tables: BenchTable[] | undefined;
    const child = fork(self, ['--child', name], { serialization: 'advanced' });
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

const names = process.argv.slice(2);
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
    const tables = await runInChild(name);
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
