// Runs one fuzz target for run.ts in a worker thread, so the main thread can kill it when an input
// hangs (a synchronous parser stuck in a loop never yields to a timer in its own thread). The
// iteration in progress is published through shared memory for the watchdog.
import { parentPort, workerData } from 'node:worker_threads';
import { TARGETS } from './targets.ts';

export interface WorkerJob {
  readonly name: string;
  readonly runs: number;
  readonly seed: number;
  readonly start: number;
  readonly timeBudgetMs: number | undefined;
  readonly perInputMs: number;
  /** Int32Array view: [0] = iteration in progress (-1 while building seeds). */
  readonly progress: SharedArrayBuffer;
}

const job = workerData as WorkerJob;
const progress = new Int32Array(job.progress);
const target = TARGETS.find((t) => t.name === job.name);
if (target === undefined) throw new Error(`unknown fuzz target ${job.name}`);
const report = await target.run({
  runs: job.runs,
  seed: job.seed,
  start: job.start,
  timeBudgetMs: job.timeBudgetMs,
  perInputMs: job.perInputMs,
  onIteration: (iteration) => Atomics.store(progress, 0, iteration),
});
await target.close?.();
parentPort!.postMessage(report);
