import { createHash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PathError, SiteConfigError } from '../site/errors.ts';
import type { DeployEvent } from './events.ts';
import { assembleSite, isSkippedName, isSkippedPath } from './site-files.ts';
import type { FolderAccess, FolderEntry } from './site-files.ts';

/** A folder in memory: relative path → contents. */
function folder(files: Record<string, string>): {
  entries: FolderEntry[];
  access: FolderAccess;
  reads: string[];
  hashed: string[];
} {
  const bytes = new Map(Object.entries(files).map(([path, text]) => [path, new TextEncoder().encode(text)]));
  const reads: string[] = [];
  const hashed: string[] = [];
  return {
    entries: [...bytes].map(([relativePath, data]) => ({ relativePath, size: data.length })),
    access: {
      readText: async (relativePath) => {
        reads.push(relativePath);
        return files[relativePath] ?? null;
      },
      sha256: async (relativePath) => {
        hashed.push(relativePath);
        return new Uint8Array(createHash('sha256').update(bytes.get(relativePath)!).digest());
      },
      readFile: async (relativePath) => bytes.get(relativePath)!,
    },
    reads,
    hashed,
  };
}

function sha256(text: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(text).digest());
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  return expect.unreachable('expected a rejection');
}

describe('assembleSite', () => {
  it('hashes every file and sorts by resource path', async () => {
    const { entries, access } = folder({ 'b.txt': 'bee', 'a/z.txt': 'zed', 'A.txt': 'upper', 'a.txt': 'ay' });
    const site = await assembleSite(entries, access);
    expect(site.files.map((f) => f.path)).toEqual(['/A.txt', '/a.txt', '/a/z.txt', '/b.txt']);
    expect(site.files[1]).toMatchObject({ path: '/a.txt', size: 2, sha256: sha256('ay') });
    expect(site.totalBytes).toBe(3 + 3 + 5 + 2);
    expect(site.sources).toEqual(
      new Map([
        ['/A.txt', 'A.txt'],
        ['/a.txt', 'a.txt'],
        ['/a/z.txt', 'a/z.txt'],
        ['/b.txt', 'b.txt'],
      ]),
    );
    expect(site.ignored).toEqual([]);
    expect(site.wsResourcesText).toBeNull();
    expect(site.config.headers).toEqual([]);
  });

  it('merges ws-resources.json, _headers and _redirects, ws-resources.json first', async () => {
    const ws = JSON.stringify({
      headers: { '/*': { 'X-From': 'ws' } },
      routes: { '/app/*': '/app/index.html' },
      site_name: 'Mine',
    });
    const { entries, access } = folder({
      'ws-resources.json': ws,
      _headers: '/assets/*\n  Cache-Control: immutable\n',
      _redirects: '/old /new 301\n',
      'index.html': '<p>hi</p>',
    });
    const site = await assembleSite(entries, access);
    expect(site.wsResourcesText).toBe(ws);
    expect(site.config.siteName).toBe('Mine');
    expect(site.config.headers.map((rule) => rule.pattern)).toEqual(['/*', '/assets/*']);
    expect(site.config.routes).toEqual([['/app/*', '/app/index.html']]);
    expect(site.config.redirects).toEqual([['/old', { location: '/new', statusCode: 301 }]]);
  });

  it('never deploys the root configuration files, but does deploy nested copies', async () => {
    const { entries, access } = folder({
      'ws-resources.json': '{}',
      _headers: '',
      _redirects: '',
      'docs/_headers': 'a file like any other',
      'index.html': '',
    });
    const site = await assembleSite(entries, access);
    expect(site.files.map((f) => f.path)).toEqual(['/docs/_headers', '/index.html']);
    expect(site.ignored).toEqual([]);
  });

  it('leaves out ignored files without hashing them, and lists them sorted', async () => {
    const { entries, access, hashed } = folder({
      'ws-resources.json': JSON.stringify({ ignore: ['/private/*', '*.map'] }),
      'private/z.txt': 'z',
      'private/a.txt': 'a',
      'app.js.map': '{}',
      'app.js': '1',
    });
    const site = await assembleSite(entries, access);
    expect(site.files.map((f) => f.path)).toEqual(['/app.js']);
    expect(site.ignored).toEqual(['/app.js.map', '/private/a.txt', '/private/z.txt']);
    expect(hashed).toEqual(['app.js']);
    expect(site.totalBytes).toBe(1);
  });

  it('drops version-control folders and OS litter silently', async () => {
    const { entries, access } = folder({
      '.git/HEAD': 'ref',
      'img/.DS_Store': '',
      'img/Thumbs.db': '',
      'img/logo.svg': '<svg/>',
      '.well-known/security.txt': 'x',
    });
    const site = await assembleSite(entries, access);
    expect(site.files.map((f) => f.path)).toEqual(['/.well-known/security.txt', '/img/logo.svg']);
    expect(site.ignored).toEqual([]);
  });

  it('gives each file the headers of the deepest matching rule', async () => {
    const { entries, access } = folder({
      'ws-resources.json': JSON.stringify({
        headers: { '/*': { 'Cache-Control': 'no-cache' }, '/assets/*': { 'Cache-Control': 'max-age=60' } },
      }),
      _headers: '/assets/img/*\n  Cache-Control: immutable\n',
      'index.html': '',
      'assets/site.css': '',
      'assets/img/logo.png': '',
    });
    const site = await assembleSite(entries, access);
    const headers = new Map(site.files.map((f) => [f.path, Object.fromEntries(f.headers)]));
    expect(headers.get('/index.html')).toEqual({
      'cache-control': 'no-cache',
      'content-encoding': 'identity',
      'content-type': 'text/html',
    });
    expect(headers.get('/assets/site.css')?.['cache-control']).toBe('max-age=60');
    expect(headers.get('/assets/img/logo.png')).toEqual({
      'cache-control': 'immutable',
      'content-encoding': 'identity',
      'content-type': 'image/png',
    });
    // On-chain order: sorted by name.
    expect([...site.files[0]!.headers.keys()]).toEqual(['cache-control', 'content-encoding', 'content-type']);
  });

  it('names the file in configuration errors', async () => {
    const bad = folder({ 'ws-resources.json': '{ "headers": 3 }', 'index.html': '' });
    const error = await rejection(assembleSite(bad.entries, bad.access));
    expect(error).toBeInstanceOf(SiteConfigError);
    expect((error as SiteConfigError).file).toBe('ws-resources.json');
    expect(error.message).toMatch(/^ws-resources\.json/);

    const named = await rejection(
      assembleSite(bad.entries, bad.access, {
        displayPath: (path) => `site/${path}`,
        wsResourcesPath: '/elsewhere/ws.json',
      }),
    );
    expect(named.message).toMatch(/^\/elsewhere\/ws\.json/);

    const headers = folder({ _headers: '  X-Orphan: 1\n' });
    const headersError = await rejection(
      assembleSite(headers.entries, headers.access, { displayPath: (path) => `site/${path}` }),
    );
    expect(headersError).toBeInstanceOf(SiteConfigError);
    expect((headersError as SiteConfigError).file).toBe('site/_headers');
  });

  it('warns about _headers and _redirects entries that ws-resources.json shadows', async () => {
    const { entries, access } = folder({
      'ws-resources.json': JSON.stringify({
        headers: { '/*': { 'X-From': 'ws' } },
        routes: { '/app/*': '/app/index.html' },
      }),
      _headers: '/*\n  X-From: file\n',
      _redirects: '/app/* /other.html 200\n',
      'index.html': '',
    });
    const events: DeployEvent[] = [];
    const site = await assembleSite(entries, access, { onEvent: (event) => events.push(event) });
    expect(site.config.headers).toEqual([{ pattern: '/*', headers: { 'X-From': 'ws' } }]);
    expect(events.filter((event) => event.type === 'note')).toEqual([
      {
        type: 'note',
        level: 'warn',
        message: '_headers: header /* is ignored; ws-resources.json sets the same pattern',
      },
      {
        type: 'note',
        level: 'warn',
        message: '_redirects: route /app/* is ignored; ws-resources.json sets the same pattern',
      },
    ]);
  });

  it('reports the scan phase in bytes', async () => {
    const { entries, access } = folder({ 'a.txt': 'aaaa', 'b.txt': 'bbbbbb' });
    const events: DeployEvent[] = [];
    await assembleSite(entries, access, { onEvent: (event) => events.push(event) });
    expect(events.map((event) => ({ ...event, ...(event.type === 'phase-done' ? { ms: 0 } : {}) }))).toEqual([
      { type: 'phase', phase: 'scan', total: 10, unit: 'bytes' },
      { type: 'progress', phase: 'scan', done: 4, total: 10 },
      { type: 'progress', phase: 'scan', done: 10, total: 10 },
      { type: 'phase-done', phase: 'scan', ms: 0 },
    ]);
  });

  it('rejects invalid resource paths and two files with one resource path', async () => {
    const dots = folder({ 'a/../b.txt': '' });
    expect(await rejection(assembleSite(dots.entries, dots.access))).toBeInstanceOf(PathError);

    const clash = folder({ 'a\\b.txt': '1', 'a/b.txt': '2' });
    const error = await rejection(assembleSite(clash.entries, clash.access));
    expect(error).toBeInstanceOf(PathError);
    expect(error.message).toContain('/a/b.txt');
  });

  it('reads only the three configuration files as text', async () => {
    const { entries, access, reads } = folder({ 'index.html': '' });
    await assembleSite(entries, access);
    expect(reads).toEqual(['ws-resources.json', '_headers', '_redirects']);
  });
});

