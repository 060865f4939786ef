// The shapes shared by site configuration, the on-chain Site and the deploy pipeline. Paths are
// resource paths as stored on chain: they start with `/` and use `/` separators.

/** Status codes the walrus_site `redirects` module accepts (it aborts on anything else). */
export type RedirectStatus = 301 | 302 | 303 | 307 | 308;

export interface Redirect {
  readonly location: string;
  readonly statusCode: RedirectStatus;
}

/** Optional Display fields of a Site (`walrus_site::metadata::Metadata`). */
export interface SiteMetadata {
  readonly link: string | null;
  readonly imageUrl: string | null;
  readonly description: string | null;
  readonly projectUrl: string | null;
  readonly creator: string | null;
}

/** One `headers` entry: every path matching `pattern` gets `headers` (deepest pattern wins). */
export interface HeaderRule {
  readonly pattern: string;
  /** Header names as written by the user; lowercased when applied to a resource. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * A folder's complete site configuration: `ws-resources.json` merged with `_headers` and
 * `_redirects`. Order of `routes` and `redirects` is the order they are written on chain.
 */
export interface SiteConfig {
  readonly headers: readonly HeaderRule[];
  readonly routes: readonly (readonly [pattern: string, target: string])[];
  readonly redirects: readonly (readonly [pattern: string, redirect: Redirect])[];
  readonly metadata: SiteMetadata | null;
  readonly siteName: string | null;
  readonly objectId: string | null;
  readonly ignore: readonly string[];
}

/** A resource as the walrus_site `Resource` struct holds it. */
export interface SiteResource {
  readonly path: string;
  /** Header names lowercased, in on-chain (insertion) order. */
  readonly headers: ReadonlyMap<string, string>;
  /** Walrus blob ID of the quilt (or plain blob), URL-safe base64 without padding. */
  readonly blobId: string;
  /** SHA-256 of the file's bytes (32 bytes; on chain a u256 from these bytes read little-endian). */
  readonly blobHash: Uint8Array;
  readonly range: { readonly start: bigint | null; readonly end: bigint | null } | null;
}

/** The header carrying a resource's quilt patch: `0x` + hex of the 5 internal patch-ID bytes. */
export const QUILT_PATCH_HEADER = 'x-wal-quilt-patch-internal-id';
