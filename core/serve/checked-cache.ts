// Reads from a bytes cache are checked against the file's on-chain SHA-256 before they are used.
// The cache is keyed by blob, patch and hash, so an entry written by Floe never changes — but Floe
// is not the only writer: the worker's Cache API belongs to the site's origin, and any script on
// that origin (the site's own, a third-party one it includes, an XSS) can overwrite it. Hashing is
// cheap next to reading slivers — in Chromium's WebCrypto about 4 ms per MiB on the 2-core test
// machine, 0.05 ms for all of examples/hello's page files — so every hit is checked, not trusted.
import { sha256Matches } from '../walrus/sha256.ts';

/** File bytes by blob, patch and hash; what it returns is checked on every read (see above). */
export interface VerifiedBytesCache {
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Drops an entry that failed its check (caches only Floe writes may leave it out). */
  delete?(key: string): Promise<void>;
}

export type CheckedRead =
  | { readonly kind: 'hit'; readonly bytes: Uint8Array }
  | { readonly kind: 'miss' }
  /** The entry held other bytes than the chain's hash names; it has been deleted. */
  | { readonly kind: 'rejected' };

/**
 * The cached bytes under `key` if their SHA-256 is `expected`; an entry that fails is deleted (the
 * caller reads the file again from the nodes). A cache that throws counts as a miss.
 */
export async function readChecked(
  cache: VerifiedBytesCache | undefined,
  key: string,
  expected: Uint8Array,
): Promise<CheckedRead> {
  const bytes = await cache?.get(key).catch(() => null);
  if (!cache || !bytes) return { kind: 'miss' };
  if (await sha256Matches(bytes, expected)) return { kind: 'hit', bytes };
  // Awaited (this path is rare) so that the delete cannot land after the caller's fresh put.
  await cache.delete?.(key).catch(() => {});
  return { kind: 'rejected' };
}
