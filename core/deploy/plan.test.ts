import { describe, expect, it } from 'vitest';
import type { Redirect, SiteMetadata, SiteResource } from '../site/types.ts';
import { QUILT_PATCH_HEADER } from '../site/types.ts';
import type { OwnedBlob } from '../walrus/writer.ts';
import {
  isEmptyPlan,
  planDeploy,
  withHeader,
  type DeployPlan,
  type DesiredSite,
  type LocalFile,
  type PlanInput,
  type RemoteSite,
} from './plan.ts';

// Two quilts the deployer holds; blob IDs are opaque strings to the planner.
const QUILT_A = 'A'.repeat(43);
const QUILT_B = 'B'.repeat(43);
const CURRENT_EPOCH = 10;
const END_EPOCH = 20;

function hash(seed: number): Uint8Array {
  return Uint8Array.from({ length: 32 }, (_, i) => (seed * 31 + i) & 0xff);
}

function file(path: string, seed: number, headers: Record<string, string> = {}): LocalFile {
  return {
    path,
    size: 100 + seed,
    sha256: hash(seed),
    headers: new Map(Object.entries(headers)),
  };
}

/** The on-chain resource a previous deploy wrote for `local` (patch header included, sorted). */
function resource(
  local: LocalFile,
  blobId: string,
  patch: string,
  extra?: Record<string, string>,
): SiteResource {
  const headers = withHeader(
    extra ? new Map(Object.entries(extra)) : local.headers,
    QUILT_PATCH_HEADER,
    patch,
  );
  return { path: local.path, headers, blobId, blobHash: local.sha256.slice(), range: null };
}

function owned(blobId: string, overrides: Partial<OwnedBlob> = {}): OwnedBlob {
  return {
    objectId: `0x${blobId.slice(0, 1).toLowerCase()}${'0'.repeat(63)}`,
    blobId,
    size: 4096,
    certified: true,
    endEpoch: 30,
    deletable: true,
    ...overrides,
  };
}

const METADATA: SiteMetadata = {
  link: 'https://example.com',
  imageUrl: null,
  description: 'a site',
  projectUrl: null,
  creator: 'me',
};

const ROUTES: (readonly [string, string])[] = [
  ['/app/*', '/app/index.html'],
  ['/docs/*', '/docs/index.html'],
];
const REDIRECTS: (readonly [string, Redirect])[] = [
  ['/old', { location: '/new', statusCode: 301 }],
  ['/tmp', { location: 'https://elsewhere.example/', statusCode: 302 }],
];

const INDEX = file('/index.html', 1, { 'content-type': 'text/html' });
const STYLE = file('/style.css', 2, { 'content-type': 'text/css' });
const LOGO = file('/img/logo.png', 3, { 'content-type': 'image/png' });

function desired(overrides: Partial<DesiredSite> = {}): DesiredSite {
  return {
    files: [INDEX, STYLE, LOGO],
    routes: ROUTES,
    redirects: REDIRECTS,
    name: 'My site',
    metadata: METADATA,
    ...overrides,
  };
}

/** The chain after a successful deploy of `desired()`: INDEX and STYLE in quilt A, LOGO in B. */
function remote(overrides: Partial<RemoteSite> = {}): RemoteSite {
  return {
    resources: new Map([
      [INDEX.path, resource(INDEX, QUILT_A, '0x0100000001')],
      [STYLE.path, resource(STYLE, QUILT_A, '0x0100010002')],
      [LOGO.path, resource(LOGO, QUILT_B, '0x0100000001')],
    ]),
    routes: ROUTES,
    redirects: REDIRECTS,
    name: 'My site',
    metadata: METADATA,
    ...overrides,
  };
}

function input(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    desired: desired(),
    remote: remote(),
    ownedBlobs: new Map([
      [QUILT_A, owned(QUILT_A)],
      [QUILT_B, owned(QUILT_B)],
    ]),
    currentEpoch: CURRENT_EPOCH,
    endEpoch: END_EPOCH,
    ...overrides,
  };
}

const paths = (files: readonly LocalFile[]) => files.map((f) => f.path);

