import { describe, expect, it } from 'vitest';
import { unreferencedBlobIds } from './cleanup.ts';

const r = (blobId: string) => ({ blobId });

describe('unreferencedBlobIds', () => {
  it('names each quilt the old resources used and the remaining ones do not, once', () => {
    expect(unreferencedBlobIds([r('q2'), r('q1'), r('q1'), r('q3')], [r('q3'), r('q9')])).toEqual([
      'q1',
      'q2',
    ]);
  });

  it('keeps a quilt while any remaining file still lives in it', () => {
    expect(unreferencedBlobIds([r('q1'), r('q1')], [r('q1')])).toEqual([]);
  });

  it('names every quilt when nothing remains (a destroyed site)', () => {
    expect(unreferencedBlobIds([r('a'), r('b')], [])).toEqual(['a', 'b']);
  });
});
