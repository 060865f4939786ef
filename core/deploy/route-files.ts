// Which files a deploy stores in quilts and which as standalone blobs (pure). A file whose stored
// size reaches the blob threshold becomes a blob of its own: a Site resource naming that blob with
// no quilt patch header, which readers (Floe's and the official portals) read as the whole blob.
// Reads of such a blob can stream row by row and answer byte ranges without reading the file
// first; below the threshold a file shares a quilt, which saves each file its own copy of the
// blob metadata (61 MiB of encoded storage at n = 1000).
import { FileTooLargeError } from './pack.ts';
import { DeployError } from './errors.ts';

/**
 * Files of at least this many stored bytes become standalone blobs. At 32 MiB a blob's own
 * metadata costs at most ~21 % more storage than the file's share of a quilt would (nothing from
 * 64 MiB, where the quilt cap leaves the file alone anyway), while the quilt path's whole-file
 * reads stay under about a second and fit the worker's 32 MiB memory cache.
 */
export const DEFAULT_BLOB_THRESHOLD = 32 * 1024 * 1024;

/** The smallest threshold accepted; tests use it to deploy blobs from small files. */
export const MIN_BLOB_THRESHOLD = 1024 * 1024;

/** A blob threshold that is not a whole number of bytes of at least `min`. */
export class InvalidBlobThresholdError extends DeployError {
  override name = 'InvalidBlobThresholdError';
  readonly value: number;
  readonly min: number;
  constructor(value: number, min: number) {
    super(`the blob threshold must be a whole number of bytes, at least ${min}, got ${value}`);
    this.value = value;
    this.min = min;
  }
}

/** `value` checked (InvalidBlobThresholdError), or the default when it is undefined. */
export function blobThreshold(value: number | undefined): number {
  if (value === undefined) return DEFAULT_BLOB_THRESHOLD;
  if (!Number.isSafeInteger(value) || value < MIN_BLOB_THRESHOLD) {
    throw new InvalidBlobThresholdError(value, MIN_BLOB_THRESHOLD);
  }
  return value;
}

export interface RoutedFiles<T> {
  /** Files below the threshold, in input order: packed into quilts. */
  readonly quiltFiles: readonly T[];
  /** Files at or above it, sorted by path: one blob each. */
  readonly blobFiles: readonly T[];
}

export interface RouteOptions {
  /** Stored bytes from which a file becomes a blob (checked with `blobThreshold`). */
  readonly threshold?: number;
  /** The largest blob the network stores; a bigger file is a FileTooLargeError. */
  readonly maxBlobBytes?: number;
}

export function routeFiles<T extends { readonly path: string; readonly size: number }>(
  files: readonly T[],
  options: RouteOptions = {},
): RoutedFiles<T> {
  const threshold = blobThreshold(options.threshold);
  const quiltFiles: T[] = [];
  const blobFiles: T[] = [];
  for (const file of files) (file.size >= threshold ? blobFiles : quiltFiles).push(file);
  const max = options.maxBlobBytes ?? Number.MAX_SAFE_INTEGER;
  const tooLarge = blobFiles.find((file) => file.size > max);
  if (tooLarge) {
    throw new FileTooLargeError(
      `${tooLarge.path} is ${tooLarge.size} bytes; the largest file this network accepts is ${max} bytes`,
    );
  }
  // Path order, so the same folder always gives the same items in the same order.
  blobFiles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { quiltFiles, blobFiles };
}
