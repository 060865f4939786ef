// The whole Sui side of a site against the devnet chain, through the unmodified SDK clients of both
// transports (SuiGrpcClient, as Floe talks to every network now, and SuiJsonRpcClient): create
// (several transactions), read back, update, read again, destroy. Both must give the same site.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import type { Transaction } from '@mysten/sui/transactions';
import { startChain, type Chain } from '../../devnet/chain/chain.ts';
import { WALRUS_SITE_PACKAGE as PKG } from '../../devnet/chain/natives/packages.ts';
import type { Redirect, SiteResource } from '../site/types.ts';
import { NotASiteError, SiteNotFoundError } from './errors.ts';
import { redirectsFieldId, resourceFieldId, routesFieldId } from './site-fields.ts';
import type { PtbLimits } from './site-plan.ts';
import { readResource, readSite } from './site-read.ts';
import { buildDestroyTransactions, buildSiteTransactions, createdSiteId } from './site-tx.ts';
import { METADATA, resource } from './test-support/fixtures.ts';

/** Small limits so ~300 resources take several transactions without making the test slow. */
const LIMITS: PtbLimits = { maxMoveCalls: 150, maxBytes: 30_000 };
const RESOURCES = 300;

let dir: string;
let chain: Chain;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-sui-site-'));
  chain = await startChain({ dir });
});

