import { describe, expect, it } from 'vitest';
import { neighbourNodes } from './quilt-neighbours.ts';

// Ten columns per node: columns 0-9 on node 0, 10-19 on node 1, …
const tens = (column: number) => Math.floor(column / 10);

describe('neighbourNodes', () => {
  it("names the patch's own nodes first, then those of the columns nearest to it on either side", () => {
    // Column 39 (node 3) is 3 columns from the patch, column 50 (node 5) 6, column 29 (node 2) 13.
    expect(neighbourNodes({ start: 42, end: 45, columns: 100, memberOfColumn: tens, span: 20 })).toEqual([
      4, 3, 5, 2, 6,
    ]);
  });

  it('stays inside the blob and stops at the most nodes asked for', () => {
    expect(neighbourNodes({ start: 0, end: 2, columns: 30, memberOfColumn: tens, span: 64 })).toEqual([
      0, 1, 2,
    ]);
    expect(
      neighbourNodes({ start: 50, end: 51, columns: 100, memberOfColumn: tens, span: 64, max: 3 }),
    ).toEqual([5, 4, 6]);
  });
});
