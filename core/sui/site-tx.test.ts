import { describe, expect, it } from 'vitest';
import type { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { SiteResource } from '../site/types.ts';
import { InvalidSiteUpdateError } from './errors.ts';
import {
  DEFAULT_PTB_LIMITS,
  estimateCalls,
  estimateOp,
  newSiteCalls,
  opCalls,
  SITE_INPUT_BYTES,
  TRANSFER_COST,
  type PtbLimits,
  type SiteOp,
} from './site-plan.ts';
import {
  buildDestroyTransactions,
  buildSiteTransactions,
  createdSiteId,
  type SiteTransactionsOptions,
} from './site-tx.ts';
import { METADATA, resource } from './test-support/fixtures.ts';

const PKG = normalizeSuiAddress('0x5174e');
const SITE = normalizeSuiAddress('0xabc');
const OWNER = normalizeSuiAddress('0x0e0');
const SMALL: PtbLimits = { maxMoveCalls: 25, maxBytes: 3_000 };

const paths = (n: number, prefix = '/f') => Array.from({ length: n }, (_, i) => `${prefix}${i}.js`);
const resources = (n: number, prefix = '/f') => paths(n, prefix).map((p, i) => resource(p, i));

/** `module::function` of each command, TransferObjects as `transfer`. */
function commandNames(tx: Transaction): string[] {
  return tx
    .getData()
    .commands.map((c) => (c.MoveCall ? `${c.MoveCall.module}::${c.MoveCall.function}` : 'transfer'));
}

function opNames(ops: readonly SiteOp[]): string[] {
  return ops.flatMap((op) => opCalls(op).map((c) => `${c.module}::${c.fn}`));
}

function batchCost(ops: readonly SiteOp[]) {
  return ops.map(estimateOp).reduce((a, c) => ({ calls: a.calls + c.calls, bytes: a.bytes + c.bytes }), {
    calls: 0,
    bytes: SITE_INPUT_BYTES,
  });
}

function update(extra: Partial<SiteTransactionsOptions> = {}): SiteTransactionsOptions {
  const creates = resources(40);
  return {
    packageId: PKG,
    target: { kind: 'existing', siteId: SITE },
    // /f3.js is both deleted and re-created (a header change).
    deletes: [...paths(30, '/old'), '/f3.js'],
    creates,
    routes: [
      ['/app/*', '/app.html'],
      ['/docs/*', '/docs/index.html'],
    ],
    redirects: [['/old', { location: '/new', statusCode: 301 }]],
    name: 'Renamed',
    metadata: METADATA,
    limits: SMALL,
    ...extra,
  };
}

describe('buildSiteTransactions', () => {
  it('puts every op in exactly once, in order: deletes, creates, routes, redirects, name, metadata', () => {
    const options = update();
    const plan = buildSiteTransactions(options);
    const expected: SiteOp[] = [
      ...options.deletes!.map((path): SiteOp => ({ kind: 'deleteResource', path })),
      ...options.creates!.map((r): SiteOp => ({ kind: 'createResource', resource: r })),
      { kind: 'clearRoutes' },
      { kind: 'createRoutes' },
      { kind: 'insertRoute', pattern: '/app/*', target: '/app.html' },
      { kind: 'insertRoute', pattern: '/docs/*', target: '/docs/index.html' },
      { kind: 'clearRedirects' },
      { kind: 'createRedirects' },
      { kind: 'insertRedirect', pattern: '/old', redirect: { location: '/new', statusCode: 301 } },
      { kind: 'updateName', name: 'Renamed' },
      { kind: 'updateMetadata', metadata: METADATA },
    ];
    expect(plan.batches.flat()).toEqual(expected);
    expect(plan.count).toBeGreaterThan(5);
    expect(plan.batches.every((b) => b.length > 0)).toBe(true);
  });

  it('keeps every transaction within the limits, and builds the calls the plan says', () => {
    const plan = buildSiteTransactions(update());
    for (const batch of plan.batches) {
      const cost = batchCost(batch);
      expect(cost.calls).toBeLessThanOrEqual(SMALL.maxMoveCalls);
      expect(cost.bytes).toBeLessThanOrEqual(SMALL.maxBytes);
    }
    const txs = [plan.first()!, ...plan.rest()];
    expect(txs).toHaveLength(plan.count);
    txs.forEach((tx, i) => {
      expect(commandNames(tx)).toEqual(opNames(plan.batches[i]!));
      expect(tx.getData().commands.length).toBeLessThanOrEqual(SMALL.maxMoveCalls);
      // The site is the only object input, referenced by ID for the client to resolve at build time.
      const objects = tx.getData().inputs.filter((input) => input.UnresolvedObject);
      expect(objects.map((o) => o.UnresolvedObject!.objectId)).toEqual([SITE]);
    });
  });

  it('builds a resource as new_range_option → new_resource → add_header×H → add_resource', () => {
    const r = { ...resource('/a.html', 1), range: { start: 10n, end: null } };
    const tx = buildSiteTransactions({
      packageId: PKG,
      target: { kind: 'existing', siteId: SITE },
      creates: [r],
    }).first()!;
    expect(commandNames(tx)).toEqual([
      'site::new_range_option',
      'site::new_resource',
      'site::add_header',
      'site::add_header',
      'site::add_header',
      'site::add_resource',
    ]);
    const [range, res, h1, , , add] = tx.getData().commands.map((c) => c.MoveCall!);
    expect(range!.package).toBe(PKG);
    expect(res!.arguments[3]).toMatchObject({ $kind: 'Result', Result: 0 });
    expect(h1!.arguments[0]).toMatchObject({ $kind: 'Result', Result: 1 });
    expect(add!.arguments[1]).toMatchObject({ $kind: 'Result', Result: 1 });
  });

  it('shares equal pure inputs within a transaction', () => {
    const tx = buildSiteTransactions({
      packageId: PKG,
      target: { kind: 'existing', siteId: SITE },
      creates: resources(10),
    }).first()!;
    const pures = tx.getData().inputs.filter((i) => i.Pure);
    // Per resource: path, hash, patch id. Shared: the quilt's blob ID, the `none` of both range
    // bounds, and five header strings (three names, two values).
    expect(pures.length).toBe(10 * 3 + 1 + 1 + 5);
  });

  it('creates a new site first, transfers it, then continues on the ID it gets', () => {
    const plan = buildSiteTransactions({
      ...update({ name: undefined, metadata: undefined }),
      target: { kind: 'new', name: 'Fresh', metadata: METADATA, owner: OWNER },
      deletes: [],
    });
    const first = plan.first()!;
    const names = commandNames(first);
    expect(names.slice(0, 2)).toEqual(['metadata::new_metadata', 'site::new_site']);
    expect(names.at(-1)).toBe('transfer');
    expect(names.slice(2, -1)).toEqual(opNames(plan.batches[0]!));
    // Nothing to clear on a new site.
    expect(plan.batches.flat().some((op) => op.kind === 'clearRoutes' || op.kind === 'clearRedirects')).toBe(
      false,
    );
    expect(first.getData().inputs.some((i) => i.UnresolvedObject)).toBe(false);
    expect(() => plan.rest()).toThrow(InvalidSiteUpdateError);
    const newId = normalizeSuiAddress('0x1234');
    for (const tx of plan.rest(newId)) {
      expect(
        tx
          .getData()
          .inputs.filter((i) => i.UnresolvedObject)
          .map((i) => i.UnresolvedObject!.objectId),
      ).toEqual([newId]);
    }
    const firstCost = batchCost(plan.batches[0]!);
    const reserve = estimateCalls(newSiteCalls('Fresh', METADATA));
    expect(firstCost.calls + reserve.calls + TRANSFER_COST.calls).toBeLessThanOrEqual(SMALL.maxMoveCalls);
  });

  it('builds any one later transaction alone, the same as the full list has it', () => {
    const plan = buildSiteTransactions({
      ...update({ name: undefined, metadata: undefined }),
      target: { kind: 'new', name: 'Fresh', metadata: METADATA, owner: OWNER },
      deletes: [],
    });
    const newId = normalizeSuiAddress('0x1234');
    const all = plan.rest(newId);
    expect(all.length).toBeGreaterThan(1);
    for (let i = 1; i < plan.count; i++)
      expect(commandNames(plan.after(i, newId))).toEqual(commandNames(all[i - 1]!));
    expect(() => plan.after(0, newId)).toThrow(RangeError);
    expect(() => plan.after(plan.count, newId)).toThrow(RangeError);
    expect(() => plan.after(1)).toThrow(InvalidSiteUpdateError);
  });

  it('never underestimates the serialized size of the commands and inputs', async () => {
    // A new site's first transaction has no object inputs, so it serializes offline.
    for (const limits of [SMALL, { maxMoveCalls: 400, maxBytes: 20_000 }]) {
      const plan = buildSiteTransactions({
        packageId: PKG,
        target: { kind: 'new', name: 'Fresh', metadata: METADATA, owner: OWNER },
        creates: resources(200),
        routes: [['/*', '/index.html']],
        limits,
      });
      const kind = await plan.first()!.build({ onlyTransactionKind: true });
      const estimate =
        batchCost(plan.batches[0]!).bytes +
        estimateCalls(newSiteCalls('Fresh', METADATA)).bytes +
        TRANSFER_COST.bytes;
      expect(kind.length).toBeLessThanOrEqual(estimate);
      expect(estimate).toBeLessThanOrEqual(limits.maxBytes);
      // The estimate is an upper bound, but not a wild one.
      expect(kind.length).toBeGreaterThan(estimate / 3);
    }
  });

  it('fits ~160 typical resources per transaction with the default limits', () => {
    const plan = buildSiteTransactions({
      packageId: PKG,
      target: { kind: 'existing', siteId: SITE },
      creates: resources(1000),
    });
    expect(DEFAULT_PTB_LIMITS).toEqual({ maxMoveCalls: 1000, maxBytes: 120_000 });
    expect(plan.count).toBe(7);
    expect(plan.batches[0]!.length).toBe(166);
  });

  it('leaves routes and redirects alone when null, removes them when empty', () => {
    const base = { packageId: PKG, target: { kind: 'existing', siteId: SITE } } as const;
    expect(buildSiteTransactions({ ...base, routes: null, redirects: undefined }).count).toBe(0);
    expect(buildSiteTransactions({ ...base }).first()).toBeNull();
    const plan = buildSiteTransactions({ ...base, routes: [], redirects: [] });
    expect(commandNames(plan.first()!)).toEqual([
      'site::remove_all_routes_if_exist',
      'site::take_redirects_if_exist',
    ]);
    const fresh = buildSiteTransactions({
      packageId: PKG,
      target: { kind: 'new', name: 'n', metadata: METADATA, owner: OWNER },
      routes: [],
    });
    expect(fresh.count).toBe(1);
    expect(commandNames(fresh.first()!)).toEqual(['metadata::new_metadata', 'site::new_site', 'transfer']);
    expect(fresh.rest()).toEqual([]);
  });

  it('refuses updates the Move code would abort on', () => {
    const base = { packageId: PKG, target: { kind: 'existing', siteId: SITE } } as const;
    const bad: [string, Partial<SiteTransactionsOptions>][] = [
      ['duplicate create', { creates: [resource('/a', 1), resource('/a', 2)] }],
      ['empty range', { creates: [{ ...resource('/a', 1), range: { start: 5n, end: 5n } }] }],
      [
        'duplicate route',
        {
          routes: [
            ['/a', '/b'],
            ['/a', '/c'],
          ],
        },
      ],
      ['bad status', { redirects: [['/a', { location: '/b', statusCode: 200 as 301 }]] }],
      ['huge header', { creates: [resource('/a', 1, [['x-big', 'x'.repeat(20_000)]])] }],
      ['op over limits', { creates: [resource('/a', 1)], limits: { maxMoveCalls: 5 } }],
    ];
    for (const [what, options] of bad) {
      expect(() => buildSiteTransactions({ ...base, ...options }), what).toThrow(InvalidSiteUpdateError);
    }
    expect(() =>
      buildSiteTransactions({
        packageId: PKG,
        target: { kind: 'new', name: 'n', metadata: METADATA, owner: OWNER },
        name: 'other',
      }),
    ).toThrow(InvalidSiteUpdateError);
    const plan = buildSiteTransactions({ ...base, deletes: paths(100), limits: SMALL });
    expect(() => plan.rest(normalizeSuiAddress('0xdef'))).toThrow(InvalidSiteUpdateError);
    expect(plan.rest(SITE)).toHaveLength(plan.count - 1);
  });

  it('closes an empty first transaction when the first op does not fit beside new_site', () => {
    const big: SiteResource = resource('/big', 1, [
      ['x-a', 'a'.repeat(900)],
      ['x-b', 'b'.repeat(900)],
    ]);
    const cost = estimateOp({ kind: 'createResource', resource: big });
    const plan = buildSiteTransactions({
      packageId: PKG,
      target: { kind: 'new', name: 'n', metadata: METADATA, owner: OWNER },
      creates: [big],
      limits: { maxMoveCalls: 100, maxBytes: cost.bytes + SITE_INPUT_BYTES + 10 },
    });
    expect(plan.batches).toEqual([[], [{ kind: 'createResource', resource: big }]]);
  });
});

describe('buildDestroyTransactions', () => {
  it('removes every resource, routes and redirects, then burns last', () => {
    const txs = buildDestroyTransactions({
      packageId: PKG,
      siteId: SITE,
      paths: paths(60),
      hasRoutes: true,
      hasRedirects: true,
      limits: SMALL,
    });
    expect(txs.length).toBe(3);
    const names = txs.flatMap(commandNames);
    expect(names).toEqual([
      ...new Array(60).fill('site::remove_resource_if_exists'),
      'site::remove_all_routes_if_exist',
      'site::take_redirects_if_exist',
      'site::burn',
    ]);
    expect(commandNames(txs.at(-1)!).at(-1)).toBe('site::burn');
    for (const tx of txs) expect(tx.getData().commands.length).toBeLessThanOrEqual(SMALL.maxMoveCalls);
    const bare = buildDestroyTransactions({
      packageId: PKG,
      siteId: SITE,
      paths: [],
      hasRoutes: false,
      hasRedirects: false,
    });
    expect(bare.map(commandNames)).toEqual([['site::burn']]);
  });
});

describe('createdSiteId', () => {
  it('finds the created Site among the created objects', () => {
    const site = normalizeSuiAddress('0x51');
    const field = normalizeSuiAddress('0xf1');
    const effects = {
      changedObjects: [
        { objectId: field, idOperation: 'Created' },
        { objectId: site, idOperation: 'Created' },
        { objectId: normalizeSuiAddress('0x9a5'), idOperation: 'None' },
      ],
    };
    const objectTypes = {
      [field]: `0x2::dynamic_field::Field<${PKG}::site::ResourcePath, ${PKG}::site::Resource>`,
      [site]: `${PKG}::site::Site`,
    };
    expect(createdSiteId({ effects, objectTypes }, PKG)).toBe(site);
    expect(createdSiteId({ effects, objectTypes }, normalizeSuiAddress('0x999'))).toBeNull();
  });
});
