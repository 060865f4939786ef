// Runs one schedule against the shared world: a fresh funded account, then every step in order,
// with the invariants checked after each one — served bytes as they arrive (deferred until a
// background deploy settles, since only then is it known whether its version ever went live),
// the deploy's outcome when it settles, and every certified blob of the schedule (plus one older
// blob) read back after every step. Ends with every node running and healthy again.
import { prng } from '../core/walrus/test-support/fixtures.ts';
import { blobObjectExists, readWholeBlob, refreshHolders, type TrackedBlob } from './blobs.ts';
import { fundedAccount } from './chain.ts';
import { DeployTracker } from './deploy-tracker.ts';
import { describeStep } from './describe.ts';
import {
  candidateVersions,
  checkServed,
  expectedResponses,
  type VersionRecord,
  type Violation,
} from './invariants.ts';
import { mustBeReadable, type Nodes } from './node-state.ts';
import { scheduleSeed, type BrowseTarget, type Schedule, type Step } from './schedule.ts';
import type { World } from './world.ts';

/**
 * How long a portal may keep serving a replaced version: SiteLookup takes the Site version it saw
 * last as current for 10 s (core/serve/site-lookup.ts), plus slack for the answer's own round trip.
 */
export const STALE_MS = 12_000;

export interface ScheduleReport {
  readonly schedule: Schedule;
  readonly violations: readonly Violation[];
  /** An error of the harness itself (not an invariant): the schedule could not run to its end. */
  readonly error: string | null;
  readonly ms: number;
  readonly stats: {
    readonly deploysOk: number;
    readonly deploysFailed: number;
    readonly served: number;
    readonly errorPages: number;
    /** Error pages for a replaced version whose quilt its replacement's deploy had deleted. */
    readonly staleDeleted: number;
    readonly blobReads: number;
    readonly blobReadsFailed: number;
    /** Reads (served files and blob reads) that rebuilt single slivers from decoding symbols. */
    readonly recoveredReads: number;
    /** Reads that fell back to p primary slivers and a whole-blob decode. */
    readonly fallbackReads: number;
  };
}

export async function runSchedule(world: World, schedule: Schedule): Promise<ScheduleReport> {
  const started = performance.now();
  const violations: Violation[] = [];
  const random = prng(scheduleSeed(schedule.runSeed, schedule.index) ^ 0x5bd1e995);
  const stats = {
    served: 0,
    errorPages: 0,
    staleDeleted: 0,
    blobReads: 0,
    blobReadsFailed: 0,
    recoveredReads: 0,
    fallbackReads: 0,
  };
  const deferred: (() => void)[] = [];
  let deploys: DeployTracker | null = null;
  let error: string | null = null;
  let current = -1;
  try {
    const signer = await fundedAccount(world.chain);
    deploys = new DeployTracker(world, schedule.index, signer, violations);
    const tracker = deploys;
    for (const [index, step] of schedule.steps.entries()) {
      current = index;
      world.debug(`  ${String(index).padStart(2)}. ${describeStep(step)}`);
      const stepStarted = performance.now();
      await runStep(world, tracker, step, index, violations, deferred, stats);
      tracker.noteFaults();
      if (!tracker.inFlight) for (const check of deferred.splice(0)) check();
      const checksStarted = performance.now();
      // Browsing and waiting change neither the nodes nor the set of blobs: the verdict of the
      // last blob check stands (the browse itself read under the same faults).
      if (step.op !== 'browse' && step.op !== 'wait')
        await checkBlobs(world, schedule, index, random, violations, stats);
      world.debug(
        `      (${Math.round(checksStarted - stepStarted)} ms; blob checks ${Math.round(performance.now() - checksStarted)} ms)`,
      );
    }
    current = schedule.steps.length;
    await tracker.settle(current);
    for (const check of deferred.splice(0)) check();
  } catch (e) {
    error = `step ${current}: ${(e as Error).stack ?? String(e)}`;
  } finally {
    // Whatever happened: back to every node running and healthy, the deploy finished.
    const teardown = performance.now();
    await deploys?.settle(current).catch(() => {});
    await world.drivers.chromium?.fresh();
    try {
      const dead = await world.cluster.healAll();
      if (dead.length) error ??= `a node died during the schedule: ${dead.join('; ')}`;
      const mine = world.registry.of(schedule.index);
      await refreshHolders(world.config, world.cluster.snapshot(), mine);
      await checkBlobs(world, schedule, schedule.steps.length, null, violations, stats);
      world.debug(`  healed and checked in ${Math.round(performance.now() - teardown)} ms`);
    } catch (e) {
      error ??= `healing the devnet: ${(e as Error).stack ?? String(e)}`;
    }
  }
  return {
    schedule,
    violations,
    error,
    ms: performance.now() - started,
    stats: { deploysOk: deploys?.stats.ok ?? 0, deploysFailed: deploys?.stats.failed ?? 0, ...stats },
  };
}

