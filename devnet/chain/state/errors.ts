// Failures of the chain store. The store is the last line before the disk, so its errors say
// which file and which byte offset went wrong, and whether the caller can do anything about it.

/** Base of every chain-store failure. */
export class ChainStoreError extends Error {
  override name = 'ChainStoreError';
}

/**
 * The log holds bytes that are not a valid record and cannot be explained by a crash mid-write
 * (a torn tail is repaired silently; damage followed by more data is not, since truncating it
 * would throw away committed transactions).
 */
export class CorruptLogError extends ChainStoreError {
  override name = 'CorruptLogError';
  /** Byte offset of the bad record in the log file. */
  readonly offset: number;

  constructor(message: string, offset: number, options?: ErrorOptions) {
    super(`${message} (at byte ${offset})`, options);
    this.offset = offset;
  }
}

/** The store was used after `close()`. */
export class StoreClosedError extends ChainStoreError {
  override name = 'StoreClosedError';
}

/** A batch was rejected before anything was written (e.g. a transaction digest seen before). */
export class InvalidCommitError extends ChainStoreError {
  override name = 'InvalidCommitError';
}
