import { describe, expect, it } from 'vitest';
import {
  budgetPlan,
  ByteBudget,
  MemoryBudgetError,
  MIN_MEMORY_BUDGET,
  planForBudget,
} from './memory-budget.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('budgetPlan', () => {
  it('divides the default budget: one worker with quilts as large as fit, the rest for slivers less slack', () => {
    const plan = budgetPlan(GiB, 200 * MiB, 2);
    expect(plan.available).toBe(824 * MiB);
    // Two workers would halve the quilt cap, and more quilts cost more storage.
    expect(plan.encodeWorkers).toBe(1);
    expect(plan.quiltCap).toBe(34 * MiB);
    // Both workers at their peak (12x the quilt) fit half of what is available.
    expect(plan.encodeWorkers * 12 * plan.quiltCap).toBeLessThanOrEqual(plan.available / 2);
    // An eighth (103 MiB) is left undivided; the slivers share what remains of their half.
    expect(plan.uploadInFlight).toBe(154 * MiB);
    expect(plan.inMemorySlivers).toBe(154 * MiB);
    // A stream encode's peak (3.5× its group) fits half the encode share.
    expect(plan.columnGroupBytes).toBe(58 * MiB);
    expect(3.5 * plan.columnGroupBytes).toBeLessThanOrEqual(plan.available / 4);
    expect(
      plan.encodeWorkers * 12 * plan.quiltCap + plan.uploadInFlight + plan.inMemorySlivers,
    ).toBeLessThanOrEqual(plan.available - 103 * MiB);
  });

  it('uses one worker and smaller quilts when the budget is tight', () => {
    const plan = budgetPlan(MIN_MEMORY_BUDGET, 100 * MiB, 8);
    expect(plan.encodeWorkers).toBe(1);
    expect(plan.quiltCap).toBeLessThan(8 * MiB);
    expect(12 * plan.quiltCap).toBeLessThanOrEqual(plan.available / 2);
  });

  it('runs more workers only when each can build full-size quilts, never more than cores', () => {
    expect(budgetPlan(2 * GiB, 0, 2).encodeWorkers).toBe(1);
    expect(budgetPlan(4 * GiB, 0, 2).encodeWorkers).toBe(2);
    const plan = budgetPlan(64 * GiB, 0, 4);
    expect(plan.encodeWorkers).toBe(4);
    expect(plan.quiltCap).toBe(64 * MiB);
  });

  it('refuses a budget below the minimum or one the baseline already fills, naming the figures', () => {
    expect(() => budgetPlan(100 * MiB, 0, 2)).toThrow(MemoryBudgetError);
    expect(() => budgetPlan(100 * MiB, 0, 2)).toThrow(/below the minimum of 256 MiB/);
    const error = (() => {
      try {
        budgetPlan(300 * MiB, 250 * MiB, 2);
      } catch (e) {
        return e as MemoryBudgetError;
      }
    })();
    expect(error).toBeInstanceOf(MemoryBudgetError);
    expect(error?.message).toMatch(/already holds 250 MiB.*at least 378 MiB/);
    expect(() => budgetPlan(Number.NaN, 0, 2)).toThrow(MemoryBudgetError);
  });
});

describe('planForBudget', () => {
  it('refuses a chosen budget the baseline fills, but grows the default one to the least that works', () => {
    expect(() => planForBudget(GiB, 1000 * MiB, 2, true)).toThrow(/already holds 1000 MiB/);
    const grown = planForBudget(GiB, 1000 * MiB, 2, false);
    expect(grown.available).toBe(MIN_MEMORY_BUDGET / 2);
    expect(grown.encodeWorkers).toBe(1);
    // A default budget that fits is used as it is.
    expect(planForBudget(GiB, 200 * MiB, 2, false)).toEqual(budgetPlan(GiB, 200 * MiB, 2));
  });
});

describe('ByteBudget', () => {
  it('grants up to its capacity and makes the rest wait until bytes are released', async () => {
    const budget = new ByteBudget(10);
    const a = await budget.acquire(6);
    let granted = false;
    const b = budget.acquire(6).then((release) => {
      granted = true;
      return release;
    });
    await Promise.resolve();
    expect(granted).toBe(false);
    expect(budget.held).toBe(6);
    a();
    (await b)();
    expect(granted).toBe(true);
    expect(budget.held).toBe(0);
  });

  it('lets a request larger than the capacity through alone, so it cannot deadlock', async () => {
    const budget = new ByteBudget(10);
    const small = await budget.acquire(3);
    let big = false;
    const pending = budget.acquire(25).then((release) => {
      big = true;
      return release;
    });
    await Promise.resolve();
    expect(big).toBe(false);
    small();
    const release = await pending;
    expect(budget.held).toBe(25);
    release();
    release(); // a second call changes nothing
    expect(budget.held).toBe(0);
  });

  it('serves waiters in order: a waiting large request is not overtaken by small ones', async () => {
    const budget = new ByteBudget(10);
    const first = await budget.acquire(8);
    const order: string[] = [];
    const large = budget.acquire(9).then((r) => (order.push('large'), r));
    const small = budget.acquire(1).then((r) => (order.push('small'), r));
    first();
    (await large)();
    (await small)();
    expect(order).toEqual(['large', 'small']);
  });

  it('drops a waiter whose signal aborts, and the next one proceeds', async () => {
    const budget = new ByteBudget(4);
    const held = await budget.acquire(4);
    const stop = new AbortController();
    const aborted = budget.acquire(4, stop.signal);
    const next = budget.acquire(2);
    stop.abort(new Error('cancelled'));
    await expect(aborted).rejects.toThrow('cancelled');
    held();
    (await next)();
    expect(budget.held).toBe(0);
  });
});
