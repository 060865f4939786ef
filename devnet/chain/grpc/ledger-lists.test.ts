// The streaming list methods through the unmodified SDK clients on a devnet chain (which serves
// JSON-RPC and gRPC-web on one port): `core.listTransactions` and `core.listEvents` over gRPC give
// the same items, in the same order and the same pages, as over JSON-RPC, in both directions and
// with the filters the SDK sends; the raw streams end as Sui's do.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientWithCoreApi, SuiClientTypes } from '@mysten/sui/client';
import { GrpcTypes, SuiGrpcClient } from '@mysten/sui/grpc';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { fromBase64, normalizeStructTag, toBase64 } from '@mysten/sui/utils';
import { startChain, type Chain } from '../chain.ts';
import { WALRUS_SITE_PACKAGE as PKG } from '../natives/packages.ts';

const CREATED = normalizeStructTag(`${PKG}::events::SiteCreatedEvent`);
const BURNED = normalizeStructTag(`${PKG}::events::SiteBurnedEvent`);
const Reason = GrpcTypes.QueryEndReason;

let dir: string;
let chain: Chain;
let grpc: SuiGrpcClient;
let jsonRpc: SuiJsonRpcClient;
const alice = new Ed25519Keypair();
const bob = new Ed25519Keypair();
/** Digests of the transactions the test ran, in order. */
const ran: string[] = [];
let aliceSite = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-grpc-lists-'));
  chain = await startChain({ dir });
  grpc = new SuiGrpcClient({ baseUrl: chain.url, network: 'localnet' });
  jsonRpc = new SuiJsonRpcClient({ url: chain.url, network: 'localnet' });
  await chain.faucet.fund(alice.toSuiAddress());
  await chain.faucet.fund(bob.toSuiAddress());
  // Two sites in one transaction: two events in one transaction, to page across.
  const created = await run(alice, (tx) => {
    tx.transferObjects([newSite(tx, 'a1'), newSite(tx, 'a2')], alice.toSuiAddress());
  });
  aliceSite = Object.entries(created.objectTypes).find(([, type]) => type.endsWith('::site::Site'))![0];
  await run(bob, (tx) => tx.transferObjects([newSite(tx, 'b1')], bob.toSuiAddress()));
  await run(alice, (tx) => {
    const [coin] = tx.splitCoins(tx.gas, [1000]);
    tx.transferObjects([coin!], bob.toSuiAddress());
  });
  await run(alice, (tx) => {
    tx.moveCall({ target: `${PKG}::site::burn`, arguments: [tx.object(aliceSite)] });
  });
  await run(bob, (tx) => tx.transferObjects([newSite(tx, 'b2')], bob.toSuiAddress()));
});

afterAll(async () => {
  await chain?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function newSite(tx: Transaction, name: string) {
  const none = tx.pure.option('string', null);
  const metadata = tx.moveCall({
    target: `${PKG}::metadata::new_metadata`,
    arguments: [none, none, none, none, none],
  });
  return tx.moveCall({ target: `${PKG}::site::new_site`, arguments: [tx.pure.string(name), metadata] });
}

async function run(signer: Ed25519Keypair, build: (tx: Transaction) => void) {
  const transaction = new Transaction();
  build(transaction);
  const result = await grpc.core.signAndExecuteTransaction({
    transaction,
    signer,
    include: { effects: true, objectTypes: true },
  });
  if (result.$kind !== 'Transaction') throw new Error(`transaction failed: ${JSON.stringify(result)}`);
  ran.push(result.Transaction.digest);
  await grpc.core.waitForTransaction({ digest: result.Transaction.digest });
  return result.Transaction;
}

/** Every transaction in ledger order, read from the checkpoints. */
function ledger(): string[] {
  const latest = chain.store.latestCheckpoint().sequenceNumber;
  const digests: string[] = [];
  for (let seq = 0n; seq <= latest; seq++) digests.push(...chain.store.getCheckpoint(seq)!.transactions);
  return digests;
}

type Order = 'ascending' | 'descending';
type Page<T> = { items: T[]; hasNextPage: boolean };

/** All pages of a listing, each next page asked for with the previous page's end cursor. */
async function allPages<T>(
  list: (cursor: {
    after?: string;
    before?: string;
  }) => Promise<{ items: T[]; hasNextPage: boolean; endCursor: string | null }>,
  order: Order,
): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = await list(
      cursor === null ? {} : order === 'ascending' ? { after: cursor } : { before: cursor },
    );
    pages.push({ items: page.items, hasNextPage: page.hasNextPage });
    if (!page.hasNextPage) return pages;
    if (pages.length > 50) throw new Error('paging does not end');
    cursor = page.endCursor;
  }
}

