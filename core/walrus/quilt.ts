// QuiltV1 (MystenLabs/walrus crates/walrus-core encoding/quilt_encoding.rs; walrus-sites site-builder): patch IDs, the quilt index in
// the first columns, and the per-patch header. Writing quilts uses `encodeQuilt` from
// @mysten/walrus; this module only reads, so the reader can fetch exactly a patch's columns.
import { readUleb128 } from './bcs.ts';
import { fromUrlSafeBase64, toUrlSafeBase64, blobIdToText } from './blob-id.ts';
import { DIGEST_LENGTH } from './geometry.ts';

export class QuiltFormatError extends Error {
  override name = 'QuiltFormatError';
}

export const QUILT_VERSION = 1;
/** u8 version ‖ u32 index length in front of the BCS index in column 0. */
export const QUILT_INDEX_PREFIX_SIZE = 5;
/** u8 version ‖ u32 length ‖ u8 mask in front of every patch. */
export const QUILT_PATCH_HEADER_SIZE = 6;
export const MAX_QUILT_INDEX_COLUMNS = 10;
const HAS_TAGS = 1;
const PATCH_ID_LENGTH = DIGEST_LENGTH + 5;

export interface QuiltPatchId {
  /** The quilt's blob ID (32 bytes). */
  readonly quiltId: Uint8Array;
  /** First secondary-sliver (column) index of the patch. */
  readonly start: number;
  /** One past the last column. */
  readonly end: number;
}

export function encodeQuiltPatchId(id: QuiltPatchId): Uint8Array {
  assertColumns(id.start, id.end);
  const out = new Uint8Array(PATCH_ID_LENGTH);
  out.set(id.quiltId, 0);
  out.set(internalPatchId(id.start, id.end), DIGEST_LENGTH);
  return out;
}

/** `version 1 ‖ u16 start ‖ u16 end`, as stored in `x-wal-quilt-patch-internal-id`. */
export function internalPatchId(start: number, end: number): Uint8Array {
  assertColumns(start, end);
  return Uint8Array.from([QUILT_VERSION, start & 0xff, start >> 8, end & 0xff, end >> 8]);
}

/**
 * The column range in an `x-wal-quilt-patch-internal-id` header value (`0x` and ten hex digits), or
 * null when the value is not a version-1 internal patch ID with start < end.
 */
export function parseInternalPatchId(value: string): { start: number; end: number } | null {
  const hex = value.replace(/^0x/i, '');
  if (!/^[0-9a-f]{10}$/i.test(hex)) return null;
  const byte = (i: number) => parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  if (byte(0) !== QUILT_VERSION) return null;
  const start = byte(1) | (byte(2) << 8);
  const end = byte(3) | (byte(4) << 8);
  return start < end ? { start, end } : null;
}

export function quiltPatchIdToText(id: QuiltPatchId): string {
  return toUrlSafeBase64(encodeQuiltPatchId(id));
}

export function parseQuiltPatchId(input: string | Uint8Array): QuiltPatchId {
  const bytes = typeof input === 'string' ? decodeText(input) : input;
  if (bytes.length !== PATCH_ID_LENGTH) {
    throw new QuiltFormatError(`a quilt patch ID has ${PATCH_ID_LENGTH} bytes, got ${bytes.length}`);
  }
  if (bytes[DIGEST_LENGTH] !== QUILT_VERSION) {
    throw new QuiltFormatError(`unsupported quilt patch ID version ${bytes[DIGEST_LENGTH]}`);
  }
  const start = bytes[33]! | (bytes[34]! << 8);
  const end = bytes[35]! | (bytes[36]! << 8);
  assertColumns(start, end);
  return { quiltId: bytes.slice(0, DIGEST_LENGTH), start, end };
}

/** A 32-byte ID names a blob; the 37-byte form names a quilt patch (like the SDK's `parseWalrusId`). */
export function parseWalrusId(
  text: string,
): { kind: 'blob'; blobId: Uint8Array } | { kind: 'patch'; patch: QuiltPatchId } {
  const bytes = decodeText(text);
  if (bytes.length === DIGEST_LENGTH) return { kind: 'blob', blobId: bytes };
  return { kind: 'patch', patch: parseQuiltPatchId(bytes) };
}

export interface QuiltIndexEntry {
  readonly identifier: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly start: number;
  readonly end: number;
}

// The BCS of the index and of patch identifiers and tags is read by hand, not with @mysten/bcs:
// quilt bytes are whatever the uploader wrote, and @mysten/bcs decodes ULEB128 in time quadratic in
// its length (64 KiB of 0xff cost ~0.4 s, and an index may span 10 columns) and allocates an array
// of a vector's declared length before reading it (6 bytes can ask for 30 million slots). Accepts
// what `BcsType.parse` accepts: canonical ULEB128 lengths, valid UTF-8, trailing bytes ignored.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

class BcsCursor {
  #offset = 0;
  readonly #bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  #take(length: number): Uint8Array {
    if (this.#offset + length > this.#bytes.length) throw new Error('unexpected end of data');
    const out = this.#bytes.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return out;
  }

  u16(): number {
    const b = this.#take(2);
    return b[0]! | (b[1]! << 8);
  }

