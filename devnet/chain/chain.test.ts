// The chain as users see it: only through unmodified @mysten/sui clients over JSON-RPC.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bcs } from '@mysten/sui/bcs';
import { requestSuiFromFaucetV2 } from '@mysten/sui/faucet';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { deriveDynamicFieldID } from '@mysten/sui/utils';
import { startChain, type Chain } from './chain.ts';
import { WALRUS_SITE_PACKAGE as PKG } from './natives/packages.ts';

const Resource = bcs.struct('Resource', {
  path: bcs.string(),
  headers: bcs.map(bcs.string(), bcs.string()),
  blob_id: bcs.u256(),
  blob_hash: bcs.u256(),
  range: bcs.option(bcs.struct('Range', { start: bcs.option(bcs.u64()), end: bcs.option(bcs.u64()) })),
});
const Site = bcs.struct('Site', {
  id: bcs.Address,
  name: bcs.string(),
  link: bcs.option(bcs.string()),
  image_url: bcs.option(bcs.string()),
  description: bcs.option(bcs.string()),
  project_url: bcs.option(bcs.string()),
  creator: bcs.option(bcs.string()),
});
const Routes = bcs.struct('Routes', { route_list: bcs.map(bcs.string(), bcs.string()) });
const Redirects = bcs.struct('Redirects', {
  redirect_list: bcs.map(
    bcs.string(),
    bcs.struct('Redirect', { location: bcs.string(), status_code: bcs.u16() }),
  ),
});

let dir: string;
let chain: Chain;
let client: SuiJsonRpcClient;
const owner = new Ed25519Keypair();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-chain-'));
  chain = await startChain({ dir });
  client = new SuiJsonRpcClient({ url: chain.url, network: 'localnet' });
  // Through the faucet's HTTP endpoint, as the SDK's faucet helper calls it.
  await requestSuiFromFaucetV2({ host: chain.url, recipient: owner.toSuiAddress() });
});

afterAll(async () => {
  await chain?.close();
  await rm(dir, { recursive: true, force: true });
});

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

