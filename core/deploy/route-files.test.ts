import { describe, expect, it } from 'vitest';
import { FileTooLargeError } from './pack.ts';
import {
  blobThreshold,
  DEFAULT_BLOB_THRESHOLD,
  InvalidBlobThresholdError,
  MIN_BLOB_THRESHOLD,
  routeFiles,
} from './route-files.ts';

const MiB = 1024 * 1024;
const file = (path: string, size: number) => ({ path, size });

describe('blobThreshold', () => {
  it('should default to 32 MiB', () => {
    expect(blobThreshold(undefined)).toBe(DEFAULT_BLOB_THRESHOLD);
    expect(DEFAULT_BLOB_THRESHOLD).toBe(32 * MiB);
  });

  it('should accept whole byte counts from 1 MiB', () => {
    expect(blobThreshold(MIN_BLOB_THRESHOLD)).toBe(MiB);
    expect(blobThreshold(5 * MiB + 1)).toBe(5 * MiB + 1);
  });

  it('should refuse less than 1 MiB, fractions and non-numbers with the value and the minimum', () => {
    for (const value of [MiB - 1, 0, -MiB, 1.5 * MiB + 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      let error: unknown;
      try {
        blobThreshold(value);
      } catch (e) {
        error = e;
      }
      expect(error, String(value)).toBeInstanceOf(InvalidBlobThresholdError);
      expect(error).toMatchObject({ value, min: MIN_BLOB_THRESHOLD });
    }
  });
});

describe('routeFiles', () => {
  it('should send files at or above the threshold to blobs and the rest to quilts', () => {
    const files = [
      file('/small.html', 10),
      file('/video.mp4', 40 * MiB),
      file('/edge.bin', 32 * MiB),
      file('/just-under.bin', 32 * MiB - 1),
    ];
    const { quiltFiles, blobFiles } = routeFiles(files);
    expect(quiltFiles.map((f) => f.path)).toEqual(['/small.html', '/just-under.bin']);
    // Blobs in path order, whatever order the files came in.
    expect(blobFiles.map((f) => f.path)).toEqual(['/edge.bin', '/video.mp4']);
  });

  it('should use the threshold given', () => {
    const files = [file('/a', MiB), file('/b', MiB - 1), file('/c', 3 * MiB)];
    const routed = routeFiles(files, { threshold: 2 * MiB });
    expect(routed.quiltFiles.map((f) => f.path)).toEqual(['/a', '/b']);
    expect(routed.blobFiles.map((f) => f.path)).toEqual(['/c']);
    expect(routeFiles(files, { threshold: MiB }).blobFiles.map((f) => f.path)).toEqual(['/a', '/c']);
  });

  it('should keep every file in quilts when none reaches the threshold', () => {
    const files = [file('/a', 1), file('/b', 2)];
    const routed = routeFiles(files);
    expect(routed.quiltFiles).toEqual(files);
    expect(routed.blobFiles).toEqual([]);
    expect(routeFiles([])).toEqual({ quiltFiles: [], blobFiles: [] });
  });

  it('should refuse a blob larger than the network stores, naming it', () => {
    const files = [file('/ok', 2 * MiB), file('/huge', 9 * MiB)];
    expect(() => routeFiles(files, { threshold: MiB, maxBlobBytes: 8 * MiB })).toThrow(FileTooLargeError);
    expect(() => routeFiles(files, { threshold: MiB, maxBlobBytes: 8 * MiB })).toThrow(/\/huge/);
    expect(routeFiles(files, { threshold: MiB, maxBlobBytes: 9 * MiB }).blobFiles).toHaveLength(2);
  });

  it('should refuse a bad threshold', () => {
    expect(() => routeFiles([], { threshold: 1000 })).toThrow(InvalidBlobThresholdError);
  });
});
