// Fuzz target of the `Range` header a portal or worker answers: any header and representation
// size gives a full, partial (within the bytes) or unsatisfiable range, never an error.
import { parseRange, type ByteRange } from '../core/serve/range.ts';
import { mutateText, property, PropertyViolation, showText } from './engine.ts';
import { defineTarget } from './target.ts';

interface RangeInput {
  readonly header: string | null;
  readonly size: number;
}

const RANGE_SIZES: readonly number[] = [0, 1, 2, 99, 100, 500, 1_000_000, 2 ** 31, Number.MAX_SAFE_INTEGER];

export const parseRangeTarget = defineTarget<RangeInput>({
  name: 'serve.parseRange',
  parsers: 'parseRange',
  expected: [],
  seeds: () =>
    [
      'bytes=0-',
      'bytes=100-199',
      'bytes=-500',
      'bytes=0-1,5-9',
      ' BYTES=1-2 ',
      'bytes=5-1',
      'bytes=-0',
      'bytes= , 0-0 ,',
      'items=0-1',
      'bytes=99999999999999999999999999999-',
    ]
      .flatMap((header, i): RangeInput[] => [
        { header, size: RANGE_SIZES[i % RANGE_SIZES.length]! },
        { header, size: 1000 },
      ])
      .concat([{ header: null, size: 10 }]),
  mutate: (input, { rng, seeds }) => {
    if (rng.chance(0.2)) {
      const size = rng.chance(0.05)
        ? rng.pick([-1, 0.5, Number.NaN, Infinity, 2 ** 53])
        : rng.pick([...RANGE_SIZES, rng.below(5000)]);
      return { ...input, size };
    }
    const header = mutateText(input.header ?? 'bytes=', rng, {
      donors: seeds.map((s) => s.header ?? ''),
      tokens: [
        'bytes=',
        '-',
        ',',
        ' ',
        '\t',
        '0',
        '9'.repeat(20),
        String(Number.MAX_SAFE_INTEGER),
        '=',
        'Bytes',
      ],
      maxLength: 8192,
    });
    return { ...input, header: rng.chance(0.01) ? null : header };
  },
  check: ({ header, size }) => {
    if (!Number.isSafeInteger(size) || size < 0) {
      // Documented: the size is the caller's, an invalid one is a programming error (RangeError).
      try {
        parseRange(header, size);
      } catch (error) {
        if (error instanceof RangeError) return;
        throw error;
      }
      throw new PropertyViolation(`parseRange accepted the invalid size ${size}`);
    }
    const range: ByteRange = parseRange(header, size);
    if (range.kind === 'partial') {
      property(
        `partial range ${range.start}-${range.end} lies within ${size} bytes`,
        () =>
          Number.isSafeInteger(range.start) &&
          Number.isSafeInteger(range.end) &&
          range.start >= 0 &&
          range.start <= range.end &&
          range.end < size,
      );
    }
    if (range.kind === 'unsatisfiable')
      property('only a non-empty representation is unsatisfiable', () => size > 0);
    if (header === null) property('no header means full', () => range.kind === 'full');
  },
  format: (input, max) =>
    `size ${input.size}, header ${input.header === null ? 'null' : showText(input.header, max)}`,
});
