import { describe, expect, it } from 'vitest';
import {
  deployMemory,
  ENCODE_THREAD_BYTES,
  planWithWorkers,
  stableQuiltCap,
  UNBOUNDED_MEMORY,
} from './deploy-memory.ts';
import { budgetPlan, ENCODE_PEAK_FACTOR, MemoryBudgetError } from './memory-budget.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('deployMemory', () => {
  it('bounds nothing without a plan', () => {
    expect(deployMemory(undefined)).toBe(UNBOUNDED_MEMORY);
    expect(UNBOUNDED_MEMORY.inMemorySlivers).toBe(Number.POSITIVE_INFINITY);
    expect(UNBOUNDED_MEMORY.quiltCap).toBeUndefined();
  });

  it('takes lanes, shares and caps from the plan; blobs past a worker’s share are streamed', () => {
    const plan = budgetPlan(GiB, 150 * MiB, 2);
    const memory = deployMemory(plan);
    expect(memory.lanes).toBe(plan.encodeWorkers);
    expect(memory.inMemorySlivers).toBe(plan.inMemorySlivers);
    // Bodies in flight are counted four times (two copies, and garbage as much again: measured).
    expect(memory.uploadInFlight).toBe(Math.floor(plan.uploadInFlight / 4));
    expect(memory.columnGroupBytes).toBe(plan.columnGroupBytes);
    expect(memory.streamAbove).toBe(plan.quiltCap);
    expect(memory.quiltCap).toBeLessThanOrEqual(plan.quiltCap);
  });

  it('packs the same quilts whatever the baseline did within a few MiB', () => {
    const caps = [140, 150, 160, 170].map((base) => deployMemory(budgetPlan(GiB, base * MiB, 2)).quiltCap);
    expect(new Set(caps).size).toBe(1);
  });
});

describe('stableQuiltCap', () => {
  it('rounds down to a power of two or one and a half times one, at least 1 MiB', () => {
    expect(stableQuiltCap(64 * MiB)).toBe(64 * MiB);
    expect(stableQuiltCap(18 * MiB)).toBe(16 * MiB);
    expect(stableQuiltCap(15 * MiB + 900 * 1024)).toBe(12 * MiB);
    expect(stableQuiltCap(31 * MiB + 5)).toBe(24 * MiB);
    expect(stableQuiltCap(100)).toBe(MiB);
    expect(stableQuiltCap(1.7 * MiB)).toBe(1.5 * MiB);
  });
});

describe('planWithWorkers', () => {
  it('counts each worker’s fixed cost and keeps the most workers that fit with their peaks', () => {
    const plan = planWithWorkers(4 * GiB, 90 * MiB, 2);
    expect(plan.encodeWorkers).toBe(2);
    expect(plan.available).toBe(4 * GiB - 90 * MiB - 2 * ENCODE_THREAD_BYTES);
    // At the default budget a second worker would halve the quilts: one worker, one fixed cost.
    const single = planWithWorkers(GiB, 90 * MiB, 2);
    expect(single.encodeWorkers).toBe(1);
    expect(single.available).toBe(GiB - 90 * MiB - ENCODE_THREAD_BYTES);
    const tight = planWithWorkers(512 * MiB, 90 * MiB, 4);
    expect(tight.encodeWorkers).toBeLessThan(4);
    const fixed = 90 * MiB + tight.encodeWorkers * ENCODE_THREAD_BYTES;
    expect(fixed + tight.encodeWorkers * ENCODE_PEAK_FACTOR * tight.quiltCap).toBeLessThanOrEqual(512 * MiB);
  });

  it('fails as budgetPlan does when not even one worker fits', () => {
    expect(() => planWithWorkers(256 * MiB, 200 * MiB, 2)).toThrow(MemoryBudgetError);
  });
});
