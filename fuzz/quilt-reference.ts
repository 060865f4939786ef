// The reference the quilt targets compare Floe's own quilt reader with: @mysten/bcs reading the
// same regions, on inputs small enough for its known costs not to matter.
import { bcs } from '@mysten/bcs';
import { readUleb128 } from '../core/walrus/bcs.ts';
import { QUILT_INDEX_PREFIX_SIZE } from '../core/walrus/quilt.ts';

/**
 * QuiltV1's layouts as @mysten/bcs schemas, what quilt.ts read them with before it got its own
 * reader: the reference it must agree with on inputs small enough for @mysten/bcs's quadratic
 * ULEB128 decoding not to matter (and whose vector count cannot make it allocate millions of slots).
 */
export const RefQuiltIndex = bcs.struct('QuiltIndexV1', {
  patches: bcs.vector(
    bcs.struct('QuiltPatchV1', {
      end_index: bcs.u16(),
      identifier: bcs.string(),
      tags: bcs.map(bcs.string(), bcs.string()),
    }),
  ),
});
export const REFERENCE_MAX_BYTES = 4096;

export function attempt<T>(parse: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: parse() };
  } catch {
    return { ok: false };
  }
}

/** The BCS part of an index the reference can be asked about, or null. */
export function referenceIndexBytes(columns: Uint8Array): Uint8Array | null {
  if (columns.length < QUILT_INDEX_PREFIX_SIZE || columns[0] !== 1) return null;
  const total = QUILT_INDEX_PREFIX_SIZE + new DataView(columns.buffer, columns.byteOffset).getUint32(1, true);
  if (total > columns.length || total > REFERENCE_MAX_BYTES) return null;
  // A copy: @mysten/bcs reads lengths and strings past the end of a subarray, from its buffer.
  const bytes = columns.slice(QUILT_INDEX_PREFIX_SIZE, total);
  const count = attempt(() => readUleb128(bytes, 0).value);
  return count.ok && count.value <= bytes.length ? bytes : null;
}

/** What @mysten/bcs makes of a patch's identifier or tags region. */
export function referencePatchPart(bytes: Uint8Array, part: string): unknown {
  const idSize = bytes[6]! | (bytes[7]! << 8);
  // Copies: @mysten/bcs reads lengths and strings past the end of a subarray, from its buffer.
  if (part === 'identifier') return bcs.string().parse(bytes.slice(8, 8 + idSize));
  const at = 8 + idSize;
  const tagsSize = bytes[at]! | (bytes[at + 1]! << 8);
  return Object.fromEntries(
    bcs.map(bcs.string(), bcs.string()).parse(bytes.slice(at + 2, at + 2 + tagsSize)),
  );
}