async function runStep(
  world: World,
  deploys: DeployTracker,
  step: Step,
  index: number,
  violations: Violation[],
  deferred: (() => void)[],
  stats: { served: number; errorPages: number; staleDeleted: number } & PathTally,
): Promise<void> {
  const { cluster } = world;
  switch (step.op) {
    case 'kill':
      return cluster.kill(step.node, step.signal);
    case 'restart':
      return cluster.restart(step.node);
    case 'fault':
      return cluster.setFaults(step.node, step.faults);
    case 'heal':
      return cluster.heal(step.node);
    case 'deploy':
      deploys.start(index, step.change);
      if (!step.background) await deploys.settle(index);
      return;
    case 'settle':
      return deploys.settle(index);
    case 'wait':
      await new Promise((resolve) => setTimeout(resolve, step.ms));
      return;
    case 'browse':
      return browse(world, deploys, step, index, violations, deferred, stats);
  }
}

async function browse(
  world: World,
  deploys: DeployTracker,
  step: Extract<Step, { op: 'browse' }>,
  index: number,
  violations: Violation[],
  deferred: (() => void)[],
  stats: { served: number; errorPages: number; staleDeleted: number } & PathTally,
): Promise<void> {
  const label = deploys.label;
  const driver = world.drivers[step.via];
  if (!label || !driver) {
    world.debug(`      skipped: ${label ? `no ${step.via} driver` : 'no site yet'}`);
    return;
  }
  if (step.fresh) await driver.fresh();
  if (step.hostile) {
    const problem = await driver.poison?.(label);
    if (problem) world.debug(`      hostile script: ${problem}`);
  }
  // Faults change only between steps, so this holds for every request of the step.
  const nodes = world.cluster.snapshot();
  for (const target of step.targets) {
    const { urlPath, range } = resolveTarget(target, deploys.history);
    const t0 = Date.now();
    const served = await driver.get(label, urlPath, range);
    const t1 = Date.now();
    const ok = served.failure === null && served.errorKind === null;
    if (ok) stats.served++;
    else stats.errorPages++;
    tallyPath(stats, /path=(\w+)/.exec(served.read ?? '')?.[1]);
    world.debug(
      `      ${urlPath}${range ? ` (${range})` : ''}: ${served.failure ?? `${served.status}${served.errorKind ? ` ${served.errorKind}` : ''} ${served.length} B`}${served.read ? ` [${served.read}]` : ''}`,
    );
    const history = deploys.history;
    deferred.push(() => {
      const candidates = expectedResponses(candidateVersions(history, t0, t1, STALE_MS), urlPath, range);
      const problem = checkServed({
        urlPath,
        range,
        served,
        via: step.via,
        candidates,
        everLive: expectedResponses(
          history.filter((v) => v.settledAt !== null),
          urlPath,
          range,
        ),
        mustServe: (version, resource) => mustServeFile(world, nodes, history, version, resource),
      });
      if (problem) violations.push({ ...problem, step: index });
      else if (!ok && candidates.some((c) => deletedBlobOf(world, history, c.version, c.resource)))
        stats.staleDeleted++;
    });
  }
}

function deletedBlobOf(
  world: World,
  history: readonly VersionRecord[],
  version: number,
  resource: string,
): boolean {
  const blobId = history.find((v) => v.number === version)?.resources?.get(resource)?.blobId;
  return blobId !== undefined && world.registry.get(blobId)?.deletedAt != null;
}

