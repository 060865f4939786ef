import { describe, expect, it } from 'vitest';
import { FileSourceError, readPadded } from '../../../core/deploy/file-source.ts';
import { fileSourceFromBlob } from './blob-file-source.ts';

const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 13) % 256);

describe('fileSourceFromBlob', () => {
  it('reads slices of the file, cut at its end', async () => {
    const source = fileSourceFromBlob(new File([bytes], 'movie.mp4'));
    expect(source.size).toBe(300);
    expect(await source.read(5, 10)).toEqual(bytes.subarray(5, 15));
    expect(await source.read(290, 50)).toEqual(bytes.subarray(290));
    expect(await source.read(300, 5)).toEqual(new Uint8Array(0));
    const padded = new Uint8Array(16);
    await readPadded(source, 296, 16, padded);
    expect(padded).toEqual(Uint8Array.from([...bytes.subarray(296), ...new Array<number>(12).fill(0)]));
    await expect(source.read(0, -1)).rejects.toThrow(FileSourceError);
  });

  it('says the file changed when the browser refuses to read it', async () => {
    const file = new File([bytes], 'movie.mp4');
    // What Chromium does once the file on disk no longer matches what was picked.
    file.slice = () => {
      const stale = new Blob([]);
      stale.arrayBuffer = () => Promise.reject(new DOMException('could not be read', 'NotReadableError'));
      return stale;
    };
    const failure = fileSourceFromBlob(file).read(0, 10);
    await expect(failure).rejects.toThrow(FileSourceError);
    await expect(failure).rejects.toThrow(/movie.mp4 changed during the deploy/);
  });
});
