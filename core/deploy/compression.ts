// Which files a deploy stores Brotli-compressed, and when the compressed bytes are kept. Pure: the
// compressor itself is injected (node:zlib in the CLI), because core runs in browsers too and
// Chromium's CompressionStream has no Brotli. A compressed file is stored with
// `content-encoding: br`, and its on-chain SHA-256 is that of the stored (compressed) bytes, so
// readers verify exactly what the nodes hold before decoding it.
import { DEFAULT_BLOB_THRESHOLD } from './route-files.ts';

/** The content coding Floe stores compressed files with. */
export const STORED_CODING = 'br';

/**
 * Compresses one file's bytes. Must be deterministic — the same bytes always give the same output
 * — or a redeploy of an unchanged folder would see new hashes and upload everything again.
 */
export type Compressor = (bytes: Uint8Array) => Promise<Uint8Array>;

/** Compressed bytes are kept only when they save at least this share of the file… */
export const MIN_SAVING_RATIO = 0.05;
/**
 * …and at least this many bytes: below that the saving is lost in the quilt's per-file index
 * entry, and every reader pays a decode for nothing.
 */
export const MIN_SAVING_BYTES = 128;
/**
 * Files larger than this are stored as they are. Compressed bytes stay in memory from the scan
 * until they are encoded, and Brotli at high quality runs at a few MB/s; text files this large are
 * rare, and media (which does not compress) dominates large sites.
 */
export const MAX_COMPRESSED_FILE_BYTES = 64 * 1024 * 1024;

// Media types whose bytes are text or uncompressed binary; everything else (images other than
// these, audio, video, woff/woff2 fonts, archives, PDFs, octet-stream) is compressed already or
// unknown, and Brotli would only spend time on it.
const COMPRESSIBLE_TYPES: ReadonlySet<string> = new Set([
  'application/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'application/json',
  'application/xml',
  'application/wasm',
  'application/yaml',
  'application/toml',
  'application/x-sh',
  'application/vnd.ms-fontobject',
  'application/x-font-ttf',
  'font/ttf',
  'font/otf',
  'image/svg+xml',
  'image/bmp',
  'image/vnd.microsoft.icon',
  'image/x-icon',
]);

/** The media type of a `content-type` value: lowercase, without parameters. */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** Whether a file served as `contentType` is worth trying to compress. */
export function isCompressibleType(contentType: string): boolean {
  const type = mediaType(contentType);
  return (
    type.startsWith('text/') ||
    type.endsWith('+json') ||
    type.endsWith('+xml') ||
    COMPRESSIBLE_TYPES.has(type)
  );
}

/**
 * Whether to try compressing a file, from the headers its resource will carry (the site's rules
 * applied, before any default content-encoding): not when the rules set a `content-encoding` of
 * their own (a pre-compressed file, or `identity` to opt out), not for types that do not
 * compress, not for empty or oversized files, and never for a file of `blobThreshold` bytes or
 * more: it is stored as a blob of its own, whose byte ranges must be ranges of the file itself
 * (readers stream and seek in it), and staying uncompressed keeps its stored size at or above the
 * threshold, so compression never moves a file between blob and quilt.
 */
export function shouldTryCompression(
  ruleHeaders: ReadonlyMap<string, string>,
  contentType: string,
  size: number,
  blobThreshold: number = DEFAULT_BLOB_THRESHOLD,
): boolean {
  if (ruleHeaders.has('content-encoding')) return false;
  if (size === 0 || size > MAX_COMPRESSED_FILE_BYTES || size >= blobThreshold) return false;
  return isCompressibleType(contentType);
}

/** Whether compressed bytes of `compressedSize` are worth storing instead of `originalSize`. */
export function worthStoring(originalSize: number, compressedSize: number): boolean {
  const saved = originalSize - compressedSize;
  return saved >= MIN_SAVING_BYTES && saved >= originalSize * MIN_SAVING_RATIO;
}
