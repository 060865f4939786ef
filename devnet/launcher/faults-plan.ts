// Which nodes of a profile start down or slow: pure, from the shard split and a seed, so a restart
// fails the same nodes and `devnet.json` can list them.
import { seededRandom } from '../geo/random.ts';
import type { FaultPlan } from './profiles.ts';

export interface ChosenFaults {
  /** Node indices that are not started. */
  readonly down: readonly number[];
  /** Node indices that answer late. */
  readonly slow: readonly number[];
}

/**
 * Draws `down + slow` distinct nodes from the smaller half by shard count (ties by index), so the
 * nodes that still answer hold far more than the 2/3 of shards a write needs.
 */
export function chooseFaults(shardCounts: readonly number[], plan: FaultPlan): ChosenFaults {
  const wanted = plan.down + plan.slow;
  const bySize = shardCounts
    .map((count, index) => ({ count, index }))
    .sort((a, b) => a.count - b.count || a.index - b.index);
  const pool = bySize.slice(0, Math.max(wanted, Math.floor(shardCounts.length / 2))).map((n) => n.index);
  if (pool.length < wanted) {
    throw new RangeError(`cannot fail ${wanted} of ${shardCounts.length} nodes`);
  }
  const random = seededRandom(plan.seed);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const ascending = (a: number, b: number) => a - b;
  return {
    down: pool.slice(0, plan.down).sort(ascending),
    slow: pool.slice(plan.down, wanted).sort(ascending),
  };
}
