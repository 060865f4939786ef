// Files stored with a content coding (`floe deploy` stores text Brotli-compressed, with
// `content-encoding: br`; a site may also store its own gzip files). The chain's SHA-256 is that of
// the stored bytes, so they are verified as stored and only then decoded. Who decodes differs:
// - the service worker always does: Chromium passes the body of a Response the worker builds to
//   the page as it is, whatever its `content-encoding` says (checked in Chromium 150: a synthetic
//   `br` response reached `fetch()` still compressed, and a navigation to it became a download);
// - the portal server sends the stored bytes as they are to a client whose `Accept-Encoding`
//   takes the coding, and decodes them for any other (curl without --compressed, old clients).
import { decompress as brotliDecompress } from 'brotli/decompress';

/** Codings Floe can decode. */
export type DecodableCoding = 'br' | 'gzip' | 'deflate';

/** Decodes `bytes` stored with `coding`; throws ContentDecodingError for bytes that do not decode. */
export type ContentDecoder = (coding: DecodableCoding, bytes: Uint8Array) => Promise<Uint8Array>;

/** The stored bytes do not decode as their `content-encoding` says, or decode past the limit. */
export class ContentDecodingError extends Error {
  override name = 'ContentDecodingError';
}

/**
 * The most a file may decode to. Bytes that match the chain's hash can still be a decompression
 * bomb (a few KB of Brotli can stand for gigabytes), and the portal server decodes for every
 * client that does not take the coding.
 */
export const MAX_DECODED_BYTES = 512 * 1024 * 1024;

/**
 * The coding a resource's bytes are stored with, from its on-chain headers, when Floe can decode
 * it; null for none (`identity`, absent) and for codings it cannot (zstd, several stacked), which
 * are passed through as the walrus-sites portals do.
 */
export function storedCoding(headers: ReadonlyMap<string, string>): DecodableCoding | null {
  let value: string | undefined;
  for (const [name, v] of headers) if (name.toLowerCase() === 'content-encoding') value = v;
  switch (value?.trim().toLowerCase()) {
    case 'br':
      return 'br';
    case 'gzip':
    case 'x-gzip':
      return 'gzip';
    case 'deflate':
      return 'deflate';
    default:
      return null;
  }
}

/**
 * Whether an `Accept-Encoding` request header takes `coding` (RFC 9110 §12.5.3): named with a
 * weight above 0, or `*` above 0 without the coding named at 0. No header takes nothing here: the
 * RFC lets a server assume any coding then, but a client that says nothing is better served bytes
 * it can read (curl without --compressed sends none).
 */
export function acceptsCoding(acceptEncoding: string | null, coding: DecodableCoding): boolean {
  if (acceptEncoding === null) return false;
  const names = coding === 'gzip' ? ['gzip', 'x-gzip'] : [coding];
  let named: number | null = null;
  let star: number | null = null;
  for (const element of acceptEncoding.split(',')) {
    const [token, ...params] = element.split(';').map((part) => part.trim());
    if (!token) continue;
    const weight = qValue(params);
    const name = token.toLowerCase();
    if (names.includes(name)) named = Math.max(named ?? 0, weight);
    else if (name === '*') star = weight;
  }
  if (named !== null) return named > 0;
  return star !== null && star > 0;
}

/** The `q` parameter of an Accept-Encoding element (default 1; malformed counts as 0). */
function qValue(params: readonly string[]): number {
  for (const param of params) {
    const [name, value] = param.split('=').map((part) => part.trim());
    if (name?.toLowerCase() !== 'q') continue;
    const q = Number(value);
    return Number.isFinite(q) && q >= 0 && q <= 1 ? q : 0;
  }
  return 1;
}

/**
 * Decodes with what every runtime has: Brotli with a pure-JavaScript decoder (the `brotli`
 * package; Chromium's DecompressionStream has no Brotli), gzip and deflate with
 * DecompressionStream. The portal server passes node:zlib's decoder instead, which is faster.
 */
export const decodeContent: ContentDecoder = async (coding, bytes) => {
  if (coding === 'br') return decodeBrotli(bytes);
  return decodeStream(coding, bytes);
};

/**
 * The decoder wants the output size up front (it only reads it from the first meta-block, which
 * is short of the whole for larger files): start at a generous guess and grow on overflow.
 */
function decodeBrotli(bytes: Uint8Array): Uint8Array {
  let size = Math.min(MAX_DECODED_BYTES, Math.max(64 * 1024, bytes.length * 16));
  for (;;) {
    try {
      return brotliDecompress(bytes, size);
    } catch (error) {
      const overflow = error instanceof Error && /not large enough/.test(error.message);
      if (!overflow) throw new ContentDecodingError(`not valid Brotli: ${String(error)}`);
      if (size >= MAX_DECODED_BYTES)
        throw new ContentDecodingError(`decodes to more than ${MAX_DECODED_BYTES} bytes`);
      size = Math.min(MAX_DECODED_BYTES, size * 4);
    }
  }
}

async function decodeStream(coding: 'gzip' | 'deflate', bytes: Uint8Array): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream(coding));
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > MAX_DECODED_BYTES) {
        await reader.cancel();
        throw new ContentDecodingError(`decodes to more than ${MAX_DECODED_BYTES} bytes`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ContentDecodingError) throw error;
    throw new ContentDecodingError(`not valid ${coding}: ${String(error)}`);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
