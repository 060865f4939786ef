// Random-access reads of a file to deploy, so big files can be encoded and uploaded without ever
// being held whole: the CLI reads them from disk, the publish page from a `File`, tests from memory.

export class FileSourceError extends Error {
  override name = 'FileSourceError';
}

export interface FileSource {
  /** Length of the file in bytes. */
  readonly size: number;
  /**
   * Bytes [offset, offset + length) of the file, cut short at its end (so empty past it). The
   * result may be a view of the source's own memory: callers copy it and never write to it.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A FileSource over bytes already in memory (tests, small blobs); reads are views, not copies. */
export function bytesSource(bytes: Uint8Array): FileSource {
  return {
    size: bytes.length,
    read: async (offset, length) => {
      checkRange(offset, length);
      return bytes.subarray(Math.min(offset, bytes.length), Math.min(offset + length, bytes.length));
    },
  };
}

/**
 * Reads [offset, offset + length) into `target` at `targetOffset` and zero-fills what lies past
 * the file's end, which is how a blob is padded to whole symbols.
 */
export async function readPadded(
  source: FileSource,
  offset: number,
  length: number,
  target: Uint8Array,
  targetOffset = 0,
): Promise<void> {
  const available = Math.max(0, Math.min(length, source.size - offset));
  const bytes = available > 0 ? await source.read(offset, available) : new Uint8Array(0);
  if (bytes.length !== available) {
    throw new FileSourceError(
      `read of ${available} bytes at ${offset} returned ${bytes.length} (did the file change?)`,
    );
  }
  target.set(bytes, targetOffset);
  target.fill(0, targetOffset + available, targetOffset + length);
}

/** Offsets and lengths are byte counts: non-negative safe integers. */
export function checkRange(offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new FileSourceError(`invalid read range: ${length} bytes at ${offset}`);
  }
}
