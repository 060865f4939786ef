import { describe, expect, it } from 'vitest';
import { PlanError } from './plan-error.ts';
import { checkPlanMatches, makePlan } from './plan.ts';
import { contiguousShards, skewedShardCounts } from './stake.ts';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('skewedShardCounts', () => {
  it('gives 100 nodes 1000 shards skewed as mainnet stake: a few with 20–40, many with 3–8', () => {
    const counts = skewedShardCounts(1000, 100, 7);
    expect(sum(counts)).toBe(1000);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...counts)).toBeLessThanOrEqual(40);
    const big = counts.filter((c) => c >= 20 && c <= 40).length;
    expect(big).toBeGreaterThanOrEqual(3);
    expect(big).toBeLessThanOrEqual(15);
    expect(counts.filter((c) => c >= 3 && c <= 8).length).toBeGreaterThanOrEqual(35);
  });

  it('is the same for the same seed and differs in order for another', () => {
    expect(skewedShardCounts(1000, 100, 7)).toEqual(skewedShardCounts(1000, 100, 7));
    const other = skewedShardCounts(1000, 100, 8);
    expect(other).not.toEqual(skewedShardCounts(1000, 100, 7));
    expect([...other].sort((a, b) => a - b)).toEqual(
      [...skewedShardCounts(1000, 100, 7)].sort((a, b) => a - b),
    );
  });

  it('keeps every node at one shard or more and the total exact, for any shape', () => {
    for (const [nShards, nodes] of [
      [10, 10],
      [11, 10],
      [40, 4],
      [1000, 7],
      [1000, 999],
      [4096, 150],
    ] as const) {
      const counts = skewedShardCounts(nShards, nodes, 1);
      expect(counts).toHaveLength(nodes);
      expect(sum(counts)).toBe(nShards);
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    }
  });

  it('rejects fewer shards than nodes', () => {
    expect(() => skewedShardCounts(5, 10, 1)).toThrow(PlanError);
  });
});

describe('plans with a profile', () => {
  const args = { nShards: 1000, nodes: 100, chainPort: 9000, now: 1 };
  const ports = Array.from({ length: 100 }, (_, i) => 20_000 + i);
  const adminPorts = ports.map((p) => p + 1000);

  it('splits by stake into contiguous runs covering every shard once', () => {
    const plan = makePlan({ ...args, ports, adminPorts, profile: 'mainnet', stakeSeed: 7 });
    expect(plan.profile).toBe('mainnet');
    expect(plan.nodes.flatMap((n) => n.shards)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(plan.nodes.map((n) => n.shards.length)).toEqual(skewedShardCounts(1000, 100, 7));
    expect(contiguousShards([2, 1])).toEqual([[0, 1], [2]]);
  });

  it('asks for --reset when the profile differs, and treats plans without one as default', () => {
    const plan = makePlan({ ...args, ports, adminPorts, profile: 'mainnet', stakeSeed: 7 });
    expect(() => checkPlanMatches(plan, { nodes: 100, nShards: 1000, profile: 'default' })).toThrow(
      /--reset/,
    );
    expect(() => checkPlanMatches(plan, { nodes: 100, nShards: 1000, profile: 'mainnet' })).not.toThrow();
    const { profile: _, ...old } = makePlan({ ...args, nodes: 10, ports, adminPorts });
    expect(() => checkPlanMatches(old, { nodes: 10, nShards: 1000 })).not.toThrow();
    expect(() => checkPlanMatches(old, { nodes: 10, nShards: 1000, profile: 'mainnet' })).toThrow(/--reset/);
  });
});
