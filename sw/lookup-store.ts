// On-chain lookups kept across worker restarts. Chromium stops an idle worker after about 30 s, so
// without this every later visit would look each file up on chain again.
//
// The Cache API belongs to the site's origin: any script there can read and write this entry. So
// what it holds counts as the chain's answer only when it carries a MAC made with the worker's
// lookup key, which the portal puts in the worker script alone (never in a response a page can
// read, see portal/server/worker-script.ts). An entry with a good MAC was written by this worker
// from chain answers; it may still be an old one replayed by a script, which is why it carries the
// time the chain last confirmed its version, and core/serve/site-lookup.ts takes it only within a
// staleness bound of that time. Without a key, or with a bad MAC, the entry is only a list of
// fields to read again from the chain, all in one request, on the worker's first look at the site.
//
// A site's fields live in one Cache API entry (JSON, newest first), because a restarted worker
// reads them before its first chain request: one read, where one entry per field cost one read per
// field. Writes are coalesced: the fields one chain answer brings are written together, once.
import { fromBase64, toBase64 } from '@mysten/sui/utils';
import {
  fieldIdOfKey,
  type Confirmation,
  type FieldStore,
  type FieldValue,
} from '../core/serve/site-lookup.ts';
import { LOOKUPS_CACHE, siteLookupsKey } from './cache-names.ts';

/**
 * Fields kept per site, most recently written first. The first look after a restart re-reads at
 * most one request's worth (49) of them; the rest only cover pages visited less recently.
 */
export const MAX_KEPT_FIELDS = 200;

/** The part of the Cache API this store uses. */
export interface LookupsCache {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
}

export interface LookupStoreOptions {
  readonly open?: () => Promise<LookupsCache>;
  /** HMAC-SHA-256 key from the portal; without it the store never vouches for what it holds. */
  readonly key?: Promise<CryptoKey | null> | null;
  /**
   * Resolves when a write may run (sw/quiet-writes.ts: once the page has its answers). Puts made
   * meanwhile join the same write. Default: the next turn.
   */
  readonly whenQuiet?: () => Promise<void>;
}

/** A site's state: fields by key, oldest first (a re-put moves a key to the end). */
interface SiteState {
  readonly fields: Map<string, FieldValue>;
  confirmed: Confirmation | null;
}

/** What is signed: the fields newest first, and the last confirmation. */
interface Body {
  readonly fields: [key: string, value: string | null][];
  readonly confirmed: Confirmation | null;
}

/** The stored entry: the body as signed, and its MAC (base64) when the worker had a key. */
interface Entry {
  readonly body: string;
  readonly mac: string | null;
}

