import { describe, expect, it } from 'vitest';
import { parseSliverData } from './bcs.ts';
import { geometry } from './geometry.ts';
import { SliverVerificationError, verifySliver } from './sliver-verify.ts';
import { encodedBlob, prng, SLIVER_SHAPES } from './test-support/fixtures.ts';

describe('sliver verification against metadata', () => {
  for (const [n, length] of SLIVER_SHAPES) {
    it(`accepts every honest sliver and rejects tampered ones (n=${n})`, () => {
      const g = geometry(n);
      const { encoded } = encodedBlob(n, length);
      const pairs =
        n === 1000 ? [0, 1, 333, 334, 665, 666, 667, 999] : Array.from({ length: n }, (_, k) => k);
      const random = prng(n);
      for (const pair of pairs) {
        for (const type of ['primary', 'secondary'] as const) {
          const sliver = parseSliverData((type === 'primary' ? encoded.primary : encoded.secondary)[pair]!);
          verifySliver(sliver, type, pair, encoded.metadata, g);
          const data = sliver.data.slice();
          data[Math.floor(random() * data.length)]! ^= 1;
          expect(() => verifySliver({ ...sliver, data }, type, pair, encoded.metadata, g)).toThrow(
            /do not match the blob's metadata/,
          );
        }
      }
      const first = parseSliverData(encoded.primary[0]!);
      expect(() => verifySliver(first, 'primary', 1, encoded.metadata, g)).toThrow(/index 0, expected 1/);
      expect(() =>
        verifySliver({ ...first, symbolSize: first.symbolSize + 2 }, 'primary', 0, encoded.metadata, g),
      ).toThrow(/symbol size/);
      expect(() =>
        verifySliver({ ...first, data: first.data.subarray(2) }, 'primary', 0, encoded.metadata, g),
      ).toThrow(SliverVerificationError);
    });
  }
});
