import { describe, expect, it } from 'vitest';
import {
  assignRegions,
  cdnLink,
  chainLink,
  GeoError,
  linkTo,
  REGIONS,
  VISITORS,
  type Region,
} from './regions.ts';

describe('visitor links', () => {
  it('puts near regions near and far regions far, for every visitor', () => {
    const home: Record<string, Region> = {
      frankfurt: 'eu-central',
      virginia: 'us-east',
      singapore: 'ap-southeast',
    };
    for (const visitor of VISITORS) {
      const links = REGIONS.map((region) => ({ region, link: linkTo(visitor, region) }));
      const nearest = links.reduce((a, b) => (b.link.rttMs < a.link.rttMs ? b : a));
      expect(nearest.region).toBe(home[visitor]);
      for (const { link } of links) {
        // A new HTTPS connection costs TCP + TLS: two round trips.
        expect(link.setupMs).toBe(2 * link.rttMs);
        expect(link.jitterMs).toBeGreaterThan(0);
        expect(link.jitterMs).toBeLessThan(link.rttMs);
      }
      // Farther never means faster.
      const byRtt = [...links].sort((a, b) => a.link.rttMs - b.link.rttMs);
      for (let i = 1; i < byRtt.length; i++) {
        expect(byRtt[i]!.link.bandwidthBytesPerSec).toBeLessThanOrEqual(
          byRtt[i - 1]!.link.bandwidthBytesPerSec,
        );
      }
    }
  });

  it('gives a Frankfurt visitor the published rough figures', () => {
    expect(linkTo('frankfurt', 'eu-central').rttMs).toBeLessThan(20);
    expect(linkTo('frankfurt', 'us-east').rttMs).toBeGreaterThan(80);
    expect(linkTo('frankfurt', 'us-east').rttMs).toBeLessThan(110);
    expect(linkTo('frankfurt', 'ap-northeast').rttMs).toBeGreaterThan(200);
  });

  it('refuses unknown names from untyped callers', () => {
    expect(() => linkTo('paris' as 'frankfurt', 'eu-west')).toThrow(GeoError);
    expect(() => linkTo('frankfurt', 'mars' as Region)).toThrow(GeoError);
  });
});

describe('assignRegions', () => {
  it('is deterministic and spreads nodes mostly over Europe and North America, some in Asia', () => {
    const regions = assignRegions(100, 7);
    expect(assignRegions(100, 7)).toEqual(regions);
    const count = (prefix: string) => regions.filter((r) => r.startsWith(prefix)).length;
    expect(count('eu-') + count('us-') + count('ap-')).toBe(100);
    expect(count('eu-')).toBeGreaterThan(count('ap-'));
    expect(count('us-')).toBeGreaterThan(count('ap-'));
    expect(count('ap-')).toBeGreaterThan(0);
  });

  it('gives even a 4-node devnet three continents', () => {
    const regions = assignRegions(4, 1);
    expect(regions).toHaveLength(4);
    expect(regions.some((r) => r.startsWith('eu-'))).toBe(true);
    expect(regions.some((r) => r.startsWith('us-'))).toBe(true);
    expect(regions.some((r) => r.startsWith('ap-'))).toBe(true);
  });

  it('shuffles with the seed, keeping the counts', () => {
    const seeds = [1, 2, 3, 4, 5].map((seed) => assignRegions(10, seed));
    expect(new Set(seeds.map((r) => r.join())).size).toBeGreaterThan(1);
    for (const regions of seeds) expect([...regions].sort()).toEqual([...seeds[0]!].sort());
    expect(assignRegions(0, 1)).toEqual([]);
    expect(() => assignRegions(-1, 1)).toThrow(GeoError);
  });
});

describe('links to the CDN edge and the chain RPC provider', () => {
  it('puts the aggregator edge closer than any storage node, at full access-link speed', () => {
    const edge = cdnLink();
    expect(edge.rttMs).toBeLessThan(10);
    expect(edge.setupMs).toBe(2 * edge.rttMs);
    for (const visitor of VISITORS) {
      for (const region of REGIONS) expect(edge.rttMs).toBeLessThan(linkTo(visitor, region).rttMs);
      const provider = chainLink(visitor);
      // On the visitor's continent: farther than the edge, nearer than any ocean crossing.
      expect(provider.rttMs).toBeGreaterThan(edge.rttMs);
      expect(provider.rttMs).toBeLessThan(80);
      expect(provider.bandwidthBytesPerSec).toBe(edge.bandwidthBytesPerSec);
    }
    expect(() => chainLink('mars' as never)).toThrow(GeoError);
  });
});
