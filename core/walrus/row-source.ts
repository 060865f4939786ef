// Rows of a stream, each from its node or rebuilt from other nodes' decoding symbols, and always
// Merkle-verified against the blob's metadata before it is handed on. A stream has no whole-blob
// fallback (it would need the whole blob in memory), so a row that cannot be had ends the stream.
import type { BlobMetadata } from './bcs.ts';
import { symbolSize } from './geometry.ts';
import { NotEnoughSliversError } from './read-errors.ts';
import type { ReadSession } from './read-session.ts';
import type { RowSource } from './blob-stream.ts';
import { gatherSlivers, NeedsWholeBlob, type GatherOptions } from './sliver-gather.ts';

export function verifiedRowSource(args: {
  readonly session: ReadSession;
  readonly metadata: BlobMetadata;
  readonly gather: GatherOptions;
  /** Rows the stream covers, for the error message. */
  readonly rows: number;
}): RowSource {
  const { session, metadata, gather, rows } = args;
  const sym = symbolSize(session.g, metadata.unencodedLength);
  let verified = 0;
  return async (row, signal, turn) => {
    const spec = { type: 'primary' as const, indices: [row], symbolSize: sym, metadata };
    try {
      const data = (await gatherSlivers(session, spec, { ...gather, turn }, signal)).get(row)!;
      verified++;
      return data;
    } catch (error) {
      if (!(error instanceof NeedsWholeBlob)) throw error;
      session.failures.push({ node: 'recovery', what: `primary sliver ${row}`, reason: error.reason });
      throw new NotEnoughSliversError(session.blobId, verified, rows, [...session.failures]);
    }
  };
}
