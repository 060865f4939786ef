import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeRecord } from './codec.ts';
import { CorruptLogError, InvalidCommitError, StoreClosedError } from './errors.ts';
import { FileChainStore, LOG_FILE } from './file-store.ts';
import { encodeFrame, scanLog } from './frame.ts';
import type { ChainObject, CommitBatch } from './records.ts';
import {
  batch,
  coinObject,
  digestOf,
  idOf,
  moveObject,
  removed,
  transaction,
  written,
} from './test-support/fixtures.ts';

const alice = idOf('alice');
const bob = idOf('bob');
const pkg = idOf('pkg');
const eventType = `${pkg}::site::SiteCreated`;

let dir: string;
let clock: number;
const now = () => clock;
const stores: FileChainStore[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-store-'));
  clock = 1_000;
});

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const gas0 = coinObject(idOf('gas'), alice, 10_000n, 1n);

function genesis(): CommitBatch[] {
  return [batch(transaction({ seed: 'genesis', sender: alice, gasObject: gas0 }), [gas0])];
}

async function open(gen = genesis): Promise<FileChainStore> {
  const store = await FileChainStore.open(dir, gen, {
    now,
    referenceGasPrice: 750n,
    epochDurationMs: 60_000,
  });
  stores.push(store);
  return store;
}

async function reopen(store: FileChainStore): Promise<FileChainStore> {
  await store.close();
  return open(() => {
    throw new Error('genesis must not run on an existing chain');
  });
}

/** Three transactions: create a coin + shared object with a child, transfer the coin, delete it. */
function history(): { batches: CommitBatch[]; coin: ChainObject; shared: ChainObject; child: ChainObject } {
  const gas1 = { ...gas0, version: 2n, digest: digestOf('gas@2') };
  const coin = coinObject(idOf('coin'), alice, 500n, 2n);
  const shared = moveObject({
    id: idOf('site'),
    version: 2n,
    owner: { Shared: { initial_shared_version: '2' } },
    type: `${pkg}::site::Site`,
    contents: new Uint8Array(32),
  });
  const child = moveObject({
    id: idOf('field'),
    version: 2n,
    owner: { ObjectOwner: shared.id },
    type: `0x${'0'.repeat(63)}2::dynamic_field::Field<u64, u64>`,
    contents: new Uint8Array(48),
  });
  const tx1 = transaction({
    seed: '1',
    sender: alice,
    gasObject: gas1,
    changes: [
      written('mutated', gas1, gas0),
      written('created', coin),
      written('created', shared),
      written('created', child),
    ],
    events: [
      {
        packageId: pkg,
        module: 'site',
        sender: alice,
        type: eventType,
        contents: new Uint8Array([1]),
        timestampMs: 5,
      },
      {
        packageId: pkg,
        module: 'other',
        sender: alice,
        type: `${pkg}::other::Ping`,
        contents: new Uint8Array([2]),
        timestampMs: 5,
      },
    ],
  });
  const gas2 = { ...gas0, version: 3n, digest: digestOf('gas@3') };
  const coinToBob = { ...coin, version: 3n, owner: { AddressOwner: bob }, digest: digestOf('coin@3') };
  const tx2 = transaction({
    seed: '2',
    sender: alice,
    gasObject: gas2,
    changes: [written('mutated', gas2, gas1), written('mutated', coinToBob, coin)],
    events: [
      {
        packageId: pkg,
        module: 'site',
        sender: alice,
        type: eventType,
        contents: new Uint8Array([3]),
        timestampMs: 6,
      },
    ],
  });
  const gas3 = { ...gas0, owner: { AddressOwner: bob }, version: 4n, digest: digestOf('gas@4') };
  const tx3 = transaction({
    seed: '3',
    sender: bob,
    gasObject: gas3,
    changes: [written('mutated', gas3, gas2), removed('deleted', coinToBob)],
  });
  return {
    batches: [
      batch(tx1, [gas1, coin, shared, child]),
      batch(tx2, [gas2, coinToBob]),
      batch(tx3, [gas3], [coin.id]),
    ],
    coin,
    shared,
    child,
  };
}

/** Everything observable through the ChainStore interface, for before/after comparisons. */
function snapshot(store: FileChainStore, ids: readonly string[]) {
  const latest = store.latestCheckpoint();
  const checkpoints = [];
  for (let seq = 0n; seq <= latest.sequenceNumber; seq++) checkpoints.push(store.getCheckpoint(seq));
  return {
    objects: ids.map((id) => store.getObject(id)),
    alice: store.ownedBy(alice),
    bob: store.ownedBy(bob),
    children: ids.map((id) => store.childrenOf(id)),
    transactions: checkpoints.flatMap((cp) => cp!.transactions.map((d) => store.getTransaction(d))),
    events: store.queryEvents({ all: true }, null, 100, false),
    checkpoints,
    epoch: store.epoch(),
    genesis: store.genesisDigest(),
  };
}