describe('devnet chain through SuiJsonRpcClient', () => {
  let siteId = '';

  it('creates a site with resources, headers, routes and redirects in one resolved PTB', async () => {
    const result = await execute(owner, (tx) => {
      const metadata = tx.moveCall({
        target: `${PKG}::metadata::new_metadata`,
        arguments: [
          tx.pure.option('string', 'https://floe.example'),
          tx.pure.option('string', null),
          tx.pure.option('string', 'A test site'),
          tx.pure.option('string', null),
          tx.pure.option('string', 'floe'),
        ],
      });
      const site = tx.moveCall({
        target: `${PKG}::site::new_site`,
        arguments: [tx.pure.string('Test site'), metadata],
      });
      for (const [path, type] of [
        ['/index.html', 'text/html'],
        ['/app.js', 'text/javascript'],
      ] as const) {
        const resource = tx.moveCall({
          target: `${PKG}::site::new_resource`,
          arguments: [
            tx.pure.string(path),
            tx.pure.u256(123n),
            tx.pure.u256(456n),
            // A range is a struct: Sui takes no pure bytes for Option<Range>, so build it.
            tx.moveCall({
              target: `${PKG}::site::new_range_option`,
              arguments: [tx.pure.option('u64', null), tx.pure.option('u64', null)],
            }),
          ],
        });
        tx.moveCall({
          target: `${PKG}::site::add_header`,
          arguments: [resource, tx.pure.string('content-type'), tx.pure.string(type)],
        });
        tx.moveCall({ target: `${PKG}::site::add_resource`, arguments: [site, resource] });
      }
      tx.moveCall({ target: `${PKG}::site::create_routes`, arguments: [site] });
      tx.moveCall({
        target: `${PKG}::site::fill_routes`,
        arguments: [site, tx.pure.vector('string', ['/app/*']), tx.pure.vector('string', ['/index.html'])],
      });
      tx.moveCall({ target: `${PKG}::site::create_redirects`, arguments: [site] });
      tx.moveCall({
        target: `${PKG}::site::insert_redirect`,
        arguments: [site, tx.pure.string('/old'), tx.pure.string('/'), tx.pure.u16(301)],
      });
      tx.transferObjects([site], owner.toSuiAddress());
    });
    expect(result.$kind).toBe('Transaction');
    const created = result.Transaction!.effects!.changedObjects.filter((c) => c.idOperation === 'Created');
    expect(created.length).toBe(5); // site + 2 resources + routes + redirects
    const event = result.Transaction!.events!.find((e) =>
      e.eventType.endsWith('::events::SiteCreatedEvent'),
    )!;
    siteId = bcs.struct('E', { site_id: bcs.Address }).parse(event.bcs).site_id;

    const { object } = await client.core.getObject({ objectId: siteId, include: { content: true } });
    expect(object.type).toBe(`${PKG}::site::Site`);
    expect(Site.parse(object.content!)).toMatchObject({
      id: siteId,
      name: 'Test site',
      description: 'A test site',
      creator: 'floe',
    });

    // Field IDs derived offline, exactly as portals do.
    const name = bcs.string().serialize('/index.html').toBytes();
    const field = await client.core.getDynamicField({
      parentId: siteId,
      name: { type: `${PKG}::site::ResourcePath`, bcs: name },
    });
    expect(field.dynamicField.fieldId).toBe(deriveDynamicFieldID(siteId, `${PKG}::site::ResourcePath`, name));
    expect(Resource.parse(field.dynamicField.value.bcs)).toMatchObject({
      path: '/index.html',
      blob_id: '123',
      blob_hash: '456',
    });

    const routes = await client.core.getDynamicField({
      parentId: siteId,
      name: {
        type: 'vector<u8>',
        bcs: bcs
          .vector(bcs.u8())
          .serialize([...new TextEncoder().encode('routes')])
          .toBytes(),
      },
    });
    expect(Routes.parse(routes.dynamicField.value.bcs).route_list).toEqual(
      new Map([['/app/*', '/index.html']]),
    );
    const redirects = await client.core.getDynamicField({
      parentId: siteId,
      name: {
        type: 'vector<u8>',
        bcs: bcs
          .vector(bcs.u8())
          .serialize([...new TextEncoder().encode('redirects')])
          .toBytes(),
      },
    });
    expect(Redirects.parse(redirects.dynamicField.value.bcs).redirect_list.get('/old')).toEqual({
      location: '/',
      status_code: 301,
    });

    const listed = await client.core.listDynamicFields({ parentId: siteId });
    expect(listed.dynamicFields).toHaveLength(4);
  });

  it("refuses another key touching someone else's site, changing nothing", async () => {
    const mallory = new Ed25519Keypair();
    await chain.faucet.fund(mallory.toSuiAddress());
    const before = await client.core.getObject({ objectId: siteId });
    await expect(
      execute(mallory, (tx) => {
        tx.moveCall({
          target: `${PKG}::site::update_name`,
          arguments: [tx.object(siteId), tx.pure.string('pwned')],
        });
      }),
    ).rejects.toThrow(/owned by 0x[0-9a-f]{64}, not by the sender/);
    const after = await client.core.getObject({ objectId: siteId });
    expect(after.object.version).toBe(before.object.version);
  });

  it('updates a resource, removes one, then cleans up and burns the site', async () => {
    const update = await execute(owner, (tx) => {
      tx.moveCall({
        target: `${PKG}::site::remove_resource`,
        arguments: [tx.object(siteId), tx.pure.string('/app.js')],
      });
      const resource = tx.moveCall({
        target: `${PKG}::site::new_resource`,
        arguments: [
          tx.pure.string('/index.html'),
          tx.pure.u256(789n),
          tx.pure.u256(1n),
          // A range is a struct: Sui takes no pure bytes for Option<Range>, so build it.
          tx.moveCall({
            target: `${PKG}::site::new_range_option`,
            arguments: [tx.pure.option('u64', null), tx.pure.option('u64', null)],
          }),
        ],
      });
      tx.moveCall({
        target: `${PKG}::site::remove_resource`,
        arguments: [tx.object(siteId), tx.pure.string('/index.html')],
      });
      tx.moveCall({ target: `${PKG}::site::add_resource`, arguments: [tx.object(siteId), resource] });
      tx.moveCall({
        target: `${PKG}::site::update_name`,
        arguments: [tx.object(siteId), tx.pure.string('Renamed')],
      });
    });
    expect(update.FailedTransaction?.status.error?.message).toBeUndefined();
    expect(update.$kind).toBe('Transaction');
    const listed = await client.core.listDynamicFields({ parentId: siteId });
    expect(listed.dynamicFields).toHaveLength(3);
    const name = bcs.string().serialize('/index.html').toBytes();
    const field = await client.core.getDynamicField({
      parentId: siteId,
      name: { type: `${PKG}::site::ResourcePath`, bcs: name },
    });
    expect(Resource.parse(field.dynamicField.value.bcs).blob_id).toBe('789');

    const burn = await execute(owner, (tx) => {
      tx.moveCall({ target: `${PKG}::site::remove_all_routes_if_exist`, arguments: [tx.object(siteId)] });
      tx.moveCall({ target: `${PKG}::site::take_redirects`, arguments: [tx.object(siteId)] });
      tx.moveCall({
        target: `${PKG}::site::remove_resource`,
        arguments: [tx.object(siteId), tx.pure.string('/index.html')],
      });
      tx.moveCall({ target: `${PKG}::site::burn`, arguments: [tx.object(siteId)] });
    });
    expect(burn.$kind).toBe('Transaction');
    await expect(client.core.getObject({ objectId: siteId })).rejects.toThrow();
    expect((await client.core.listDynamicFields({ parentId: siteId })).dynamicFields).toHaveLength(0);
  });

  it('reports a Move abort: resolution refuses it, and with a fixed budget it fails on chain charging only gas', async () => {
    const abort = (tx: Transaction) =>
      tx.moveCall({
        target: `${PKG}::site::new_range`,
        arguments: [tx.pure.option('u64', 5), tx.pure.option('u64', 5)],
      });
    // Without a budget, Transaction.build dry-runs and surfaces the abort before anything is signed.
    await expect(execute(owner, abort)).rejects.toThrow(/MoveAbort.*abort code: 1.*site::new_range/);
    const before = await client.core.getBalance({ owner: owner.toSuiAddress() });
    const result = await execute(owner, (tx) => {
      tx.setGasBudget(20_000_000);
      abort(tx);
    });
    expect(result.$kind).toBe('FailedTransaction');
    expect(result.FailedTransaction!.status.error?.message).toMatch(/abort code: 1/);
    const after = await client.core.getBalance({ owner: owner.toSuiAddress() });
    const gas = result.FailedTransaction!.effects!.gasUsed;
    const charged = BigInt(gas.computationCost) + BigInt(gas.storageCost) - BigInt(gas.storageRebate);
    expect(BigInt(before.balance.balance) - BigInt(after.balance.balance)).toBe(charged);
  });
});

