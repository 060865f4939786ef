import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from './format.ts';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [999, '999 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [10 * 1024 - 60, '9.9 KiB'],
    [10 * 1024 - 20, '10 KiB'],
    [123 * 1024, '123 KiB'],
    [1024 * 1024 - 1, '1.0 MiB'],
    [512 * 1024 * 1024, '512 MiB'],
    [1.25 * 1024 ** 3, '1.3 GiB'],
    [3 * 1024 ** 4, '3.0 TiB'],
    [5 * 1024 ** 6, '5120 PiB'],
    [-2048, '-2.0 KiB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [3.4, '3 ms'],
    [850, '850 ms'],
    [999.6, '1.0 s'],
    [4200, '4.2 s'],
    [9940, '9.9 s'],
    [9960, '10 s'],
    [42_000, '42 s'],
    [59_600, '1m 00s'],
    [185_000, '3m 05s'],
    [3_599_600, '1h 00m'],
    [3_720_000, '1h 02m'],
    [26 * 3_600_000, '26h 00m'],
    [-1500, '-1.5 s'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