describe('planDeploy: first deploy', () => {
  it('uploads every file and writes routes, redirects, name and metadata', () => {
    const plan = planDeploy(input({ remote: null, ownedBlobs: new Map() }));
    expect(paths(plan.upload)).toEqual([INDEX.path, STYLE.path, LOGO.path]);
    expect(plan.unchanged).toEqual([]);
    expect(plan.rewrite).toEqual([]);
    expect(plan.remove).toEqual([]);
    expect(plan.extend).toEqual([]);
    expect(plan.reuploadReasons.size).toBe(0);
    expect(plan.routes).toEqual(ROUTES);
    expect(plan.redirects).toEqual(REDIRECTS);
    expect(plan.name).toBe('My site');
    expect(plan.metadata).toEqual(METADATA);
    expect(isEmptyPlan(plan)).toBe(false);
  });

  it('writes empty routes and redirects too, and no metadata when the config has none', () => {
    const plan = planDeploy(
      input({ remote: null, desired: desired({ routes: [], redirects: [], metadata: null }) }),
    );
    expect(plan.routes).toEqual([]);
    expect(plan.redirects).toEqual([]);
    expect(plan.metadata).toBeNull();
    expect(plan.name).toBe('My site');
  });

  it('is not empty even for an empty folder (the site itself must be created)', () => {
    const plan = planDeploy(input({ remote: null, desired: desired({ files: [] }) }));
    expect(plan.upload).toEqual([]);
    expect(isEmptyPlan(plan)).toBe(false);
  });
});

