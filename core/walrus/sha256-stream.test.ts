import { describe, expect, it } from 'vitest';
import { sha256 } from './sha256.ts';
import { Sha256Stream } from './sha256-stream.ts';
import { randomBytes } from './test-support/fixtures.ts';

describe('Sha256Stream', () => {
  it('equals the one-shot WebCrypto digest however the input is split', async () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 1000, 100_003]) {
      const data = randomBytes(length, length + 1);
      const expected = await sha256(data);
      const whole = new Sha256Stream().update(data);
      expect(whole.digest()).toEqual(expected);
      const pieces = new Sha256Stream();
      for (let at = 0, step = 1; at < length; at += step, step = step * 3 + 1)
        pieces.update(data.subarray(at, Math.min(length, at + step)));
      expect(pieces.matches(expected)).toBe(true);
    }
  });

  it('does not match a different digest', async () => {
    const expected = await sha256(randomBytes(10, 2));
    expect(new Sha256Stream().update(randomBytes(10, 3)).matches(expected)).toBe(false);
  });
});
