// A site folder as the deploy sees it: its configuration (ws-resources.json, _headers, _redirects,
// merged), the files to upload with their hashes and headers, and what was left out. Shared by the
// CLI (a Node walk of the folder) and the browser's Publish page (a chosen or dropped folder), so
// both deploy the same folder identically; the walkers only list files and provide their bytes.
import { mergeSiteConfig } from '../site/config.ts';
import { HEADERS_FILE, parseHeadersFile } from '../site/headers-file.ts';
import { isConfigFile, isIgnored } from '../site/ignore.ts';
import { resourcePath } from '../site/paths.ts';
import { PathError } from '../site/errors.ts';
import { parseRedirectsFile, REDIRECTS_FILE } from '../site/redirects-file.ts';
import { resourceHeaders, ruleHeaders } from '../site/resource-headers.ts';
import { contentTypeFor } from '../site/content-type.ts';
import type { SiteConfig } from '../site/types.ts';
import { parseWsResources, WS_RESOURCES_FILE } from '../site/ws-resources.ts';
import { sha256 } from '../walrus/sha256.ts';
import { shouldTryCompression, STORED_CODING, worthStoring, type Compressor } from './compression.ts';
import type { DeployListener } from './events.ts';
import { timedPhase } from './phase.ts';
import type { LocalFile } from './plan.ts';
import { storedBytes, type StoredBytes } from './stored-bytes.ts';

/** One file of the folder. */
export interface FolderEntry {
  /** Path relative to the folder, segments joined by `/`: `css/site.css`. */
  readonly relativePath: string;
  readonly size: number;
}

/** Reads the folder's files; paths are `FolderEntry.relativePath`s. */
export interface FolderAccess {
  /**
   * The text (UTF-8) of a configuration file, null when absent. Asked for `ws-resources.json`,
   * `_headers` and `_redirects` whether or not they are among the entries; a walker may answer
   * `ws-resources.json` from elsewhere (the CLI's `--ws-resources`).
   */
  readText(relativePath: string): Promise<string | null>;
  /** SHA-256 of a file's bytes. Only asked for files that are deployed. */
  sha256(relativePath: string): Promise<Uint8Array>;
  /** A file's bytes. Needed with `AssembleOptions.compress`, asked only for files it may compress. */
  readFile?(relativePath: string): Promise<Uint8Array>;
}

export interface AssembleOptions {
  /** How errors name `ws-resources.json` (default: `displayPath('ws-resources.json')`). */
  readonly wsResourcesPath?: string;
  /** How errors name a configuration file of the folder (default: its relative path). */
  readonly displayPath?: (relativePath: string) => string;
  readonly onEvent?: DeployListener;
  /**
   * Stores compressible files compressed with this Brotli compressor (see compression.ts), with
   * `content-encoding: br`; without it every file is stored as it is.
   */
  readonly compress?: Compressor;
  /**
   * Files of this many bytes or more are stored as blobs and never compressed (compression.ts).
   * @default DEFAULT_BLOB_THRESHOLD (32 MiB)
   */
  readonly blobThreshold?: number;
  /**
   * Where the compressed bytes are kept until they are stored (e.g. partly spilled, see
   * stored-bytes.ts). @default all in memory
   */
  readonly keepCompressed?: StoredBytes;
}

/** What compression did to the deployed files. */
export interface CompressionSummary {
  /** Files stored compressed. */
  readonly files: number;
  /** Their size in the folder, and stored. */
  readonly originalBytes: number;
  readonly storedBytes: number;
}

export interface AssembledSite {
  readonly config: SiteConfig;
  /**
   * The files to deploy, sorted by resource path. Size and SHA-256 are those of the bytes to store:
   * for a compressed file, its compressed bytes.
   */
  readonly files: readonly LocalFile[];
  /** The bytes to store of each compressed file, by resource path; other files are stored as they are. */
  readonly compressed: StoredBytes;
  readonly compression: CompressionSummary;
  /** The folder entry (relative path) of each resource path in `files`. */
  readonly sources: ReadonlyMap<string, string>;
  /** Sum of the sizes of `files`. */
  readonly totalBytes: number;
  /** Resource paths left out by `ignore` in ws-resources.json, sorted. */
  readonly ignored: readonly string[];
  /** Text of ws-resources.json (null when there is none), for the write-back after a deploy. */
  readonly wsResourcesText: string | null;
}

/** Never part of a site, wherever they appear: version-control folders and OS litter. */
const SKIPPED_NAMES: ReadonlySet<string> = new Set(['.git', '.hg', '.svn', '.DS_Store', 'Thumbs.db']);

/**
 * Whether a file or folder named `name` is left out of a site without a word (not even as
 * `ignored`): version-control folders and OS litter. Walkers check it per name so they never
 * descend into `.git`; `assembleSite` checks every segment again.
 */
export function isSkippedName(name: string): boolean {
  return SKIPPED_NAMES.has(name);
}

/** Whether any segment of the `/`-separated `relativePath` is `isSkippedName`. */
export function isSkippedPath(relativePath: string): boolean {
  return relativePath.split('/').some(isSkippedName);
}

