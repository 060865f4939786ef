// Where the streaming encoder (stream-encoder.ts) keeps what an upload reads back.
//
// The blob is the p×s systematic part of an n×n symbol matrix (row-major, zero-padded). Its rows
// are primary slivers 0..p−1: each is one contiguous range of the file, so they are re-read from
// it. Everything else a node stores goes to one spill file with two regions:
//   1. every secondary sliver 0..n−1 (a column of p symbols), column by column — the systematic
//      ones 0..s−1 too, although they are in the file, because there each is p strided symbols
//      (p small reads), while here each is one contiguous read;
//   2. primary slivers p..n−1 (column repair symbols), each s symbols, row by row.
// At n = 1000 that is (1000·334 + 666·667)·sym ≈ 3.5× the blob.
import { geometry, symbolSize, type Geometry } from './geometry.ts';

export interface StreamLayout {
  readonly g: Geometry;
  readonly length: number;
  readonly symbolSize: number;
  /** Bytes of a row of the matrix's first s columns = one primary sliver. */
  readonly rowBytes: number;
  /** Bytes of a column of the matrix's first p rows = one secondary sliver. */
  readonly columnBytes: number;
  /** Bytes of the spill file. */
  readonly spillBytes: number;
}

export function streamLayout(n: number, length: number): StreamLayout {
  const g = geometry(n);
  const sym = symbolSize(g, length);
  const rowBytes = g.s * sym;
  const columnBytes = g.p * sym;
  return {
    g,
    length,
    symbolSize: sym,
    rowBytes,
    columnBytes,
    spillBytes: g.n * columnBytes + (g.n - g.p) * rowBytes,
  };
}

/** Spill offset of secondary sliver `index`, 0 ≤ index < n. */
export function columnOffset(layout: StreamLayout, index: number): number {
  return index * layout.columnBytes;
}

/** Spill offset of primary sliver `index`, p ≤ index < n. */
export function repairRowOffset(layout: StreamLayout, index: number): number {
  return layout.g.n * layout.columnBytes + (index - layout.g.p) * layout.rowBytes;
}

/**
 * How many rows or columns to process together so that their fully expanded symbols (n each)
 * stay within `groupBytes`; at least one, at most `limit`.
 */
export function groupCount(layout: StreamLayout, groupBytes: number, limit: number): number {
  const each = layout.g.n * layout.symbolSize;
  return Math.max(1, Math.min(limit, Math.floor(groupBytes / each)));
}
