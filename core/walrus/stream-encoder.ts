// RS2 encoding of a blob that is never held whole, byte-exact with walrus-core's BlobEncoder
// (crates/walrus-core/src/encoding/blob_encoding.rs), which expands the p×s blob matrix to n×n
// symbols: each of the p rows s→n, then each of the n columns p→n. Every symbol of that matrix
// is leaf-hashed; primary hash k is the Merkle root of row k, secondary hash k that of column
// n−1−k. Here the same matrix is walked in two passes over the file:
//   row pass    — read rows in groups, RS-encode each, spill the repair symbols (columns s..n−1);
//   column pass — gather groups of columns (systematic ones by strided reads of the file, repair
//                 ones from the spill), spill the systematic ones as they are (so an upload reads
//                 every secondary sliver in one piece), expand each to n symbols, hash them all
//                 into an n×n table of 32-byte digests, and spill rows p..n−1 of the systematic
//                 columns (the repair primary slivers).
// Memory is the digest table (32 MB at n = 1000, whatever the blob's size) plus one group. The
// work is CPU-bound for seconds per group, so the event loop gets a turn every SLICE_MS.
import { readPadded, type FileSource } from '../deploy/file-source.ts';
import type { RandomAccessFile, SpillStore } from '../deploy/spill.ts';
import { RS2_ENCODING_TYPE, type BlobMetadata, type SliverPairHashes } from './bcs.ts';
import { DIGEST_LENGTH } from './geometry.ts';
import { hashLeavesInto, merkleRootOfDigests } from './merkle.ts';
import { deriveBlobId, metadataRootHash } from './metadata.ts';
import { timeSlicer } from './next-turn.ts';
import { rsEncodeRecoveryInto } from './rs/encoder.ts';
import { streamedSliverSource, type SliverSource } from './sliver-source.ts';
import {
  columnOffset,
  groupCount,
  repairRowOffset,
  streamLayout,
  type StreamLayout,
} from './stream-layout.ts';

export interface StreamEncodeOptions {
  /**
   * Bytes of expanded symbols worked on at once (a group of rows or columns, n symbols each);
   * with the n×n×32-byte digest table, this is what the encoder holds. At least one row or
   * column is always taken.
   */
  readonly columnGroupBytes: number;
  /** Checked between rows and columns, so an abort stops the encoder within a few milliseconds. */
  readonly signal?: AbortSignal;
  /**
   * Work done so far, scaled to the file's size (bytesTotal = its size): after each group and at
   * each turn given to the event loop (every SLICE_MS of work), rising to bytesTotal at the end.
   */
  readonly onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** Name of the spill file, unique in the store; by default a fresh `stream-<k>`. */
  readonly spillName?: string;
}

export interface StreamEncodedBlob {
  readonly blobId: Uint8Array;
  readonly rootHash: Uint8Array;
  readonly metadata: BlobMetadata;
  readonly symbolSize: number;
  readonly unencodedLength: number;
  /** Every sliver, BCS-framed; closing it deletes the spill file. */
  readonly slivers: SliverSource;
}

let spillCounter = 0;

/**
 * Longest stretch of encoding without a turn for the event loop. Each turn costs tens of
 * microseconds; 10 ms keeps timers, progress output and other uploads' I/O responsive. A single
 * row or column is never split, so with large symbols a stretch is one column (~40 ms for 2 GiB).
 */
const SLICE_MS = 10;

/** What both passes work on. */
interface Pass {
  readonly source: FileSource;
  readonly file: RandomAccessFile;
  readonly layout: StreamLayout;
  readonly options: StreamEncodeOptions;
  /** Reports progress in RS expansions done: rows first, then p + columns. */
  readonly progress: (expansionsDone: number) => void;
  /** Called after each row or column: now and then a turn for the event loop and a report. */
  readonly step: (expansionsDone: number) => Promise<void>;
}

export async function encodeBlobStreaming(
  source: FileSource,
  n: number,
  spill: SpillStore,
  options: StreamEncodeOptions,
): Promise<StreamEncodedBlob> {
  options.signal?.throwIfAborted();
  const layout = streamLayout(n, source.size);
  const file = await spill.create(options.spillName ?? `stream-${++spillCounter}`);
  try {
    // Progress counts RS expansions (p rows + n columns), each a similar amount of work.
    const expansions = layout.g.p + layout.g.n;
    const progress = (done: number) =>
      options.onProgress?.(Math.round((source.size * done) / expansions), source.size);
    const slice = timeSlicer(SLICE_MS);
    // Now and then a turn for the event loop; an abort is noticed there.
    const turn = async (): Promise<boolean> => {
      const yielded = await slice();
      if (yielded) options.signal?.throwIfAborted();
      return yielded;
    };
    const step = async (done: number) => {
      if (await turn()) progress(done);
    };
    const pass: Pass = { source, file, layout, options, progress, step };
    await rowPass(pass);
    const table = await columnPass(pass);
    const metadata = await metadataFromDigests(table, layout, turn);
    const rootHash = metadataRootHash(metadata);
    return {
      blobId: deriveBlobId(RS2_ENCODING_TYPE, source.size, rootHash),
      rootHash,
      metadata,
      symbolSize: layout.symbolSize,
      unencodedLength: source.size,
      slivers: streamedSliverSource(layout, source, file),
    };
  } catch (error) {
    await file.delete();
    throw error;
  }
}

