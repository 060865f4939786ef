import { describe, expect, it } from 'vitest';
import type { SiteResource } from '../site/types.ts';
import type { OnChainSite } from '../sui/site-read.ts';
import { promotion } from './promote.ts';

const resource = (
  path: string,
  blobId: string,
  hash = 1,
  headers: [string, string][] = [],
): SiteResource => ({
  path,
  headers: new Map(headers),
  blobId,
  blobHash: new Uint8Array(32).fill(hash),
  range: null,
});

const site = (id: string, resources: SiteResource[], extra: Partial<OnChainSite> = {}): OnChainSite => ({
  id,
  version: '1',
  digest: 'd',
  owner: '0xowner',
  name: id,
  metadata: { link: null, imageUrl: null, description: null, projectUrl: null, creator: null },
  resources: new Map(resources.map((r) => [r.path, r])),
  routes: [],
  redirects: [],
  ...extra,
});

describe('promotion', () => {
  it("takes the preview's resources: new, changed and removed paths, nothing for equal ones", () => {
    const live = site('live', [resource('/a', 'q1'), resource('/b', 'q1'), resource('/old', 'q1')]);
    const preview = site('preview', [
      resource('/a', 'q1'),
      resource('/b', 'q2', 2),
      resource('/c', 'q2', 3, [['cache-control', 'no-cache']]),
    ]);
    const p = promotion(live, preview);
    expect({ changed: p.changed, added: p.added, removed: p.removed, unchanged: p.unchanged }).toEqual({
      changed: 1,
      added: 1,
      removed: 1,
      unchanged: 1,
    });
    expect(p.update!.target).toEqual({ kind: 'existing', siteId: 'live' });
    expect(p.update!.creates!.map((r) => [r.path, r.blobId])).toEqual([
      ['/b', 'q2'],
      ['/c', 'q2'],
    ]);
    expect([...p.update!.deletes!].sort()).toEqual(['/b', '/old']);
    expect(p.update!.routes).toBeNull();
    expect(p.update!.redirects).toBeNull();
  });

  it('counts a header-only change as a change, and copies routes, redirects and metadata that differ', () => {
    const live = site('live', [resource('/a', 'q1')]);
    const preview = site('preview', [resource('/a', 'q1', 1, [['content-type', 'text/plain']])], {
      routes: [['/app/*', '/a']],
      redirects: [['/x', { location: '/a', statusCode: 301 }]],
      metadata: { link: null, imageUrl: null, description: 'new', projectUrl: null, creator: null },
    });
    const p = promotion(live, preview);
    expect(p.changed).toBe(1);
    expect(p.update!.routes).toEqual([['/app/*', '/a']]);
    expect(p.update!.redirects).toEqual([['/x', { location: '/a', statusCode: 301 }]]);
    expect(p.update!.metadata?.description).toBe('new');
  });

  it('needs no transaction when the live site already equals the preview', () => {
    const files = [resource('/a', 'q1'), resource('/b', 'q2')];
    expect(promotion(site('live', files), site('preview', files)).update).toBeNull();
  });
});
