import { toBase64 } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { fieldKey } from '../core/serve/site-lookup.ts';
import { siteLookupsKey } from './cache-names.ts';
import { cacheApiLookups, importLookupKey, MAX_KEPT_FIELDS, type LookupsCache } from './lookup-store.ts';

const SITE = `0x${'a'.repeat(64)}`;
const OTHER = `0x${'b'.repeat(64)}`;
const field = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

/** An in-memory stand-in for one Cache API cache, counting reads and writes. */
function memoryCache() {
  const entries = new Map<string, string>();
  const counts = { matches: 0, puts: 0 };
  const cache: LookupsCache = {
    async match(key) {
      counts.matches++;
      const body = entries.get(key);
      return body === undefined ? undefined : new Response(body);
    },
    async put(key, response) {
      counts.puts++;
      entries.set(key, await response.text());
    },
  };
  return { open: async () => cache, entries, counts };
}

/** A stored entry as a script could write it: `body` as given, no MAC (or a made-up one). */
function signedBy(mac: string | null, body: unknown): string {
  return JSON.stringify({ body: JSON.stringify(body), mac });
}

const KEY_A = toBase64(new Uint8Array(32).fill(7));
const KEY_B = toBase64(new Uint8Array(32).fill(8));

describe('cacheApiLookups', () => {
  it('writes the fields of one chain answer at once, and a restarted worker reads them in one match', async () => {
    const { open, counts } = memoryCache();
    const store = cacheApiLookups({ open });
    await store.kept(SITE);
    await Promise.all([
      store.put(fieldKey(SITE, '7', field(1)), new Uint8Array([1, 2, 3])),
      store.put(fieldKey(SITE, '7', field(2)), null),
      store.put(fieldKey(SITE, '7', field(3)), new Uint8Array([9])),
    ]);
    expect(counts.puts).toBe(1);

    const restarted = cacheApiLookups({ open });
    const matchesBefore = counts.matches;
    const kept = (await restarted.kept(SITE)).fields;
    expect(counts.matches - matchesBefore).toBe(1);
    // Newest first: a first read re-reads as many as fit one request, from the front.
    expect([...kept.keys()]).toEqual([
      fieldKey(SITE, '7', field(3)),
      fieldKey(SITE, '7', field(2)),
      fieldKey(SITE, '7', field(1)),
    ]);
    expect(kept.get(fieldKey(SITE, '7', field(1)))).toEqual(new Uint8Array([1, 2, 3]));
    expect(kept.get(fieldKey(SITE, '7', field(2)))).toBeNull();
  });

  it('keeps only the version the chain now names', async () => {
    const { open } = memoryCache();
    const store = cacheApiLookups({ open });
    await store.put(fieldKey(SITE, '7', field(1)), new Uint8Array([1]));
    await store.put(fieldKey(SITE, '8', field(1)), new Uint8Array([2]));
    await store.keepOnly(SITE, '8');
    expect([...(await cacheApiLookups({ open }).kept(SITE)).fields.keys()]).toEqual([
      fieldKey(SITE, '8', field(1)),
    ]);
  });

  it(`keeps the ${MAX_KEPT_FIELDS} most recently written fields of a site`, async () => {
    const { open } = memoryCache();
    const store = cacheApiLookups({ open });
    await Promise.all(
      Array.from({ length: MAX_KEPT_FIELDS + 5 }, (_, i) =>
        store.put(fieldKey(SITE, '1', field(i)), new Uint8Array([i % 256])),
      ),
    );
    const kept = (await cacheApiLookups({ open }).kept(SITE)).fields;
    expect(kept.size).toBe(MAX_KEPT_FIELDS);
    expect(kept.has(fieldKey(SITE, '1', field(4)))).toBe(false);
    expect([...kept.keys()][0]).toBe(fieldKey(SITE, '1', field(MAX_KEPT_FIELDS + 4)));
  });

  it('leaves out what a script on the origin wrote that is not a field of the site', async () => {
    const { open, entries } = memoryCache();
    entries.set(
      siteLookupsKey(SITE),
      signedBy(null, {
        fields: [
          [fieldKey(SITE, '3', field(1)), 'AQI='],
          [fieldKey(OTHER, '3', field(1)), 'AQI='],
          ['not a key', 'AQI='],
          [fieldKey(SITE, 'x', field(2)), 'AQI='],
          [fieldKey(SITE, '3', field(3)), 42],
          'garbage',
        ],
      }),
    );
    entries.set(siteLookupsKey(OTHER), '{not json');
    const store = cacheApiLookups({ open });
    const kept = (await store.kept(SITE)).fields;
    expect([...kept.entries()]).toEqual([[fieldKey(SITE, '3', field(1)), new Uint8Array([1, 2])]]);
    expect((await store.kept(OTHER)).fields.size).toBe(0);
  });
});

