import { describe, expect, it } from 'vitest';
import { chooseFaults } from './faults-plan.ts';
import { hostGroups, PROFILES } from './profiles.ts';
import { skewedShardCounts } from './stake.ts';

describe('the mainnet profile', () => {
  const counts = skewedShardCounts(
    PROFILES.mainnet.nShards,
    PROFILES.mainnet.nodes,
    PROFILES.mainnet.stakeSeed!,
  );
  const faults = chooseFaults(counts, PROFILES.mainnet.faults!);

  it('fails distinct small-stake nodes, the same ones every time', () => {
    expect(faults.down).toHaveLength(3);
    expect(faults.slow).toHaveLength(3);
    expect(new Set([...faults.down, ...faults.slow]).size).toBe(6);
    const median = [...counts].sort((a, b) => a - b)[counts.length / 2]!;
    for (const i of [...faults.down, ...faults.slow]) expect(counts[i]).toBeLessThanOrEqual(median);
    expect(chooseFaults(counts, PROFILES.mainnet.faults!)).toEqual(faults);
  });

  it('leaves far more than the 2/3 of shards a write needs answering, even without the slow nodes', () => {
    const lost = [...faults.down, ...faults.slow].reduce((a, i) => a + counts[i]!, 0);
    expect(1000 - lost).toBeGreaterThan((2 / 3) * 1000 + 100);
  });

  it('hosts every node exactly once', () => {
    const groups = hostGroups(100, PROFILES.mainnet.nodesPerHost!);
    expect(groups).toHaveLength(4);
    expect(groups.flat()).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(hostGroups(7, 3)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });
});
