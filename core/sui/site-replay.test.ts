import { describe, expect, it } from 'vitest';
import type { SuiClientTypes } from '@mysten/sui/client';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { replaySiteTransaction, SiteReplayError, type SiteSnapshot } from './site-replay.ts';
import { readStepMarker } from './site-steps.ts';
import { buildSiteTransactions } from './site-tx.ts';
import { METADATA, resource } from './test-support/fixtures.ts';

const PKG = normalizeSuiAddress('0x5174e');
const SITE = normalizeSuiAddress('0xabc');
const OWNER = normalizeSuiAddress('0x0e0');
const OPTIONS = { siteId: SITE, packageIds: new Set([PKG]) };

const data = (tx: Transaction) => tx.getData() as unknown as SuiClientTypes.TransactionData;

/** What the replay should find, sorted like a read of the chain. */
const content = (s: SiteSnapshot) => ({
  name: s.name,
  metadata: s.metadata,
  resources: [...s.resources.values()].sort((a, b) => (a.path < b.path ? -1 : 1)),
  routes: s.routes,
  redirects: s.redirects,
  burned: s.burned,
});

describe('replaySiteTransaction', () => {
  it("rebuilds a new site's name, metadata, resources, routes and redirects from its transaction", () => {
    const files = [resource('/index.html', 1, [['cache-control', 'no-cache']]), resource('/app.js', 2)];
    const plan = buildSiteTransactions({
      packageId: PKG,
      target: { kind: 'new', name: 'My site', metadata: METADATA, owner: OWNER },
      creates: files,
      routes: [['/app/*', '/index.html']],
      redirects: [['/old', { location: '/index.html', statusCode: 301 }]],
    });
    const after = replaySiteTransaction(null, data(plan.first()!), 'd1', OPTIONS);
    expect(content(after)).toEqual({
      name: 'My site',
      metadata: METADATA,
      resources: [files[1], files[0]],
      routes: [['/app/*', '/index.html']],
      redirects: [['/old', { location: '/index.html', statusCode: 301 }]],
      burned: false,
    });
  });

  it('applies an update: replaced and removed paths, cleared routes, a new name; the state before is untouched', () => {
    const before: SiteSnapshot = {
      name: 'old',
      metadata: METADATA,
      resources: new Map([
        ['/a.html', resource('/a.html', 1)],
        ['/b.html', resource('/b.html', 2)],
      ]),
      routes: [['/x/*', '/a.html']],
      redirects: null,
      burned: false,
    };
    const changed = resource('/a.html', 70);
    const plan = buildSiteTransactions({
      packageId: PKG,
      target: { kind: 'existing', siteId: SITE },
      deletes: ['/a.html', '/b.html'],
      creates: [changed],
      routes: [],
      name: 'new',
    });
    const after = replaySiteTransaction(before, data(plan.first()!), 'd2', OPTIONS);
    expect(content(after)).toMatchObject({
      name: 'new',
      resources: [changed],
      routes: null,
      redirects: null,
    });
    expect([...before.resources.keys()]).toEqual(['/a.html', '/b.html']);
    expect(before.routes).toEqual([['/x/*', '/a.html']]);
  });

  it('replays a split update transaction by transaction to the same end state, and marks its steps', () => {
    const files = Array.from({ length: 30 }, (_, i) => resource(`/f${i}.js`, i));
    const plan = buildSiteTransactions({
      packageId: PKG,
      target: { kind: 'existing', siteId: SITE },
      creates: files,
      limits: { maxMoveCalls: 25 },
    });
    expect(plan.count).toBeGreaterThan(2);
    const txs = [plan.first()!, ...plan.rest()];
    let state: SiteSnapshot = {
      name: 's',
      metadata: METADATA,
      resources: new Map(),
      routes: null,
      redirects: null,
      burned: false,
    };
    txs.forEach((tx, i) => {
      expect(readStepMarker(data(tx))).toEqual({ index: i + 1, count: txs.length });
      state = replaySiteTransaction(state, data(tx), `d${i}`, OPTIONS);
    });
    expect(content(state).resources).toEqual([...files].sort((a, b) => (a.path < b.path ? -1 : 1)));
  });

  it('leaves a one-transaction update unmarked', () => {
    const plan = buildSiteTransactions({
      packageId: PKG,
      target: { kind: 'existing', siteId: SITE },
      creates: [resource('/a.html', 1)],
    });
    expect(readStepMarker(data(plan.first()!))).toBeNull();
  });

  it('refuses a walrus_site call it does not know when it takes the site, and ignores other packages', () => {
    const before: SiteSnapshot = {
      name: 's',
      metadata: METADATA,
      resources: new Map(),
      routes: null,
      redirects: null,
      burned: false,
    };
    const unknown = new Transaction();
    unknown.moveCall({ target: `${PKG}::site::rename_everything`, arguments: [unknown.object(SITE)] });
    expect(() => replaySiteTransaction(before, data(unknown), 'd3', OPTIONS)).toThrow(SiteReplayError);

    const foreign = new Transaction();
    foreign.moveCall({ target: `0x77::other::touch`, arguments: [foreign.object(SITE)] });
    expect(() => replaySiteTransaction(before, data(foreign), 'd4', OPTIONS)).toThrow(
      /::other::touch takes the site/,
    );

    const transfer = new Transaction();
    transfer.transferObjects([transfer.object(SITE)], OWNER);
    expect(content(replaySiteTransaction(before, data(transfer), 'd5', OPTIONS))).toEqual(content(before));
  });
});
