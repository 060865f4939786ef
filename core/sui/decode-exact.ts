// Decoding one BCS value as Move's and Rust's `bcs::from_bytes` do. @mysten/bcs's `parse` stops
// after the value and ignores what follows, which would let bytes that are not the layout (a wrong
// type, a truncated read elsewhere) pass as a value.
import { BcsReader, type BcsType } from '@mysten/bcs';

/**
 * Decodes `bytes` as exactly one `type` value: a library error and bytes left over after the
 * value both fail, through `fail`, which turns the reason into the caller's error.
 */
export function decodeExact<T, I>(
  type: BcsType<T, I>,
  bytes: Uint8Array,
  fail: (reason: string, cause?: unknown) => Error,
): T {
  let value: T;
  let end: number;
  try {
    const reader = new BcsReader(bytes);
    value = type.read(reader);
    // The reader keeps its position private; an empty read at it is a view that starts there.
    end = reader.readBytes(0).byteOffset - bytes.byteOffset;
  } catch (error) {
    throw fail((error as Error).message, error);
  }
  if (end !== bytes.length) {
    throw fail(`${bytes.length - end} trailing bytes after the value (${end} of ${bytes.length} read)`);
  }
  return value;
}
