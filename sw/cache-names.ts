// Every Cache API name the worker uses, versioned in one place: bumping a version here makes the
// next worker drop the old caches on activate.
export const CACHE_VERSION = 1;

// Every one of them can also be written by any script on the site's origin: what the worker reads
// back is checked (bytes against their hash, lookups against the chain) or, for the offline copy
// that cannot be checked, bounded in age and marked (see offline.ts).

/** File bytes by blob/patch/hash, checked against the hash on every read. */
export const BYTES_CACHE = `floe-bytes-v${CACHE_VERSION}`;
/** Last good response per URL, served when the chain cannot be reached (offline visits). */
export const PAGES_CACHE = `floe-pages-v${CACHE_VERSION}`;

/**
 * Site fields by (site, version, field), see sw/lookup-store.ts. One entry per site, signed with the
 * worker's lookup key (v3; v2 was unsigned, v1 held one entry per field, which cost a restarted
 * worker one Cache API read per field before its first chain request).
 */
export const LOOKUPS_CACHE = `floe-lookups-v${CACHE_VERSION + 2}`;

/** Storage nodes' response times learned by the reader (see latency-store.ts); only orders requests. */
export const LATENCY_CACHE = `floe-latency-v${CACHE_VERSION}`;

export const ALL_CACHES: readonly string[] = [BYTES_CACHE, PAGES_CACHE, LOOKUPS_CACHE, LATENCY_CACHE];

/** Synthetic URLs keying cache entries (Cache API keys must be http(s) URLs). */
export function bytesKey(key: string): string {
  return `https://floe.invalid/bytes/${encodeURIComponent(key)}`;
}

/** The one entry of `LATENCY_CACHE`. */
export function latencyKey(): string {
  return 'https://floe.invalid/latency/nodes.json';
}

/** The one entry of `LOOKUPS_CACHE` that holds a site's kept fields. */
export function siteLookupsKey(siteId: string): string {
  return `https://floe.invalid/lookups/${encodeURIComponent(siteId)}`;
}
