import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bcs } from '@mysten/sui/bcs';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { deriveDynamicFieldID, normalizeSuiAddress } from '@mysten/sui/utils';
import { genesisBatch } from '../genesis.ts';
import { devnetRegistry } from '../registry.ts';
import { FileChainStore } from '../state/file-store.ts';
import type { ChainObject } from '../state/records.ts';
import { WALRUS_SITE_PACKAGE } from '../natives/packages.ts';
import { Executor } from './executor.ts';
import { TransactionRejectedError } from './errors.ts';

const SUI = '0x2::coin::Coin<0x2::sui::SUI>';
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'floe-exec-'));
  dirs.push(dir);
  const alice = new Ed25519Keypair();
  const bob = new Ed25519Keypair();
  const registry = devnetRegistry();
  const coins = [alice, alice, bob].map((k) => ({
    type: SUI,
    owner: { AddressOwner: k.toSuiAddress() },
    fields: { balance: { value: 10_000_000_000n } },
  }));
  const store = await FileChainStore.open(dir, () => [genesisBatch(registry, coins, 0)]);
  const executor = new Executor({ store, registry });
  const coinsOf = (address: string) => store.ownedBy(address).filter((o) => o.type.includes('::coin::Coin<'));
  const ref = (o: ChainObject) => ({ objectId: o.id, version: String(o.version), digest: o.digest });
  async function run(signer: Ed25519Keypair, build: (tx: Transaction) => void, gas?: ChainObject) {
    const tx = new Transaction();
    tx.setSender(signer.toSuiAddress());
    tx.setGasPrice(1000);
    tx.setGasBudget(500_000_000);
    tx.setGasPayment([ref(gas ?? coinsOf(signer.toSuiAddress())[0]!)]);
    build(tx);
    const bytes = await tx.build();
    const { signature } = await signer.signTransaction(bytes);
    return { bytes, signature, record: await executor.execute(bytes, [signature]) };
  }
  return { store, executor, alice, bob, registry, coinsOf, ref, run, dir };
}

const siteType = `${WALRUS_SITE_PACKAGE}::site::Site`;

