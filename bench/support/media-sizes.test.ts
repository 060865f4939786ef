import { describe, expect, it } from 'vitest';
import { enoughDisk, MediaSizesError, parseSizes, siteShape, sizesOption } from './media-sizes.ts';
import { parseByteRange } from './range-file-server.ts';

describe('media benchmark sizes', () => {
  it('reads --sizes in either form, decimal and binary units', () => {
    expect(parseSizes('200MB,1GB,2GB')).toEqual([200e6, 1e9, 2e9]);
    expect(sizesOption(['--sizes', '1GiB'], '200MB')).toEqual([1024 ** 3]);
    expect(sizesOption(['--sizes=1.5GB'], '200MB')).toEqual([1.5e9]);
    expect(sizesOption([], '200MB')).toEqual([200e6]);
    expect(() => parseSizes('big')).toThrow(MediaSizesError);
    expect(() => parseSizes('0MB')).toThrow(MediaSizesError);
  });

  it('keeps the issue’s forty 5 MB files at 200 MB and adds videos and small files above 500 MB', () => {
    expect(siteShape(200e6)).toEqual({ kind: 'flat', files: 40, videos: 0, videoBytes: 0 });
    expect(siteShape(1e9)).toMatchObject({ kind: 'media', files: 10_000, videos: 2 });
    const big = siteShape(2e9);
    expect(big).toMatchObject({ files: 20_000, videos: 3 });
    expect(big.videos * big.videoBytes + big.files * 20_000).toBeCloseTo(2e9, -3);
  });

  it('skips a site the disk cannot hold', () => {
    expect(enoughDisk(10.25e9, 2e9, 500e6)).toBe(true);
    expect(enoughDisk(10.2e9, 2e9, 500e6)).toBe(false);
  });
});

describe('the static server’s byte ranges', () => {
  it('answers start-end, open-ended and suffix ranges, clamped to the file', () => {
    expect(parseByteRange('bytes=10-19', 100)).toEqual({ start: 10, end: 19 });
    expect(parseByteRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseByteRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseByteRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
  });

  it('refuses what it cannot satisfy', () => {
    expect(parseByteRange('bytes=100-', 100)).toBeNull();
    expect(parseByteRange('bytes=-0', 100)).toBeNull();
    expect(parseByteRange('bytes=5-2', 100)).toBeNull();
    expect(parseByteRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseByteRange('items=0-1', 100)).toBeNull();
  });
});
