// The portal server's decoder for stored content codings (core/serve/content-coding.ts): node:zlib,
// which decodes Brotli many times faster than the pure-JavaScript decoder the worker must use,
// with the same bound on the decoded size.
import { promisify } from 'node:util';
import { brotliDecompress, inflate, gunzip } from 'node:zlib';
import {
  ContentDecodingError,
  MAX_DECODED_BYTES,
  type ContentDecoder,
} from '../../core/serve/content-coding.ts';

const DECODERS = {
  br: promisify(brotliDecompress),
  gzip: promisify(gunzip),
  deflate: promisify(inflate),
} as const;

export const zlibDecoder: ContentDecoder = async (coding, bytes) => {
  try {
    const out = await DECODERS[coding](bytes, { maxOutputLength: MAX_DECODED_BYTES });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (error) {
    throw new ContentDecodingError(`not valid ${coding}: ${(error as Error).message}`);
  }
};
