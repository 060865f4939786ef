// Packing files into quilts. A quilt can hold s − 1 patches (one column at least per patch, one for
// the index), but every patch takes whole columns and one column size serves the whole quilt, so a
// quilt filled to that limit sizes every column for its largest file: 1000 small files in two full
// quilts were 2.3× their bytes before encoding. Floe puts at most ⌊(s − 1)/2⌋ patches in a quilt,
// spread evenly over as few quilts as that allows, so a file can span several narrower columns
// (the same files: 1.3×), for the price of a quilt's metadata per extra quilt. It also caps a
// quilt's unencoded size so encoding and upload memory stay bounded and a failed quilt costs little
// to redo. Files are taken smallest first (as site-builder does) so small files share quilts and big
// ones end up together at the end.
import { geometry } from '../walrus/geometry.ts';

export class FileTooLargeError extends Error {
  override name = 'FileTooLargeError';
}

export interface PackOptions {
  /** Number of shards (sets s, hence the patch limit). */
  readonly nShards: number;
  /** Unencoded bytes per quilt before a new one is started (default 64 MiB). */
  readonly maxQuiltBytes?: number;
  /** Largest single file accepted (default: the largest blob Walrus can store at this n, capped). */
  readonly maxFileBytes?: number;
}

export interface Packable {
  readonly path: string;
  readonly size: number;
}

export const DEFAULT_MAX_QUILT_BYTES = 64 * 1024 * 1024;
/** Per-patch overhead in the quilt: header, identifier (≤ 2050 B as BCS) and slack for padding. */
const PATCH_OVERHEAD = 2050 + 8;

/** Most patches Floe puts in one quilt at this shard count. */
export function patchCap(nShards: number): number {
  return Math.max(1, Math.floor((geometry(nShards).s - 1) / 2));
}

export function packQuilts<T extends Packable>(files: readonly T[], options: PackOptions): T[][] {
  const cap = patchCap(options.nShards);
  // Even counts (1000 files at cap 333: four quilts of 250, not 333, 333, 333 and 1).
  const maxPatches = files.length === 0 ? cap : Math.ceil(files.length / Math.ceil(files.length / cap));
  const maxBytes = options.maxQuiltBytes ?? DEFAULT_MAX_QUILT_BYTES;
  const maxFile = options.maxFileBytes ?? Number.MAX_SAFE_INTEGER;
  const sorted = [...files].sort((a, b) => a.size - b.size || (a.path < b.path ? -1 : 1));
  const quilts: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of sorted) {
    if (file.size > maxFile) {
      throw new FileTooLargeError(
        `${file.path} is ${file.size} bytes; the largest file this network accepts is ${maxFile} bytes`,
      );
    }
    const cost = file.size + PATCH_OVERHEAD;
    if (current.length > 0 && (current.length >= maxPatches || bytes + cost > maxBytes)) {
      quilts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += cost;
  }
  if (current.length) quilts.push(current);
  return quilts;
}
