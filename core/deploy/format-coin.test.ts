import { describe, expect, it } from 'vitest';
import { formatCoin } from './format-coin.ts';

describe('formatCoin', () => {
  it('should print whole coins without decimals', () => {
    expect(formatCoin(0n)).toBe('0');
    expect(formatCoin(3_000_000_000n)).toBe('3');
  });

  it('should keep only the decimals that are not zero', () => {
    expect(formatCoin(1_500_000_000n)).toBe('1.5');
    expect(formatCoin(1n)).toBe('0.000000001');
    expect(formatCoin(12_345_678_900n)).toBe('12.3456789');
  });
});