describe('planDeploy: updates', () => {
  it('plans nothing when the folder matches the chain', () => {
    const plan = planDeploy(input());
    expect(isEmptyPlan(plan)).toBe(true);
    expect(paths(plan.unchanged)).toEqual([INDEX.path, STYLE.path, LOGO.path]);
    expect(plan.upload).toEqual([]);
    expect(plan.routes).toBeNull();
    expect(plan.redirects).toBeNull();
    expect(plan.name).toBeNull();
    expect(plan.metadata).toBeNull();
  });

  it('uploads a file whose content hash changed, and only that file', () => {
    const edited = { ...STYLE, sha256: hash(99) };
    const plan = planDeploy(input({ desired: desired({ files: [INDEX, edited, LOGO] }) }));
    expect(plan.upload).toEqual([edited]);
    expect(paths(plan.unchanged)).toEqual([INDEX.path, LOGO.path]);
    expect(plan.reuploadReasons.size).toBe(0);
    expect(plan.remove).toEqual([]);
    expect(isEmptyPlan(plan)).toBe(false);
  });

  it('uploads a new file', () => {
    const added = file('/about.html', 7, { 'content-type': 'text/html' });
    const plan = planDeploy(input({ desired: desired({ files: [INDEX, STYLE, LOGO, added] }) }));
    expect(plan.upload).toEqual([added]);
    expect(plan.remove).toEqual([]);
  });

  it('removes resources whose files are gone, in sorted order', () => {
    const resources = new Map(remote().resources);
    const z = file('/z.txt', 10);
    const a = file('/a/b.txt', 11);
    resources.set(z.path, resource(z, QUILT_A, '0x0100020003'));
    resources.set(a.path, resource(a, QUILT_A, '0x0100030004'));
    const plan = planDeploy(input({ remote: remote({ resources }), desired: desired({ files: [INDEX] }) }));
    expect(plan.remove).toEqual(['/a/b.txt', '/img/logo.png', '/style.css', '/z.txt']);
    expect(plan.upload).toEqual([]);
    expect(isEmptyPlan(plan)).toBe(false);
  });

  it('treats a file moved to a new path as a new upload plus a removal', () => {
    const moved = { ...LOGO, path: '/images/logo.png' };
    const plan = planDeploy(input({ desired: desired({ files: [INDEX, STYLE, moved] }) }));
    expect(plan.upload).toEqual([moved]);
    expect(plan.remove).toEqual([LOGO.path]);
  });

  it('rewrites a resource whose headers changed, keeping its blob and patch, headers sorted', () => {
    const recached = file('/style.css', 2, {
      'content-type': 'text/css',
      'cache-control': 'max-age=60',
      'x-frame-options': 'DENY',
    });
    const plan = planDeploy(input({ desired: desired({ files: [INDEX, recached, LOGO] }) }));
    expect(plan.upload).toEqual([]);
    expect(paths(plan.unchanged)).toEqual([INDEX.path, STYLE.path, LOGO.path]);
    expect(plan.rewrite).toHaveLength(1);
    const [rewritten] = plan.rewrite;
    const before = remote().resources.get(STYLE.path)!;
    expect(rewritten!.path).toBe(STYLE.path);
    expect(rewritten!.blobId).toBe(QUILT_A);
    expect(rewritten!.blobHash).toEqual(STYLE.sha256);
    expect(rewritten!.range).toBe(before.range);
    expect([...rewritten!.headers]).toEqual([
      ['cache-control', 'max-age=60'],
      ['content-type', 'text/css'],
      ['x-frame-options', 'DENY'],
      [QUILT_PATCH_HEADER, '0x0100010002'],
    ]);
    expect(isEmptyPlan(plan)).toBe(false);
  });

  it('rewrites when a header is removed or its value changes', () => {
    const noType = file('/index.html', 1);
    const otherType = file('/style.css', 2, { 'content-type': 'text/plain' });
    const plan = planDeploy(input({ desired: desired({ files: [noType, otherType, LOGO] }) }));
    expect(plan.rewrite.map((r) => [r.path, [...r.headers]])).toEqual([
      ['/index.html', [[QUILT_PATCH_HEADER, '0x0100000001']]],
      [
        '/style.css',
        [
          ['content-type', 'text/plain'],
          [QUILT_PATCH_HEADER, '0x0100010002'],
        ],
      ],
    ]);
    expect(plan.upload).toEqual([]);
  });

  it('does not rewrite a resource whose headers are the same but stored in another order', () => {
    const two = file('/index.html', 1, { 'content-type': 'text/html', 'cache-control': 'no-cache' });
    const resources = new Map(remote().resources);
    // Chain order differs from the sorted order Floe would write.
    resources.set(two.path, {
      ...resource(two, QUILT_A, '0x0100000001'),
      headers: new Map([
        [QUILT_PATCH_HEADER, '0x0100000001'],
        ['content-type', 'text/html'],
        ['cache-control', 'no-cache'],
      ]),
    });
    const plan = planDeploy(
      input({ remote: remote({ resources }), desired: desired({ files: [two, STYLE, LOGO] }) }),
    );
    expect(plan.rewrite).toEqual([]);
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('ignores a patch header the local file might carry and keeps the chain one', () => {
    const stale = file('/index.html', 1, {
      'content-type': 'text/html',
      [QUILT_PATCH_HEADER]: '0xdeadbeef00',
    });
    const plan = planDeploy(input({ desired: desired({ files: [stale, STYLE, LOGO] }) }));
    expect(plan.rewrite).toEqual([]);
    expect(isEmptyPlan(plan)).toBe(true);
  });
});

describe('planDeploy: reusing stored quilts', () => {
  const reasonsOf = (plan: DeployPlan) => Object.fromEntries(plan.reuploadReasons);

  it('uploads again a kept file whose quilt the deployer does not own', () => {
    const plan = planDeploy(input({ ownedBlobs: new Map([[QUILT_A, owned(QUILT_A)]]) }));
    expect(plan.upload).toEqual([LOGO]);
    expect(paths(plan.unchanged)).toEqual([INDEX.path, STYLE.path]);
    expect(reasonsOf(plan)).toEqual({ [LOGO.path]: expect.stringContaining('not owned') });
    expect(plan.reuploadReasons.get(LOGO.path)).toContain(QUILT_B);
    expect(plan.extend).toEqual([]);
  });

  it('uploads again kept files whose quilt was never certified', () => {
    const plan = planDeploy(
      input({
        ownedBlobs: new Map([
          [QUILT_A, owned(QUILT_A, { certified: false })],
          [QUILT_B, owned(QUILT_B)],
        ]),
      }),
    );
    expect(paths(plan.upload)).toEqual([INDEX.path, STYLE.path]);
    expect(paths(plan.unchanged)).toEqual([LOGO.path]);
    expect(plan.reuploadReasons.get(INDEX.path)).toMatch(/never certified/);
    expect(plan.reuploadReasons.get(STYLE.path)).toMatch(/never certified/);
    expect(plan.reuploadReasons.has(LOGO.path)).toBe(false);
  });

  it('uploads again kept files whose quilt has expired (end epoch ≤ current epoch)', () => {
    for (const endEpoch of [CURRENT_EPOCH, CURRENT_EPOCH - 3]) {
      const plan = planDeploy(
        input({
          ownedBlobs: new Map([
            [QUILT_A, owned(QUILT_A)],
            [QUILT_B, owned(QUILT_B, { endEpoch })],
          ]),
        }),
      );
      expect(plan.upload).toEqual([LOGO]);
      expect(plan.reuploadReasons.get(LOGO.path)).toMatch(new RegExp(`expired at epoch ${endEpoch}`));
      // An expired quilt cannot be extended, so it is not.
      expect(plan.extend).toEqual([]);
    }
  });

  it('does not give a reuse reason for files that are simply new or changed', () => {
    const edited = { ...INDEX, sha256: hash(42) };
    const plan = planDeploy(
      input({ desired: desired({ files: [edited, STYLE, LOGO] }), ownedBlobs: new Map() }),
    );
    expect(plan.upload.map((f) => f.path)).toEqual([INDEX.path, STYLE.path, LOGO.path]);
    expect([...plan.reuploadReasons.keys()]).toEqual([STYLE.path, LOGO.path]);
  });

  it('extends each short-lived quilt once, by the epochs missing to the end epoch', () => {
    const a = owned(QUILT_A, { endEpoch: 15 });
    const b = owned(QUILT_B, { endEpoch: 12 });
    const plan = planDeploy(
      input({
        ownedBlobs: new Map([
          [QUILT_A, a],
          [QUILT_B, b],
        ]),
      }),
    );
    // Quilt A holds two kept files but is extended once.
    expect(plan.extend).toEqual([
      { blob: a, epochs: END_EPOCH - 15 },
      { blob: b, epochs: END_EPOCH - 12 },
    ]);
    expect(plan.upload).toEqual([]);
    expect(isEmptyPlan(plan)).toBe(false);
  });

  it('does not extend quilts that live until the end epoch or longer', () => {
    const plan = planDeploy(
      input({
        ownedBlobs: new Map([
          [QUILT_A, owned(QUILT_A, { endEpoch: END_EPOCH })],
          [QUILT_B, owned(QUILT_B, { endEpoch: END_EPOCH + 5 })],
        ]),
      }),
    );
    expect(plan.extend).toEqual([]);
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('extends a quilt only if some file still uses it', () => {
    const plan = planDeploy(
      input({
        desired: desired({ files: [INDEX, STYLE] }),
        ownedBlobs: new Map([
          [QUILT_A, owned(QUILT_A)],
          [QUILT_B, owned(QUILT_B, { endEpoch: 11 })],
        ]),
      }),
    );
    expect(plan.extend).toEqual([]);
    expect(plan.remove).toEqual([LOGO.path]);
  });

  it('does not extend a quilt whose files are all uploaded again', () => {
    const plan = planDeploy(
      input({
        desired: desired({ files: [INDEX, STYLE, { ...LOGO, sha256: hash(77) }] }),
        ownedBlobs: new Map([
          [QUILT_A, owned(QUILT_A)],
          [QUILT_B, owned(QUILT_B, { endEpoch: 11 })],
        ]),
      }),
    );
    expect(plan.extend).toEqual([]);
  });
});

describe('planDeploy: reusing files stored as whole blobs (no patch header)', () => {
  // LOGO stored as blob B itself, as a big file is: the resource carries no patch header.
  const wholeBlob = () => {
    const resources = new Map(remote().resources);
    resources.set(LOGO.path, { ...resources.get(LOGO.path)!, headers: new Map(LOGO.headers) });
    return remote({ resources });
  };

  it('keeps a kept file whose blob the deployer owns, certified and live: nothing is uploaded', () => {
    const plan = planDeploy(input({ remote: wholeBlob() }));
    expect(plan.upload).toEqual([]);
    expect(paths(plan.unchanged)).toEqual([INDEX.path, STYLE.path, LOGO.path]);
    expect(plan.reuploadReasons.size).toBe(0);
    expect(plan.rewrite).toEqual([]);
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('rewrites its headers without adding a patch header', () => {
    const recached = file(LOGO.path, 3, {
      'content-type': 'image/png',
      'cache-control': 'max-age=60',
      // A stale patch header among the file's own is dropped too.
      [QUILT_PATCH_HEADER]: '0xdeadbeef00',
    });
    const plan = planDeploy(
      input({ remote: wholeBlob(), desired: desired({ files: [INDEX, STYLE, recached] }) }),
    );
    expect(plan.upload).toEqual([]);
    expect(plan.rewrite.map((r) => [r.path, r.blobId, [...r.headers]])).toEqual([
      [
        LOGO.path,
        QUILT_B,
        [
          ['cache-control', 'max-age=60'],
          ['content-type', 'image/png'],
        ],
      ],
    ]);
  });

  it('extends a kept blob that would expire before the end epoch', () => {
    const short = owned(QUILT_B, { endEpoch: 12 });
    const plan = planDeploy(
      input({
        remote: wholeBlob(),
        ownedBlobs: new Map([
          [QUILT_A, owned(QUILT_A)],
          [QUILT_B, short],
        ]),
      }),
    );
    expect(plan.upload).toEqual([]);
    expect(plan.extend).toEqual([{ blob: short, epochs: END_EPOCH - 12 }]);
  });

  it('uploads it again when the blob is not owned, never certified or expired, saying so', () => {
    const cases: [OwnedBlob | null, RegExp][] = [
      [null, new RegExp(`its blob ${QUILT_B} is not owned`)],
      [owned(QUILT_B, { certified: false }), /its blob .* was never certified/],
      [
        owned(QUILT_B, { endEpoch: CURRENT_EPOCH }),
        new RegExp(`its blob .* expired at epoch ${CURRENT_EPOCH}`),
      ],
    ];
    for (const [blob, reason] of cases) {
      const ownedBlobs = new Map([[QUILT_A, owned(QUILT_A)]]);
      if (blob) ownedBlobs.set(QUILT_B, blob);
      const plan = planDeploy(input({ remote: wholeBlob(), ownedBlobs }));
      expect(plan.upload).toEqual([LOGO]);
      expect(plan.reuploadReasons.get(LOGO.path)).toMatch(reason);
      expect(plan.rewrite).toEqual([]);
      expect(plan.extend).toEqual([]);
    }
  });
});

describe('planDeploy: routes, redirects, name and metadata', () => {
  it('compares routes regardless of order', () => {
    const plan = planDeploy(input({ desired: desired({ routes: [...ROUTES].reverse() }) }));
    expect(plan.routes).toBeNull();
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('writes the desired routes when one changes, is added or is removed', () => {
    const changed: (readonly [string, string])[] = [ROUTES[0]!, ['/docs/*', '/docs/404.html']];
    expect(planDeploy(input({ desired: desired({ routes: changed }) })).routes).toEqual(changed);
    const added = [...ROUTES, ['/x', '/y'] as const];
    expect(planDeploy(input({ desired: desired({ routes: added }) })).routes).toEqual(added);
    expect(planDeploy(input({ desired: desired({ routes: [ROUTES[1]!] }) })).routes).toEqual([ROUTES[1]]);
    expect(planDeploy(input({ desired: desired({ routes: [] }) })).routes).toEqual([]);
  });

  it('does not confuse a route pattern with its target', () => {
    const swapped: (readonly [string, string])[] = ROUTES.map(([a, b]) => [b, a] as const);
    expect(planDeploy(input({ desired: desired({ routes: swapped }) })).routes).toEqual(swapped);
  });

  it('compares redirects regardless of order, but notices a changed status or location', () => {
    expect(
      planDeploy(input({ desired: desired({ redirects: [...REDIRECTS].reverse() }) })).redirects,
    ).toBeNull();

    const status: (readonly [string, Redirect])[] = [
      ['/old', { location: '/new', statusCode: 308 }],
      REDIRECTS[1]!,
    ];
    expect(planDeploy(input({ desired: desired({ redirects: status }) })).redirects).toEqual(status);

    const location: (readonly [string, Redirect])[] = [
      ['/old', { location: '/newer', statusCode: 301 }],
      REDIRECTS[1]!,
    ];
    expect(planDeploy(input({ desired: desired({ redirects: location }) })).redirects).toEqual(location);

    expect(planDeploy(input({ desired: desired({ redirects: [] }) })).redirects).toEqual([]);
  });

  it('renames the site only when the name differs', () => {
    expect(planDeploy(input()).name).toBeNull();
    const plan = planDeploy(input({ desired: desired({ name: 'Renamed' }) }));
    expect(plan.name).toBe('Renamed');
    expect(isEmptyPlan(plan)).toBe(false);
  });

  it('leaves chain metadata alone when the config has none', () => {
    const plan = planDeploy(input({ desired: desired({ metadata: null }) }));
    expect(plan.metadata).toBeNull();
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('writes metadata when any field differs', () => {
    for (const field of ['link', 'imageUrl', 'description', 'projectUrl', 'creator'] as const) {
      const changed = { ...METADATA, [field]: 'changed' };
      const plan = planDeploy(input({ desired: desired({ metadata: changed }) }));
      expect(plan.metadata, field).toEqual(changed);
      expect(isEmptyPlan(plan)).toBe(false);
    }
    const cleared = { ...METADATA, link: null };
    expect(planDeploy(input({ desired: desired({ metadata: cleared }) })).metadata).toEqual(cleared);
  });

  it('does not rewrite equal metadata held in a different object', () => {
    expect(planDeploy(input({ desired: desired({ metadata: { ...METADATA } }) })).metadata).toBeNull();
  });
});

describe('isEmptyPlan', () => {
  const empty = planDeploy(input());

  it('is false as soon as any part of the plan does something', () => {
    expect(isEmptyPlan(empty)).toBe(true);
    const changes: Partial<DeployPlan>[] = [
      { upload: [INDEX] },
      { rewrite: [remote().resources.get(INDEX.path)!] },
      { remove: ['/gone'] },
      { extend: [{ blob: owned(QUILT_A), epochs: 1 }] },
      { routes: [] },
      { redirects: [] },
      { name: 'x' },
      { metadata: METADATA },
    ];
    for (const change of changes)
      expect(isEmptyPlan({ ...empty, ...change }), Object.keys(change)[0]).toBe(false);
  });

  it('ignores unchanged files and reupload reasons alone', () => {
    expect(isEmptyPlan({ ...empty, unchanged: [INDEX], reuploadReasons: new Map([['/a', 'b']]) })).toBe(true);
  });
});

describe('withHeader', () => {
  it('adds the header and returns every header sorted by name', () => {
    const result = withHeader(
      new Map([
        ['x-b', '2'],
        ['content-type', 'text/html'],
        ['a', '1'],
      ]),
      'etag',
      '"v1"',
    );
    expect([...result]).toEqual([
      ['a', '1'],
      ['content-type', 'text/html'],
      ['etag', '"v1"'],
      ['x-b', '2'],
    ]);
  });

  it('replaces an existing header of that name instead of duplicating it', () => {
    const result = withHeader(
      new Map([
        ['etag', 'old'],
        ['z', '1'],
      ]),
      'etag',
      'new',
    );
    expect([...result]).toEqual([
      ['etag', 'new'],
      ['z', '1'],
    ]);
  });

  it('does not modify its input', () => {
    const headers = new Map([['b', '1']]);
    withHeader(headers, 'a', '2');
    expect([...headers]).toEqual([['b', '1']]);
  });

  it('sorts by code unit (like a Rust BTreeMap), not by locale', () => {
    const result = withHeader(
      new Map([
        ['a', '1'],
        ['B', '2'],
        ['_', '3'],
      ]),
      'x',
      '4',
    );
    expect([...result.keys()]).toEqual(['B', '_', 'a', 'x']);
  });
});
