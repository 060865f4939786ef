import { describe, expect, it } from 'vitest';
import { parseByteSize } from './byte-size.ts';

describe('parseByteSize', () => {
  it('should read plain bytes and binary units, any case, with or without a space', () => {
    expect(parseByteSize('1048576')).toBe(1 << 20);
    expect(parseByteSize('0')).toBe(0);
    expect(parseByteSize('12B')).toBe(12);
    expect(parseByteSize('512KiB')).toBe(512 * 1024);
    expect(parseByteSize('1MiB')).toBe(1 << 20);
    expect(parseByteSize('32mib')).toBe(32 << 20);
    expect(parseByteSize('1.5 GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseByteSize('2TiB')).toBe(2 * 1024 ** 4);
  });

  it('should refuse unknown units, signs, fractions of a byte and junk', () => {
    for (const text of ['', 'MiB', '32MB', '32M', '-1MiB', '+1MiB', '1.3B', '0.1', '1e6', '1 MiB x', 'ten']) {
      expect(parseByteSize(text), text).toBeNull();
    }
    expect(parseByteSize(`${Number.MAX_SAFE_INTEGER}0`)).toBeNull();
  });
});