type TransactionFilter = SuiClientTypes.ListTransactionsOptions['filter'];
type EventFilter = SuiClientTypes.ListEventsOptions['filter'];

function transactionPages(
  client: ClientWithCoreApi,
  order: Order,
  limit: number,
  filter?: TransactionFilter,
) {
  return allPages(async (cursor) => {
    const page = await client.core.listTransactions({
      order,
      limit,
      ...cursor,
      ...(filter ? { filter } : {}),
    });
    return {
      items: page.transactions.map((result) => {
        const tx = result.$kind === 'Transaction' ? result.Transaction : result.FailedTransaction;
        return { digest: tx.digest, success: tx.status.success, checkpoint: String(tx.checkpoint) };
      }),
      hasNextPage: page.hasNextPage,
      endCursor: page.endCursor,
    };
  }, order);
}

function eventPages(client: ClientWithCoreApi, order: Order, limit: number, filter?: EventFilter) {
  return allPages(async (cursor) => {
    const page = await client.core.listEvents({ order, limit, ...cursor, ...(filter ? { filter } : {}) });
    return {
      items: page.events.map((e) => ({
        transactionDigest: e.transactionDigest,
        eventIndex: e.eventIndex,
        packageId: e.packageId,
        module: e.module,
        sender: e.sender,
        eventType: e.eventType,
        bcs: toBase64(e.bcs),
      })),
      hasNextPage: page.hasNextPage,
      endCursor: page.endCursor,
    };
  }, order);
}

describe('ListTransactions', () => {
  it('lists every transaction of the chain in ledger order, as JSON-RPC does', async () => {
    const [viaGrpc] = await transactionPages(grpc, 'ascending', 50);
    const [viaJsonRpc] = await transactionPages(jsonRpc, 'ascending', 50);
    expect(viaGrpc!.items.map((tx) => tx.digest)).toEqual(ledger());
    expect(viaGrpc!.items.slice(-ran.length).map((tx) => tx.digest)).toEqual(ran);
    expect(viaGrpc).toEqual(viaJsonRpc);
    expect(viaGrpc!.hasNextPage).toBe(false);
  });

  it.each(['ascending', 'descending'] as const)('pages %s with cursors as JSON-RPC does', async (order) => {
    const viaGrpc = await transactionPages(grpc, order, 3);
    expect(viaGrpc.length).toBeGreaterThan(2);
    expect(viaGrpc).toEqual(await transactionPages(jsonRpc, order, 3));
    const digests = viaGrpc.flatMap((page) => page.items.map((tx) => tx.digest));
    expect(digests).toEqual(order === 'ascending' ? ledger() : ledger().reverse());
  });

  it.each([
    ['sender', { sender: alice.toSuiAddress() }],
    ['function', { function: `${PKG}::site::new_site` }],
    ['module', { function: `${PKG}::site` }],
    ['package', { function: PKG }],
  ] as const)('filters by %s as JSON-RPC does', async (_name, filter) => {
    for (const order of ['ascending', 'descending'] as const) {
      // The SDK pages function filters only when fully qualified (JSON-RPC refuses cursors otherwise).
      const limit = 'function' in filter && filter.function.split('::').length < 3 ? 50 : 2;
      const viaGrpc = await transactionPages(grpc, order, limit, filter);
      expect(viaGrpc, order).toEqual(await transactionPages(jsonRpc, order, limit, filter));
      expect(viaGrpc.flatMap((p) => p.items).length, order).toBeGreaterThan(1);
    }
  });

  it("finds a sender's transactions and no others", async () => {
    const [senders] = await transactionPages(grpc, 'ascending', 50, { sender: alice.toSuiAddress() });
    expect(senders!.items.map((tx) => tx.digest)).toEqual([ran[0], ran[2], ran[3]]);
  });
});

