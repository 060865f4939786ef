// Scan: walk the folder and hand it to `assembleSite` (core/deploy/site-files.ts), which reads its
// configuration, picks the files to deploy and computes their headers exactly as the browser's
// Publish page does. Hashing is streamed, so a large file never sits in memory.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { assembleSite, isSkippedName } from '../core/deploy/site-files.ts';
import type { CompressionSummary, FolderAccess, FolderEntry } from '../core/deploy/site-files.ts';
import { WS_RESOURCES_FILE } from '../core/site/ws-resources.ts';
import type { SiteConfig } from '../core/site/types.ts';
import type { DeployListener } from '../core/deploy/events.ts';
import type { LocalFile } from '../core/deploy/plan.ts';
import type { StoredBytes } from '../core/deploy/stored-bytes.ts';
import { brotliCompressor } from './brotli.ts';

export class FolderNotFoundError extends Error {
  override name = 'FolderNotFoundError';
}

export interface ScannedSite {
  readonly root: string;
  readonly config: SiteConfig;
  /** Path of ws-resources.json and its text (null when the folder has none), for the write-back. */
  readonly wsResources: { readonly path: string; readonly text: string | null };
  readonly files: readonly LocalFile[];
  /** File (`dir` joined with its relative path) of each resource path. */
  readonly sources: ReadonlyMap<string, string>;
  readonly totalBytes: number;
  /** Files left out by `ignore` (resource paths). */
  readonly ignored: readonly string[];
  /** Compressible files stored Brotli-compressed (see core/deploy/compression.ts). */
  readonly compression: CompressionSummary;
  /** The bytes to store for a resource path: compressed, or the file as it is. */
  readStored(path: string): Promise<Uint8Array>;
}

export interface ScanOptions {
  /** ws-resources.json elsewhere than `<dir>/ws-resources.json`. */
  readonly wsResources?: string;
  readonly onEvent?: DeployListener;
  /**
   * Store compressible files Brotli-compressed (see core/deploy/compression.ts). Default false
   * here; `floe deploy` turns it on unless given `--no-compress`.
   */
  readonly compress?: boolean;
  /** Files this large or larger are stored as blobs, never compressed (default 32 MiB). */
  readonly blobThreshold?: number;
  /** Where compressed bytes wait for the encode (default: in memory). */
  readonly keepCompressed?: StoredBytes;
}

export async function scanSite(dir: string, options: ScanOptions = {}): Promise<ScannedSite> {
  const info = await stat(dir).catch(() => null);
  if (!info) throw new FolderNotFoundError(`folder ${dir} does not exist`);
  if (!info.isDirectory()) throw new FolderNotFoundError(`${dir} is a file, not a folder`);

  const wsPath = options.wsResources ?? join(dir, WS_RESOURCES_FILE);
  // Relative path → file on disk.
  const files = new Map<string, string>();
  const entries: FolderEntry[] = [];
  for (const file of await walk(dir)) {
    const relativePath = relative(dir, file).split(sep).join('/');
    files.set(relativePath, file);
    entries.push({ relativePath, size: (await stat(file)).size });
  }
  const access: FolderAccess = {
    readText: (relativePath) =>
      readOptional(relativePath === WS_RESOURCES_FILE ? wsPath : join(dir, relativePath)),
    sha256: (relativePath) => hashFile(files.get(relativePath)!),
    readFile: (relativePath) => readFile(files.get(relativePath)!),
  };
  const site = await assembleSite(entries, access, {
    wsResourcesPath: wsPath,
    displayPath: (relativePath) => join(dir, relativePath),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.compress ? { compress: brotliCompressor } : {}),
    ...(options.blobThreshold !== undefined ? { blobThreshold: options.blobThreshold } : {}),
    ...(options.keepCompressed ? { keepCompressed: options.keepCompressed } : {}),
  });
  const sources = new Map([...site.sources].map(([path, relativePath]) => [path, files.get(relativePath)!]));
  return {
    root: dir,
    config: site.config,
    wsResources: { path: wsPath, text: site.wsResourcesText },
    files: site.files,
    sources,
    totalBytes: site.totalBytes,
    ignored: site.ignored,
    compression: site.compression,
    readStored: (path) =>
      site.compressed.has(path) ? site.compressed.read(path) : readFile(sources.get(path)!),
  };
}

/** Every regular file under `dir` (symlinks to files are followed, to folders are not). */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (isSkippedName(entry.name)) continue;
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
