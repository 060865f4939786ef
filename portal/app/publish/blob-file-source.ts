// The publish page's FileSource: a dropped or picked File (any Blob) read a slice at a time, so a
// big file is encoded and uploaded without being held whole — one ArrayBuffer of a file of 2 GiB
// or more cannot even be allocated. Browsers snapshot a File's size and modification time when it
// is picked and refuse to read it once the file on disk differs (Chromium and Firefox reject with
// a NotReadableError), so that failure is what "the file changed" looks like here.
import { checkRange, FileSourceError, type FileSource } from '../../../core/deploy/file-source.ts';

export function fileSourceFromBlob(file: Blob): FileSource {
  const name = file instanceof File ? file.name : 'the file';
  return {
    size: file.size,
    async read(offset, length) {
      checkRange(offset, length);
      const end = Math.min(offset + length, file.size);
      if (offset >= end) return new Uint8Array(0);
      try {
        return new Uint8Array(await file.slice(offset, end).arrayBuffer());
      } catch (cause) {
        throw new FileSourceError(
          `${name} changed during the deploy or can no longer be read; pick it again`,
          {
            cause,
          },
        );
      }
    },
  };
}
