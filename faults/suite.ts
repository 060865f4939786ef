// The fault suite: generates the run's schedules from its seed, runs them one after another against
// one shared world, and reports. Every schedule that breaks an invariant (or could not run) is
// printed with the run seed, its index, its steps and the command that replays it alone.
import { readWholeBlob } from './blobs.ts';
import { describeSchedule } from './describe.ts';
import type { InvariantName } from './invariants.ts';
import { mustBeReadable } from './node-state.ts';
import { runSchedule, type ScheduleReport } from './runner.ts';
import { generateSchedule, type Via } from './schedule.ts';
import { startWorld, type World } from './world.ts';

export interface SuiteOptions {
  readonly seed: number;
  /** Schedules 0 … count−1, unless `only` picks some. */
  readonly count: number;
  readonly only?: readonly number[];
  readonly nodes?: number;
  readonly shards?: number;
  /** Relative weights of the browsing paths (chromium needs a browser; see browse.ts). */
  readonly vias?: Readonly<Partial<Record<Via, number>>>;
  readonly verbose?: boolean;
  readonly log?: (line: string) => void;
  /** Stops after the schedule that is running. */
  readonly signal?: AbortSignal;
}

export interface SuiteReport {
  readonly seed: number;
  readonly reports: readonly ScheduleReport[];
  readonly failed: readonly ScheduleReport[];
  readonly ms: number;
}

/**
 * Chromium and its service worker answer about a third of the browse steps; the portal's server
 * path and the in-process SiteService (the same core/serve code) the rest, which keeps 200
 * schedules within minutes on two cores.
 */
export const DEFAULT_VIAS: Readonly<Record<Via, number>> = { chromium: 1, portal: 1, service: 1 };

export async function runSuite(options: SuiteOptions): Promise<SuiteReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const vias = options.vias ?? DEFAULT_VIAS;
  const started = performance.now();
  const indices = options.only ?? [...Array(options.count).keys()];
  log(`fault suite: seed ${options.seed}, ${indices.length} schedule(s)`);
  const world = await startWorld({
    nodes: options.nodes ?? 7,
    shards: options.shards ?? 100,
    chromium: (vias.chromium ?? 0) > 0,
    log,
    verbose: options.verbose ?? false,
  });
  const reports: ScheduleReport[] = [];
  try {
    log(
      `devnet: ${world.topology.nodeShards.length} nodes, ${world.topology.nShards} shards (${world.topology.nodeShards.join('/')}) — ready after ${seconds(performance.now() - started)}`,
    );
    for (const index of indices) {
      if (options.signal?.aborted) break;
      const schedule = generateSchedule(options.seed, index, { topology: world.topology, vias });
      if (options.verbose) log(describeSchedule(schedule));
      const report = await runSchedule(world, schedule);
      reports.push(report);
      const s = report.stats;
      const bad = report.violations.length > 0 || report.error !== null;
      log(
        `${bad ? 'FAIL' : 'ok  '} #${index} ${schedule.profile.padEnd(8)} ${String(schedule.steps.length).padStart(2)} steps ${seconds(report.ms).padStart(6)}: deploys ${s.deploysOk} ok/${s.deploysFailed} failed, ${s.served} served/${s.errorPages} error pages${s.staleDeleted ? ` (${s.staleDeleted} for deleted old quilts)` : ''}, blob reads ${s.blobReads - s.blobReadsFailed}/${s.blobReads}, ${s.recoveredReads} recovered/${s.fallbackReads} whole-blob reads`,
      );
      if (bad) log(describeFailure(report));
    }
    // Every certified blob of the run, with every node back: readable unless it never had p holders.
    const finalCheck = await finalSweep(world);
    if (finalCheck) log(finalCheck);
  } finally {
    await world.close();
  }
  const failed = reports.filter((r) => r.violations.length > 0 || r.error !== null);
  const ms = performance.now() - started;
  log(summary(options.seed, reports, failed, ms));
  return { seed: options.seed, reports, failed, ms };
}

async function finalSweep(world: World): Promise<string | null> {
  const nodes = world.cluster.snapshot();
  const problems: string[] = [];
  let read = 0;
  const live = world.registry.all.filter((b) => b.deletedAt === null);
  for (const blob of live) {
    const outcome = await readWholeBlob(world.reader, blob);
    if (outcome.ok) read++;
    else if (mustBeReadable(world.topology, nodes, blob.holders))
      problems.push(`blob ${blob.blobId} of schedule ${blob.schedule}: ${outcome.error}`);
  }
  world.log(
    `final sweep: ${read} of ${live.length} certified blobs read back with every node up (${world.registry.all.length - live.length} more were deleted by later deploys)`,
  );
  return problems.length
    ? `final sweep found unreadable blobs (blob-readable):\n  ${problems.join('\n  ')}`
    : null;
}

export function describeFailure(report: ScheduleReport): string {
  const { schedule } = report;
  const lines = [
    `--- schedule ${schedule.index} of run seed ${schedule.runSeed} failed; replay it with:`,
    `    npm run test:faults -- --seed ${schedule.runSeed} --only ${schedule.index} --verbose`,
    ...report.violations.map((v) => `  ✗ ${v.invariant} after step ${v.step}: ${v.message}`),
    ...(report.error ? [`  ✗ harness error at ${report.error}`] : []),
    describeSchedule(schedule),
  ];
  return lines.join('\n');
}

function summary(
  seed: number,
  reports: readonly ScheduleReport[],
  failed: readonly ScheduleReport[],
  ms: number,
): string {
  const counts = new Map<InvariantName | 'harness', number>();
  for (const r of reports) {
    for (const v of r.violations) counts.set(v.invariant, (counts.get(v.invariant) ?? 0) + 1);
    if (r.error) counts.set('harness', (counts.get('harness') ?? 0) + 1);
  }
  const total = (
    key:
      | 'deploysOk'
      | 'deploysFailed'
      | 'served'
      | 'errorPages'
      | 'staleDeleted'
      | 'blobReads'
      | 'recoveredReads'
      | 'fallbackReads',
  ) => reports.reduce((n, r) => n + r.stats[key], 0);
  const profiles = ['calm', 'degraded', 'overload'].map(
    (p) => `${reports.filter((r) => r.schedule.profile === p).length} ${p}`,
  );
  return [
    `fault suite, seed ${seed}: ${reports.length} schedule${reports.length === 1 ? '' : 's'} (${profiles.join(', ')}) in ${seconds(ms)}`,
    `  deploys ${total('deploysOk')} succeeded, ${total('deploysFailed')} failed; ${total('served')} responses served, ${total('errorPages')} error pages (${total('staleDeleted')} of them for a replaced version whose quilt was deleted); ${total('blobReads')} blob reads; ${total('recoveredReads')} reads recovered single slivers from symbols, ${total('fallbackReads')} read the whole blob`,
    failed.length === 0
      ? '  no invariant violations'
      : `  ${failed.length} schedule(s) FAILED: ${[...counts].map(([k, n]) => `${n} × ${k}`).join(', ')} (schedules ${failed.map((r) => r.schedule.index).join(', ')})`,
  ].join('\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
