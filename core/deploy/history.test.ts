import { describe, expect, it } from 'vitest';
import type { SiteResource } from '../site/types.ts';
import type { SiteTransaction } from '../sui/site-history.ts';
import type { OnChainSite } from '../sui/site-read.ts';
import type { SiteSnapshot } from '../sui/site-replay.ts';
import type { UpdateStep } from '../sui/site-steps.ts';
import { quiltsOutsideWindow, replayMismatch, siteVersions } from './history.ts';
import { RollbackError, rollbackTarget, rollbackUpdate } from './rollback.ts';

const META = { link: null, imageUrl: null, description: null, projectUrl: null, creator: null };

const file = (path: string, quilt: string, hash = 1): SiteResource => ({
  path,
  headers: new Map([['content-type', 'text/html']]),
  blobId: quilt,
  blobHash: new Uint8Array(32).fill(hash),
  range: null,
});

const snapshot = (...files: SiteResource[]): SiteSnapshot => ({
  name: 'site',
  metadata: META,
  resources: new Map(files.map((f) => [f.path, f])),
  routes: null,
  redirects: null,
  burned: false,
});

let n = 0;
const tx = (after: SiteSnapshot, step: UpdateStep | null = null): SiteTransaction => ({
  digest: `d${++n}`,
  sender: '0xa',
  timestampMs: 1_700_000_000_000 + n,
  version: String(n),
  step,
  after,
});

describe('siteVersions', () => {
  it('makes one version per update, joining the marked steps of a split one, with what each changed', () => {
    const v1 = snapshot(file('/index.html', 'q1'), file('/about.html', 'q1'));
    const half = snapshot(file('/about.html', 'q1'));
    const v2 = snapshot(file('/about.html', 'q1'), file('/index.html', 'q2', 2), file('/new.html', 'q2'));
    const v3 = snapshot(file('/index.html', 'q2', 2), file('/new.html', 'q2'));
    const versions = siteVersions([
      tx(v1),
      tx(half, { index: 1, count: 2 }),
      tx(v2, { index: 2, count: 2 }),
      tx(v3),
    ]);
    expect(versions.map((v) => [v.number, v.digests.length, v.partial])).toEqual([
      [1, 1, false],
      [2, 2, false],
      [3, 1, false],
    ]);
    expect(versions[0]).toMatchObject({ added: ['/about.html', '/index.html'], changed: [], removed: [] });
    expect(versions[1]).toMatchObject({
      added: ['/new.html'],
      changed: ['/index.html'],
      quilts: ['q1', 'q2'],
    });
    expect(versions[2]).toMatchObject({ removed: ['/about.html'], quilts: ['q2'] });
  });

  it('marks an update that stopped half-way as partial and starts the next one fresh', () => {
    const versions = siteVersions([
      tx(snapshot(file('/a', 'q1'))),
      tx(snapshot(), { index: 1, count: 3 }),
      tx(snapshot(file('/a', 'q3', 3))),
    ]);
    expect(versions.map((v) => v.partial)).toEqual([false, true, false]);
  });
});

describe('quiltsOutsideWindow', () => {
  it('deletes only quilts no version in the window points at', () => {
    const versions = siteVersions([
      tx(snapshot(file('/a', 'q1'), file('/b', 'q1'))),
      tx(snapshot(file('/a', 'q2', 2), file('/b', 'q1'))),
      tx(snapshot(file('/a', 'q3', 3), file('/b', 'q1'))),
      tx(snapshot(file('/a', 'q4', 4), file('/b', 'q4', 4))),
    ]);
    expect(quiltsOutsideWindow(versions, 3)).toEqual([]);
    expect(quiltsOutsideWindow(versions, 2)).toEqual(['q2']);
    expect(quiltsOutsideWindow(versions, 1)).toEqual(['q1', 'q2', 'q3']);
  });
});

describe('rollback', () => {
  const live = (s: SiteSnapshot): OnChainSite => ({
    id: '0x1',
    version: '9',
    digest: 'x',
    owner: '0xa',
    name: s.name,
    metadata: s.metadata,
    resources: new Map([...s.resources].sort(([a], [b]) => (a < b ? -1 : 1))),
    routes: s.routes ?? [],
    redirects: s.redirects ?? [],
  });
  const versions = siteVersions([
    tx(snapshot(file('/a', 'q1'))),
    tx(snapshot(file('/a', 'q2', 2), file('/b', 'q2'))),
    tx(snapshot(), { index: 1, count: 2 }),
    tx(snapshot(file('/a', 'q3', 3))),
  ]);

  it('goes to the complete version before the live one by default, or to the one asked for', () => {
    expect(rollbackTarget(versions, null).number).toBe(2);
    expect(rollbackTarget(versions, 1).number).toBe(1);
    expect(() => rollbackTarget(versions, 3)).toThrow(/stopped half-way/);
    expect(() => rollbackTarget(versions, 7)).toThrow(/versions 1 to 4, not 7/);
    expect(() => rollbackTarget(versions.slice(0, 1), null)).toThrow(RollbackError);
  });

  it("updates the live site to exactly the version's pointers", () => {
    const current = live(versions[3]!.site);
    const plan = rollbackUpdate(current, versions[1]!);
    expect(plan).toMatchObject({ added: 1, changed: 1, removed: 0 });
    expect(plan.update!.creates!.map((r) => [r.path, r.blobId])).toEqual([
      ['/a', 'q2'],
      ['/b', 'q2'],
    ]);
    expect(rollbackUpdate(live(versions[1]!.site), versions[1]!).update).toBeNull();
  });

  it('detects a replay that does not end in the live site', () => {
    expect(replayMismatch(versions[3]!.site, live(versions[3]!.site))).toBeNull();
    expect(replayMismatch(versions[3]!.site, live(versions[1]!.site))).toMatch(/resources/);
  });
});