describe('executor', () => {
  it('splits and transfers SUI, charging gas, with effects the SDK parses', async () => {
    const { store, alice, bob, run, coinsOf } = await setup();
    const { record } = await run(alice, (tx) => {
      const [coin] = tx.splitCoins(tx.gas, [1_000_000_000]);
      tx.transferObjects([coin!], bob.toSuiAddress());
    });
    expect(record.status).toEqual({ success: true });
    const bobCoins = coinsOf(bob.toSuiAddress());
    expect(bobCoins).toHaveLength(2);
    const effects = bcs.TransactionEffects.parse(record.effects);
    expect(effects.V2?.transactionDigest).toBe(record.digest);
    expect(effects.V2?.changedObjects.length).toBe(2);
    expect(store.getTransaction(record.digest)?.digest).toBe(record.digest);
    const gasCharge =
      record.gasUsed.computationCost + record.gasUsed.storageCost - record.gasUsed.storageRebate;
    const aliceChange = record.balanceChanges.find(
      (b) =>
        typeof b.owner === 'object' &&
        'AddressOwner' in b.owner &&
        b.owner.AddressOwner === alice.toSuiAddress(),
    );
    expect(aliceChange?.amount).toBe(-(1_000_000_000n + gasCharge));
  });

  it('creates a site with resources, headers, routes and redirects, then updates and burns it', async () => {
    const { store, alice, run, registry } = await setup();
    const { record } = await run(alice, (tx) => {
      const metadata = tx.moveCall({
        target: `${WALRUS_SITE_PACKAGE}::metadata::new_metadata`,
        arguments: [
          tx.pure.option('string', 'https://x'),
          tx.pure.option('string', null),
          tx.pure.option('string', 'desc'),
          tx.pure.option('string', null),
          tx.pure.option('string', 'me'),
        ],
      });
      const site = tx.moveCall({
        target: `${WALRUS_SITE_PACKAGE}::site::new_site`,
        arguments: [tx.pure.string('My site'), metadata],
      });
      const resource = tx.moveCall({
        target: `${WALRUS_SITE_PACKAGE}::site::new_resource`,
        arguments: [
          tx.pure.string('/index.html'),
          tx.pure.u256(7n),
          tx.pure.u256(9n),
          // A range is a struct: Sui takes no pure bytes for Option<Range>, so build it.
          tx.moveCall({
            target: `${WALRUS_SITE_PACKAGE}::site::new_range_option`,
            arguments: [tx.pure.option('u64', null), tx.pure.option('u64', null)],
          }),
        ],
      });
      tx.moveCall({
        target: `${WALRUS_SITE_PACKAGE}::site::add_header`,
        arguments: [resource, tx.pure.string('content-type'), tx.pure.string('text/html')],
      });
      tx.moveCall({ target: `${WALRUS_SITE_PACKAGE}::site::add_resource`, arguments: [site, resource] });
      tx.moveCall({ target: `${WALRUS_SITE_PACKAGE}::site::create_routes`, arguments: [site] });
      tx.moveCall({
        target: `${WALRUS_SITE_PACKAGE}::site::insert_route`,
        arguments: [site, tx.pure.string('/app/*'), tx.pure.string('/index.html')],
      });
      tx.moveCall({ target: `${WALRUS_SITE_PACKAGE}::site::create_redirects`, arguments: [site] });
      tx.moveCall({
        target: `${WALRUS_SITE_PACKAGE}::site::insert_redirect`,
        arguments: [site, tx.pure.string('/old'), tx.pure.string('/new'), tx.pure.u16(301)],
      });
      tx.transferObjects([site], alice.toSuiAddress());
    });
    expect(record.status).toEqual({ success: true });
    expect(record.events.map((e) => e.type)).toEqual([`${WALRUS_SITE_PACKAGE}::events::SiteCreatedEvent`]);
    const site = store.ownedBy(alice.toSuiAddress()).find((o) => o.type === siteType)!;
    expect(site).toBeDefined();
    const children = store.childrenOf(site.id);
    expect(children).toHaveLength(3);
    const resourcePathType = `${WALRUS_SITE_PACKAGE}::site::ResourcePath`;
    const fieldId = deriveDynamicFieldID(
      site.id,
      resourcePathType,
      bcs.string().serialize('/index.html').toBytes(),
    );
    const field = store.getObject(normalizeSuiAddress(fieldId))!;
    expect(field.owner).toEqual({ ObjectOwner: site.id });
    // Field<ResourcePath, Resource> = UID ‖ name ‖ value, byte for byte the walrus_site layout.
    const Resource = bcs.struct('Resource', {
      path: bcs.string(),
      headers: bcs.map(bcs.string(), bcs.string()),
      blob_id: bcs.u256(),
      blob_hash: bcs.u256(),
      range: bcs.option(bcs.struct('Range', { start: bcs.option(bcs.u64()), end: bcs.option(bcs.u64()) })),
    });
    const Field = bcs.struct('Field', { id: bcs.Address, name: bcs.string(), value: Resource });
    expect(Field.parse(field.contents)).toEqual({
      id: field.id,
      name: '/index.html',
      value: {
        path: '/index.html',
        headers: new Map([['content-type', 'text/html']]),
        blob_id: '7',
        blob_hash: '9',
        range: null,
      },
    });
    void registry;

    // Burning with routes and redirects still present aborts with walrus_site's codes, atomically.
    const siteRef = () => store.getObject(site.id)!;
    const burn = await run(alice, (tx) => {
      tx.moveCall({
        target: `${WALRUS_SITE_PACKAGE}::site::burn`,
        arguments: [
          tx.objectRef({ objectId: site.id, version: String(siteRef().version), digest: siteRef().digest }),
        ],
      });
    });
    expect(burn.record.status.success).toBe(false);
    expect(burn.record.status).toMatchObject({ abort: { function: 'burn', code: 4n } });
    expect(store.getObject(site.id)).toBeDefined();

    const cleanup = await run(alice, (tx) => {
      const s = tx.objectRef({
        objectId: site.id,
        version: String(siteRef().version),
        digest: siteRef().digest,
      });
      tx.moveCall({ target: `${WALRUS_SITE_PACKAGE}::site::remove_all_routes_if_exist`, arguments: [s] });
      tx.moveCall({ target: `${WALRUS_SITE_PACKAGE}::site::take_redirects`, arguments: [s] });
      tx.moveCall({
        target: `${WALRUS_SITE_PACKAGE}::site::remove_resource`,
        arguments: [s, tx.pure.string('/index.html')],
      });
      tx.moveCall({ target: `${WALRUS_SITE_PACKAGE}::site::burn`, arguments: [s] });
    });
    expect(cleanup.record.status).toEqual({ success: true });
    expect(store.getObject(site.id)).toBeUndefined();
    expect(store.childrenOf(site.id)).toHaveLength(0);
    expect(cleanup.record.events.map((e) => e.type)).toEqual([
      `${WALRUS_SITE_PACKAGE}::events::SiteBurnedEvent`,
    ]);
  });

  it('rejects bad signatures, replays, stale versions, foreign objects and tiny budgets without changing state', async () => {
    const { store, alice, bob, run, coinsOf, executor, ref } = await setup();
    const transfer = (tx: Transaction) => {
      const [coin] = tx.splitCoins(tx.gas, [1]);
      tx.transferObjects([coin!], bob.toSuiAddress());
    };
    const first = await run(alice, transfer);
    const checkpoint = store.latestCheckpoint().sequenceNumber;
    await expect(executor.execute(first.bytes, [first.signature])).rejects.toThrow(/already executed/);

    const tx = new Transaction();
    tx.setSender(alice.toSuiAddress());
    tx.setGasPrice(1000);
    tx.setGasBudget(5_000_000);
    tx.setGasPayment([ref(coinsOf(alice.toSuiAddress())[0]!)]);
    transfer(tx);
    const bytes = await tx.build();
    const forged = (await bob.signTransaction(bytes)).signature;
    await expect(executor.execute(bytes, [forged])).rejects.toThrow(/Invalid user signature/);

    // Stale: the gas coin used by `first` has a new version now.
    const staleGas = bcs.TransactionData.parse(first.bytes).V1!.gasData.payment[0]!;
    const stale = new Transaction();
    stale.setSender(alice.toSuiAddress());
    stale.setGasPrice(1000);
    stale.setGasBudget(5_000_000);
    stale.setGasPayment([staleGas]);
    transfer(stale);
    const staleBytes = await stale.build();
    await expect(
      executor.execute(staleBytes, [(await alice.signTransaction(staleBytes)).signature]),
    ).rejects.toThrow(/is not available for consumption, current version: 0x/);

    // Bob's coin as alice's gas.
    await expect(run(alice, transfer, coinsOf(bob.toSuiAddress())[0]!)).rejects.toBeInstanceOf(
      TransactionRejectedError,
    );

    const small = new Transaction();
    small.setSender(alice.toSuiAddress());
    small.setGasPrice(1000);
    small.setGasBudget(10);
    small.setGasPayment([ref(coinsOf(alice.toSuiAddress())[0]!)]);
    transfer(small);
    const smallBytes = await small.build();
    await expect(
      executor.execute(smallBytes, [(await alice.signTransaction(smallBytes)).signature]),
    ).rejects.toThrow(/lower than the minimum/);
    expect(store.latestCheckpoint().sequenceNumber).toBe(checkpoint);
  });

  it('a Move abort mid-PTB reverts earlier commands but charges gas', async () => {
    const { store, alice, bob, run, coinsOf } = await setup();
    const before = coinsOf(alice.toSuiAddress()).map((c) => c.id);
    const { record } = await run(alice, (tx) => {
      const [coin] = tx.splitCoins(tx.gas, [5]);
      tx.transferObjects([coin!], bob.toSuiAddress());
      tx.moveCall({
        target: `${WALRUS_SITE_PACKAGE}::site::new_range`,
        arguments: [tx.pure.option('u64', null), tx.pure.option('u64', null)],
      });
    });
    expect(record.status).toMatchObject({
      success: false,
      command: 2,
      abort: { function: 'new_range', code: 2n },
    });
    expect(coinsOf(bob.toSuiAddress())).toHaveLength(1);
    expect(coinsOf(alice.toSuiAddress()).map((c) => c.id)).toEqual(before);
    expect(record.gasUsed.computationCost).toBeGreaterThan(0n);
    expect(store.getTransaction(record.digest)?.status.success).toBe(false);
  });
});
