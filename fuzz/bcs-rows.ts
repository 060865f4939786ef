// Rows for BCS parsers, which all share one check: parse, test the value's own properties, then
// write it out again. Walrus layouts have one encoding per value, so the bytes must come back
// exactly; the Site layouts normalize (addresses), so the value must parse back the same.
import { isDeepStrictEqual } from 'node:util';
import { assertEqual, property, timed, type ErrorClass } from './engine.ts';
import type { FuzzTarget } from './target.ts';
import { bytesTarget } from './target-rows.ts';

/**
 * Known and reported, not fixed: two @mysten/bcs costs on hostile bytes.
 *  - `vector` reads do `new Array(length)` with the declared length before reading any element: 6
 *    bytes declaring ~30 million elements cost ~150 ms and ~150 MB before the read fails (from 2^25
 *    on, V8 makes a sparse array and it is instant again);
 *  - ULEB128 decoding (every length and enum tag) is quadratic in the number of bytes with the high
 *    bit set: 64 KiB of 0xff cost ~0.4 s, 128 KiB ~1.6 s.
 * Only targets whose input is trusted or whose parser is unused in production get this allowance
 * (and inputs of at most 128 KiB, so the worst case stays a few seconds, not a hang):
 * `parseStorageConfirmation` and `parseCertificate` (tests only) and the Site layouts (bytes from
 * the Sui RPC, which serves the site's data anyway). The quilt parsers read what a blob's uploader
 * wrote and got their own reader instead.
 */
export const MYSTEN_BCS_ALLOWANCE = { knownSlowMs: 10_000, maxLength: 128 * 1024 } as const;

interface BcsRow<T> {
  readonly name: string;
  /** The layout's name, for messages. */
  readonly layout: string;
  readonly expected: readonly ErrorClass[];
  readonly seeds: () => readonly Uint8Array[];
  readonly parse: (bytes: Uint8Array) => T;
  readonly serialize: (value: T) => Uint8Array;
  /** Properties of the parsed value beyond the round trip. */
  readonly properties?: (value: T, bytes: Uint8Array) => void;
  /** Set to MYSTEN_BCS_ALLOWANCE's fields for the parsers it names. */
  readonly knownSlowMs?: number;
  readonly maxLength?: number;
}

function bcsTarget<T>(row: BcsRow<T>, roundTrip: (value: T, bytes: Uint8Array) => void): FuzzTarget {
  return bytesTarget({
    name: row.name,
    expected: row.expected,
    seeds: row.seeds,
    ...(row.knownSlowMs !== undefined ? { knownSlowMs: row.knownSlowMs } : {}),
    ...(row.maxLength !== undefined ? { maxLength: row.maxLength } : {}),
    check: (bytes) => {
      const value = timed(() => row.parse(bytes));
      row.properties?.(value, bytes);
      roundTrip(value, bytes);
    },
  });
}

/** Fails unless writing the parsed value out again gave back the input. */
export function canonical(what: string, reserialized: Uint8Array, input: Uint8Array): void {
  assertEqual(`${what}: re-serializing gives the input bytes (one encoding per value)`, reserialized, input);
}

/** Re-serializing the parsed value gives the input bytes: one encoding per value. */
export function canonicalBcsTarget<T>(row: BcsRow<T>): FuzzTarget {
  return bcsTarget(row, (value, bytes) => canonical(row.layout, row.serialize(value), bytes));
}

/** Re-serializing the parsed value parses back to the same value. */
export function roundTripBcsTarget<T>(row: BcsRow<T>): FuzzTarget {
  return bcsTarget(row, (value) => {
    let again: T | undefined;
    property(`${row.layout}: re-serializing the parsed value parses back`, () => {
      again = row.parse(row.serialize(value));
    });
    if (!isDeepStrictEqual(again, value)) assertEqual(`${row.layout}: round trip`, again, value);
  });
}
