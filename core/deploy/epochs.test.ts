import { describe, expect, it } from 'vitest';
import { resolveEpochs } from './epochs.ts';
import { InvalidEpochsError } from './errors.ts';

describe('resolveEpochs', () => {
  it('should turn "max" into the most epochs the system sells', () => {
    expect(resolveEpochs('max', 53)).toBe(53);
  });

  it('should keep a whole number within 1 and the maximum', () => {
    expect(resolveEpochs(1, 53)).toBe(1);
    expect(resolveEpochs(53, 53)).toBe(53);
  });

  it.each([0, 54, 1.5, Number.NaN])('should refuse %s with the value and the range as fields', (value) => {
    const error = (() => {
      try {
        resolveEpochs(value, 53);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidEpochsError);
    expect(error).toMatchObject({ value, min: 1, max: 53 });
    expect((error as Error).message).not.toContain('--');
  });
});
