import { describe, expect, it } from 'vitest';
import { emptySiteConfig } from '../site/config.ts';
import type { SiteResource } from '../site/types.ts';
import { QUILT_PATCH_HEADER } from '../site/types.ts';
import type { LocalFile } from './plan.ts';
import { DEFAULT_SITE_METADATA, siteUpdate, type PlacedQuilts } from './site-update.ts';
import { deployPlan as plan } from './test-support/deploy-plan.ts';

const SITE = '0x' + '5'.repeat(64);
const OWNER = '0x' + '6'.repeat(64);
const QUILT = 'Q'.repeat(43);
const OLD_QUILT = 'O'.repeat(43);

function file(path: string, seed: number): LocalFile {
  return {
    path,
    size: 10,
    sha256: new Uint8Array(32).fill(seed),
    headers: new Map([['content-type', 'text/html']]),
  };
}

function stored(path: string): SiteResource {
  return { path, headers: new Map(), blobId: OLD_QUILT, blobHash: new Uint8Array(32), range: null };
}

const CONFIG = emptySiteConfig();

// One quilt holding two files: columns 1–2 and 2–4.
const index = file('/index.html', 1);
const about = file('/about.html', 2);
const QUILTS: PlacedQuilts = {
  packed: [[index, about]],
  encoded: [
    {
      kind: 'quilt',
      patches: [
        { identifier: '/about.html', start: 2, end: 4 },
        { identifier: '/index.html', start: 1, end: 2 },
      ],
    },
  ],
  storePlan: { ids: [QUILT] },
};

describe('siteUpdate', () => {
  it('should create a new site owned by the deployer with default metadata', () => {
    const update = siteUpdate(null, OWNER, { siteName: 'Hello', config: CONFIG }, plan(), QUILTS);
    expect(update.target).toEqual({
      kind: 'new',
      name: 'Hello',
      metadata: DEFAULT_SITE_METADATA,
      owner: OWNER,
    });
    expect(update.deletes).toEqual([]);
    expect(update.name).toBeUndefined();
  });

  it("should point each packed file at its quilt and patch, keeping the file's headers and hash", () => {
    const update = siteUpdate(null, OWNER, { siteName: 'Hello', config: CONFIG }, plan(), QUILTS);
    expect(update.creates).toEqual([
      {
        path: '/index.html',
        headers: new Map([
          ['content-type', 'text/html'],
          [QUILT_PATCH_HEADER, '0x0101000200'],
        ]),
        blobId: QUILT,
        blobHash: index.sha256,
        range: null,
      },
      {
        path: '/about.html',
        headers: new Map([
          ['content-type', 'text/html'],
          [QUILT_PATCH_HEADER, '0x0102000400'],
        ]),
        blobId: QUILT,
        blobHash: about.sha256,
        range: null,
      },
    ]);
  });

  it('should point a file stored as a blob at that blob, without a patch header, headers sorted', () => {
    const video: LocalFile = {
      path: '/video.mp4',
      size: 2 << 20,
      sha256: new Uint8Array(32).fill(3),
      headers: new Map([
        ['content-type', 'video/mp4'],
        ['cache-control', 'max-age=60'],
      ]),
    };
    const BLOB = 'B'.repeat(43);
    const update = siteUpdate(null, OWNER, { siteName: 'Hello', config: CONFIG }, plan(), {
      packed: [...QUILTS.packed, [video]],
      encoded: [...QUILTS.encoded, { kind: 'blob' }],
      storePlan: { ids: [QUILT, BLOB] },
    });
    expect(update.creates?.map((r) => r.path)).toEqual(['/index.html', '/about.html', '/video.mp4']);
    expect(update.creates![2]).toEqual({
      path: '/video.mp4',
      headers: new Map([
        ['cache-control', 'max-age=60'],
        ['content-type', 'video/mp4'],
      ]),
      blobId: BLOB,
      blobHash: video.sha256,
      range: null,
    });
    expect([...update.creates![2]!.headers.keys()]).toEqual(['cache-control', 'content-type']);
  });

  it('should replace changed files, remove gone ones and keep rewrites of an existing site', () => {
    const rewritten = stored('/style.css');
    const remote = {
      id: SITE,
      resources: new Map([
        ['/index.html', stored('/index.html')],
        ['/old.html', stored('/old.html')],
        ['/style.css', stored('/style.css')],
      ]),
    };
    const update = siteUpdate(
      remote,
      OWNER,
      { siteName: 'Hello', config: CONFIG },
      plan({ remove: ['/old.html'], rewrite: [rewritten], name: 'Renamed' }),
      QUILTS,
    );
    expect(update.target).toEqual({ kind: 'existing', siteId: SITE });
    expect(update.deletes).toEqual(['/old.html', '/style.css', '/index.html']);
    expect(update.creates?.map((r) => r.path)).toEqual(['/style.css', '/index.html', '/about.html']);
    expect(update.name).toBe('Renamed');
    expect(update.metadata).toBeUndefined();
  });
});
