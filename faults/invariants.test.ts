import { describe, expect, it } from 'vitest';
import type { Served } from './browse.ts';
import { sha256Hex } from './chain.ts';
import {
  candidateVersions,
  checkDeploy,
  checkServed,
  expectedResponses,
  folderHashes,
  type VersionRecord,
} from './invariants.ts';

const enc = new TextEncoder();

function version(number: number, text: string, startedAt: number, settledAt: number | null): VersionRecord {
  return {
    number,
    folder: new Map([
      ['/index.html', enc.encode(`home ${text}`)],
      ['/404.html', enc.encode('gone')],
      ['/app/index.html', enc.encode('app')],
    ]),
    startedAt,
    settledAt,
    resources: null,
  };
}

function served(body: Uint8Array, status = 200): Served {
  return {
    status,
    errorKind: null,
    sha256: sha256Hex(body),
    length: body.length,
    read: null,
    stale: false,
    failure: null,
  };
}

const errorPage: Served = { ...served(enc.encode('<html>')), status: 503, errorKind: 'not-enough-slivers' };

describe('candidateVersions', () => {
  const v1 = version(1, 'one', 0, 1000);
  const v2 = version(2, 'two', 5000, 6000);
  it('should keep a replaced version live for the stale window after its replacement settled', () => {
    expect(candidateVersions([v1, v2], 2000, 2100, 10_000).map((v) => v.number)).toEqual([1]);
    expect(candidateVersions([v1, v2], 7000, 7100, 10_000).map((v) => v.number)).toEqual([1, 2]);
    expect(candidateVersions([v1, v2], 16_001, 16_100, 10_000).map((v) => v.number)).toEqual([2]);
  });

  it('should count a deploy in flight as live from its start', () => {
    const flying = version(2, 'two', 5000, null);
    expect(candidateVersions([v1, flying], 4000, 4999, 0).map((v) => v.number)).toEqual([1]);
    expect(candidateVersions([v1, flying], 90_000, 90_001, 0).map((v) => v.number)).toEqual([1, 2]);
  });
});

describe('checkServed', () => {
  const v1 = version(1, 'one', 0, 1000);
  const v2 = version(2, 'two', 5000, 6000);
  const check = (s: Served, candidates: VersionRecord[], mustServe = true, range: string | null = null) =>
    checkServed({
      urlPath: '/',
      range,
      served: s,
      via: 'test',
      candidates: expectedResponses(candidates, '/', range),
      everLive: expectedResponses([v1, v2], '/', range),
      mustServe: () => mustServe,
    });

  it('should accept the bytes of any live version and nothing else', () => {
    expect(check(served(enc.encode('home one')), [v1, v2])).toBeNull();
    expect(check(served(enc.encode('home two')), [v1, v2])).toBeNull();
    expect(check(served(enc.encode('home two')), [v1])).toMatchObject({ invariant: 'served-bytes' });
    expect(check(served(enc.encode('home on')), [v1])).toMatchObject({ invariant: 'served-bytes' });
    expect(check(served(enc.encode('home one'), 404), [v1])).toMatchObject({ invariant: 'served-bytes' });
  });

  it("should accept the worker's offline copy of any version that was live, and only that", () => {
    const offline = (text: string): Served => ({ ...served(enc.encode(text)), stale: true });
    expect(check(offline('home one'), [v2])).toBeNull();
    expect(check(served(enc.encode('home one')), [v2])).toMatchObject({ invariant: 'served-bytes' });
    expect(check(offline('home three'), [v2])).toMatchObject({ invariant: 'served-bytes' });
  });

  it("should accept a live version's 404 page for a path another live version removed", () => {
    const a = { ...version(1, 'one', 0, 1000), folder: new Map([...v1.folder, ['/x.txt', enc.encode('x')]]) };
    const b = {
      ...version(2, 'two', 5000, 6000),
      folder: new Map([...v2.folder, ['/404.html', enc.encode('gone 2')]]),
    };
    const responses = expectedResponses([a, b], '/x.txt', null);
    const has = (status: number, text: string) =>
      responses.some((r) => r.status === status && r.sha256 === sha256Hex(enc.encode(text)));
    expect(has(200, 'x')).toBe(true);
    expect(has(404, 'gone 2')).toBe(true);
    // b decided "not found" and a's 404 page was still in the lookup cache.
    expect(has(404, 'gone')).toBe(true);
    expect(has(200, 'gone')).toBe(false);
    expect(expectedResponses([b], '/x.txt', null)).toHaveLength(1);
  });

  it('should check a byte range against the same range of the live file', () => {
    expect(check(served(enc.encode('me o'), 206), [v1], true, 'bytes=2-5')).toBeNull();
    expect(check(served(enc.encode('me t'), 206), [v1], true, 'bytes=2-5')).toMatchObject({
      invariant: 'served-bytes',
    });
  });

  it('should allow an error page only when a live version was beyond the read budget', () => {
    expect(check(errorPage, [v1], true)).toMatchObject({ invariant: 'browse-available' });
    expect(check(errorPage, [v1], false)).toBeNull();
    const failed: Served = { ...errorPage, status: 0, errorKind: null, failure: 'fetch failed' };
    expect(check(failed, [v1], true)).toMatchObject({ invariant: 'browse-available' });
  });
});

describe('checkDeploy', () => {
  const before = folderHashes(version(1, 'one', 0, 0).folder);
  const attempted = folderHashes(version(2, 'two', 0, 0).folder);
  const onChain = (hashes: ReadonlyMap<string, string>, blobId = 'quilt') =>
    new Map([...hashes].map(([path, sha256]) => [path, { sha256, blobId }]));
  const certified = new Set(['quilt']);

  it('should accept exactly the new version after a success and exactly the old one after a failure', () => {
    expect(
      checkDeploy({ ok: true, error: null, before, attempted, onChain: onChain(attempted), certified }),
    ).toBeNull();
    expect(
      checkDeploy({ ok: false, error: 'x', before, attempted, onChain: onChain(before), certified }),
    ).toBeNull();
    expect(
      checkDeploy({ ok: false, error: 'x', before: null, attempted, onChain: null, certified }),
    ).toBeNull();
  });

  it('should report a half-applied update, a site created by a failed deploy, and uncertified blobs', () => {
    const mixed = new Map([
      ...onChain(before),
      ['/index.html', { sha256: attempted.get('/index.html')!, blobId: 'quilt' }],
    ]);
    expect(checkDeploy({ ok: false, error: 'x', before, attempted, onChain: mixed, certified })).toMatch(
      /not the previous version: \/index.html has hash/,
    );
    expect(
      checkDeploy({ ok: true, error: null, before, attempted, onChain: onChain(before), certified }),
    ).toMatch(/not the new version/);
    expect(
      checkDeploy({ ok: false, error: 'x', before: null, attempted, onChain: onChain(attempted), certified }),
    ).toMatch(/holds a site/);
    expect(
      checkDeploy({
        ok: true,
        error: null,
        before,
        attempted,
        onChain: onChain(attempted, 'other'),
        certified,
      }),
    ).toMatch(/not certified/);
  });
});
