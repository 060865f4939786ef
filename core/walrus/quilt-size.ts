// The length of the QuiltV1 blob a set of files makes, from their identifiers and sizes alone, so a
// packer can compare layouts without building them (MystenLabs/walrus crates/walrus-core encoding/quilt_encoding.rs). Untagged
// patches only, as Floe writes them.
import { MAX_QUILT_INDEX_COLUMNS, QUILT_INDEX_PREFIX_SIZE, QUILT_PATCH_HEADER_SIZE } from './quilt.ts';
import { uleb128 } from './bcs.ts';
import { geometry, MAX_SYMBOL_SIZE } from './geometry.ts';

export interface QuiltEntry {
  readonly identifier: string;
  readonly size: number;
}

const encoder = new TextEncoder();

function bcsStringLength(text: string): number {
  const bytes = encoder.encode(text).length;
  return uleb128(bytes).length + bytes;
}

/** Bytes each patch takes (header, u16 identifier size, identifier, data) and the index before them. */
function quiltParts(entries: readonly QuiltEntry[]): { index: number; patches: number[] } {
  let index = QUILT_INDEX_PREFIX_SIZE + uleb128(entries.length).length;
  const patches = entries.map((entry) => {
    const id = bcsStringLength(entry.identifier);
    // Index entry: u16 end index, identifier, empty tag map (one zero byte).
    index += 2 + id + 1;
    return QUILT_PATCH_HEADER_SIZE + 2 + id + entry.size;
  });
  return { index, patches };
}

function fits(parts: { index: number; patches: number[] }, columns: number, columnSize: number): boolean {
  const indexColumns = Math.ceil(parts.index / columnSize);
  if (indexColumns > MAX_QUILT_INDEX_COLUMNS) return false;
  let used = indexColumns;
  for (const patch of parts.patches) {
    used += Math.ceil(patch / columnSize);
    if (used > columns) return false;
  }
  return true;
}

/**
 * The quilt's symbol size: the smallest one at which the index and every patch fit whole columns,
 * rounded up to even; null when the files do not fit one quilt (too many, or too large).
 */
export function quiltSymbolSize(nShards: number, entries: readonly QuiltEntry[]): number | null {
  const { p, s } = geometry(nShards);
  if (entries.length === 0 || entries.length > s - 1) return null;
  const parts = quiltParts(entries);
  if (!fits(parts, s, MAX_SYMBOL_SIZE * p)) return null;
  let low = 1;
  let high = MAX_SYMBOL_SIZE;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (fits(parts, s, mid * p)) high = mid;
    else low = mid + 1;
  }
  return low + (low % 2);
}

/** Unencoded length of the quilt `entries` make (the full p × s matrix), or null if they do not fit one. */
export function quiltLength(nShards: number, entries: readonly QuiltEntry[]): number | null {
  const symbol = quiltSymbolSize(nShards, entries);
  if (symbol === null) return null;
  const { p, s } = geometry(nShards);
  return p * s * symbol;
}
