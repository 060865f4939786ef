// Scan: walk the folder, read its configuration (ws-resources.json, _headers, _redirects), skip
// ignored and config files, and hash every file (streamed, so a large file never sits in memory).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { mergeSiteConfig } from '../core/site/config.ts';
import { isConfigFile, isIgnored } from '../core/site/ignore.ts';
import { resourceHeaders } from '../core/site/resource-headers.ts';
import { parseHeadersFile } from '../core/site/headers-file.ts';
import { resourcePath, validateResourcePath } from '../core/site/paths.ts';
import { parseRedirectsFile } from '../core/site/redirects-file.ts';
import type { SiteConfig } from '../core/site/types.ts';
import { parseWsResources } from '../core/site/ws-resources.ts';
import type { DeployListener } from '../core/deploy/events.ts';
import type { LocalFile } from '../core/deploy/plan.ts';

export class FolderNotFoundError extends Error {
  override name = 'FolderNotFoundError';
}

/** Never part of a site: version-control folders and OS litter. */
const SKIPPED_NAMES = new Set(['.git', '.hg', '.svn', '.DS_Store', 'Thumbs.db']);

export interface ScannedSite {
  readonly root: string;
  readonly config: SiteConfig;
  /** Path of ws-resources.json and its text (null when the folder has none), for the write-back. */
  readonly wsResources: { readonly path: string; readonly text: string | null };
  readonly files: readonly LocalFile[];
  /** Absolute file of each resource path. */
  readonly sources: ReadonlyMap<string, string>;
  readonly totalBytes: number;
  /** Files left out by `ignore` (resource paths). */
  readonly ignored: readonly string[];
}

export interface ScanOptions {
  /** ws-resources.json elsewhere than `<dir>/ws-resources.json`. */
  readonly wsResources?: string;
  readonly onEvent?: DeployListener;
}

export async function scanSite(dir: string, options: ScanOptions = {}): Promise<ScannedSite> {
  const info = await stat(dir).catch(() => null);
  if (!info) throw new FolderNotFoundError(`folder ${dir} does not exist`);
  if (!info.isDirectory()) throw new FolderNotFoundError(`${dir} is a file, not a folder`);

  const wsPath = options.wsResources ?? join(dir, 'ws-resources.json');
  const wsText = await readOptional(wsPath);
  const headersText = await readOptional(join(dir, '_headers'));
  const redirectsText = await readOptional(join(dir, '_redirects'));
  const config = mergeSiteConfig(
    {
      ...(wsText !== null ? { wsResources: parseWsResources(wsText, wsPath) } : {}),
      ...(headersText !== null ? { headersFile: parseHeadersFile(headersText, join(dir, '_headers')) } : {}),
      ...(redirectsText !== null
        ? { redirectsFile: parseRedirectsFile(redirectsText, join(dir, '_redirects')) }
        : {}),
    },
    (entry) =>
      options.onEvent?.({
        type: 'note',
        level: 'warn',
        message: `${entry.source}: ${entry.kind} ${entry.pattern} is ignored; ws-resources.json sets the same pattern`,
      }),
  );

  const found: { path: string; file: string; size: number }[] = [];
  const ignored: string[] = [];
  for (const file of await walk(dir)) {
    const path = validateResourcePath(resourcePath(relative(dir, file).split(sep)));
    if (isConfigFile(path)) continue;
    if (isIgnored(path, config)) {
      ignored.push(path);
      continue;
    }
    found.push({ path, file, size: (await stat(file)).size });
  }
  found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const totalBytes = found.reduce((n, f) => n + f.size, 0);
  options.onEvent?.({ type: 'phase', phase: 'scan', total: totalBytes, unit: 'bytes' });
  const started = performance.now();
  const files: LocalFile[] = [];
  let hashed = 0;
  let lastReport = 0;
  for (const f of found) {
    const sha256 = await hashFile(f.file);
    hashed += f.size;
    if (options.onEvent && (hashed - lastReport > totalBytes / 50 || hashed === totalBytes)) {
      lastReport = hashed;
      options.onEvent({ type: 'progress', phase: 'scan', done: hashed, total: totalBytes });
    }
    files.push({ path: f.path, size: f.size, sha256, headers: resourceHeaders(f.path, config) });
  }
  options.onEvent?.({ type: 'phase-done', phase: 'scan', ms: Math.round(performance.now() - started) });
  return {
    root: dir,
    config,
    wsResources: { path: wsPath, text: wsText },
    files,
    sources: new Map(found.map((f) => [f.path, f.file])),
    totalBytes,
    ignored,
  };
}

/** Every regular file under `dir` (symlinks to files are followed, to folders are not). */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (SKIPPED_NAMES.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile()) out.push(full);
    else if (entry.isSymbolicLink() && (await stat(full).catch(() => null))?.isFile()) out.push(full);
  }
  return out;
}

async function hashFile(file: string): Promise<Uint8Array> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return new Uint8Array(hash.digest());
}

async function readOptional(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
