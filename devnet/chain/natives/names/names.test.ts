// The devnet name registry as users and SuiNS readers see it: PTBs through SuiJsonRpcClient,
// resolution through the core name-service API, and records through @mysten/suins.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bcs } from '@mysten/sui/bcs';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { suins, type PackageInfo } from '@mysten/suins';
import { startChain } from '../../chain.ts';
import {
  GRACE_PERIOD_MS,
  NAMES_PACKAGE as PKG,
  REGISTRATION_TYPE,
  REVERSE_REGISTRY_TABLE_ID,
  YEAR_MS,
} from './constants.ts';
import { namesPackageInfo } from './registry-object.ts';

const SITE_ID = normalizeSuiAddress('0x5ac988828a0c9842d91e6d5bdd9552ec9fcdddf11c56bf82dff6d5566685a31e');
const NameRecord = bcs.struct('NameRecord', {
  nft_id: bcs.Address,
  expiration_timestamp_ms: bcs.u64(),
  target_address: bcs.option(bcs.Address),
  data: bcs.map(bcs.string(), bcs.string()),
});

/** A chain plus a client and helpers to run PTBs against its name registry. */
async function openDevnet(now?: () => number) {
  const dir = await mkdtemp(join(tmpdir(), 'floe-names-'));
  const chain = await startChain({ dir, ...(now ? { now } : {}) });
  const client = new SuiJsonRpcClient({ url: chain.url, network: 'localnet' });
  const packageInfo = namesPackageInfo(chain);
  const registryId = packageInfo.suins;

  async function execute(signer: Ed25519Keypair, build: (tx: Transaction) => void) {
    const tx = new Transaction();
    build(tx);
    const result = await client.core.signAndExecuteTransaction({
      transaction: tx,
      signer,
      include: { effects: true, events: true },
    });
    const done = result.$kind === 'Transaction' ? result.Transaction : result.FailedTransaction;
    await client.core.waitForTransaction({ digest: done.digest });
    return result;
  }

  /** Registers `name` for `signer` (pointing at `target`) and hands the NFT to the signer. */
  async function register(signer: Ed25519Keypair, name: string, target: string | null, years = 1) {
    const result = await execute(signer, (tx) => {
      const nft = tx.moveCall({
        target: `${PKG}::register::register`,
        arguments: [
          tx.object(registryId),
          tx.pure.string(name),
          tx.pure.u8(years),
          tx.pure.option('address', target),
        ],
      });
      tx.transferObjects([nft], signer.toSuiAddress());
    });
    expect(result.$kind).toBe('Transaction');
    const created = result.Transaction!.effects!.changedObjects.filter((c) => c.idOperation === 'Created');
    const nftId = (
      await Promise.all(
        created.map(async (c) => (await client.core.getObject({ objectId: c.objectId })).object),
      )
    ).find((o) => o.type === REGISTRATION_TYPE)!.objectId;
    return { result, nftId };
  }

  async function nameRecord(name: string) {
    const field = await client.core.getDynamicField({
      parentId: packageInfo.registryTableId!,
      name: {
        type: `${PKG}::domain::Domain`,
        bcs: bcs
          .struct('Domain', { labels: bcs.vector(bcs.string()) })
          .serialize({ labels: name.split('.').reverse() })
          .toBytes(),
      },
    });
    return NameRecord.parse(field.dynamicField.value.bcs);
  }

  return {
    dir,
    chain,
    client,
    packageInfo,
    registryId,
    execute,
    register,
    nameRecord,
    close: async () => {
      await chain.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

type Devnet = Awaited<ReturnType<typeof openDevnet>>;

describe('devnet name registry', () => {
  let net: Devnet;
  let packageInfo: PackageInfo;
  const owner = new Ed25519Keypair();
  const other = new Ed25519Keypair();
  let nftId = '';

  beforeAll(async () => {
    net = await openDevnet();
    packageInfo = net.packageInfo;
    await net.chain.faucet.fund(owner.toSuiAddress());
    await net.chain.faucet.fund(other.toSuiAddress());
  });

  afterAll(async () => {
    await net?.close();
  });

  const setUserData = (signer: Ed25519Keypair, nft: string, key: string, value: string) =>
    net.execute(signer, (tx) => {
      tx.moveCall({
        target: `${PKG}::controller::set_user_data`,
        arguments: [tx.object(net.registryId), tx.object(nft), tx.pure.string(key), tx.pure.string(value)],
      });
    });

  it('registers floe-demo.sui, sets walrus_site_id and a default name', async () => {
    const registered = await net.register(owner, 'floe-demo.sui', owner.toSuiAddress());
    nftId = registered.nftId;
    const { object } = await net.client.core.getObject({ objectId: nftId });
    expect(object.owner).toEqual({ $kind: 'AddressOwner', AddressOwner: owner.toSuiAddress() });
    const registeredEvent = registered.result.Transaction!.events!.find((e) =>
      e.eventType.endsWith('::events::NameRegisteredEvent'),
    );
    expect(registeredEvent?.json).toMatchObject({ domain_name: 'floe-demo.sui', nft_id: nftId });

    const data = await setUserData(owner, nftId, 'walrus_site_id', SITE_ID);
    expect(data.$kind).toBe('Transaction');
    const reverse = await net.execute(owner, (tx) => {
      tx.moveCall({
        target: `${PKG}::controller::set_reverse_lookup`,
        arguments: [tx.object(net.registryId), tx.pure.string('floe-demo.sui')],
      });
    });
    expect(reverse.$kind).toBe('Transaction');
  });

  it('resolves through the core name-service API in both name forms', async () => {
    const { client } = net;
    expect(await client.core.resolveNameServiceAddress({ name: 'floe-demo.sui' })).toEqual({
      address: owner.toSuiAddress(),
    });
    expect(await client.core.resolveNameServiceAddress({ name: '@floe-demo' })).toEqual({
      address: owner.toSuiAddress(),
    });
    expect(await client.core.resolveNameServiceAddress({ name: 'nobody-here.sui' })).toEqual({
      address: null,
    });
    expect(await client.core.defaultNameServiceName({ address: owner.toSuiAddress() })).toEqual({
      data: { name: 'floe-demo.sui' },
    });
    expect(await client.core.defaultNameServiceName({ address: other.toSuiAddress() })).toEqual({
      data: { name: null },
    });
    await expect(client.core.resolveNameServiceAddress({ name: 'Not A Name' })).rejects.toThrow(
      /Invalid name/,
    );
  });

  it('serves @mysten/suins getNameRecord from a devnet packageInfo', async () => {
    const client = net.client.$extend(suins({ packageInfo }));
    const record = await client.suins.getNameRecord('floe-demo.sui');
    expect(record).toMatchObject({
      name: 'floe-demo.sui',
      nftId,
      targetAddress: owner.toSuiAddress(),
      walrusSiteId: SITE_ID,
      data: { walrus_site_id: SITE_ID },
    });
    expect(record!.expirationTimestampMs).toBeGreaterThan(Date.now());
  });

  it('lets nobody but the NFT holder change the record', async () => {
    const before = await net.nameRecord('floe-demo.sui');
    // Passing someone else's NFT: the executor refuses the transaction before running it.
    await expect(setUserData(other, nftId, 'walrus_site_id', normalizeSuiAddress('0x1'))).rejects.toThrow(
      /owned by/,
    );
    // Registering the same name again aborts in registry::add_record (ERecordNotExpired = 1).
    await expect(net.register(other, 'floe-demo.sui', other.toSuiAddress())).rejects.toThrow(
      /MoveAbort.*abort code: 1.*registry::add_record/,
    );
    // Claiming it as a default name needs the name to point at the claimant (ERecordMismatch = 4).
    await expect(
      net.execute(other, (tx) => {
        tx.moveCall({
          target: `${PKG}::controller::set_reverse_lookup`,
          arguments: [tx.object(net.registryId), tx.pure.string('floe-demo.sui')],
        });
      }),
    ).rejects.toThrow(/MoveAbort.*abort code: 4.*registry::set_reverse_lookup/);
    // Holding an NFT for another name gives no power over this one: the NFT names its own domain.
    const theirs = await net.register(other, 'not-floe.sui', other.toSuiAddress());
    expect((await setUserData(other, theirs.nftId, 'walrus_site_id', SITE_ID)).$kind).toBe('Transaction');
    expect(await net.nameRecord('floe-demo.sui')).toEqual(before);
    expect(await net.nameRecord('not-floe.sui')).toMatchObject({ nft_id: theirs.nftId });
  });

  it('aborts invalid names and arguments with SuiNS-style codes', async () => {
    const cases: [string, number, RegExp][] = [
      ['Floe-demo.sui', 1, /abort code: 0.*domain::new/], // uppercase
      ['-floe.sui', 1, /abort code: 0.*domain::new/], // leading hyphen
      ['fl_oe.sui', 1, /abort code: 0.*domain::new/], // character outside a-z0-9-
      [`${'a'.repeat(64)}.sui`, 1, /abort code: 0.*domain::new/], // label over 63
      ['floe..sui', 1, /abort code: 0.*domain::new/], // empty label
      ['floe.move', 1, /abort code: 1.*register::register/], // EInvalidTld
      ['ab.sui', 1, /abort code: 2.*register::register/], // EInvalidLength (min 3)
      ['app.floe-demo.sui', 1, /abort code: 3.*register::register/], // ESubnameNotSupported
      ['fresh-name.sui', 0, /abort code: 0.*register::register/], // EInvalidYears
      ['fresh-name.sui', 6, /abort code: 0.*register::register/], // EInvalidYears
    ];
    for (const [name, years, error] of cases) {
      await expect(net.register(owner, name, owner.toSuiAddress(), years), name).rejects.toThrow(error);
    }
    await expect(setUserData(owner, nftId, 'url', 'https://example.com')).rejects.toThrow(
      /abort code: 0.*controller::set_user_data/,
    );
    expect(await net.client.core.resolveNameServiceAddress({ name: 'fresh-name.sui' })).toEqual({
      address: null,
    });
  });

  it('unsets and restores the target, which also drops the default name', async () => {
    const setTarget = (target: string | null) =>
      net.execute(owner, (tx) => {
        tx.moveCall({
          target: `${PKG}::controller::set_target_address`,
          arguments: [tx.object(net.registryId), tx.object(nftId), tx.pure.option('address', target)],
        });
      });
    expect((await setTarget(null)).$kind).toBe('Transaction');
    expect(await net.client.core.resolveNameServiceAddress({ name: 'floe-demo.sui' })).toEqual({
      address: null,
    });
    expect(await net.client.core.defaultNameServiceName({ address: owner.toSuiAddress() })).toEqual({
      data: { name: null },
    });
    expect((await setTarget(owner.toSuiAddress())).$kind).toBe('Transaction');
    expect(await net.client.core.resolveNameServiceAddress({ name: 'floe-demo.sui' })).toEqual({
      address: owner.toSuiAddress(),
    });
    // Pointing away removed the reverse record for good (as in SuiNS); it must be set again.
    await expect(
      net.client.core.getDynamicField({
        parentId: REVERSE_REGISTRY_TABLE_ID,
        name: { type: 'address', bcs: bcs.Address.serialize(owner.toSuiAddress()).toBytes() },
      }),
    ).rejects.toThrow();
    const unset = await net.execute(owner, (tx) => {
      tx.moveCall({
        target: `${PKG}::controller::unset_user_data`,
        arguments: [tx.object(net.registryId), tx.object(nftId), tx.pure.string('walrus_site_id')],
      });
    });
    expect(unset.$kind).toBe('Transaction');
    const record = await net.client.$extend(suins({ packageInfo })).suins.getNameRecord('floe-demo.sui');
    expect(record?.walrusSiteId).toBeUndefined();
    await setUserData(owner, nftId, 'walrus_site_id', SITE_ID);
  });

  it('lists only the default name, like a fullnode, even when other names point at the address', async () => {
    await net.execute(owner, (tx) => {
      tx.moveCall({
        target: `${PKG}::controller::set_reverse_lookup`,
        arguments: [tx.object(net.registryId), tx.pure.string('floe-demo.sui')],
      });
    });
    await net.register(owner, 'aaa-floe.sui', owner.toSuiAddress());
    const names = await net.client.resolveNameServiceNames({ address: owner.toSuiAddress() });
    expect(names).toMatchObject({ data: ['floe-demo.sui'], hasNextPage: false });
    const at = await net.client.resolveNameServiceNames({ address: owner.toSuiAddress(), format: 'at' });
    expect(at.data).toEqual(['@floe-demo']);
    // An address that only has names pointing at it, but no default, has no name.
    const stranger = new Ed25519Keypair().toSuiAddress();
    await net.register(owner, 'points-away.sui', stranger);
    expect((await net.client.resolveNameServiceNames({ address: stranger })).data).toEqual([]);
  });
});

describe('devnet name registry expiry', () => {
  let clock = Date.now();
  let net: Devnet;
  const first = new Ed25519Keypair();
  const second = new Ed25519Keypair();

  beforeAll(async () => {
    net = await openDevnet(() => clock);
    await net.chain.faucet.fund(first.toSuiAddress());
    await net.chain.faucet.fund(second.toSuiAddress());
  });

  afterAll(async () => {
    await net?.close();
  });

  it('stops resolving an expired name and lets a new holder take it after the grace period', async () => {
    const { nftId } = await net.register(first, 'short-lived.sui', first.toSuiAddress());
    const setTarget = (target: string) =>
      net.execute(first, (tx) => {
        tx.moveCall({
          target: `${PKG}::controller::set_target_address`,
          arguments: [tx.object(net.registryId), tx.object(nftId), tx.pure.option('address', target)],
        });
      });

    clock += Number(YEAR_MS) + 1_000;
    // Resolution reads the latest checkpoint's time, so commit something at the new time.
    await net.chain.faucet.fund(first.toSuiAddress());
    expect(await net.client.core.resolveNameServiceAddress({ name: 'short-lived.sui' })).toEqual({
      address: null,
    });
    await expect(setTarget(second.toSuiAddress())).rejects.toThrow(
      /abort code: 3.*registry::assert_nft_is_authorized/,
    );
    // Within the grace period the name is still reserved for its holder.
    await expect(net.register(second, 'short-lived.sui', second.toSuiAddress())).rejects.toThrow(
      /abort code: 1.*registry::add_record/,
    );

    clock += Number(GRACE_PERIOD_MS);
    const taken = await net.register(second, 'short-lived.sui', second.toSuiAddress());
    expect(await net.client.core.resolveNameServiceAddress({ name: 'short-lived.sui' })).toEqual({
      address: second.toSuiAddress(),
    });
    // The first holder's NFT no longer matches the record (EIdMismatch = 2).
    await expect(setTarget(first.toSuiAddress())).rejects.toThrow(
      /abort code: 2.*registry::assert_nft_is_authorized/,
    );
    expect(await net.nameRecord('short-lived.sui')).toMatchObject({ nft_id: taken.nftId });
  });
});