describe('ListEvents', () => {
  it.each(['ascending', 'descending'] as const)(
    'lists and pages %s every event as JSON-RPC does, across a transaction with two',
    async (order) => {
      const [all] = await eventPages(grpc, order, 100);
      expect(all!.items.map((e) => e.eventType)).toEqual(
        order === 'ascending'
          ? [CREATED, CREATED, CREATED, BURNED, CREATED]
          : [CREATED, BURNED, CREATED, CREATED, CREATED],
      );
      expect(all!.items[0]).toMatchObject(
        order === 'ascending' ? { transactionDigest: ran[0], eventIndex: 0 } : { transactionDigest: ran[4] },
      );
      for (const limit of [1, 2, 3]) {
        const viaGrpc = await eventPages(grpc, order, limit);
        expect(viaGrpc, `limit ${limit}`).toEqual(await eventPages(jsonRpc, order, limit));
        expect(viaGrpc.flatMap((p) => p.items)).toEqual(all!.items);
      }
    },
  );

  it.each([
    ['sender', { sender: bob.toSuiAddress() }, 2],
    ['event type', { eventType: BURNED }, 1],
    ['event type module', { eventType: `${PKG}::events` }, 5],
    ['emitting module', { emitModule: `${PKG}::site` }, 5],
  ] as const)('filters by %s as JSON-RPC does', async (_name, filter, count) => {
    for (const order of ['ascending', 'descending'] as const) {
      const viaGrpc = await eventPages(grpc, order, 2, filter);
      expect(viaGrpc, order).toEqual(await eventPages(jsonRpc, order, 2, filter));
      expect(
        viaGrpc.flatMap((p) => p.items),
        order,
      ).toHaveLength(count);
    }
  });
});

