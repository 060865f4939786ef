import { describe, expect, it } from 'vitest';
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { ObjectError } from '@mysten/sui/client';
import { ResourceFieldBcs, RoutesFieldBcs, resourceToBcs } from '../sui/site-bcs.ts';
import { redirectsFieldId, resourceFieldId, ROUTES_FIELD_NAME, routesFieldId } from '../sui/site-fields.ts';
import { fieldIdOfKey, fieldKey, SiteLookup, type FieldStore } from './site-lookup.ts';
import { MemoryFieldStore } from './test-support/memory-field-store.ts';

const PACKAGE = `0x${'ab'.repeat(32)}`;
const SITE = `0x${'01'.repeat(32)}`;
const BLOB_A = 'A'.repeat(43);
const BLOB_B = `${'B'.repeat(42)}A`;

/**
 * The chain as SiteLookup sees it: objects by ID with a version, where a deploy writes fields and
 * bumps the Site's version (as Sui does for every mutable input). Counts getObjects calls.
 */
class FakeChain {
  readonly objects = new Map<string, { version: string; content: Uint8Array }>();
  readonly calls: string[][] = [];
  #version = 1;

  constructor() {
    this.objects.set(SITE, { version: '1', content: new Uint8Array([1]) });
  }

  deploy(files: Record<string, string>, routes: [string, string][] = []): void {
    this.#version++;
    const version = String(this.#version);
    this.objects.set(SITE, { version, content: new Uint8Array([this.#version]) });
    for (const [path, blobId] of Object.entries(files)) {
      const id = resourceFieldId(SITE, path, PACKAGE);
      const value = resourceToBcs({
        path,
        headers: new Map(),
        blobId,
        blobHash: new Uint8Array(32),
        range: null,
      });
      const content = ResourceFieldBcs.serialize({ id, name: { path }, value }).toBytes();
      this.objects.set(id, { version, content });
    }
    if (routes.length > 0) {
      const content = RoutesFieldBcs.serialize({
        id: routesFieldId(SITE),
        name: ROUTES_FIELD_NAME,
        value: { route_list: { contents: routes.map(([key, value]) => ({ key, value })) } },
      }).toBytes();
      this.objects.set(routesFieldId(SITE), { version, content });
    }
  }

  remove(path: string): void {
    this.#version++;
    this.objects.set(SITE, { version: String(this.#version), content: new Uint8Array([this.#version]) });
    this.objects.delete(resourceFieldId(SITE, path, PACKAGE));
  }

  /** Every request fails, as when the full node cannot be reached. */
  failing = false;

  client(): ClientWithCoreApi {
    return {
      core: {
        getObjects: async ({ objectIds }: { objectIds: string[] }) => {
          this.calls.push(objectIds);
          if (this.failing) throw new TypeError('fetch failed: full node unreachable');
          return {
            objects: objectIds.map((id) => {
              const object = this.objects.get(id);
              return object
                ? { objectId: id, ...object }
                : new ObjectError('notFound', `${id} not found`, { reason: 'notFound', objectId: id });
            }),
          };
        },
      },
    } as unknown as ClientWithCoreApi;
  }
}

function setup(options: { store?: FieldStore; staleMs?: number } = {}) {
  const chain = new FakeChain();
  const clock = { now: 0 };
  const make = () =>
    new SiteLookup({
      sui: chain.client(),
      packageId: PACKAGE,
      ttlMs: 10_000,
      now: () => clock.now,
      ...(options.store ? { store: options.store } : {}),
      ...(options.staleMs ? { staleMs: options.staleMs } : {}),
    });
  return { chain, clock, lookup: make(), make };
}

describe('SiteLookup', () => {
  it('reads the resource, routes and redirects with the Site in one request, then from memory', async () => {
    const { chain, lookup } = setup();
    chain.deploy({ '/index.html': BLOB_A }, [['/app/*', '/index.html']]);
    const first = await lookup.lookup(SITE, '/index.html');
    expect(first.resource?.blobId).toBe(BLOB_A);
    expect(first.routing.routes).toEqual([['/app/*', '/index.html']]);
    expect(chain.calls).toHaveLength(1);
    expect(chain.calls[0]![0]).toBe(SITE);
    await lookup.lookup(SITE, '/index.html');
    expect(chain.calls).toHaveLength(1);
  });

  it('after the TTL asks only for the Site version while it is unchanged, and sees a redeploy at once when it changed', async () => {
    const { chain, clock, lookup } = setup();
    chain.deploy({ '/index.html': BLOB_A });
    await lookup.lookup(SITE, '/index.html');
    clock.now = 11_000;
    expect((await lookup.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_A);
    expect(chain.calls.at(-1)).toEqual([SITE]);
    chain.deploy({ '/index.html': BLOB_B });
    // Within the TTL the version seen last still counts…
    expect((await lookup.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_A);
    clock.now = 22_000;
    // …after it, the changed version means reading the fields again.
    expect((await lookup.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_B);
    expect(chain.calls.at(-1)![0]).toBe(SITE);
    expect(chain.calls.at(-1)!.length).toBeGreaterThan(1);
  });

  it("reads a path not read before at the chain's current version, which then holds for every path", async () => {
    const { chain, lookup } = setup();
    chain.deploy({ '/index.html': BLOB_A, '/style.css': BLOB_A });
    await lookup.lookup(SITE, '/index.html');
    chain.deploy({ '/index.html': BLOB_B, '/style.css': BLOB_B });
    // A path not looked up yet is read at the chain's version, and that version becomes current.
    expect((await lookup.lookup(SITE, '/style.css')).resource?.blobId).toBe(BLOB_B);
    expect((await lookup.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_B);
  });

  it('remembers that a path does not exist, per version', async () => {
    const { chain, clock, lookup } = setup();
    chain.deploy({ '/index.html': BLOB_A, '/old.html': BLOB_A });
    expect(await lookup.resource(SITE, '/404.html')).toBeNull();
    const calls = chain.calls.length;
    expect(await lookup.resource(SITE, '/404.html')).toBeNull();
    expect(chain.calls).toHaveLength(calls);
    chain.remove('/old.html');
    clock.now = 11_000;
    expect(await lookup.resource(SITE, '/old.html')).toBeNull();
  });

  it('forget makes the next answer come from the chain', async () => {
    const { chain, lookup } = setup();
    chain.deploy({ '/index.html': BLOB_A });
    await lookup.lookup(SITE, '/index.html');
    chain.deploy({ '/index.html': BLOB_B });
    lookup.forget(SITE);
    expect((await lookup.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_B);
  });

  it('shares one request between concurrent lookups of the same path', async () => {
    const { chain, lookup } = setup();
    chain.deploy({ '/index.html': BLOB_A });
    await Promise.all([lookup.lookup(SITE, '/index.html'), lookup.lookup(SITE, '/index.html')]);
    expect(chain.calls).toHaveLength(1);
  });

  it("shares one request between a burst of lookups of a page's different files", async () => {
    const { chain, lookup } = setup();
    const paths = Array.from({ length: 30 }, (_, i) => `/assets/file-${i}.js`);
    chain.deploy(Object.fromEntries(paths.map((path) => [path, BLOB_A])));
    const found = await Promise.all(paths.map((path) => lookup.lookup(SITE, path)));
    expect(found.every((r) => r.resource?.blobId === BLOB_A)).toBe(true);
    // The Site, 30 resources, the routes and the redirects: one request of 33 objects.
    expect(chain.calls.map((ids) => ids.length)).toEqual([33]);
    expect(new Set(chain.calls[0])).toEqual(
      new Set([
        SITE,
        ...paths.map((path) => resourceFieldId(SITE, path, PACKAGE)),
        routesFieldId(SITE),
        redirectsFieldId(SITE),
      ]),
    );
  });

  it("splits a burst larger than one request's 50 objects, and answers each lookup from its own", async () => {
    const { chain, lookup } = setup();
    const paths = Array.from({ length: 60 }, (_, i) => `/p/${i}.html`);
    chain.deploy(Object.fromEntries(paths.map((path, i) => [path, i % 2 ? BLOB_A : BLOB_B])));
    const found = await Promise.all(paths.map((path) => lookup.lookup(SITE, path)));
    expect(found.map((r) => r.resource?.blobId)).toEqual(paths.map((_, i) => (i % 2 ? BLOB_A : BLOB_B)));
    expect(chain.calls.length).toBe(2);
    expect(Math.max(...chain.calls.map((ids) => ids.length))).toBeLessThanOrEqual(50);
  });

  it('a failed batch fails every lookup in it, and the next lookup asks again', async () => {
    const { chain, lookup } = setup();
    chain.deploy({ '/a.html': BLOB_A, '/b.html': BLOB_B });
    chain.failing = true;
    const failed = await Promise.allSettled([lookup.lookup(SITE, '/a.html'), lookup.lookup(SITE, '/b.html')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(chain.calls).toHaveLength(1);
    chain.failing = false;
    expect((await lookup.lookup(SITE, '/b.html')).resource?.blobId).toBe(BLOB_B);
  });

  it('with a store, a new instance (a restarted worker) needs one version check for paths read before', async () => {
    const store = new MemoryFieldStore();
    const { chain, make } = setup({ store });
    chain.deploy({ '/index.html': BLOB_A, '/style.css': BLOB_A });
    const before = make();
    await before.lookup(SITE, '/index.html');
    await before.lookup(SITE, '/style.css');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.entries.has(fieldKey(SITE, '2', resourceFieldId(SITE, '/style.css', PACKAGE)))).toBe(true);
    const after = make();
    chain.calls.length = 0;
    // The first request of the new instance learns the version and reads the kept fields again,
    // all in one request…
    expect((await after.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_A);
    expect(chain.calls[0]).toContain(resourceFieldId(SITE, '/style.css', PACKAGE));
    // …so the next path needs no request of its own.
    expect((await after.lookup(SITE, '/style.css')).resource?.blobId).toBe(BLOB_A);
    expect(chain.calls).toHaveLength(1);
  });

  it('never answers from what the store holds: a forged entry is replaced by what the chain says', async () => {
    const store = new MemoryFieldStore();
    const { chain, make } = setup({ store });
    chain.deploy({ '/index.html': BLOB_A, '/style.css': BLOB_A });
    const before = make();
    await before.lookup(SITE, '/index.html');
    await before.lookup(SITE, '/style.css');
    await new Promise((resolve) => setTimeout(resolve, 0));
    // A script on the site's origin writes the store: /style.css now "points at" another blob, and
    // a path the site does not have (/evil.html) gets /index.html's field.
    const style = fieldKey(SITE, '2', resourceFieldId(SITE, '/style.css', PACKAGE));
    const evil = fieldKey(SITE, '2', resourceFieldId(SITE, '/evil.html', PACKAGE));
    const index = store.entries.get(fieldKey(SITE, '2', resourceFieldId(SITE, '/index.html', PACKAGE)))!;
    chain.deploy({ '/other.html': BLOB_B });
    const forged = chain.objects.get(resourceFieldId(SITE, '/other.html', PACKAGE))!.content;
    chain.objects.set(SITE, { version: '2', content: new Uint8Array([2]) }); // as if never deployed
    chain.objects.delete(resourceFieldId(SITE, '/other.html', PACKAGE));
    store.entries.set(style, forged);
    store.entries.set(evil, index);
    // Junk a script may add: never sent to the chain.
    store.entries.set(`${SITE}/2/not-an-id`, null);
    store.entries.set(`${SITE}/x/${'0x'.padEnd(66, '0')}`, null);

    const after = make();
    chain.calls.length = 0;
    expect((await after.lookup(SITE, '/style.css')).resource?.blobId).toBe(BLOB_A);
    expect(await after.resource(SITE, '/evil.html')).toBeNull();
    expect(chain.calls).toHaveLength(1);
    expect(chain.calls[0]).not.toContain('not-an-id');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.entries.get(style)).not.toEqual(forged);
    expect(store.entries.get(evil)).toBeNull();
  });

  it('reads at most one request of kept fields again (50 objects), the requested ones first', async () => {
    const store = new MemoryFieldStore();
    const { chain, lookup } = setup({ store });
    chain.deploy({ '/index.html': BLOB_A });
    for (let i = 0; i < 80; i++)
      await store.put(fieldKey(SITE, '2', resourceFieldId(SITE, `/page-${i}.html`, PACKAGE)), null);
    await lookup.lookup(SITE, '/index.html');
    expect(chain.calls).toHaveLength(1);
    expect(chain.calls[0]).toHaveLength(50);
    expect(chain.calls[0]!.slice(0, 4)).toEqual([
      SITE,
      resourceFieldId(SITE, '/index.html', PACKAGE),
      routesFieldId(SITE),
      redirectsFieldId(SITE),
    ]);
  });

  it('guesses from the store while the chain is asked, and not at all once memory answers', async () => {
    const store = new MemoryFieldStore();
    const { chain, clock, make } = setup({ store });
    chain.deploy({ '/index.html': BLOB_A });
    await make().lookup(SITE, '/index.html');
    await new Promise((resolve) => setTimeout(resolve, 0));
    const after = make();
    chain.calls.length = 0;
    // A restarted worker: the store's entry is offered before any chain request…
    expect((await after.guess(SITE, '/index.html'))?.blobId).toBe(BLOB_A);
    expect(await after.guess(SITE, '/missing.html')).toBeNull();
    expect(chain.calls).toHaveLength(0);
    // …but once the chain answered, memory answers and there is nothing to guess.
    await after.lookup(SITE, '/index.html');
    expect(await after.guess(SITE, '/index.html')).toBeNull();
    // Past the TTL the last version seen is the guess, while the version is checked again.
    chain.deploy({ '/index.html': BLOB_B });
    clock.now += 60_000;
    expect((await after.guess(SITE, '/index.html'))?.blobId).toBe(BLOB_A);
    expect((await after.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_B);
  });

  it('offers a forged store entry only as a guess, and junk not at all', async () => {
    const store = new MemoryFieldStore();
    const { chain, make } = setup({ store });
    chain.deploy({ '/index.html': BLOB_A });
    const key = fieldKey(SITE, '2', resourceFieldId(SITE, '/index.html', PACKAGE));
    await make().lookup(SITE, '/index.html');
    await new Promise((resolve) => setTimeout(resolve, 0));
    const other = make();
    store.entries.set(key, new Uint8Array([1, 2, 3]));
    expect(await other.guess(SITE, '/index.html')).toBeNull();
    // The answer is still the chain's, whatever the guess was.
    expect((await other.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_A);
  });

  it('a failed first read (chain unreachable) is tried again by the next request', async () => {
    const store = new MemoryFieldStore();
    const { chain, lookup } = setup({ store });
    chain.deploy({ '/index.html': BLOB_A });
    chain.failing = true;
    await expect(lookup.lookup(SITE, '/index.html')).rejects.toThrow(/unreachable/);
    chain.failing = false;
    expect((await lookup.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_A);
  });

  it('takes only well-formed keys of the site from a store', () => {
    const id = `0x${'cd'.repeat(32)}`;
    expect(fieldIdOfKey(`${SITE}/12/${id}`, SITE)).toBe(id);
    expect(fieldIdOfKey(`${SITE}/12/${id}/x`, SITE)).toBeNull();
    expect(fieldIdOfKey(`${SITE}/v/${id}`, SITE)).toBeNull();
    expect(fieldIdOfKey(`0x${'02'.repeat(32)}/12/${id}`, SITE)).toBeNull();
    expect(fieldIdOfKey(`${SITE}/12/${id.toUpperCase()}`, SITE)).toBeNull();
  });

  it('drops what the store holds for older versions once a new one is seen', async () => {
    const store = new MemoryFieldStore();
    const { chain, clock, lookup } = setup({ store });
    chain.deploy({ '/index.html': BLOB_A });
    await lookup.lookup(SITE, '/index.html');
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    await settle();
    const keys = () => [...store.entries.keys()].map((key) => key.split('/')[1]);
    expect(new Set(keys())).toEqual(new Set(['2']));
    chain.deploy({ '/index.html': BLOB_B });
    clock.now = 11_000;
    expect((await lookup.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_B);
    await settle();
    expect(new Set(keys())).toEqual(new Set(['3']));
  });

  it('a site that no longer exists answers no resource and keeps nothing', async () => {
    const { chain, lookup } = setup();
    chain.deploy({ '/index.html': BLOB_A });
    chain.objects.delete(SITE);
    expect((await lookup.lookup(SITE, '/index.html')).resource).toBeNull();
    await lookup.lookup(SITE, '/index.html');
    expect(chain.calls).toHaveLength(2);
  });
});

describe('SiteLookup with a vouching store (stale-while-revalidate)', () => {
  const HOUR = 3_600_000;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

  /** A worker that looked at the site once, and its restarted successor. */
  async function restarted(staleMs = HOUR) {
    const store = new MemoryFieldStore({ vouching: true });
    const { chain, clock, make } = setup({ store, staleMs });
    chain.deploy({ '/index.html': BLOB_A, '/style.css': BLOB_A });
    const before = make();
    await before.lookup(SITE, '/index.html');
    await before.lookup(SITE, '/style.css');
    await settle();
    chain.calls.length = 0;
    return { store, chain, clock, after: make() };
  }

  it('a restarted worker answers kept pages before any chain request, then revalidates once', async () => {
    const { chain, after } = await restarted();
    const answers = await Promise.all([after.lookup(SITE, '/index.html'), after.lookup(SITE, '/style.css')]);
    expect(answers.map((a) => a.resource?.blobId)).toEqual([BLOB_A, BLOB_A]);
    expect(await after.vouched(SITE)).toBe(true);
    await settle();
    // One background request re-read the Site and every kept field.
    expect(chain.calls).toHaveLength(1);
    expect(chain.calls[0]).toContain(resourceFieldId(SITE, '/style.css', PACKAGE));
  });

  it('a redeploy is served from the next request after the revalidation that saw it', async () => {
    const { chain, after } = await restarted();
    chain.deploy({ '/index.html': BLOB_B });
    expect((await after.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_A);
    await settle();
    expect((await after.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_B);
  });

  it('a path the store does not hold waits for the chain', async () => {
    const { chain, after } = await restarted();
    chain.deploy({ '/index.html': BLOB_A, '/new.html': BLOB_B });
    expect((await after.lookup(SITE, '/new.html')).resource?.blobId).toBe(BLOB_B);
    expect(chain.calls).toHaveLength(1);
  });

  it('a confirmation older than the bound, or from the future, is not taken', async () => {
    for (const age of [HOUR + 1, -60_000]) {
      const { chain, clock, store, after } = await restarted();
      clock.now = store.confirmations.get(SITE)!.at + age;
      chain.deploy({ '/index.html': BLOB_B });
      expect(await after.vouched(SITE)).toBe(false);
      expect((await after.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_B);
    }
  });

  it('a store that cannot vouch is only a list of fields to re-read', async () => {
    const store = new MemoryFieldStore();
    const { chain, make } = setup({ store, staleMs: HOUR });
    chain.deploy({ '/index.html': BLOB_A });
    await make().lookup(SITE, '/index.html');
    await settle();
    chain.deploy({ '/index.html': BLOB_B });
    const after = make();
    expect(await after.vouched(SITE)).toBe(false);
    expect((await after.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_B);
  });

  it('after forget (a read of what it named failed) the chain answers, not the store', async () => {
    const { chain, after } = await restarted();
    chain.deploy({ '/index.html': BLOB_B });
    after.forget(SITE);
    expect((await after.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_B);
  });

  it('past the TTL memory answers at once within the bound and revalidates in the background', async () => {
    const { chain, clock, lookup } = setup({ staleMs: HOUR });
    chain.deploy({ '/index.html': BLOB_A });
    await lookup.lookup(SITE, '/index.html');
    chain.deploy({ '/index.html': BLOB_B });
    clock.now = 11_000;
    expect((await lookup.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_A);
    await settle();
    expect((await lookup.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_B);
    // Past the bound it waits for the chain again.
    chain.deploy({ '/index.html': BLOB_A });
    clock.now += HOUR + 1;
    expect((await lookup.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_A);
  });

  it('kept fields still answer while the chain cannot be reached', async () => {
    const { chain, after } = await restarted();
    chain.failing = true;
    expect((await after.lookup(SITE, '/index.html')).resource?.blobId).toBe(BLOB_A);
    await settle();
    expect((await after.lookup(SITE, '/style.css')).resource?.blobId).toBe(BLOB_A);
  });
});