  uleb(): number {
    const { value, size } = readUleb128(this.#bytes, this.#offset);
    this.#offset += size;
    return value;
  }

  string(): string {
    return utf8.decode(this.#take(this.uleb()));
  }

  stringMap(): Map<string, string> {
    const map = new Map<string, string>();
    for (let count = this.uleb(); count > 0; count--) {
      const key = this.string();
      map.set(key, this.string());
    }
    return map;
  }
}

/** `QuiltIndexV1 { patches: vector<QuiltPatchV1 { end_index: u16, identifier: String, tags: map } > }` */
const QuiltIndexBcs = {
  parse(bytes: Uint8Array) {
    const cursor = new BcsCursor(bytes);
    const patches: { end_index: number; identifier: string; tags: Map<string, string> }[] = [];
    for (let count = cursor.uleb(); count > 0; count--) {
      patches.push({ end_index: cursor.u16(), identifier: cursor.string(), tags: cursor.stringMap() });
    }
    return { patches };
  },
};
const StringBcs = { parse: (bytes: Uint8Array) => new BcsCursor(bytes).string() };
const StringMapBcs = { parse: (bytes: Uint8Array) => new BcsCursor(bytes).stringMap() };

/** Number of bytes of column data needed to hold the index, read from the 5-byte prefix. */
export function quiltIndexByteLength(prefix: Uint8Array): number {
  if (prefix.length < QUILT_INDEX_PREFIX_SIZE) throw new QuiltFormatError('quilt index prefix truncated');
  if (prefix[0] !== QUILT_VERSION) throw new QuiltFormatError(`unsupported quilt version ${prefix[0]}`);
  return QUILT_INDEX_PREFIX_SIZE + readU32(prefix, 1);
}

/**
 * Parses the index from the concatenated bytes of the first columns. Patch 0 starts right after
 * the columns the index occupies — counting its 5-byte prefix, which the SDK's reader forgets.
 */
export function parseQuiltIndex(columns: Uint8Array, columnSize: number): QuiltIndexEntry[] {
  const total = quiltIndexByteLength(columns);
  if (columns.length < total)
    throw new QuiltFormatError(`quilt index needs ${total} bytes, have ${columns.length}`);
  let parsed;
  try {
    parsed = QuiltIndexBcs.parse(columns.subarray(QUILT_INDEX_PREFIX_SIZE, total));
  } catch (cause) {
    throw new QuiltFormatError(`malformed quilt index: ${(cause as Error).message}`, { cause });
  }
  let start = Math.ceil(total / columnSize);
  if (start > MAX_QUILT_INDEX_COLUMNS) throw new QuiltFormatError(`quilt index spans ${start} columns`);
  const entries: QuiltIndexEntry[] = [];
  for (const patch of parsed.patches) {
    if (patch.end_index <= start) {
      throw new QuiltFormatError(`quilt patch ${JSON.stringify(patch.identifier)} has empty column range`);
    }
    entries.push({
      identifier: patch.identifier,
      tags: Object.fromEntries(patch.tags),
      start,
      end: patch.end_index,
    });
    start = patch.end_index;
  }
  return entries;
}

export interface QuiltPatch {
  readonly identifier: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The file's bytes (a view into the column buffer). */
  readonly data: Uint8Array;
}

/** Bytes of patch header + identifier + tags + data, known once the first 6 bytes are in. */
export function quiltPatchTotalLength(columns: Uint8Array): number {
  if (columns.length < QUILT_PATCH_HEADER_SIZE) throw new QuiltFormatError('quilt patch header truncated');
  if (columns[0] !== QUILT_VERSION)
    throw new QuiltFormatError(`unsupported quilt patch version ${columns[0]}`);
  return QUILT_PATCH_HEADER_SIZE + readU32(columns, 1);
}

/** Splits a patch (its columns concatenated top to bottom, left to right) into identifier, tags, data. */
export function parseQuiltPatch(columns: Uint8Array): QuiltPatch {
  const total = quiltPatchTotalLength(columns);
  if (columns.length < total)
    throw new QuiltFormatError(`quilt patch needs ${total} bytes, columns hold ${columns.length}`);
  const mask = columns[5]!;
  let offset = QUILT_PATCH_HEADER_SIZE;
  const idSize = readU16(columns, offset, total);
  offset += 2;
  const identifier = decodeBcs(
    StringBcs,
    columns.subarray(offset, offset + idSize),
    'identifier',
    offset + idSize,
    total,
  );
  offset += idSize;
  let tags: Record<string, string> = {};
  if (mask & HAS_TAGS) {
    const tagsSize = readU16(columns, offset, total);
    offset += 2;
    const map = decodeBcs(
      StringMapBcs,
      columns.subarray(offset, offset + tagsSize),
      'tags',
      offset + tagsSize,
      total,
    );
    tags = Object.fromEntries(map);
    offset += tagsSize;
  }
  return { identifier, tags, data: columns.subarray(offset, total) };
}

function decodeBcs<T>(
  type: { parse: (bytes: Uint8Array) => T },
  bytes: Uint8Array,
  what: string,
  end: number,
  total: number,
): T {
  if (end > total) throw new QuiltFormatError(`quilt patch ${what} overruns the patch`);
  try {
    return type.parse(bytes);
  } catch (cause) {
    throw new QuiltFormatError(`malformed quilt patch ${what}: ${(cause as Error).message}`, { cause });
  }
}

function readU16(bytes: Uint8Array, offset: number, limit: number): number {
  if (offset + 2 > limit) throw new QuiltFormatError('quilt patch truncated');
  return bytes[offset]! | (bytes[offset + 1]! << 8);
}

function readU32(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>>
    0
  );
}

function decodeText(text: string): Uint8Array {
  try {
    return fromUrlSafeBase64(text);
  } catch (cause) {
    throw new QuiltFormatError(`not a Walrus blob or patch ID: ${JSON.stringify(text)}`, { cause });
  }
}

function assertColumns(start: number, end: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > 0xffff || start >= end) {
    throw new QuiltFormatError(`invalid quilt column range [${start}, ${end})`);
  }
}

export function describePatch(id: QuiltPatchId): string {
  return `${blobIdToText(id.quiltId)} columns [${id.start}, ${id.end})`;
}