/** Rows s→n; their repair symbols are secondary slivers s..n−1, spilled column by column. */
async function rowPass(pass: Pass): Promise<void> {
  const { source, file, layout, options, progress, step } = pass;
  const { g, symbolSize: sym, rowBytes } = layout;
  const repairCount = g.n - g.s;
  const group = groupCount(layout, options.columnGroupBytes, g.p);
  const rows = new Uint8Array(group * rowBytes);
  const repair = new Uint8Array(repairCount * sym);
  // Column-major: repair column j's symbols of this group's rows lie together, one write each.
  const columns = new Uint8Array(repairCount * group * sym);
  for (let first = 0; first < g.p; first += group) {
    options.signal?.throwIfAborted();
    const count = Math.min(group, g.p - first);
    await readPadded(source, first * rowBytes, count * rowBytes, rows);
    for (let i = 0; i < count; i++) {
      rsEncodeRecoveryInto(rows.subarray(i * rowBytes, (i + 1) * rowBytes), g.s, repairCount, sym, repair, 0);
      for (let j = 0; j < repairCount; j++) {
        columns.set(repair.subarray(j * sym, (j + 1) * sym), (j * group + i) * sym);
      }
      await step(first + i + 1);
    }
    for (let j = 0; j < repairCount; j++) {
      const at = columnOffset(layout, g.s + j) + first * sym;
      await file.write(at, columns.subarray(j * group * sym, (j * group + count) * sym));
    }
    progress(first + count);
  }
}

/**
 * Columns p→n, hashing every symbol of the expanded matrix into a row-major n×n digest table.
 * Columns 0..s−1 are spilled as gathered (secondary slivers); rows p..n−1 of them are the repair
 * primary slivers, spilled row by row per group.
 */
async function columnPass(pass: Pass): Promise<Uint8Array> {
  const { source, file, layout, options, progress, step } = pass;
  const { g, symbolSize: sym, columnBytes } = layout;
  const repairCount = g.n - g.p;
  const rowStride = g.n * DIGEST_LENGTH;
  const table = new Uint8Array(g.n * rowStride);
  const group = groupCount(layout, options.columnGroupBytes, g.n);
  const columns = new Uint8Array(group * columnBytes);
  const segment = new Uint8Array(group * sym);
  const repair = new Uint8Array(repairCount * sym);
  // Row-major: repair row k's symbols of this group's systematic columns lie together.
  const rows = new Uint8Array(repairCount * group * sym);
  for (let first = 0; first < g.n; first += group) {
    options.signal?.throwIfAborted();
    const end = Math.min(first + group, g.n);
    const systematicEnd = Math.min(end, g.s);
    const systematic = Math.max(0, systematicEnd - first);
    // Systematic columns: symbol (r, c) is at sym·(s·r + c) in the file.
    for (let r = 0; systematic > 0 && r < g.p; r++) {
      await readPadded(source, (r * g.s + first) * sym, systematic * sym, segment);
      for (let i = 0; i < systematic; i++) {
        columns.set(segment.subarray(i * sym, (i + 1) * sym), i * columnBytes + r * sym);
      }
    }
    // Spilled although the file has them: read back from it, each would be p strided reads.
    if (systematic > 0) {
      await file.write(columnOffset(layout, first), columns.subarray(0, systematic * columnBytes));
    }
    if (end > g.s) {
      const from = Math.max(first, g.s);
      const spilled = await file.read(columnOffset(layout, from), (end - from) * columnBytes);
      columns.set(spilled, (from - first) * columnBytes);
    }
    for (let c = first; c < end; c++) {
      const column = columns.subarray((c - first) * columnBytes, (c - first + 1) * columnBytes);
      rsEncodeRecoveryInto(column, g.p, repairCount, sym, repair, 0);
      hashLeavesInto(column, sym, table, c * DIGEST_LENGTH, rowStride);
      hashLeavesInto(repair, sym, table, g.p * rowStride + c * DIGEST_LENGTH, rowStride);
      if (c < g.s) {
        for (let k = 0; k < repairCount; k++) {
          rows.set(repair.subarray(k * sym, (k + 1) * sym), (k * systematic + c - first) * sym);
        }
      }
      await step(g.p + c + 1);
    }
    for (let k = 0; systematic > 0 && k < repairCount; k++) {
      const at = repairRowOffset(layout, g.p + k) + first * sym;
      await file.write(at, rows.subarray(k * systematic * sym, (k + 1) * systematic * sym));
    }
    progress(g.p + end);
  }
  return table;
}

/**
 * Primary hash k = root of table row k; secondary hash k = root of table column n−1−k. That is
 * 2n roots over n digests each (~1.5 s at n = 1000), so it takes turns like the passes.
 */
async function metadataFromDigests(
  table: Uint8Array,
  layout: StreamLayout,
  turn: () => Promise<boolean>,
): Promise<BlobMetadata> {
  const { n } = layout.g;
  const rowStride = n * DIGEST_LENGTH;
  const hashes: SliverPairHashes[] = [];
  for (let k = 0; k < n; k++) {
    hashes.push({
      primary: merkleRootOfDigests(table, n, k * rowStride, DIGEST_LENGTH),
      secondary: merkleRootOfDigests(table, n, (n - 1 - k) * DIGEST_LENGTH, rowStride),
    });
    await turn();
  }
  return { encodingType: RS2_ENCODING_TYPE, unencodedLength: layout.length, hashes };
}
