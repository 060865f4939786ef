import { describe, expect, it } from 'vitest';
import { rowCount, rowCut, rowSpan, windowRows } from './row-window.ts';

describe('rowSpan', () => {
  // 10 rows of 100 bytes; the blob has 950 bytes, so row 9 is half padding.
  const length = 950;
  const R = 100;

  it('covers the whole blob by default', () => {
    const span = rowSpan(length, R);
    expect(span).toEqual({ start: 0, end: 950, firstRow: 0, lastRow: 9, rowSize: R });
    expect(rowCount(span)).toBe(10);
    expect(rowCut(span, 0)).toEqual({ from: 0, to: 100 });
    expect(rowCut(span, 9)).toEqual({ from: 0, to: 50 });
  });

  it('cuts the first and last rows of a range', () => {
    const span = rowSpan(length, R, 150, 420);
    expect([span.firstRow, span.lastRow]).toEqual([1, 4]);
    expect(rowCut(span, 1)).toEqual({ from: 50, to: 100 });
    expect(rowCut(span, 2)).toEqual({ from: 0, to: 100 });
    expect(rowCut(span, 4)).toEqual({ from: 0, to: 20 });
  });

  it('handles ranges on row boundaries and inside one row', () => {
    expect(rowSpan(length, R, 100, 200)).toMatchObject({ firstRow: 1, lastRow: 1 });
    expect(rowSpan(length, R, 99, 101)).toMatchObject({ firstRow: 0, lastRow: 1 });
    const inner = rowSpan(length, R, 310, 320);
    expect([inner.firstRow, inner.lastRow]).toEqual([3, 3]);
    expect(rowCut(inner, 3)).toEqual({ from: 10, to: 20 });
  });

  it('serves a range inside the padded last row and one ending at the length', () => {
    const tail = rowSpan(length, R, 920, 950);
    expect([tail.firstRow, tail.lastRow]).toEqual([9, 9]);
    expect(rowCut(tail, 9)).toEqual({ from: 20, to: 50 });
    // `bytes=-N` as a server resolves it: the last N bytes.
    const suffix = rowSpan(length, R, length - 120);
    expect(suffix).toMatchObject({ start: 830, end: 950, firstRow: 8, lastRow: 9 });
  });

  it('clamps to the length', () => {
    expect(rowSpan(length, R, 900, 5000)).toMatchObject({ start: 900, end: 950, firstRow: 9, lastRow: 9 });
    const past = rowSpan(length, R, 2000, 3000);
    expect(past).toMatchObject({ start: 950, end: 950 });
    expect(rowCount(past)).toBe(0);
  });

  it('has no rows for an empty range or an empty blob', () => {
    const empty = rowSpan(length, R, 500, 500);
    expect(empty.firstRow).toBeGreaterThan(empty.lastRow);
    expect(rowCount(empty)).toBe(0);
    expect(rowCount(rowSpan(0, R))).toBe(0);
    expect(rowCount(rowSpan(length, R, 0, 0))).toBe(0);
  });
});

describe('windowRows', () => {
  it('fits the window in bytes, at least 2 and at most the cap', () => {
    expect(windowRows(8 << 20, 1 << 20, 32)).toBe(8);
    expect(windowRows(8 << 20, 3 << 20, 32)).toBe(2);
    expect(windowRows(1, 100, 32)).toBe(2);
    expect(windowRows(8 << 20, 4002, 32)).toBe(32);
    expect(windowRows(8 << 20, 4002, 1)).toBe(2);
  });
});