describe('epochs', () => {
  it('advance on request, and transactions expiring with the old epoch are refused', async () => {
    const { epoch } = await client.core.getCurrentSystemState().then((s) => s.systemState);
    const next = chain.advanceEpoch();
    expect(next).toBe(BigInt(epoch) + 1n);
    const state = await client.core.getCurrentSystemState();
    expect(state.systemState.epoch).toBe(String(next));
    const tx = new Transaction();
    tx.setExpiration({ Epoch: Number(epoch) });
    tx.splitCoins(tx.gas, [1]);
    tx.transferObjects([tx.splitCoins(tx.gas, [1])[0]!], owner.toSuiAddress());
    await expect(client.core.signAndExecuteTransaction({ transaction: tx, signer: owner })).rejects.toThrow(
      /expired/,
    );
  });
});

describe('signature schemes and coin commands', () => {
  it('accepts Secp256k1 and Secp256r1 senders and runs MergeCoins, SplitCoins and MakeMoveVec', async () => {
    const { Secp256k1Keypair } = await import('@mysten/sui/keypairs/secp256k1');
    const { Secp256r1Keypair } = await import('@mysten/sui/keypairs/secp256r1');
    for (const signer of [new Secp256k1Keypair(), new Secp256r1Keypair()]) {
      const address = signer.toSuiAddress();
      await chain.faucet.fund(address, { sui: 3_000_000_000n });
      await chain.faucet.fund(address, { sui: 2_000_000_000n });
      const coins = await client.core.listCoins({ owner: address });
      expect(coins.objects).toHaveLength(2);
      const [first, second] = coins.objects;
      const result = await client.core.signAndExecuteTransaction({
        signer,
        transaction: (() => {
          const tx = new Transaction();
          tx.setGasPayment([{ objectId: first!.objectId, version: first!.version, digest: first!.digest }]);
          tx.mergeCoins(tx.gas, [tx.object(second!.objectId)]);
          const [a, b, keep] = tx.splitCoins(tx.gas, [100, 200, 300]);
          tx.moveCall({
            target: '0x2::pay::join_vec',
            typeArguments: ['0x2::sui::SUI'],
            arguments: [tx.gas, tx.makeMoveVec({ elements: [a!, b!] })],
          });
          tx.transferObjects([keep!], address);
          return tx;
        })(),
      });
      expect(result.$kind).toBe('Transaction');
      const after = await client.core.listCoins({ owner: address });
      expect(after.objects.map((c) => BigInt(c.balance)).sort()).toContain(300n);
      expect(after.objects).toHaveLength(2);
    }
  });
});

describe('devInspect', () => {
  it('runs a PTB as any sender without committing and returns Move results', async () => {
    const coins = await client.core.listCoins({ owner: owner.toSuiAddress() });
    const coin = coins.objects[0]!;
    const before = chain.store.latestCheckpoint().sequenceNumber;
    const tx = new Transaction();
    tx.moveCall({
      target: '0x2::coin::value',
      typeArguments: ['0x2::sui::SUI'],
      arguments: [tx.object(coin.objectId)],
    });
    const result = await client.devInspectTransactionBlock({
      sender: owner.toSuiAddress(),
      transactionBlock: tx,
    });
    expect(result.effects.status.status).toBe('success');
    const [bytes, type] = result.results![0]!.returnValues![0]!;
    expect(type).toBe('u64');
    expect(bcs.u64().parse(Uint8Array.from(bytes))).toBe(coin.balance);
    expect(chain.store.latestCheckpoint().sequenceNumber).toBe(before);
  });
});
