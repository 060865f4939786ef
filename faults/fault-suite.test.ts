// The short form of the fault suite, run with the unit tests: a few schedules of a fixed seed,
// chosen so that together they cover every profile (calm, degraded, overload), every operation
// (SIGKILL and SIGTERM kills, restarts, latency, drops, corruption, refusing nodes, background
// deploys, waits) and all three browsing paths, Chromium's service worker included — once after
// a hostile site script poisoned the worker's caches (schedule 1). The full form
// is `npm run test:faults` (200 random schedules); see faults/run.ts.
import { describe, expect, it } from 'vitest';
import { describeFailure, runSuite } from './suite.ts';

const SEED = 87;
const SCHEDULES = 5;

describe('fault suite (short form)', () => {
  it(`should keep every invariant over ${SCHEDULES} schedules of seed ${SEED}`, async () => {
    const lines: string[] = [];
    const report = await runSuite({
      seed: SEED,
      count: SCHEDULES,
      log: (line) => {
        lines.push(line);
        console.log(`[faults] ${line}`);
      },
    });
    expect(report.reports).toHaveLength(SCHEDULES);
    expect(report.failed.map(describeFailure).join('\n\n')).toBe('');
  }, 300_000);
});
