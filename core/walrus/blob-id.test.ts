import { describe, expect, it } from 'vitest';
import {
  blobIdFromText,
  blobIdToText,
  fromUrlSafeBase64,
  InvalidBlobIdError,
  toUrlSafeBase64,
} from './blob-id.ts';

describe('URL-safe base64', () => {
  it('should accept only the canonical text of a byte string (unused trailing bits zero)', () => {
    // One byte is 2 characters (4 unused bits), two bytes are 3 (2 unused bits).
    expect(fromUrlSafeBase64('AA')).toEqual(Uint8Array.of(0));
    expect(fromUrlSafeBase64('AAA')).toEqual(Uint8Array.of(0, 0));
    for (const text of ['AB', 'AP', 'A_', 'AAB', 'AAD', '__-', 'AAAAAB']) {
      expect(() => fromUrlSafeBase64(text), text).toThrow(InvalidBlobIdError);
      expect(() => fromUrlSafeBase64(text), text).toThrow(/not canonical base64/);
    }
    const bytes = Uint8Array.from({ length: 100 }, (_, i) => (i * 37) & 0xff);
    expect(fromUrlSafeBase64(toUrlSafeBase64(bytes))).toEqual(bytes);
  });

  it('should refuse a blob ID whose 43rd character has any of its two unused bits set', () => {
    const id = new Uint8Array(32).fill(0xff);
    const text = blobIdToText(id);
    expect(text.at(-1)).toBe('8'); // 0b111100: the low two bits are unused
    expect(blobIdFromText(text)).toEqual(id);
    for (const last of ['9', '-', '_']) {
      // All three used to decode to the same 32 bytes as `…8`.
      expect(() => blobIdFromText(text.slice(0, -1) + last), last).toThrow(InvalidBlobIdError);
    }
  });
});