describe('assembleSite with compression', () => {
  const compress = async (bytes: Uint8Array) => new Uint8Array(brotliCompressSync(bytes));
  const page = `<!doctype html><title>t</title>${'<p>walrus quilt sliver</p>\n'.repeat(200)}`;

  it('stores compressible files Brotli-compressed: content-encoding br, size and SHA-256 of the stored bytes', async () => {
    const { entries, access } = folder({ 'index.html': page, 'img/a.png': page, 'tiny.css': 'a{}' });
    const site = await assembleSite(entries, access, { compress });
    const index = site.files.find((f) => f.path === '/index.html')!;
    const stored = await site.compressed.read('/index.html');
    expect(new TextDecoder().decode(brotliDecompressSync(stored))).toBe(page);
    expect(index.size).toBe(stored.length);
    expect(index.sha256).toEqual(new Uint8Array(createHash('sha256').update(stored).digest()));
    expect(index.headers.get('content-encoding')).toBe('br');
    expect(index.headers.get('content-type')).toBe('text/html');
    // Still in on-chain (sorted) order.
    expect([...index.headers.keys()]).toEqual([...index.headers.keys()].sort());
    // A PNG is not tried, and a file whose compression saves too little stays as it is.
    for (const path of ['/img/a.png', '/tiny.css']) {
      const file = site.files.find((f) => f.path === path)!;
      expect(file.headers.get('content-encoding'), path).toBe('identity');
      expect(site.compressed.has(path), path).toBe(false);
    }
    expect(site.compression).toEqual({ files: 1, originalBytes: page.length, storedBytes: stored.length });
    expect(site.totalBytes).toBe(2 * page.length + 3);
  });

  it("never overrides a content-encoding the site's rules set, nor compresses those files", async () => {
    const { entries, access } = folder({
      'ws-resources.json': JSON.stringify({ headers: { '/plain.html': { 'Content-Encoding': 'identity' } } }),
      _headers: '/pre.js\n  Content-Encoding: gzip\n',
      'plain.html': page,
      'pre.js': page,
    });
    const site = await assembleSite(entries, access, { compress });
    expect(site.files.map((f) => f.headers.get('content-encoding'))).toEqual(['identity', 'gzip']);
    expect(site.compressed.size).toBe(0);
  });

  it('decides by the content-type the rules give a file', async () => {
    const { entries, access } = folder({
      'ws-resources.json': JSON.stringify({
        headers: { '/data.bin': { 'Content-Type': 'application/json' } },
      }),
      'data.bin': page,
    });
    const site = await assembleSite(entries, access, { compress });
    expect(site.files[0]!.headers.get('content-encoding')).toBe('br');
  });

  it('gives the same bytes and hashes every time, so a redeploy finds nothing changed', async () => {
    const { entries, access } = folder({ 'index.html': page, 'app.js': page.replace(/p>/g, 'i>') });
    const first = await assembleSite(entries, access, { compress });
    const second = await assembleSite(entries, access, { compress });
    expect(second.files).toEqual(first.files);
  });

  it('never compresses a file at or above the blob threshold: it is stored as a blob, as it is', async () => {
    const log = 'line of a long log\n'.repeat(60_000); // 1.09 MiB of text that Brotli shrinks to little
    const { entries, access } = folder({ 'log.txt': log, 'index.html': page });
    const site = await assembleSite(entries, access, { compress, blobThreshold: 1 << 20 });
    const stored = site.files.find((f) => f.path === '/log.txt')!;
    expect(stored.size).toBe(log.length);
    expect(stored.headers.get('content-encoding')).toBe('identity');
    expect(site.compressed.has('/log.txt')).toBe(false);
    expect(site.compressed.has('/index.html')).toBe(true);
    // Below the threshold it is compressed as any text file.
    const higher = await assembleSite(entries, access, { compress, blobThreshold: 2 << 20 });
    expect(higher.compressed.has('/log.txt')).toBe(true);
  });

  it('stores every file as it is without a compressor', async () => {
    const { entries, access } = folder({ 'index.html': page });
    const site = await assembleSite(entries, access);
    expect(site.files[0]!.headers.get('content-encoding')).toBe('identity');
    expect(site.files[0]!.size).toBe(page.length);
    expect(site.compression.files).toBe(0);
  });
});

describe('isSkippedName / isSkippedPath', () => {
  it('skips version control and OS litter anywhere in a path', () => {
    for (const name of ['.git', '.hg', '.svn', '.DS_Store', 'Thumbs.db'])
      expect(isSkippedName(name)).toBe(true);
    for (const name of ['.gitignore', '.well-known', 'git', 'thumbs.db.txt'])
      expect(isSkippedName(name)).toBe(false);
    expect(isSkippedPath('a/.git/config')).toBe(true);
    expect(isSkippedPath('.DS_Store')).toBe(true);
    expect(isSkippedPath('a/b/.gitkeep')).toBe(false);
  });
});
