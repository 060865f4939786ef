import { describe, expect, it } from 'vitest';
import { bytesSource, FileSourceError, readPadded } from './file-source.ts';

describe('file sources', () => {
  const source = bytesSource(Uint8Array.of(1, 2, 3, 4, 5));

  it('reads ranges cut at the end of the file', async () => {
    expect(source.size).toBe(5);
    expect(await source.read(1, 3)).toEqual(Uint8Array.of(2, 3, 4));
    expect(await source.read(3, 10)).toEqual(Uint8Array.of(4, 5));
    expect(await source.read(9, 2)).toEqual(new Uint8Array(0));
    await expect(source.read(-1, 2)).rejects.toThrow(FileSourceError);
  });

  it('pads reads past the end with zeros, overwriting the target range only', async () => {
    const target = new Uint8Array(8).fill(9);
    await readPadded(source, 3, 4, target, 2);
    expect(target).toEqual(Uint8Array.of(9, 9, 4, 5, 0, 0, 9, 9));
    await readPadded(source, 7, 2, target);
    expect(target.subarray(0, 2)).toEqual(Uint8Array.of(0, 0));
  });

  it('refuses a source that returns fewer bytes than it has', async () => {
    const short = { size: 10, read: source.read };
    await expect(readPadded(short, 0, 8, new Uint8Array(8))).rejects.toThrow(/did the file change/);
  });
});
