// SHA-256 of a picked or dropped file without holding it: one ArrayBuffer of 2 GiB or more cannot
// be allocated in Chromium, so `File.arrayBuffer()` of a big video fails outright, and even below
// that every file being hashed would sit in memory at once. Small files still go to WebCrypto in
// one piece, which is native and several times faster than hashing in JS; the cut-off bounds what
// that costs (SCAN_CONCURRENCY files of at most WHOLE_BELOW bytes each).
import { sha256 } from '../../../core/walrus/sha256.ts';
import { Sha256Stream } from '../../../core/walrus/sha256-stream.ts';

/** Files smaller than this are hashed in one piece. */
export const WHOLE_BELOW = 8 * 1024 * 1024;

export async function sha256OfBlob(blob: Blob, wholeBelow = WHOLE_BELOW): Promise<Uint8Array> {
  if (blob.size < wholeBelow) return sha256(new Uint8Array(await blob.arrayBuffer()));
  const hash = new Sha256Stream();
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return hash.digest();
    hash.update(value);
  }
}
