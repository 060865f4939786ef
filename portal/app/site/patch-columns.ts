// A quilt patch's columns from its resource header `x-wal-quilt-patch-internal-id`: `0x` + hex of
// 5 bytes, version `0x01`, then the patch's first column and its end column (exclusive), each a
// little-endian u16. The columns are the quilt's secondary slivers that hold the file.
import { QUILT_PATCH_HEADER, type SiteResource } from '../../../core/site/types.ts';

export interface PatchColumns {
  readonly start: number;
  readonly end: number;
}

const QUILT_PATCH_VERSION = 0x01;

/** The columns `[start, end)`, or null when the value is not a version-1 internal patch ID. */
export function parsePatchColumns(value: string): PatchColumns | null {
  const hex = value.trim().replace(/^0x/i, '');
  if (!/^[0-9a-f]{10}$/i.test(hex)) return null;
  const byte = (i: number) => parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  if (byte(0) !== QUILT_PATCH_VERSION) return null;
  const start = byte(1) | (byte(2) << 8);
  const end = byte(3) | (byte(4) << 8);
  return end > start ? { start, end } : null;
}

/** The patch a resource is stored in, or null for a whole blob (or an unreadable header). */
export function resourcePatch(resource: SiteResource): PatchColumns | null {
  const value = resource.headers.get(QUILT_PATCH_HEADER);
  return value === undefined ? null : parsePatchColumns(value);
}