describe('the raw streams', () => {
  async function frames<T extends object>(call: { responses: AsyncIterable<T> }): Promise<T[]> {
    const out: T[] = [];
    for await (const frame of call.responses) out.push(frame);
    return out;
  }

  it('carry a watermark on every frame and end once, at the item limit or the ledger tip', async () => {
    const limited = await frames(grpc.ledgerService.listTransactions({ options: { limit: 2 } }));
    expect(limited.map((f) => [Boolean(f.transaction), f.end?.reason])).toEqual([
      [true, undefined],
      [true, Reason.ITEM_LIMIT],
    ]);
    expect(limited.every((f) => f.watermark?.cursor?.length)).toBe(true);

    const rest = await frames(
      grpc.ledgerService.listTransactions({ options: { limit: 100, after: limited[1]!.watermark!.cursor! } }),
    );
    expect(rest.at(-1)).toMatchObject({ end: { reason: Reason.LEDGER_TIP } });
    expect(rest.at(-1)!.transaction).toBeUndefined();
    expect([...limited, ...rest].flatMap((f) => (f.transaction ? [f.transaction.digest] : []))).toEqual(
      ledger(),
    );
    // The first transaction's checkpoint is not covered yet; reaching the tip covers the latest one.
    expect(limited[0]!.watermark!.checkpoint).toBeUndefined();
    expect(rest.at(-1)!.watermark!.checkpoint).toBe(chain.store.latestCheckpoint().sequenceNumber);
  });

  it('ends a descending scan at genesis with CHECKPOINT_BOUND, and a cursor-bounded one with CURSOR_BOUND', async () => {
    const down = await frames(
      grpc.ledgerService.listTransactions({
        options: { ordering: GrpcTypes.Ordering.DESCENDING, limit: 500 },
      }),
    );
    expect(down.at(-1)?.end?.reason).toBe(Reason.CHECKPOINT_BOUND);
    const third = down[2]!.watermark!.cursor!;
    const before = await frames(
      grpc.ledgerService.listTransactions({ options: { before: third, limit: 500 } }),
    );
    expect(before.at(-1)?.end?.reason).toBe(Reason.CURSOR_BOUND);
    expect(before.flatMap((f) => (f.transaction ? [f.transaction.digest] : []))).toEqual(
      ledger().slice(0, -3),
    );
  });

  it('filters transactions by affected object and by checkpoint range', async () => {
    const touched = await frames(
      grpc.ledgerService.listTransactions({
        filter: {
          terms: [
            {
              literals: [
                {
                  negated: false,
                  predicate: { oneofKind: 'affectedObject', affectedObject: { objectId: aliceSite } },
                },
              ],
            },
          ],
        },
      }),
    );
    expect(touched.flatMap((f) => (f.transaction ? [f.transaction.digest] : []))).toEqual([ran[0], ran[3]]);

    const checkpoint = (await grpc.core.getTransaction({ digest: ran[1]!, include: {} })).Transaction!
      .checkpoint;
    const window = await frames(
      grpc.ledgerService.listTransactions({
        startCheckpoint: BigInt(checkpoint!),
        endCheckpoint: BigInt(checkpoint!) + 2n,
        readMask: { paths: ['digest', 'checkpoint', 'transaction_index'] },
      }),
    );
    expect(window.flatMap((f) => (f.transaction ? [f.transaction.digest] : []))).toEqual([ran[1], ran[2]]);
    expect(window[0]!.transaction).toMatchObject({ checkpoint: BigInt(checkpoint!), transactionIndex: 0n });
    expect(window.at(-1)?.end?.reason).toBe(Reason.CHECKPOINT_BOUND);
  });

  it('lists checkpoints, paging by watermark cursor and filtering by their transactions', async () => {
    const first = await frames(grpc.ledgerService.listCheckpoints({ options: { limit: 2 } }));
    expect(first.map((f) => f.checkpoint?.sequenceNumber)).toEqual([0n, 1n]);
    expect(first[1]!.end?.reason).toBe(Reason.ITEM_LIMIT);
    const next = await frames(
      grpc.ledgerService.listCheckpoints({ options: { limit: 2, after: first[1]!.watermark!.cursor! } }),
    );
    expect(next.map((f) => f.checkpoint?.sequenceNumber)).toEqual([2n, 3n]);
    expect(next[0]!.checkpoint!.digest).toBe(chain.store.getCheckpoint(2n)!.digest);

    const bobs = await frames(
      grpc.ledgerService.listCheckpoints({
        filter: {
          terms: [
            {
              literals: [
                {
                  negated: false,
                  predicate: { oneofKind: 'sender', sender: { address: bob.toSuiAddress() } },
                },
              ],
            },
          ],
        },
        readMask: { paths: ['sequence_number', 'transactions.digest'] },
        options: { limit: 100 },
      }),
    );
    expect(bobs.flatMap((f) => f.checkpoint?.transactions.map((tx) => tx.digest) ?? [])).toEqual([
      ran[1],
      ran[4],
    ]);
  });

  it('answers INVALID_ARGUMENT for a foreign cursor, an empty filter or an inverted checkpoint range', async () => {
    const eventCursor = (await frames(grpc.ledgerService.listEvents({ options: { limit: 1 } })))[0]!
      .watermark!.cursor!;
    const bad = [
      grpc.ledgerService.listTransactions({ options: { after: eventCursor } }),
      grpc.ledgerService.listTransactions({ options: { after: fromBase64('AAAA') } }),
      grpc.ledgerService.listEvents({ filter: { terms: [] } }),
      grpc.ledgerService.listCheckpoints({ startCheckpoint: 3n, endCheckpoint: 2n }),
    ];
    for (const call of bad) await expect(frames(call)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  // Last: it adds a transaction to the chain the other tests list.
  it("resumes from the tip's boundary cursor with nothing, then with what was committed since", async () => {
    const all = await frames(grpc.ledgerService.listTransactions({ options: { limit: 500 } }));
    const tip = all.at(-1)!.watermark!.cursor!;
    const none = await frames(grpc.ledgerService.listTransactions({ options: { after: tip } }));
    expect(none.map((f) => [f.transaction, f.end?.reason])).toEqual([[undefined, Reason.LEDGER_TIP]]);
    const later = await run(alice, (tx) => tx.transferObjects([newSite(tx, 'later')], alice.toSuiAddress()));
    const next = await frames(grpc.ledgerService.listTransactions({ options: { after: tip } }));
    expect(next.flatMap((f) => (f.transaction ? [f.transaction.digest] : []))).toEqual([later.digest]);
  });
});
