// Pure arithmetic of a read: which systematic slivers hold the wanted bytes, and how to cut the
// bytes out of them. Primary sliver i < p is row i of the blob; secondary sliver c < s is column c.
import type { Geometry } from './geometry.ts';

/** Rows [first, last] of width `rowSize` that cover bytes [start, end); empty range → no rows. */
export function rowsForRange(start: number, end: number, rowSize: number): number[] {
  if (end <= start) return [];
  const first = Math.floor(start / rowSize);
  const last = Math.floor((end - 1) / rowSize);
  const rows: number[] = [];
  for (let r = first; r <= last; r++) rows.push(r);
  return rows;
}

/** Copies bytes [start, end) of the blob out of its consecutive rows (row data by row index). */
export function cutRange(
  rows: ReadonlyMap<number, Uint8Array>,
  start: number,
  end: number,
  rowSize: number,
): Uint8Array {
  const out = new Uint8Array(Math.max(0, end - start));
  let written = 0;
  for (const r of rowsForRange(start, end, rowSize)) {
    const row = rows.get(r);
    if (!row) throw new Error(`row ${r} missing while assembling`);
    const from = Math.max(start - r * rowSize, 0);
    const to = Math.min(end - r * rowSize, rowSize);
    out.set(row.subarray(from, to), written);
    written += to - from;
  }
  return out;
}

/** Concatenates columns [start, end) given the column data (each p·sym bytes). */
export function joinColumns(
  columns: ReadonlyMap<number, Uint8Array>,
  start: number,
  end: number,
): Uint8Array {
  const first = columns.get(start);
  if (!first) throw new Error(`column ${start} missing while assembling`);
  const out = new Uint8Array(first.length * (end - start));
  for (let c = start; c < end; c++) {
    const column = columns.get(c);
    if (!column || column.length !== first.length) throw new Error(`column ${c} missing while assembling`);
    out.set(column, (c - start) * first.length);
  }
  return out;
}

/** Row i of a decoded blob (zero-padded past its end), as primary sliver i would carry it. */
export function rowOfBlob(blob: Uint8Array, row: number, rowSize: number): Uint8Array {
  const out = new Uint8Array(rowSize);
  const from = row * rowSize;
  if (from < blob.length) out.set(blob.subarray(from, Math.min(from + rowSize, blob.length)));
  return out;
}

/** Column c of a decoded blob: symbol (r, c) for r = 0..p−1, zero-padded past the blob's end. */
export function columnOfBlob(blob: Uint8Array, column: number, g: Geometry, sym: number): Uint8Array {
  const out = new Uint8Array(g.p * sym);
  for (let r = 0; r < g.p; r++) {
    const from = (r * g.s + column) * sym;
    if (from >= blob.length) break;
    out.set(blob.subarray(from, Math.min(from + sym, blob.length)), r * sym);
  }
  return out;
}