describe('cacheApiLookups with the lookup key', () => {
  const confirmation = { version: '7', at: 1_000 };

  /** A worker with `key` that read one field at version 7 and saw it confirmed. */
  async function written(key: string | null) {
    const memory = memoryCache();
    const store = cacheApiLookups({ open: memory.open, key: key ? importLookupKey(key) : null });
    await store.put(fieldKey(SITE, '7', field(1)), new Uint8Array([1]));
    await store.confirm(SITE, confirmation);
    return memory;
  }

  it('vouches after a restart for what it wrote and confirmed', async () => {
    const { open } = await written(KEY_A);
    const kept = await cacheApiLookups({ open, key: importLookupKey(KEY_A) }).kept(SITE);
    expect(kept.confirmed).toEqual(confirmation);
    expect(kept.fields.get(fieldKey(SITE, '7', field(1)))).toEqual(new Uint8Array([1]));
  });

  it('never vouches without the key, with another key, or for an edited entry', async () => {
    const { open, entries } = await written(KEY_A);
    expect((await cacheApiLookups({ open }).kept(SITE)).confirmed).toBeNull();
    expect((await cacheApiLookups({ open, key: importLookupKey(KEY_B) }).kept(SITE)).confirmed).toBeNull();
    // A script points the field at other bytes and keeps the MAC.
    const entry = JSON.parse(entries.get(siteLookupsKey(SITE))!) as { body: string; mac: string };
    const edited = entry.body.replace('AQ==', 'Ag==');
    expect(edited).not.toBe(entry.body);
    entries.set(siteLookupsKey(SITE), JSON.stringify({ body: edited, mac: entry.mac }));
    const kept = await cacheApiLookups({ open, key: importLookupKey(KEY_A) }).kept(SITE);
    expect(kept.confirmed).toBeNull();
    // Still a list of fields to read again.
    expect(kept.fields.size).toBe(1);
  });

  it("never vouches for another site's entry copied under this site", async () => {
    const { open, entries } = await written(KEY_A);
    const entry = entries.get(siteLookupsKey(SITE))!;
    for (const copy of [entry, entry.replaceAll(SITE, OTHER)]) {
      entries.set(siteLookupsKey(OTHER), copy);
      const kept = await cacheApiLookups({ open, key: importLookupKey(KEY_A) }).kept(OTHER);
      expect(kept.confirmed).toBeNull();
    }
  });

  it('drops the confirmation with the fields of a version the chain no longer names', async () => {
    const { open } = await written(KEY_A);
    const store = cacheApiLookups({ open, key: importLookupKey(KEY_A) });
    await store.keepOnly(SITE, '8');
    const kept = await cacheApiLookups({ open, key: importLookupKey(KEY_A) }).kept(SITE);
    expect(kept.confirmed).toBeNull();
    expect(kept.fields.size).toBe(0);
  });

  it('writes no confirmation without a key', async () => {
    const { counts } = await written(null);
    expect(counts.puts).toBe(1);
  });
});
