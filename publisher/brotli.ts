// The CLI's Brotli compressor for stored site files (core/deploy/compression.ts), on node:zlib. The
// parameters are fixed so the same file always compresses to the same bytes, whichever machine
// deploys it: a redeploy of an unchanged folder then finds the same SHA-256 and uploads nothing.
// (A libbrotli upgrade in a new Node release could still change the output; the files would then
// be uploaded once more, nothing worse.)
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';
import type { Compressor } from '../core/deploy/compression.ts';

const compress = promisify(brotliCompress);

/**
 * Quality 11 (the densest) up to this size. Measured on the bench's game and docs sites when this
 * was chosen: quality 11 compressed their text at about 3 MB/s on one core, 16–17 % smaller than
 * quality 5, which ran about 20× faster. Larger files use quality 5, so a deploy with a big text
 * file does not spend minutes compressing it.
 */
export const MAX_DENSE_BYTES = 4 * 1024 * 1024;

export const brotliCompressor: Compressor = async (bytes) => {
  const out = await compress(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: bytes.length <= MAX_DENSE_BYTES ? 11 : 5,
      // Window and mode are pinned rather than left to zlib's defaults or size hints.
      [constants.BROTLI_PARAM_LGWIN]: 22,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_GENERIC,
    },
  });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
};
