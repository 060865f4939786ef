import { describe, expect, it } from 'vitest';
import type { ClientWithCoreApi } from '@mysten/sui/client';
import type { WalrusClient } from '@mysten/walrus';
import type { Committee } from '../walrus/committee.ts';
import { CommitteeCache } from './committee-cache.ts';

const SEED: Committee = { n: 1, epoch: 7, members: [{ url: 'https://a.example', shards: [0] }] };

/** A chain that counts reads and cannot answer them (no staking state to read). */
function unreachableChain() {
  const calls = { stakingState: 0 };
  const walrus = {
    reset: () => {},
    stakingState: async () => {
      calls.stakingState++;
      throw new TypeError('fetch failed');
    },
  } as unknown as WalrusClient;
  return { walrus, sui: {} as ClientWithCoreApi, calls };
}

describe('CommitteeCache', () => {
  it('answers from a seeded committee without reading the chain until its TTL passes', async () => {
    const { walrus, sui, calls } = unreachableChain();
    const cache = new CommitteeCache(walrus, sui, 'https', 60_000);
    cache.seed(SEED);
    expect(await cache.get()).toBe(SEED);
    expect(calls.stakingState).toBe(0);
  });

  it('checks the chain once the seed is stale, and keeps the seed while the chain cannot answer', async () => {
    const { walrus, sui, calls } = unreachableChain();
    const cache = new CommitteeCache(walrus, sui, 'https', 0);
    cache.seed(SEED);
    expect(await cache.get()).toBe(SEED);
    expect(calls.stakingState).toBe(1);
  });

  it('without a seed, a chain that cannot answer is an error', async () => {
    const { walrus, sui } = unreachableChain();
    await expect(new CommitteeCache(walrus, sui, 'https').get()).rejects.toThrow('fetch failed');
  });
});
