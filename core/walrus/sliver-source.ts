// Slivers to upload, fetched on demand: from an in-memory encoding (walrus-wasm's arena) or, for
// blobs encoded by the streaming encoder, from the file itself (systematic primary slivers, each
// a contiguous range of it) plus the spill (everything else), framed as BCS `SliverData` when
// asked for — the bytes a node receives are the same either way. Every read is one contiguous
// read of the file or the spill, in whatever order an upload asks.
import { readPadded, type FileSource } from '../deploy/file-source.ts';
import type { RandomAccessFile } from '../deploy/spill.ts';
import { sliverDataFrame } from './bcs.ts';
import type { EncodedBlob } from './encoding.ts';
import type { SliverType } from './node-types.ts';
import { columnOffset, repairRowOffset, type StreamLayout } from './stream-layout.ts';

export class SliverSourceError extends Error {
  override name = 'SliverSourceError';
}

export interface SliverSource {
  /**
   * BCS `SliverData` of sliver pair `pair`: primary sliver `pair`, or secondary sliver
   * n−1−`pair` — what `EncodedBlob.primary[pair]` / `.secondary[pair]` hold.
   */
  read(pair: number, type: SliverType): Promise<Uint8Array>;
  /** Releases what backs the slivers (the spill file); reads fail afterwards. */
  close(): Promise<void>;
}

/** Slivers of an in-memory encoding; closing drops nothing (the arena is the caller's). */
export function encodedSliverSource(encoded: EncodedBlob): SliverSource {
  return {
    read: async (pair, type) => {
      const sliver = (type === 'primary' ? encoded.primary : encoded.secondary)[pair];
      if (!sliver) throw new SliverSourceError(`no ${type} sliver for pair ${pair}`);
      return sliver;
    },
    close: async () => undefined,
  };
}

/**
 * Slivers of a stream-encoded blob: rows 0..p−1 are re-read from `source` (which must not have
 * changed since encoding), the rest from `spill` (see stream-layout.ts).
 */
export function streamedSliverSource(
  layout: StreamLayout,
  source: FileSource,
  spill: RandomAccessFile,
): SliverSource {
  const { g } = layout;
  let closed = false;
  // Each sliver is read straight into the BCS frame the upload sends: an upload holds a sliver
  // once here and once in the HTTP client's copy of the body, not a third time as a read buffer.
  const readRow = async (index: number, into: Uint8Array): Promise<void> => {
    if (index >= g.p) return spill.readInto(repairRowOffset(layout, index), into);
    await readPadded(source, index * layout.rowBytes, layout.rowBytes, into);
  };
  const readColumn = (index: number, into: Uint8Array): Promise<void> =>
    spill.readInto(columnOffset(layout, index), into);
  return {
    async read(pair, type) {
      if (closed) throw new SliverSourceError('the sliver source is closed');
      if (!Number.isInteger(pair) || pair < 0 || pair >= g.n) {
        throw new SliverSourceError(`sliver pair ${pair} is out of range 0..${g.n - 1}`);
      }
      const index = type === 'primary' ? pair : g.n - 1 - pair;
      const length = type === 'primary' ? layout.rowBytes : layout.columnBytes;
      const { frame, data } = sliverDataFrame(length, layout.symbolSize, index);
      await (type === 'primary' ? readRow(index, data) : readColumn(index, data));
      return frame;
    },
    async close() {
      closed = true;
      await spill.delete();
    },
  };
}
