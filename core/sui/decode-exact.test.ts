import { describe, expect, it } from 'vitest';
import { bcs } from '@mysten/sui/bcs';
import { decodeExact } from './decode-exact.ts';

class TestError extends Error {}
const fail = (reason: string, cause?: unknown) => new TestError(reason, { cause });

describe('decodeExact', () => {
  const Pair = bcs.struct('Pair', { a: bcs.u8(), b: bcs.string() });
  const bytes = Pair.serialize({ a: 7, b: 'hi' }).toBytes();

  it('decodes exactly one value, also from a view into a larger buffer', () => {
    expect(decodeExact(Pair, bytes, fail)).toEqual({ a: 7, b: 'hi' });
    const framed = Uint8Array.from([0xee, ...bytes, 0xee]).subarray(1, bytes.length + 1);
    expect(decodeExact(Pair, framed, fail)).toEqual({ a: 7, b: 'hi' });
  });

  it("turns trailing bytes and the library's errors into the caller's error", () => {
    expect(() => decodeExact(Pair, Uint8Array.from([...bytes, 0]), fail)).toThrow(
      new TestError(`1 trailing bytes after the value (${bytes.length} of ${bytes.length + 1} read)`),
    );
    expect(() => decodeExact(Pair, bytes.subarray(0, 2), fail)).toThrow(TestError);
  });
});