/** Whether version `version`'s blob holding `resource` had ≤ 2f shards unavailable in `nodes`. */
function mustServeFile(
  world: World,
  nodes: Nodes,
  history: readonly VersionRecord[],
  version: number,
  resource: string,
): boolean {
  const record = history.find((v) => v.number === version);
  const blobId = record?.resources?.get(resource)?.blobId;
  const blob = blobId ? world.registry.get(blobId) : undefined;
  // A replaced version's quilt may be deleted by the deploy that replaced it (its cached lookup
  // then names a blob the nodes dropped): an error page is all a portal can answer.
  return blob !== undefined && blob.deletedAt === null && mustBeReadable(world.topology, nodes, blob.holders);
}

/** The URL (and Range header) a target names, among the files of the versions that may be live. */
function resolveTarget(
  target: BrowseTarget,
  history: readonly VersionRecord[],
): { urlPath: string; range: string | null } {
  const tag = target.pick.toString(36);
  switch (target.kind) {
    case 'root':
      return { urlPath: '/', range: null };
    case 'route':
      return { urlPath: `/app/${tag}/view`, range: null };
    case 'missing':
      return { urlPath: `/missing/${tag}.txt`, range: null };
    case 'file': {
      // The last version live and the one in flight, if any.
      const recent = history.slice(-2);
      const files = new Map(recent.flatMap((v) => [...v.folder]));
      const paths = [...files.keys()].sort();
      const path = paths[target.pick % paths.length]!;
      const size = files.get(path)!.length;
      let range: string | null = null;
      if (target.range && size > 0) {
        const start = target.pick % size;
        range = `bytes=${start}-${start + ((target.pick >>> 5) % (size - start))}`;
      }
      return { urlPath: encodeURI(path), range };
    }
  }
}

/** blob-readable: this schedule's certified blobs and, during the schedule, one older one. */
async function checkBlobs(
  world: World,
  schedule: Schedule,
  step: number,
  random: (() => number) | null,
  violations: Violation[],
  stats: { blobReads: number; blobReadsFailed: number } & PathTally,
): Promise<void> {
  const live = (b: TrackedBlob) => b.deletedAt === null;
  const blobs: TrackedBlob[] = world.registry.of(schedule.index).filter(live);
  const older = world.registry.all.filter((b) => b.schedule !== schedule.index && live(b));
  if (random && older.length) blobs.push(older[Math.floor(random() * older.length)]!);
  const nodes = world.cluster.snapshot();
  await Promise.all(
    blobs.map(async (blob) => {
      const must = mustBeReadable(world.topology, nodes, blob.holders);
      // A blob beyond the budget need not read; one in three is read anyway, for the error path
      // (the reader must fail cleanly, never return other bytes).
      if (!must && random && random() < 2 / 3) return;
      const outcome = await readWholeBlob(world.reader, blob);
      stats.blobReads++;
      if (!outcome.ok) stats.blobReadsFailed++;
      else tallyPath(stats, outcome.path.replace('+decode', ''));
      // A failed read of a blob a deploy just deleted (cleanup of old quilts) is no violation.
      if (must && !outcome.ok && !(await blobObjectExists(world.chain.sui, blob))) {
        blob.deletedAt ??= Date.now();
        return;
      }
      if (must && !outcome.ok) {
        violations.push({
          invariant: 'blob-readable',
          step,
          message: `blob ${blob.blobId} (schedule ${blob.schedule}, held by nodes ${[...blob.holders].sort().join(',')}) did not read with at most 2f shards unavailable: ${outcome.error}`,
        });
      }
    }),
  );
}

interface PathTally {
  recoveredReads: number;
  fallbackReads: number;
}

/** Counts how a read was made (`x-floe-read`'s or the reader's `path`), so a run shows recovery ran. */
function tallyPath(stats: PathTally, path: string | undefined): void {
  if (path === 'recovered') stats.recoveredReads++;
  else if (path === 'fallback') stats.fallbackReads++;
}
