import { describe, expect, it } from 'vitest';
import { BcsDecodeError, StrictBcsReader, uleb128 } from './bcs-reader.ts';

const reader = (bytes: number[]) => new StrictBcsReader(Uint8Array.from(bytes), 'thing');

describe('StrictBcsReader', () => {
  it('reads little-endian integers and views, then requires the end', () => {
    const r = reader([1, 2, 0, 3, 0, 0, 1, 9, 9]);
    expect([r.u8(), r.u16(), r.u32()]).toEqual([1, 2, 0x0100_0003]);
    const view = r.bytes(1);
    expect(view).toEqual(Uint8Array.of(9));
    expect(() => r.finish()).toThrow('malformed thing: 1 trailing bytes (at byte 8)');
  });

  it('refuses a count the remaining bytes cannot hold before reading any element', () => {
    expect(() => reader([...uleb128(1000), 0, 0]).count(2)).toThrow(/1000 elements cannot fit/);
    expect(reader([2, 0, 0, 0, 0]).count(2)).toBe(2);
  });

  it('refuses non-canonical and over-long ULEB128 lengths', () => {
    expect(() => reader([0x80, 0x00]).uleb()).toThrow(/bad ULEB128 length: non-canonical/);
    expect(() => reader([...uleb128(2 ** 31)]).uleb()).toThrow(/exceeds the BCS maximum/);
  });

  it('reads Merkle nodes as null or a 32-byte copy, and names an unknown variant', () => {
    const digest = Array.from({ length: 32 }, (_, i) => i);
    const r = reader([0, 1, ...digest]);
    expect(r.merkleNode()).toBeNull();
    expect(r.merkleNode()).toEqual(Uint8Array.from(digest));
    expect(() => reader([2]).merkleNode()).toThrow(BcsDecodeError);
    expect(() => reader([1, 0]).merkleNode()).toThrow(/truncated/);
  });
});
