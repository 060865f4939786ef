// Pure arithmetic of a streamed read: which rows (primary slivers) cover a byte range of a blob,
// how many of them may be fetched ahead of the consumer, and which bytes of each row go out.
// Row r holds blob bytes [r·R, (r+1)·R) with R = s·symbolSize; the last row is zero-padded.

export interface RowSpan {
  /** The range [start, end) after clamping to the blob's length. */
  readonly start: number;
  readonly end: number;
  /** Covering rows, inclusive; firstRow > lastRow when the range is empty. */
  readonly firstRow: number;
  readonly lastRow: number;
  readonly rowSize: number;
}

/**
 * The rows covering bytes [start, end) of a blob of `length` bytes, the range clamped to the
 * length (a start past the end gives an empty range at the end). Callers validate the numbers.
 */
export function rowSpan(length: number, rowSize: number, start = 0, end: number = length): RowSpan {
  const to = Math.min(end, length);
  const from = Math.min(start, to);
  const firstRow = Math.floor(from / rowSize);
  // An empty range still names the row its position falls in, so firstRow − 1 marks "no rows".
  const lastRow = to > from ? Math.floor((to - 1) / rowSize) : firstRow - 1;
  return { start: from, end: to, firstRow, lastRow, rowSize };
}

/** Rows in the span (0 when empty). */
export function rowCount(span: RowSpan): number {
  return Math.max(0, span.lastRow - span.firstRow + 1);
}

/**
 * Rows fetched ahead of the consumer: as many as fit in `windowBytes`, at least 2 (so the next row
 * is on its way while one is delivered) and at most `maxRows` (the reader's request concurrency,
 * which small rows would otherwise exceed).
 */
export function windowRows(windowBytes: number, rowSize: number, maxRows: number): number {
  return Math.max(2, Math.min(Math.floor(windowBytes / rowSize), maxRows));
}

/** Offsets [from, to) within row `row` of the bytes that belong to the span. */
export function rowCut(span: RowSpan, row: number): { readonly from: number; readonly to: number } {
  const base = row * span.rowSize;
  return {
    from: Math.max(span.start - base, 0),
    to: Math.min(span.end - base, span.rowSize),
  };
}
