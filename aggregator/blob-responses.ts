// The headers of a blob or quilt-patch answer, as the Walrus daemon sets them (MystenLabs/walrus
// daemon/routes.rs `populate_response_headers_from_request` / `_from_attributes`): `nosniff`, a
// day of caching revalidated by ETag (the blob ID, unquoted), no Content-Type of its own — the
// request's `Accept` (when it has no `*`) or a GET's `Content-Type` is mirrored — then the blob's
// attributes or the patch's tags, only those on the allow-list and never over a header already set.
// Names are lowercase, as the daemon's HTTP stack writes them. Pure.

export const CACHE_CONTROL = 'public, max-age=86400, stale-while-revalidate=3600';
export const QUILT_PATCH_IDENTIFIER_HEADER = 'x-quilt-patch-identifier';

/** The daemon's default `--allowed-headers`. */
export const DEFAULT_ALLOWED_HEADERS: readonly string[] = [
  'content-type',
  'authorization',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-location',
  'link',
];

/** The request fields the response headers depend on. */
export interface RequestView {
  readonly method: string;
  readonly accept: string | null;
  readonly contentType: string | null;
}

/** Response headers by lowercase name. */
export type ResponseHeaders = Map<string, string>;

export function blobResponseHeaders(request: RequestView, etag: string): ResponseHeaders {
  const headers: ResponseHeaders = new Map([
    ['x-content-type-options', 'nosniff'],
    ['cache-control', CACHE_CONTROL],
    ['etag', etag],
  ]);
  if (request.accept !== null && !request.accept.includes('*')) {
    headers.set('content-type', request.accept);
  } else if (request.method.toUpperCase() === 'GET' && request.contentType !== null) {
    headers.set('content-type', request.contentType);
  }
  return headers;
}

/**
 * Adds `attributes` (a Blob's on-chain attributes, a patch's tags) as headers: valid names and
 * values only, on the allow-list unless `allowed` is null, never replacing a header already set.
 */
export function addAttributeHeaders(
  headers: ResponseHeaders,
  attributes: Iterable<readonly [string, string]>,
  allowed: ReadonlySet<string> | null,
): void {
  for (const [key, value] of attributes) {
    if (!isHeaderName(key) || !isHeaderValue(value)) continue;
    const name = key.toLowerCase();
    if (headers.has(name)) continue;
    if (allowed === null || allowed.has(name)) headers.set(name, value);
  }
}

/** The patch's headers: the blob headers, its tags, then its identifier (which does overwrite). */
export function patchResponseHeaders(
  request: RequestView,
  quiltId: string,
  patch: { readonly identifier: string; readonly tags: Readonly<Record<string, string>> },
  allowedTags: ReadonlySet<string> | null,
): ResponseHeaders {
  // The ETag is the quilt's blob ID for every patch of it, as the daemon sends it.
  const headers = blobResponseHeaders(request, quiltId);
  addAttributeHeaders(headers, Object.entries(patch.tags), allowedTags);
  if (isHeaderValue(patch.identifier)) headers.set(QUILT_PATCH_IDENTIFIER_HEADER, patch.identifier);
  return headers;
}

/** `bytes start-end/size` of a 206, `end` inclusive. */
export function contentRange(start: bigint, end: bigint, size: number): string {
  return `bytes ${start}-${end}/${size}`;
}

/** RFC 9110 token characters, as `http::HeaderName` accepts them. */
export function isHeaderName(name: string): boolean {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name);
}

/** What `http::HeaderValue` accepts: any byte from space upwards except DEL, and tab. */
export function isHeaderValue(value: string): boolean {
  for (const byte of new TextEncoder().encode(value)) {
    if ((byte < 0x20 && byte !== 0x09) || byte === 0x7f) return false;
  }
  return true;
}
