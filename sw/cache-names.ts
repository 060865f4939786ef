// Every Cache API name the worker uses, versioned in one place: bumping a version here makes the
// next worker drop the old caches on activate.
export const CACHE_VERSION = 1;

/** Verified file bytes by blob/patch/hash: immutable. */
export const BYTES_CACHE = `floe-bytes-v${CACHE_VERSION}`;
/** Last good response per URL, served when the chain cannot be reached (offline visits). */
export const PAGES_CACHE = `floe-pages-v${CACHE_VERSION}`;

/** Site fields by (site, version, field): immutable, see core/serve/site-lookup.ts. */
export const LOOKUPS_CACHE = `floe-lookups-v${CACHE_VERSION}`;

export const ALL_CACHES: readonly string[] = [BYTES_CACHE, PAGES_CACHE, LOOKUPS_CACHE];

/** Synthetic URLs keying cache entries (Cache API keys must be http(s) URLs). */
export function bytesKey(key: string): string {
  return `https://floe.invalid/bytes/${encodeURIComponent(key)}`;
}

export function lookupKey(key: string): string {
  return `https://floe.invalid/lookups/${encodeURIComponent(key)}`;
}