/** The lookup key the portal hands the worker (base64 of 32 bytes), ready for HMAC. */
export async function importLookupKey(base64: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', fromBase64(base64), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

export function cacheApiLookups(options: LookupStoreOptions = {}): FieldStore {
  const open = options.open ?? (() => caches.open(LOOKUPS_CACHE));
  const key = Promise.resolve(options.key ?? null).catch(() => null);
  const whenQuiet = options.whenQuiet ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  /** What this worker knows the entry of each site holds (loaded once, then kept in step). */
  const sites = new Map<string, Promise<SiteState>>();
  /** Per site, the write scheduled for the current turn's changes. */
  const writes = new Map<string, Promise<void>>();

  const load = (siteId: string): Promise<SiteState> => {
    let state = sites.get(siteId);
    if (!state) {
      state = read(open, key, siteId).catch(() => ({ fields: new Map(), confirmed: null }));
      sites.set(siteId, state);
    }
    return state;
  };

  /** Writes the site's entry once the current turn's changes are in. */
  const write = (siteId: string): Promise<void> => {
    let pending = writes.get(siteId);
    if (!pending) {
      pending = whenQuiet().then(async () => {
        writes.delete(siteId);
        const state = await load(siteId);
        const body: Body = {
          fields: [...state.fields]
            .reverse()
            .map(([field, value]) => [field, value === null ? null : toBase64(value)]),
          confirmed: state.confirmed,
        };
        const text = JSON.stringify(body);
        const signing = await key;
        const entry: Entry = { body: text, mac: signing ? await sign(signing, siteId, text) : null };
        await (
          await open()
        ).put(
          siteLookupsKey(siteId),
          new Response(JSON.stringify(entry), { headers: { 'content-type': 'application/json' } }),
        );
      });
      writes.set(siteId, pending);
    }
    return pending;
  };

  return {
    async kept(siteId) {
      const state = await load(siteId);
      // Newest first: the first read re-reads as many as one request holds, from the front.
      return { fields: new Map([...state.fields].reverse()), confirmed: state.confirmed };
    },
    async put(field, value) {
      const siteId = field.split('/')[0]!;
      const { fields } = await load(siteId);
      fields.delete(field);
      fields.set(field, value);
      for (const old of fields.keys()) {
        if (fields.size <= MAX_KEPT_FIELDS) break;
        fields.delete(old);
      }
      await write(siteId);
    },
    async keepOnly(siteId, version) {
      const state = await load(siteId);
      const before = state.fields.size;
      for (const field of state.fields.keys()) {
        if (field.split('/')[1] !== version) state.fields.delete(field);
      }
      const stale = state.confirmed !== null && state.confirmed.version !== version;
      if (stale) state.confirmed = null;
      if (state.fields.size !== before || stale) await write(siteId);
    },
    async confirm(siteId, confirmation) {
      // Nothing to vouch with: the confirmation would never be taken, so it is not written.
      if (!(await key)) return;
      const state = await load(siteId);
      state.confirmed = confirmation;
      await write(siteId);
    },
  };
}

/**
 * The site's entry. What does not parse is left out (anyone on the origin can write it), and the
 * confirmation is taken only under a good MAC.
 */
async function read(
  open: () => Promise<LookupsCache>,
  key: Promise<CryptoKey | null>,
  siteId: string,
): Promise<SiteState> {
  const state: SiteState = { fields: new Map(), confirmed: null };
  const hit = await (await open()).match(siteLookupsKey(siteId));
  if (!hit) return state;
  const entry = (await hit.json()) as Partial<Entry> | null;
  if (typeof entry?.body !== 'string') return state;
  const body = JSON.parse(entry.body) as Partial<Body> | null;
  const list = Array.isArray(body?.fields) ? body.fields : [];
  for (const item of list.slice(0, MAX_KEPT_FIELDS).reverse()) {
    if (!Array.isArray(item)) continue;
    const [field, value] = item as unknown[];
    if (typeof field !== 'string' || fieldIdOfKey(field, siteId) === null) continue;
    if (value === null) state.fields.set(field, null);
    else if (typeof value === 'string') {
      try {
        state.fields.set(field, fromBase64(value));
      } catch {
        // Not base64: no field.
      }
    }
  }
  const verifying = await key;
  if (verifying && typeof entry.mac === 'string' && (await verify(verifying, siteId, entry.body, entry.mac)))
    state.confirmed = confirmationFrom(body?.confirmed);
  return state;
}

/** The MAC binds the body to the site it is stored for. */
function signed(siteId: string, body: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`floe-lookups\n${siteId}\n${body}`);
}

async function sign(key: CryptoKey, siteId: string, body: string): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.sign('HMAC', key, signed(siteId, body))));
}

async function verify(key: CryptoKey, siteId: string, body: string, mac: string): Promise<boolean> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(fromBase64(mac));
  } catch {
    return false;
  }
  return crypto.subtle.verify('HMAC', key, bytes, signed(siteId, body));
}

function confirmationFrom(value: unknown): Confirmation | null {
  if (typeof value !== 'object' || value === null) return null;
  const { version, at } = value as Partial<Confirmation>;
  return typeof version === 'string' && /^\d+$/.test(version) && typeof at === 'number' && Number.isFinite(at)
    ? { version, at }
    : null;
}
