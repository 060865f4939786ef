// Packing files into quilts. A quilt can hold s − 1 patches (one column at least per patch, one for
// the index), but every patch takes whole columns and one column size serves the whole quilt, so a
// quilt filled to that limit sizes every column for its largest file. Fewer patches per quilt let
// big files span several narrower columns, but every extra quilt costs its metadata on every shard
// (64 MB of paid storage at n = 1000) and 2n sliver uploads. So Floe tries even splits into the
// fewest quilts and a few more, computes each layout's encoded length (what storage costs and
// roughly what upload sends), and keeps the cheapest, fewer quilts on a tie. For the generated
// 1000-file site at n = 1000 that is 2 quilts, 15.6 MB before encoding for 9.7 MB of files (filled
// to s − 1: 22.7 MB; 4 quilts: 12.9 MB but 58 % more encoded bytes). It also caps a quilt's
// unencoded size so encoding and upload memory stay bounded and a failed quilt costs little to
// redo. Files are taken smallest first (as site-builder does) so small files share quilts and big
// ones end up together at the end.
import { encodedBlobLength, geometry } from '../walrus/geometry.ts';
import { quiltLength } from '../walrus/quilt-size.ts';

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

/** Splits tried beyond the fewest quilts the patch limit allows. */
const EXTRA_SPLITS = 7;

export function packQuilts<T extends Packable>(files: readonly T[], options: PackOptions): T[][] {
  const maxFile = options.maxFileBytes ?? Number.MAX_SAFE_INTEGER;
  const tooLarge = files.find((file) => file.size > maxFile);
  if (tooLarge) {
    throw new FileTooLargeError(
      `${tooLarge.path} is ${tooLarge.size} bytes; the largest file this network accepts is ${maxFile} bytes`,
    );
  }
  if (files.length === 0) return [];
  const sorted = [...files].sort((a, b) => a.size - b.size || (a.path < b.path ? -1 : 1));
  const limit = geometry(options.nShards).s - 1;
  const fewest = Math.ceil(sorted.length / limit);
  let best = { quilts: [] as T[][], cost: Number.POSITIVE_INFINITY };
  // Past the extra splits only while nothing fitted yet (big files at a small shard count).
  for (let count = fewest; count <= sorted.length; count++) {
    if (count > fewest + EXTRA_SPLITS && best.cost < Number.POSITIVE_INFINITY) break;
    const quilts = split(sorted, Math.ceil(sorted.length / count), options);
    const cost = encodedCost(quilts, options.nShards);
    if (best.quilts.length === 0 || cost < best.cost) best = { quilts, cost };
    // Splitting further cannot change quilts the byte cap already made one file each.
    if (quilts.length === sorted.length) break;
  }
  return best.quilts;
}

/** Consecutive runs of `sorted` with at most `maxPatches` files and `maxQuiltBytes` each. */
function split<T extends Packable>(sorted: readonly T[], maxPatches: number, options: PackOptions): T[][] {
  const maxBytes = options.maxQuiltBytes ?? DEFAULT_MAX_QUILT_BYTES;
  const quilts: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of sorted) {
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

/** Encoded length of all the quilts together; Infinity if one of them does not fit a blob. */
function encodedCost(quilts: readonly (readonly Packable[])[], nShards: number): number {
  const g = geometry(nShards);
  let total = 0;
  for (const quilt of quilts) {
    const length = quiltLength(
      nShards,
      quilt.map((f) => ({ identifier: f.path, size: f.size })),
    );
    if (length === null) return Number.POSITIVE_INFINITY;
    total += encodedBlobLength(g, length);
  }
  return total;
}
