import { describe, expect, it } from 'vitest';
import { contentRange, parseRange, unsatisfiedRange } from './range.ts';

const partial = (start: number, end: number) => ({ kind: 'partial', start, end });
const full = { kind: 'full' };
const unsatisfiable = { kind: 'unsatisfiable' };

describe('parseRange', () => {
  it('serves the whole representation without a Range header', () => {
    expect(parseRange(null, 1000)).toEqual(full);
  });

  it('serves closed and open int-ranges, clamping the end', () => {
    expect(parseRange('bytes=0-499', 1000)).toEqual(partial(0, 499));
    expect(parseRange('bytes=500-999', 1000)).toEqual(partial(500, 999));
    expect(parseRange('bytes=0-0', 1000)).toEqual(partial(0, 0));
    expect(parseRange('bytes=999-999', 1000)).toEqual(partial(999, 999));
    expect(parseRange('bytes=100-', 1000)).toEqual(partial(100, 999));
    expect(parseRange('bytes=0-', 1000)).toEqual(partial(0, 999));
    expect(parseRange('bytes=500-5000', 1000)).toEqual(partial(500, 999));
    expect(parseRange('bytes=0-99999999999999999999999999', 1000)).toEqual(partial(0, 999));
    expect(parseRange('bytes=007-0010', 1000)).toEqual(partial(7, 10));
  });

  it('serves suffix ranges, the whole file when the suffix is longer', () => {
    expect(parseRange('bytes=-500', 1000)).toEqual(partial(500, 999));
    expect(parseRange('bytes=-1', 1000)).toEqual(partial(999, 999));
    expect(parseRange('bytes=-1000', 1000)).toEqual(partial(0, 999));
    expect(parseRange('bytes=-5000', 1000)).toEqual(partial(0, 999));
    expect(parseRange('bytes=-99999999999999999999999999', 1000)).toEqual(partial(0, 999));
  });

  it('reports ranges starting at or past the end as unsatisfiable', () => {
    expect(parseRange('bytes=1000-', 1000)).toEqual(unsatisfiable);
    expect(parseRange('bytes=1000-2000', 1000)).toEqual(unsatisfiable);
    expect(parseRange('bytes=99999999999999999999999999-', 1000)).toEqual(unsatisfiable);
    expect(parseRange('bytes=-0', 1000)).toEqual(unsatisfiable);
  });

  it('answers an empty representation in full', () => {
    for (const header of ['bytes=0-', 'bytes=0-0', 'bytes=5-10', 'bytes=-1', 'bytes=-0']) {
      expect(parseRange(header, 0), header).toEqual(full);
    }
  });

  it('handles one-byte representations', () => {
    expect(parseRange('bytes=0-', 1)).toEqual(partial(0, 0));
    expect(parseRange('bytes=-1', 1)).toEqual(partial(0, 0));
    expect(parseRange('bytes=1-', 1)).toEqual(unsatisfiable);
  });

  it('accepts any case of the unit and list whitespace', () => {
    expect(parseRange('Bytes=0-9', 100)).toEqual(partial(0, 9));
    expect(parseRange('BYTES=0-9', 100)).toEqual(partial(0, 9));
    expect(parseRange('  bytes=0-9  ', 100)).toEqual(partial(0, 9));
    expect(parseRange('bytes= 0-9', 100)).toEqual(partial(0, 9));
    expect(parseRange('bytes=0-9, ', 100)).toEqual(partial(0, 9));
    expect(parseRange('bytes=,0-9', 100)).toEqual(partial(0, 9));
  });

  it('ignores multiple ranges, even overlapping or unsatisfiable ones', () => {
    expect(parseRange('bytes=0-1,5-9', 100)).toEqual(full);
    expect(parseRange('bytes=0-9, 0-9', 100)).toEqual(full);
    expect(parseRange('bytes=500-,600-', 100)).toEqual(full);
    expect(parseRange('bytes=-5,0-1', 100)).toEqual(full);
  });

  it('ignores malformed headers and unknown units', () => {
    for (const header of [
      '',
      'bytes',
      'bytes=',
      'bytes=,',
      'bytes=-',
      'bytes=abc',
      'bytes=1-a',
      'bytes=a-1',
      'bytes=1 - 2',
      'bytes=1-2-3',
      'bytes=--1',
      'bytes=+1-2',
      'bytes=1.5-2',
      'bytes=0x10-20',
      'bytes=１-２', // full-width digits are not DIGIT
      'bytes 0-9',
      'bytes:0-9',
      'items=0-9',
      'none',
      '0-9',
      '=0-9',
    ]) {
      expect(parseRange(header, 100), JSON.stringify(header)).toEqual(full);
    }
  });

  it('ignores int-ranges whose last position is before the first (invalid, §14.1.1)', () => {
    expect(parseRange('bytes=10-5', 100)).toEqual(full);
    expect(parseRange('bytes=500-400', 100)).toEqual(full);
    // Compared exactly, not as rounded doubles.
    expect(parseRange('bytes=9007199254740993-9007199254740992', 100)).toEqual(full);
  });

  it('rejects impossible sizes', () => {
    expect(() => parseRange('bytes=0-', -1)).toThrow(RangeError);
    expect(() => parseRange('bytes=0-', 1.5)).toThrow(RangeError);
    expect(() => parseRange(null, Number.NaN)).toThrow(RangeError);
  });
});

describe('Content-Range helpers', () => {
  it('writes satisfied ranges', () => {
    expect(contentRange(0, 499, 1000)).toBe('bytes 0-499/1000');
    expect(contentRange(999, 999, 1000)).toBe('bytes 999-999/1000');
  });

  it('matches what parseRange returns', () => {
    const range = parseRange('bytes=-500', 1234);
    if (range.kind !== 'partial') throw new Error('expected a partial range');
    expect(contentRange(range.start, range.end, 1234)).toBe('bytes 734-1233/1234');
    expect(range.end - range.start + 1).toBe(500);
  });

  it('refuses ranges that cannot be written', () => {
    expect(() => contentRange(5, 4, 10)).toThrow(RangeError);
    expect(() => contentRange(0, 10, 10)).toThrow(RangeError);
    expect(() => contentRange(-1, 1, 10)).toThrow(RangeError);
    expect(() => contentRange(0, 0, 0)).toThrow(RangeError);
    expect(() => contentRange(0.5, 1, 10)).toThrow(RangeError);
  });

  it('writes unsatisfied ranges', () => {
    expect(unsatisfiedRange(1000)).toBe('bytes */1000');
    expect(unsatisfiedRange(0)).toBe('bytes */0');
    expect(() => unsatisfiedRange(-1)).toThrow(RangeError);
  });
});
