// The key a site's worker signs its kept lookups with (sw/lookup-store.ts). Everything a worker can
// store is shared with the site's own scripts, so the one place a secret can live is the worker
// script itself: the browser keeps it where no page can read it, and the portal puts the key in it
// only when the browser fetches it to run as a service worker. `Sec-Fetch-Dest: serviceworker` is
// set by the browser alone (scripts cannot set `Sec-` headers); a page's `fetch('/__floe/sw.js')`
// says `empty` and gets the script without a key. That response is never stored by a shared cache
// (`no-store`, `Vary`), so no other request can be answered with it.
//
// One key per site host, derived from the portal's secret: a worker of one site learns nothing that
// signs another's entries. The secret is random per portal process unless given; a new secret
// changes the worker script, so browsers update it, and entries signed before are re-read from the
// chain once.
import { createHmac, randomBytes } from 'node:crypto';

/** Bytes of the portal secret and of each derived key (HMAC-SHA-256). */
export const LOOKUP_SECRET_BYTES = 32;

export class LookupSecretError extends Error {
  override name = 'LookupSecretError';
}

export function newLookupSecret(): Uint8Array {
  return new Uint8Array(randomBytes(LOOKUP_SECRET_BYTES));
}

/** Checks a configured secret: a short one would make every site's key guessable. */
export function checkLookupSecret(secret: Uint8Array): Uint8Array {
  if (secret.length < LOOKUP_SECRET_BYTES)
    throw new LookupSecretError(`the lookup secret must be at least ${LOOKUP_SECRET_BYTES} bytes`);
  return secret;
}

/** The base64 key of the site at `label` (lower-case, as the host parser gives it). */
export function siteLookupKey(secret: Uint8Array, label: string): string {
  return createHmac('sha256', secret).update(`floe-site-lookups\n${label}`).digest('base64');
}

/** Whether the browser is fetching the script to run it as a service worker (install or update). */
export function fetchedAsWorker(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  return headers['sec-fetch-dest'] === 'serviceworker';
}

/** Headers for a worker script carrying a key: no cache may keep it or answer another request with it. */
export const KEYED_SCRIPT_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  vary: 'Sec-Fetch-Dest',
};
