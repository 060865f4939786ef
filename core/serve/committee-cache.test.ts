import { describe, expect, it } from 'vitest';
import type { Committee } from '../walrus/committee.ts';
import { CommitteeCache } from './committee-cache.ts';

const SEED: Committee = { n: 1, epoch: 7, members: [{ url: 'https://a.example', shards: [0] }] };

/** A source that counts reads and cannot answer them (the chain or portal unreachable). */
function unreachableSource() {
  const calls = { stakingState: 0 };
  const load = async (): Promise<Committee> => {
    calls.stakingState++;
    throw new TypeError('fetch failed');
  };
  return { load, calls };
}

describe('CommitteeCache', () => {
  it('answers from a seeded committee without reading the chain until its TTL passes', async () => {
    const { load, calls } = unreachableSource();
    const cache = new CommitteeCache(load, 60_000);
    cache.seed(SEED);
    expect(await cache.get()).toBe(SEED);
    expect(calls.stakingState).toBe(0);
  });

  it('checks the chain once the seed is stale, and keeps the seed while the chain cannot answer', async () => {
    const { load, calls } = unreachableSource();
    const cache = new CommitteeCache(load, 0);
    cache.seed(SEED);
    expect(await cache.get()).toBe(SEED);
    expect(calls.stakingState).toBe(1);
  });

  it('without a seed, a chain that cannot answer is an error', async () => {
    const { load } = unreachableSource();
    await expect(new CommitteeCache(load).get()).rejects.toThrow('fetch failed');
  });
});