describe('FileChainStore', () => {
  it('runs genesis once as checkpoint 0 of epoch 0', async () => {
    let runs = 0;
    const store = await open(() => (runs++, genesis()));
    const cp0 = store.latestCheckpoint();
    expect(runs).toBe(1);
    expect(cp0).toMatchObject({
      sequenceNumber: 0n,
      epoch: 0n,
      previousDigest: null,
      networkTotalTransactions: 1n,
    });
    expect(cp0.transactions).toEqual([digestOf('tx:genesis')]);
    expect(store.genesisDigest()).toBe(cp0.digest);
    expect(store.getCheckpointByDigest(cp0.digest)).toEqual(cp0);
    expect(store.epoch()).toEqual({
      epoch: 0n,
      startTimestampMs: 1_000,
      durationMs: 60_000,
      referenceGasPrice: 750n,
    });
    expect(store.ownedBy(alice).map((o) => o.id)).toEqual([gas0.id]);
    expect(store.getTransaction(digestOf('tx:genesis'))?.checkpoint).toBe(0n);

    const again = await reopen(store);
    expect(runs).toBe(1);
    expect(again.genesisDigest()).toBe(cp0.digest);
  });

  it('gives the same genesis digest for the same genesis', async () => {
    const first = await open();
    const digest = first.genesisDigest();
    await first.close();
    fs.rmSync(dir, { recursive: true });
    expect((await open()).genesisDigest()).toBe(digest);
  });

  it('commits transactions as linked checkpoints and keeps the indexes current', async () => {
    const store = await open();
    const { batches, coin, shared, child } = history();
    const cps = batches.map((b) => ((clock += 10), store.commit(b)));

    expect(cps.map((c) => c.sequenceNumber)).toEqual([1n, 2n, 3n]);
    expect(cps[0]!.previousDigest).toBe(store.genesisDigest());
    expect(cps[1]!.previousDigest).toBe(cps[0]!.digest);
    expect(cps[2]).toMatchObject({ networkTotalTransactions: 4n, timestampMs: 1_030 });
    expect(cps[2]!.epochRollingGasCostSummary).toEqual({
      computationCost: 4000n,
      storageCost: 8000n,
      storageRebate: 2000n,
      nonRefundableStorageFee: 20n,
    });
    expect(store.getTransaction(batches[1]!.transaction.digest)?.checkpoint).toBe(2n);

    expect(store.getObject(coin.id)).toBeUndefined();
    expect(store.ownedBy(alice)).toEqual([]);
    expect(store.ownedBy(bob).map((o) => o.id)).toEqual([gas0.id]);
    expect(store.childrenOf(shared.id)).toEqual([child]);
    expect(store.getObject(shared.id)).toEqual(shared);
  });

  it('keeps checkpoint timestamps monotonic when the clock goes back', async () => {
    const store = await open();
    clock = 500;
    expect(store.commit(history().batches[0]!).timestampMs).toBe(1_000);
  });

  it('rejects a transaction that is already on chain without writing anything', async () => {
    const store = await open();
    const [first] = history().batches;
    store.commit(first!);
    const size = fs.statSync(path.join(dir, LOG_FILE)).size;
    expect(() => store.commit(first!)).toThrow(InvalidCommitError);
    expect(fs.statSync(path.join(dir, LOG_FILE)).size).toBe(size);
    expect(store.latestCheckpoint().sequenceNumber).toBe(1n);
  });

  it('answers event queries by filter, cursor and direction', async () => {
    const store = await open();
    const { batches } = history();
    for (const b of batches) store.commit(b);
    const [tx1, tx2] = batches.map((b) => b.transaction.digest);
    const ids = (events: { txDigest: string; eventSeq: number }[]) =>
      events.map((e) => `${e.txDigest === tx1 ? 1 : 2}:${e.eventSeq}`);

    expect(ids(store.queryEvents({ all: true }, null, 10, false))).toEqual(['1:0', '1:1', '2:0']);
    expect(ids(store.queryEvents({ all: true }, null, 10, true))).toEqual(['2:0', '1:1', '1:0']);
    expect(ids(store.queryEvents({ moveEventType: eventType }, null, 10, false))).toEqual(['1:0', '2:0']);
    expect(ids(store.queryEvents({ transaction: tx1! }, { txDigest: tx1!, eventSeq: 0 }, 10, false))).toEqual(
      ['1:1'],
    );
    expect(
      ids(store.queryEvents({ moveModule: { package: pkg, module: 'other' } }, null, 10, false)),
    ).toEqual(['1:1']);
    expect(
      ids(store.queryEvents({ moveEventModule: { package: pkg, module: 'site' } }, null, 10, true)),
    ).toEqual(['2:0', '1:0']);
    expect(ids(store.queryEvents({ sender: alice }, { txDigest: tx1!, eventSeq: 1 }, 10, false))).toEqual([
      '2:0',
    ]);
    expect(ids(store.queryEvents({ all: true }, { txDigest: tx2!, eventSeq: 0 }, 1, true))).toEqual(['1:1']);
    expect(ids(store.queryEvents({ sender: bob }, null, 10, false))).toEqual([]);
  });

  it('replays the log into the same state after a restart', async () => {
    const store = await open();
    const { batches, coin, shared, child } = history();
    for (const b of batches) store.commit(b);
    store.setEpoch({ epoch: 1n, startTimestampMs: 2_000, durationMs: 60_000, referenceGasPrice: 800n });
    const ids = [gas0.id, coin.id, shared.id, child.id];
    const before = snapshot(store, ids);

    const after = await reopen(store);
    expect(snapshot(after, ids)).toEqual(before);
    expect(after.getTransaction(batches[0]!.transaction.digest)!.effects).toBeInstanceOf(Uint8Array);

    // The reopened store keeps extending the same chain.
    const next = after.commit(batch(transaction({ seed: '4', sender: bob, gasObject: gas0 }), []));
    expect(next).toMatchObject({
      sequenceNumber: 4n,
      epoch: 1n,
      previousDigest: before.checkpoints[3]!.digest,
    });
    expect(next.epochRollingGasCostSummary?.computationCost).toBe(1000n);
  });

  it('cuts a torn last record and keeps everything before it', async () => {
    const store = await open();
    const { batches, coin, shared, child } = history();
    store.commit(batches[0]!);
    store.commit(batches[1]!);
    const ids = [gas0.id, coin.id, shared.id, child.id];
    const before = snapshot(store, ids);
    await store.close();

    const logPath = path.join(dir, LOG_FILE);
    const size = fs.statSync(logPath).size;
    const frame = encodeFrame(encodeRecord({ kind: 'epoch', epoch: { ...before.epoch, epoch: 9n } }));
    fs.appendFileSync(logPath, frame.subarray(0, frame.length >> 1));

    const after = await open();
    expect(snapshot(after, ids)).toEqual(before);
    expect(fs.statSync(logPath).size).toBe(size);
    expect(after.commit(batches[2]!).sequenceNumber).toBe(3n);
    expect((await reopen(after)).latestCheckpoint().sequenceNumber).toBe(3n);
  });

  it('cuts a torn header and zero padding left by the filesystem', async () => {
    const store = await open();
    store.commit(history().batches[0]!);
    await store.close();
    const logPath = path.join(dir, LOG_FILE);
    const size = fs.statSync(logPath).size;
    fs.appendFileSync(logPath, new Uint8Array([7, 1, 0, 0, 9, ...new Array(4000).fill(0)]));

    const after = await open();
    expect(after.latestCheckpoint().sequenceNumber).toBe(1n);
    expect(fs.statSync(logPath).size).toBe(size);
  });

  it('refuses a log damaged in the middle', async () => {
    const store = await open();
    for (const b of history().batches) store.commit(b);
    await store.close();
    const logPath = path.join(dir, LOG_FILE);
    const bytes = fs.readFileSync(logPath);
    const firstCommit = scanLog(bytes).frames[1]!;
    bytes[firstCommit.offset + 40]! ^= 0xff;
    fs.writeFileSync(logPath, bytes);

    await expect(open()).rejects.toThrow(CorruptLogError);
    expect(fs.readFileSync(logPath)).toEqual(bytes);
  });

  it('refuses a file that is not a chain log', async () => {
    fs.writeFileSync(path.join(dir, LOG_FILE), 'hello, world');
    await expect(open()).rejects.toThrow(/not a Floe chain log/);
  });

  it('re-runs genesis when the crash hit genesis itself', async () => {
    fs.writeFileSync(path.join(dir, LOG_FILE), 'FLOE');
    const store = await open();
    expect(store.latestCheckpoint().sequenceNumber).toBe(0n);
  });

  it('only moves epochs forward and refuses writes after close', async () => {
    const store = await open();
    expect(() =>
      store.setEpoch({ epoch: 0n, startTimestampMs: 0, durationMs: 1, referenceGasPrice: 1n }),
    ).toThrow(InvalidCommitError);
    await store.close();
    expect(() => store.commit(history().batches[0]!)).toThrow(StoreClosedError);
  });
});
