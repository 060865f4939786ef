import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsCoding, ContentDecodingError, decodeContent, storedCoding } from './content-coding.ts';

describe('storedCoding', () => {
  it('names the codings Floe decodes, in any case and spacing', () => {
    expect(storedCoding(new Map([['content-encoding', 'br']]))).toBe('br');
    expect(storedCoding(new Map([['Content-Encoding', ' BR ']]))).toBe('br');
    expect(storedCoding(new Map([['content-encoding', 'x-gzip']]))).toBe('gzip');
    expect(storedCoding(new Map([['content-encoding', 'deflate']]))).toBe('deflate');
  });

  it('is null for identity, none, and codings passed through as they are', () => {
    expect(storedCoding(new Map([['content-encoding', 'identity']]))).toBeNull();
    expect(storedCoding(new Map())).toBeNull();
    expect(storedCoding(new Map([['content-encoding', 'zstd']]))).toBeNull();
    expect(storedCoding(new Map([['content-encoding', 'gzip, br']]))).toBeNull();
  });
});

describe('acceptsCoding', () => {
  it("follows RFC 9110's Accept-Encoding: named, wildcard, weights", () => {
    expect(acceptsCoding('gzip, deflate, br, zstd', 'br')).toBe(true);
    expect(acceptsCoding('gzip, deflate', 'br')).toBe(false);
    expect(acceptsCoding('BR;q=0.5', 'br')).toBe(true);
    expect(acceptsCoding('br;q=0', 'br')).toBe(false);
    expect(acceptsCoding('*', 'br')).toBe(true);
    expect(acceptsCoding('*;q=0', 'br')).toBe(false);
    expect(acceptsCoding('*, br;q=0', 'br')).toBe(false);
    expect(acceptsCoding('identity', 'br')).toBe(false);
    expect(acceptsCoding('x-gzip', 'gzip')).toBe(true);
    expect(acceptsCoding('br;q=nonsense', 'br')).toBe(false);
  });

  it('takes nothing from a client that sends no Accept-Encoding (curl without --compressed)', () => {
    expect(acceptsCoding(null, 'br')).toBe(false);
    expect(acceptsCoding('', 'br')).toBe(false);
  });
});

// toEqual compares typed arrays element by element, which takes seconds at this size.
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('decodeContent', () => {
  const text = new TextEncoder().encode(
    Array.from({ length: 5_000 }, (_, i) => `line ${i} of a page that compresses well\n`).join(''),
  );

  it('decodes Brotli with the pure-JavaScript decoder, also past its first guess of the size', async () => {
    const stored = new Uint8Array(brotliCompressSync(text));
    // Far more than 16× smaller: the decoder's first output buffer is too small and must grow.
    expect(stored.length * 16).toBeLessThan(text.length);
    expect(same(await decodeContent('br', stored), text)).toBe(true);
    expect(await decodeContent('br', new Uint8Array(brotliCompressSync(new Uint8Array(0))))).toEqual(
      new Uint8Array(0),
    );
  });

  it('decodes gzip and deflate with DecompressionStream', async () => {
    expect(same(await decodeContent('gzip', new Uint8Array(gzipSync(text))), text)).toBe(true);
    expect(same(await decodeContent('deflate', new Uint8Array(deflateSync(text))), text)).toBe(true);
  });

  it('throws ContentDecodingError for bytes that do not decode', async () => {
    const junk = new TextEncoder().encode('<html>not compressed at all</html>');
    await expect(decodeContent('gzip', junk)).rejects.toBeInstanceOf(ContentDecodingError);
    await expect(decodeContent('br', junk)).rejects.toBeInstanceOf(ContentDecodingError);
  });
});
