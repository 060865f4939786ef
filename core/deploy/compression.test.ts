import { describe, expect, it } from 'vitest';
import {
  isCompressibleType,
  MAX_COMPRESSED_FILE_BYTES,
  MIN_SAVING_BYTES,
  shouldTryCompression,
  worthStoring,
} from './compression.ts';
import { DEFAULT_BLOB_THRESHOLD } from './route-files.ts';

const MIB = 1024 * 1024;

describe('isCompressibleType', () => {
  it('takes text, JSON, XML, SVG, WebAssembly and uncompressed fonts', () => {
    for (const type of [
      'text/html',
      'text/css',
      'text/javascript',
      'text/plain; charset=utf-8',
      'TEXT/Markdown',
      'application/json',
      'application/manifest+json',
      'application/ld+json',
      'application/xml',
      'application/rss+xml',
      'image/svg+xml',
      'application/wasm',
      'font/ttf',
      'image/vnd.microsoft.icon',
    ])
      expect(isCompressibleType(type), type).toBe(true);
  });

  it('leaves media, woff fonts, archives and unknown bytes alone', () => {
    for (const type of [
      'image/png',
      'image/jpeg',
      'image/webp',
      'image/avif',
      'font/woff',
      'font/woff2',
      'video/mp4',
      'audio/mpeg',
      'application/zip',
      'application/gzip',
      'application/pdf',
      'application/octet-stream',
    ])
      expect(isCompressibleType(type), type).toBe(false);
  });
});

describe('shouldTryCompression', () => {
  it('not when the rules set a content-encoding of their own, whatever it is', () => {
    expect(shouldTryCompression(new Map(), 'text/html', 1000)).toBe(true);
    expect(shouldTryCompression(new Map([['content-encoding', 'gzip']]), 'text/html', 1000)).toBe(false);
    expect(shouldTryCompression(new Map([['content-encoding', 'identity']]), 'text/html', 1000)).toBe(false);
  });

  it('not for empty or oversized files', () => {
    const above = 2 * MAX_COMPRESSED_FILE_BYTES; // a blob threshold that does not get in the way
    expect(shouldTryCompression(new Map(), 'text/html', 0)).toBe(false);
    expect(shouldTryCompression(new Map(), 'text/html', MAX_COMPRESSED_FILE_BYTES, above)).toBe(true);
    expect(shouldTryCompression(new Map(), 'text/html', MAX_COMPRESSED_FILE_BYTES + 1, above)).toBe(false);
  });

  it('never for files stored as blobs (at or above the blob threshold, 32 MiB by default)', () => {
    expect(shouldTryCompression(new Map(), 'text/html', DEFAULT_BLOB_THRESHOLD - 1)).toBe(true);
    expect(shouldTryCompression(new Map(), 'text/html', DEFAULT_BLOB_THRESHOLD)).toBe(false);
    expect(shouldTryCompression(new Map(), 'text/html', MIB - 1, MIB)).toBe(true);
    expect(shouldTryCompression(new Map(), 'text/html', MIB, MIB)).toBe(false);
  });
});

describe('worthStoring', () => {
  it('keeps compressed bytes that save 5% and at least MIN_SAVING_BYTES', () => {
    expect(worthStoring(10_000, 9_500)).toBe(true);
    expect(worthStoring(10_000, 9_501)).toBe(false);
    expect(worthStoring(1_000, 1_000 - MIN_SAVING_BYTES)).toBe(true);
    expect(worthStoring(1_000, 1_000 - MIN_SAVING_BYTES + 1)).toBe(false);
    // Larger than the file: never.
    expect(worthStoring(100, 120)).toBe(false);
  });
});
