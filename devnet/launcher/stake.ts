// Skewed shard counts, shaped like Walrus mainnet's stake: shards follow stake, and on mainnet a
// few operators hold 3–4 % of the shards each while most hold well under 1 %. Pure and
// deterministic: the same (nShards, nodes, seed) always gives the same split, so a restarted
// devnet and its tests agree.
//
// The shape is one shard each plus a log-normal (σ = 0.7, read at evenly spaced quantiles) share of
// the rest, capped at 4 % of the shards: with 1000 shards over 100 nodes that is ~45 nodes with 3–8
// shards and ~8 with 20–40, close to
// the mainnet committee as listed by the Walrus explorers (walruscan.com/mainnet/operators). It
// is an assumed shape, not a census.
import { seededRandom } from '../geo/random.ts';
import { PlanError } from './plan-error.ts';

const SIGMA = 0.7;
/** No node above this share of all shards (mainnet's largest operators hold about 4 %). */
const MAX_SHARE = 0.04;

/**
 * How many shards each of `nodes` nodes holds: every node at least one, none above
 * `max(4 % of nShards, 2 × the mean)`, summing to exactly `nShards`. The order of nodes is shuffled
 * with `seed`, so node 0 is not always the smallest.
 */
export function skewedShardCounts(nShards: number, nodes: number, seed: number): number[] {
  if (!Number.isInteger(nodes) || nodes < 1) throw new PlanError(`need at least one node, got ${nodes}`);
  if (!Number.isInteger(nShards) || nShards < nodes || nShards > 0xffff) {
    throw new PlanError(
      `shard count must be an integer from ${nodes} (one per node) to 65535, got ${nShards}`,
    );
  }
  const weights = Array.from({ length: nodes }, (_, i) => Math.exp(SIGMA * probit((i + 0.5) / nodes)));
  const max = Math.max(Math.ceil(MAX_SHARE * nShards), Math.ceil((2 * nShards) / nodes));
  const counts = apportion(weights, nShards, 1, max);
  const random = seededRandom(seed);
  for (let i = counts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [counts[i], counts[j]] = [counts[j]!, counts[i]!];
  }
  return counts;
}

/** Contiguous shard runs of the given sizes: node i gets the next `counts[i]` shard indices. */
export function contiguousShards(counts: readonly number[]): number[][] {
  let next = 0;
  return counts.map((count) => Array.from({ length: count }, () => next++));
}

/**
 * Splits `total` in proportion to `weights`, each part within [min, max] (callers make sure
 * `weights.length × min ≤ total ≤ weights.length × max`): every part gets `min`, the rest goes by
 * weight with parts that would pass `max` fixed there and the others re-scaled until none does;
 * largest remainders round.
 */
function apportion(weights: readonly number[], total: number, min: number, max: number): number[] {
  const cap = max - min;
  const fixed = new Map<number, number>();
  for (;;) {
    const free = weights.flatMap((w, i) => (fixed.has(i) ? [] : [{ w, i }]));
    const left = total - min * weights.length - cap * fixed.size;
    const sum = free.reduce((a, { w }) => a + w, 0);
    const exact = free.map(({ w, i }) => ({ i, value: (w * left) / sum }));
    const over = exact.filter(({ value }) => value > cap);
    if (over.length > 0) {
      for (const { i } of over) fixed.set(i, cap);
      continue;
    }
    const parts = new Map(exact.map(({ i, value }) => [i, Math.floor(value)]));
    let remaining = left - sum_(parts.values());
    for (const { i } of [...exact].sort((a, b) => (b.value % 1) - (a.value % 1) || a.i - b.i)) {
      if (remaining === 0) break;
      parts.set(i, parts.get(i)! + 1);
      remaining--;
    }
    return weights.map((_, i) => min + (fixed.get(i) ?? parts.get(i)!));
  }
}

function sum_(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** The standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
function probit(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.40075824219319, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = 0.02425;
  const poly = (k: readonly number[], x: number) => k.reduce((acc, coef) => acc * x + coef, 0);
  if (p < tail) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - tail) return -probit(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}
