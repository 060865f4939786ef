// Single byte-range requests (RFC 9110 §14). The Walrus Sites portal ignores `Range` and always
// answers 200 with the whole file, which breaks media seeking (MystenLabs/walrus-sites portal; the IPFS
// service-worker gateway had to add ranges for video). We serve one range
// and, as §14.2 allows ("a server MAY ignore the Range header field"), answer anything fancier
// (several ranges, other units, bad syntax) with the full representation.
//
// The caller should only honour a range for GET (§14.2: Range handling is defined for GET only;
// HEAD and others ignore it), and should ignore it when an `If-Range` precondition fails (§13.1.5).

export type ByteRange =
  | { readonly kind: 'full' }
  /** Bytes `start` through `end`, both inclusive, `0 <= start <= end < size`: answer 206. */
  | { readonly kind: 'partial'; readonly start: number; readonly end: number }
  /** A well-formed range none of whose bytes exist: answer 416 with `unsatisfiedRange(size)`. */
  | { readonly kind: 'unsatisfiable' };

const FULL: ByteRange = { kind: 'full' };
const UNSATISFIABLE: ByteRange = { kind: 'unsatisfiable' };

// `bytes=` is compared case-insensitively (§14.1: range units are case-insensitive); inside a
// range-spec the grammar allows no whitespace: `1*DIGIT "-" [ 1*DIGIT ]` or `"-" 1*DIGIT`.
const UNIT = /^bytes=/i;
const INT_RANGE = /^(\d+)-(\d*)$/;
const SUFFIX_RANGE = /^-(\d+)$/;

/**
 * What to answer for the `Range` request header `header` on a representation of `size` bytes.
 *
 * - `bytes=100-` (open end), `bytes=100-199`: the bytes from `first`, `last` clamped to `size - 1`;
 *   `first >= size` is unsatisfiable (§14.1.1).
 * - `bytes=-500` (suffix): the last 500 bytes, the whole representation when it is shorter;
 *   `bytes=-0` is unsatisfiable (§14.1.1: a suffix-range needs a non-zero length).
 * - Ignored (`full`): no header, a unit other than `bytes`, several ranges (`bytes=0-1,5-9`), an
 *   int-range with `last < first` (invalid per §14.1.1), anything else malformed.
 * - Empty representation (`size` 0): always `full`. A suffix range on it would need a
 *   Content-Range of `bytes 0--1/0`, which cannot be written, and 416 for the `bytes=0-` that every
 *   media element sends would turn an empty file into an error; an empty 200 is the same content.
 *
 * Numbers of any length are compared exactly (a 30-digit position is simply past the end).
 * List syntax (§5.6.1) is honoured: whitespace around elements and empty elements are skipped.
 */
export function parseRange(header: string | null, size: number): ByteRange {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`invalid representation size ${size}`);
  if (header === null) return FULL;
  const trimmed = header.trim();
  if (!UNIT.test(trimmed)) return FULL;
  const specs = trimmed
    .slice('bytes='.length)
    .split(',')
    .map((spec) => spec.trim())
    .filter((spec) => spec !== '');
  if (specs.length !== 1) return FULL;
  const spec = specs[0]!;

  const int = INT_RANGE.exec(spec);
  if (int !== null) {
    const first = BigInt(int[1]!);
    const last = int[2] === '' ? null : BigInt(int[2]!);
    if (last !== null && last < first) return FULL;
    if (size === 0) return FULL;
    if (first >= BigInt(size)) return UNSATISFIABLE;
    const end = last === null || last >= BigInt(size) ? size - 1 : Number(last);
    return { kind: 'partial', start: Number(first), end };
  }

  const suffix = SUFFIX_RANGE.exec(spec);
  if (suffix !== null) {
    const length = BigInt(suffix[1]!);
    if (size === 0) return FULL;
    if (length === 0n) return UNSATISFIABLE;
    const start = length >= BigInt(size) ? 0 : size - Number(length);
    return { kind: 'partial', start, end: size - 1 };
  }
  return FULL;
}

/** The `Content-Range` of a 206: `bytes <start>-<end>/<size>` (§14.4), `end` inclusive. */
export function contentRange(start: number, end: number, size: number): string {
  const valid =
    Number.isSafeInteger(start) &&
    Number.isSafeInteger(end) &&
    Number.isSafeInteger(size) &&
    start >= 0 &&
    start <= end &&
    end < size;
  if (!valid) throw new RangeError(`invalid byte range ${start}-${end} of ${size} bytes`);
  return `bytes ${start}-${end}/${size}`;
}

// The `Content-Range` of a 416 (§14.4, unsatisfied-range): `bytes */<size>`.
export function unsatisfiedRange(size: number): string {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`invalid representation size ${size}`);
  return `bytes */${size}`;
}
