// Resource paths: the key a file is stored under on chain (`/` + its path relative to the site root)
// and the path a portal looks up for a request URL.
import { PathError, RequestPathError } from './errors.ts';
import { codePointName, findControlCharacter, isWellFormed } from './text.ts';

/**
 * site-builder's `MAX_IDENTIFIER_SIZE`: a resource path's BCS encoding (ULEB128 length + UTF-8
 * bytes) must not exceed 2050 bytes, i.e. at most 2048 bytes of UTF-8. The path is also the quilt
 * patch identifier, whose size the quilt format bounds the same way.
 */
export const MAX_IDENTIFIER_SIZE = 2050;

const encoder = new TextEncoder();

/** Size of `text` as a BCS `String`: its UTF-8 length as ULEB128, then the bytes. */
export function bcsStringSize(text: string): number {
  const bytes = encoder.encode(text).length;
  let prefix = 1;
  for (let rest = bytes >>> 7; rest > 0; rest >>>= 7) prefix += 1;
  return prefix + bytes;
}

/**
 * The resource path of a file given its path relative to the site root, as segments or as one
 * string: `/` + segments joined by `/`. Backslashes become `/` (site-builder does this on Windows,
 * #607), and a browser would send `/` for them anyway, since URL parsing treats `\` as `/` in http(s)
 * URLs, so a file name containing `\` could never be requested. Throws `PathError` when the result
 * is not a valid resource path (see `validateResourcePath`).
 */
export function resourcePath(relative: readonly string[] | string): string {
  const joined = typeof relative === 'string' ? relative : relative.join('/');
  return validateResourcePath(`/${joined.replaceAll('\\', '/')}`);
}

/**
 * Returns `path` if it is a resource path Walrus Sites can store and a browser can request, else
 * throws `PathError`: it must start with `/`, have no empty, `.` or `..` segment (browsers resolve
 * those away before sending the request, so such a resource would be unreachable), contain no
 * control characters (they cannot appear in a request path or a header), be valid Unicode, and fit
 * `MAX_IDENTIFIER_SIZE`. Spaces and any other Unicode are fine: the portal percent-decodes request
 * paths before looking them up.
 */
export function validateResourcePath(path: string): string {
  if (!path.startsWith('/')) throw new PathError(path, 'must start with /');
  if (!isWellFormed(path))
    throw new PathError(path, 'contains an unpaired UTF-16 surrogate (not valid UTF-8)');
  const control = findControlCharacter(path);
  if (control !== null) throw new PathError(path, `contains the control character ${codePointName(control)}`);
  for (const segment of path.slice(1).split('/')) {
    if (segment === '') throw new PathError(path, 'contains an empty segment (`//` or a trailing `/`)');
    if (segment === '.' || segment === '..') throw new PathError(path, `contains a \`${segment}\` segment`);
  }
  const size = bcsStringSize(path);
  if (size > MAX_IDENTIFIER_SIZE) {
    throw new PathError(
      path,
      `is ${size} bytes as BCS, more than the ${MAX_IDENTIFIER_SIZE} Walrus Sites allows`,
    );
  }
  return path;
}

/**
 * The longest request path looked up, in UTF-8 bytes once percent-decoded: twice the longest
 * resource path a site can hold, so every resource, and any route or redirect to it, stays
 * reachable. Longer paths are refused before any matching, because the portal's legacy route
 * matcher is quadratic in the path (a 16 KiB path took 93 ms against one route with two `*`).
 */
export const MAX_REQUEST_PATH_BYTES = 4096;

/** Throws `RequestPathError` (naming `shown`) when `path` is over `MAX_REQUEST_PATH_BYTES` of UTF-8. */
export function checkRequestPathLength(path: string, shown: string = path): void {
  // UTF-8 never takes fewer bytes than UTF-16 units, so a long string is refused without encoding it.
  const bytes = path.length > MAX_REQUEST_PATH_BYTES ? path.length : encoder.encode(path).length;
  if (bytes > MAX_REQUEST_PATH_BYTES) throw pathTooLong(shown);
}

function pathTooLong(shown: string): RequestPathError {
  return new RequestPathError(shown, `is longer than ${MAX_REQUEST_PATH_BYTES} bytes`);
}

/**
 * The resource path a portal looks up for a URL's pathname, as the Walrus Sites portal computes it
 * (`domain_parsing.ts`): `/` becomes `/index.html`, otherwise one trailing `/` is dropped (there is
 * no `/dir/` → `/dir/index.html` rewrite), then the result is percent-decoded. Throws
 * `RequestPathError` for malformed percent-encoding, where the portal answers 404, and for a path
 * longer than `MAX_REQUEST_PATH_BYTES` once decoded, which the portal would still match.
 */
export function normalizeRequestPath(urlPath: string): string {
  if (!urlPath.startsWith('/')) throw new RequestPathError(urlPath, 'must start with /');
  // Every 3 characters decode to at least one byte: far longer texts are refused before decoding.
  if (urlPath.length > 3 * MAX_REQUEST_PATH_BYTES) throw pathTooLong(urlPath);
  const path = urlPath === '/' ? '/index.html' : urlPath.endsWith('/') ? urlPath.slice(0, -1) : urlPath;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw new RequestPathError(urlPath, 'malformed percent-encoding');
  }
  checkRequestPathLength(decoded, urlPath);
  return decoded;
}