afterAll(async () => {
  await chain?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const TRANSPORTS = {
  grpc: (url: string) => new SuiGrpcClient({ baseUrl: url, network: 'localnet' }),
  'json-rpc': (url: string) => new SuiJsonRpcClient({ url, network: 'localnet' }),
};

const initial = Array.from({ length: RESOURCES }, (_, i) =>
  resource(i === 0 ? '/index.html' : `/assets/chunk-${i}.js`, i),
);
const routes: [string, string][] = [
  ['/app/*', '/index.html'],
  ['/docs/*', '/assets/chunk-1.js'],
  ['/a/*', '/assets/chunk-2.js'],
];
const redirects: [string, Redirect][] = [
  ['/old', { location: '/', statusCode: 301 }],
  ['/tmp', { location: 'https://example.com/', statusCode: 307 }],
];

describe.each(Object.keys(TRANSPORTS) as (keyof typeof TRANSPORTS)[])(
  'a site on the devnet chain over %s',
  (transport) => {
    let siteId = '';
    let txCount = 0;
    let client: ClientWithCoreApi;
    const owner = new Ed25519Keypair();

    beforeAll(async () => {
      client = TRANSPORTS[transport](chain.url);
      await chain.faucet.fund(owner.toSuiAddress());
    });

    /** Signs, executes and waits; fails the test on an aborted transaction. */
    async function run(transaction: Transaction) {
      const result = await client.core.signAndExecuteTransaction({
        transaction,
        signer: owner,
        include: { effects: true, objectTypes: true },
      });
      if (result.$kind !== 'Transaction') {
        throw new Error(`transaction failed: ${JSON.stringify(result.FailedTransaction.status.error)}`);
      }
      await client.core.waitForTransaction({ digest: result.Transaction.digest });
      return result.Transaction;
    }

    it('creates a site in several transactions, with field IDs as derived offline', async () => {
      const plan = buildSiteTransactions({
        packageId: PKG,
        target: { kind: 'new', name: 'Floe test', metadata: METADATA, owner: owner.toSuiAddress() },
        deletes: [],
        creates: initial,
        routes,
        redirects,
        limits: LIMITS,
      });
      expect(plan.count).toBeGreaterThan(3);
      const first = await run(plan.first()!);
      siteId = createdSiteId(first, PKG)!;
      expect(siteId).toMatch(/^0x[0-9a-f]{64}$/);
      const created = new Set<string>();
      const collect = (tx: Awaited<ReturnType<typeof run>>) => {
        for (const c of tx.effects.changedObjects) if (c.idOperation === 'Created') created.add(c.objectId);
      };
      collect(first);
      for (const tx of plan.rest(siteId)) collect(await run(tx));
      txCount = plan.count;

      // Every object the chain created is the site or a field whose ID we derive without asking.
      const derived = new Set([
        siteId,
        routesFieldId(siteId),
        redirectsFieldId(siteId),
        ...initial.map((r) => resourceFieldId(siteId, r.path, PKG)),
      ]);
      expect(created).toEqual(derived);
    });

    it('reads the site back exactly', async () => {
      const site = await readSite(client, siteId, { packageId: PKG });
      expect(site.id).toBe(siteId);
      expect(site.owner).toBe(owner.toSuiAddress());
      expect(site.name).toBe('Floe test');
      expect(site.metadata).toEqual(METADATA);
      expect(site.routes).toEqual(routes);
      expect(site.redirects).toEqual(redirects);
      expect(site.resources.size).toBe(RESOURCES);
      expect(sorted(site.resources)).toEqual(sortedList(initial));
      expect(await readResource(client, siteId, '/assets/chunk-7.js', { packageId: PKG })).toEqual(
        initial[7],
      );
      expect(await readResource(client, siteId, '/missing.html', { packageId: PKG })).toBeNull();
      // The other transport, reading the same site, sees exactly the same thing.
      const other = TRANSPORTS[transport === 'grpc' ? 'json-rpc' : 'grpc'](chain.url);
      expect(await readSite(other, siteId, { packageId: PKG })).toEqual(site);
    });

    it('updates: deletes some, changes headers of others, replaces routes, removes redirects, renames', async () => {
      const before = await readSite(client, siteId, { packageId: PKG });
      const deleted = initial.slice(250).map((r) => r.path);
      const changed = initial.slice(1, 21).map((r): SiteResource => ({
        ...r,
        headers: new Map([...r.headers, ['cache-control', 'no-cache']]),
      }));
      const added = [resource('/new.html', 999)];
      const newRoutes: [string, string][] = [['/*', '/index.html']];
      const plan = buildSiteTransactions({
        packageId: PKG,
        target: { kind: 'existing', siteId },
        deletes: [...deleted, ...changed.map((r) => r.path)],
        creates: [...changed, ...added],
        routes: newRoutes,
        redirects: [],
        name: 'Floe test v2',
        limits: LIMITS,
      });
      expect(plan.count).toBeGreaterThan(1);
      await run(plan.first()!);
      for (const tx of plan.rest(siteId)) await run(tx);

      const site = await readSite(client, siteId, { packageId: PKG });
      const expected = new Map(initial.map((r) => [r.path, r]));
      for (const path of deleted) expected.delete(path);
      for (const r of [...changed, ...added]) expected.set(r.path, r);
      expect(sorted(site.resources)).toEqual(sortedList([...expected.values()]));
      expect(site.resources.get('/assets/chunk-3.js')!.headers.get('cache-control')).toBe('no-cache');
      expect(site.routes).toEqual(newRoutes);
      expect(site.redirects).toEqual([]);
      expect(site.name).toBe('Floe test v2');
      expect(site.metadata).toEqual(METADATA);
      expect(BigInt(site.version)).toBeGreaterThan(BigInt(before.version));
    });

    it('names the type of an object that is not a site', async () => {
      const field = resourceFieldId(siteId, '/index.html', PKG);
      const error = await readSite(client, field, { packageId: PKG }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotASiteError);
      expect((error as NotASiteError).foundType).toMatch(/dynamic_field::Field<.*ResourcePath/);
    });

    it('destroys the site and leaves no fields behind', async () => {
      const site = await readSite(client, siteId, { packageId: PKG });
      const txs = buildDestroyTransactions({
        packageId: PKG,
        siteId,
        paths: [...site.resources.keys()],
        hasRoutes: site.routes.length > 0,
        hasRedirects: site.redirects.length > 0,
        limits: LIMITS,
      });
      for (const tx of txs) await run(tx);
      await expect(readSite(client, siteId, { packageId: PKG })).rejects.toThrow(SiteNotFoundError);
      expect(await readResource(client, siteId, '/index.html', { packageId: PKG })).toBeNull();
      const { objects } = await client.core.getObjects({
        objectIds: [
          routesFieldId(siteId),
          ...[...site.resources.keys()].map((p) => resourceFieldId(siteId, p, PKG)),
        ],
      });
      expect(objects.every((o) => o instanceof Error)).toBe(true);
      expect(txCount).toBeGreaterThan(3);
    });

    it('reports a missing object as SiteNotFoundError', async () => {
      await expect(readSite(client, `0x${'ab'.repeat(32)}`, { packageId: PKG })).rejects.toThrow(
        SiteNotFoundError,
      );
    });
  },
);

function sorted(resources: ReadonlyMap<string, SiteResource>) {
  return sortedList([...resources.values()]);
}

function sortedList(resources: readonly SiteResource[]) {
  return [...resources].sort((a, b) => (a.path < b.path ? -1 : 1));
}