/**
 * Reads the folder's configuration, then picks, hashes and computes the headers of the files to
 * deploy, as site-builder does: root configuration files and skipped names are left out, files
 * matching an `ignore` glob are listed in `ignored`, and every other file must have a valid
 * resource path (else `PathError`; also when two entries map to the same resource path, e.g.
 * `a\b` and `a/b`). Configuration errors throw `SiteConfigError` naming the file. Emits the `scan`
 * phase (in bytes hashed) and a warning `note` for each `_headers`/`_redirects` entry that
 * ws-resources.json shadows.
 */
export async function assembleSite(
  entries: readonly FolderEntry[],
  access: FolderAccess,
  options: AssembleOptions = {},
): Promise<AssembledSite> {
  const onEvent = options.onEvent;
  const display = options.displayPath ?? ((relativePath: string) => relativePath);
  const wsText = await access.readText(WS_RESOURCES_FILE);
  const headersText = await access.readText(HEADERS_FILE);
  const redirectsText = await access.readText(REDIRECTS_FILE);
  const config = mergeSiteConfig(
    {
      ...(wsText !== null
        ? { wsResources: parseWsResources(wsText, options.wsResourcesPath ?? display(WS_RESOURCES_FILE)) }
        : {}),
      ...(headersText !== null ? { headersFile: parseHeadersFile(headersText, display(HEADERS_FILE)) } : {}),
      ...(redirectsText !== null
        ? { redirectsFile: parseRedirectsFile(redirectsText, display(REDIRECTS_FILE)) }
        : {}),
    },
    (entry) =>
      onEvent?.({
        type: 'note',
        level: 'warn',
        message: `${entry.source}: ${entry.kind} ${entry.pattern} is ignored; ws-resources.json sets the same pattern`,
      }),
  );

  const found: { path: string; entry: FolderEntry }[] = [];
  const ignored: string[] = [];
  const seen = new Map<string, string>();
  for (const entry of entries) {
    if (isSkippedPath(entry.relativePath)) continue;
    const path = resourcePath(entry.relativePath);
    const other = seen.get(path);
    if (other !== undefined) {
      throw new PathError(path, `comes from two files, ${other} and ${entry.relativePath}`);
    }
    seen.set(path, entry.relativePath);
    if (isConfigFile(path)) continue;
    if (isIgnored(path, config)) ignored.push(path);
    else found.push({ path, entry });
  }
  found.sort((a, b) => compare(a.path, b.path));
  ignored.sort(compare);

  const totalBytes = found.reduce((n, f) => n + f.entry.size, 0);
  const compressed = options.keepCompressed ?? storedBytes();
  const files = await timedPhase(onEvent ?? (() => {}), 'scan', totalBytes, 'bytes', async (progress) => {
    let hashed = 0;
    let lastReport = 0;
    // A few files at once: node:zlib compresses on its thread pool, so this uses every core.
    return mapInOrder(found, SCAN_CONCURRENCY, async ({ path, entry }) => {
      const file = await localFile(path, entry, config, access, options);
      if (file.stored) await compressed.put(path, file.stored);
      hashed += entry.size;
      // About 50 updates for the whole folder, and always the last one.
      if (hashed - lastReport > totalBytes / 50 || hashed === totalBytes) {
        lastReport = hashed;
        progress(hashed);
      }
      return file.local;
    });
  });
  const compression: CompressionSummary = {
    files: compressed.size,
    originalBytes: found.reduce((n, f) => n + (compressed.has(f.path) ? f.entry.size : 0), 0),
    storedBytes: compressed.bytes,
  };
  if (compression.files > 0) {
    onEvent?.({
      type: 'note',
      level: 'info',
      message: `${compression.files} file${compression.files === 1 ? '' : 's'} stored Brotli-compressed: ${compression.originalBytes} → ${compression.storedBytes} bytes`,
    });
  }

  return {
    config,
    files,
    compressed,
    compression,
    sources: new Map(found.map(({ path, entry }) => [path, entry.relativePath])),
    totalBytes,
    ignored,
    wsResourcesText: wsText,
  };
}

/** Files hashed (and compressed) at once. */
const SCAN_CONCURRENCY = 4;

/**
 * A file as the deploy stores it: compressed when `compress` is given, the file may be compressed
 * and the compressed bytes are worth it (compression.ts), else as it is in the folder.
 */
async function localFile(
  path: string,
  entry: FolderEntry,
  config: SiteConfig,
  access: FolderAccess,
  { compress, blobThreshold }: Pick<AssembleOptions, 'compress' | 'blobThreshold'>,
): Promise<{ local: LocalFile; stored?: Uint8Array }> {
  const rules = ruleHeaders(path, config);
  const type = rules.get('content-type') ?? contentTypeFor(path);
  if (compress && access.readFile && shouldTryCompression(rules, type, entry.size, blobThreshold)) {
    const bytes = await access.readFile(entry.relativePath);
    const stored = await compress(bytes);
    if (worthStoring(bytes.length, stored.length)) {
      const headers = resourceHeaders(path, config, STORED_CODING);
      return { local: { path, size: stored.length, sha256: await sha256(stored), headers }, stored };
    }
  }
  const sha = await access.sha256(entry.relativePath);
  return { local: { path, size: entry.size, sha256: sha, headers: resourceHeaders(path, config) } };
}

/** `map` over `items` with at most `limit` calls pending, results in the items' order. */
async function mapInOrder<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await map(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return out;
}

// Code-unit order, so the result does not depend on the order the walker listed files in.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
