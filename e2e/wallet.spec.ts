// dapp-kit and a Wallet Standard wallet against the devnet chain, in a real browser. A Vite build
// of e2e/fixtures/wallet (dapp-kit-core on SuiJsonRpcClient) runs on wallet.localhost; the test
// wallet is injected before the app loads and holds a key chosen here and funded by the faucet.
// The app connects through dapp-kit and creates a walrus_site Site with signAndExecuteTransaction:
// the SDK resolves the PTB in the browser, the wallet signs and executes it on the chain, and Node
// checks the result on chain. An unfunded key must fail in the page without touching the chain.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { bcs } from '@mysten/sui/bcs';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { fromBase64 } from '@mysten/sui/utils';
import { verifyPersonalMessageSignature } from '@mysten/sui/verify';
import { startChain, type Chain } from '../devnet/chain/chain.ts';
import { WALRUS_SITE_PACKAGE } from '../devnet/chain/natives/packages.ts';
import type { CreateSiteRequest, WalletPageApi } from './fixtures/wallet/api.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';
import { injectTestWallet, TEST_WALLET_NAME, testWalletScript } from './support/test-wallet.ts';
import { buildFixtureApp } from './support/vite-build.ts';

test.describe.configure({ mode: 'serial' });

const FIXTURE_DIR = fileURLToPath(new URL('./fixtures/wallet/', import.meta.url));
const HOST = 'wallet.localhost';
const WALLET_FEATURES = [
  'standard:connect',
  'standard:disconnect',
  'standard:events',
  'sui:signTransaction',
  'sui:signAndExecuteTransaction',
  'sui:signPersonalMessage',
];

/** Deterministic test keys: the same addresses on every run. */
const keyFrom = (label: string): Ed25519Keypair =>
  Ed25519Keypair.fromSecretKey(createHash('sha256').update(`floe e2e wallet: ${label}`).digest());
const FUNDED = keyFrom('funded');
const UNFUNDED = keyFrom('unfunded');

const Site = bcs.struct('Site', {
  id: bcs.Address,
  name: bcs.string(),
  link: bcs.option(bcs.string()),
  image_url: bcs.option(bcs.string()),
  description: bcs.option(bcs.string()),
  project_url: bcs.option(bcs.string()),
  creator: bcs.option(bcs.string()),
});

let dir: string | undefined;
let chain: Chain | undefined;
let client: SuiJsonRpcClient;
let app: StaticServer | undefined;

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-wallet-e2e-'));
  // Settle all three before failing, so a chain that started is still closed in afterAll.
  const [started, built, script] = await Promise.allSettled([
    startChain({ dir }),
    buildFixtureApp(FIXTURE_DIR),
    testWalletScript(),
  ]);
  if (started.status === 'fulfilled') chain = started.value;
  for (const step of [started, built, script]) if (step.status === 'rejected') throw step.reason;
  if (!chain || built.status !== 'fulfilled') throw new Error('unreachable');
  client = new SuiJsonRpcClient({ url: chain.url, network: 'localnet' });
  await chain.faucet.fund(FUNDED.toSuiAddress());
  app = await startStaticServer(built.value);
});

test.afterAll(async () => {
  await Promise.all([app?.close(), chain?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Opened {
  readonly pageErrors: string[];
  /** Requests to anywhere but the app and the chain; there should be none. */
  readonly strayRequests: string[];
  /** JSON-RPC methods the page (app and wallet) called on the chain, in order. */
  readonly rpcMethods: string[];
}

/** Injects the wallet holding `keypair` and opens the app; records what the page does on the network. */
async function open(page: Page, keypair: Ed25519Keypair): Promise<Opened> {
  if (!app || !chain) throw new Error('the app server or the chain did not start');
  const opened: Opened = { pageErrors: [], strayRequests: [], rpcMethods: [] };
  const appOrigin = new URL(app.url('/', HOST)).origin;
  const chainOrigin = new URL(chain.url).origin;
  page.on('pageerror', (error) => opened.pageErrors.push(error.message));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === chainOrigin && request.method() === 'POST') {
      // gRPC-web names the method in the path (`/sui.rpc.v2.<Service>/<Method>`); JSON-RPC in the body.
      if (url.pathname.startsWith('/sui.rpc.')) opened.rpcMethods.push(url.pathname.slice(1));
      else {
        const body = request.postDataJSON() as { method: string } | { method: string }[];
        opened.rpcMethods.push(...[body].flat().map((call) => call.method));
      }
    } else if (url.origin !== appOrigin && url.origin !== chainOrigin && url.protocol !== 'data:') {
      opened.strayRequests.push(request.url());
    }
  });
  await injectTestWallet(page, { secret: keypair.getSecretKey(), rpcUrl: chain.url });
  await page.goto(app.url(`/?rpc=${encodeURIComponent(chain.url)}`, HOST));
  await expect(page.locator('#status')).toHaveText('ready');
  return opened;
}

type WalletWindow = { floeWallet: WalletPageApi };

/** Calls into the page's `window.floeWallet` (e2e/fixtures/wallet/main.ts). */
const walletApi = (page: Page) => ({
  waitForWallet: (name: string) =>
    page.evaluate((n) => (window as unknown as WalletWindow).floeWallet.waitForWallet(n, 5_000), name),
  connect: (name: string) =>
    page.evaluate((n) => (window as unknown as WalletWindow).floeWallet.connect(n), name),
  createSite: (name: string, gas?: CreateSiteRequest['gas']) =>
    page.evaluate((request) => (window as unknown as WalletWindow).floeWallet.createSite(request), {
      packageId: WALRUS_SITE_PACKAGE,
      name,
      ...(gas ? { gas } : {}),
    } satisfies CreateSiteRequest),
  signPersonalMessage: (text: string) =>
    page.evaluate((t) => (window as unknown as WalletWindow).floeWallet.signPersonalMessage(t), text),
});

test('dapp-kit connects the injected wallet and creates a walrus_site Site through it', async ({ page }) => {
  const address = FUNDED.toSuiAddress();
  const opened = await open(page, FUNDED);
  const api = walletApi(page);

  // The wallet is listed as compatible with localnet, with every feature it implements.
  const wallets = await api.waitForWallet(TEST_WALLET_NAME);
  expect(wallets).toEqual([{ name: TEST_WALLET_NAME, chains: ['sui:localnet'], features: WALLET_FEATURES }]);
  await expect(page.locator('#wallets')).toHaveText(TEST_WALLET_NAME);

  // Connecting through dapp-kit yields the account of the key given to the wallet.
  const connected = await api.connect(TEST_WALLET_NAME);
  expect(connected).toEqual({ status: 'connected', address, chains: ['sui:localnet'] });
  await expect(page.locator('#account')).toHaveText(address);

  // A personal message signed in the page verifies in Node against the same address.
  const text = 'floe e2e: sign in';
  const signed = await api.signPersonalMessage(text);
  expect(new TextDecoder().decode(fromBase64(signed.bytes))).toBe(text);
  const publicKey = await verifyPersonalMessageSignature(new TextEncoder().encode(text), signed.signature, {
    address,
  });
  expect(publicKey.toSuiAddress()).toBe(address);

  // The Site transaction: resolved by the SDK in the page, signed and executed by the wallet.
  const name = 'Made in the browser';
  opened.rpcMethods.length = 0;
  const outcome = await api.createSite(name);
  // Over gRPC, as on public networks: the full node resolved gas price, coins and budget in one
  // simulation, then the wallet executed.
  expect(opened.rpcMethods).toEqual(
    expect.arrayContaining([
      'sui.rpc.v2.TransactionExecutionService/SimulateTransaction',
      'sui.rpc.v2.TransactionExecutionService/ExecuteTransaction',
    ]),
  );
  expect(opened.rpcMethods.at(-1)).toBe('sui.rpc.v2.TransactionExecutionService/ExecuteTransaction');
  if (!outcome.ok) throw new Error(`signAndExecuteTransaction failed in the page: ${outcome.error}`);
  expect(outcome).toMatchObject({ kind: 'Transaction', sender: address, error: undefined });
  expect(outcome.created).toHaveLength(1);
  await expect(page.locator('#result')).toHaveText(`Transaction ${outcome.digest}`);

  // Node sees the same transaction on the chain...
  const waited = await client.core.waitForTransaction({
    digest: outcome.digest,
    include: { effects: true, transaction: true },
  });
  expect(waited.$kind).toBe('Transaction');
  expect(waited.Transaction!.status.success).toBe(true);
  expect(waited.Transaction!.transaction!.sender).toBe(address);
  const created = waited.Transaction!.effects!.changedObjects.filter((c) => c.idOperation === 'Created');
  expect(created.map((c) => c.objectId)).toEqual(outcome.created);

  // ...and the Site it created, owned by the wallet's address.
  const siteId = outcome.created[0]!;
  const { object } = await client.core.getObject({ objectId: siteId, include: { content: true } });
  expect(object.type).toBe(`${WALRUS_SITE_PACKAGE}::site::Site`);
  expect(object.owner).toEqual({ $kind: 'AddressOwner', AddressOwner: address });
  expect(Site.parse(object.content!)).toMatchObject({
    id: siteId,
    name,
    description: 'created through a Wallet Standard wallet',
    creator: 'floe e2e',
  });

  expect(opened.pageErrors).toEqual([]);
  expect(opened.strayRequests).toEqual([]);
});

test('an unfunded account cannot pay: the page gets a clear error and the chain is unchanged', async ({
  page,
}) => {
  const address = UNFUNDED.toSuiAddress();
  const opened = await open(page, UNFUNDED);
  const api = walletApi(page);
  await api.waitForWallet(TEST_WALLET_NAME);
  expect((await api.connect(TEST_WALLET_NAME)).address).toBe(address);

  const before = await client.getTotalTransactionBlocks();
  const funded = (await client.core.listCoins({ owner: FUNDED.toSuiAddress() })).objects;
  expect(funded.length).toBeGreaterThan(0);

  // Left to resolve gas, the full node finds no coin to pay with (Sui's own words) and nothing is
  // signed.
  opened.rpcMethods.length = 0;
  const unresolvable = await api.createSite('Never paid for');
  expect(opened.rpcMethods).toContain('sui.rpc.v2.TransactionExecutionService/SimulateTransaction');
  expect(opened.rpcMethods).not.toContain('sui.rpc.v2.TransactionExecutionService/ExecuteTransaction');
  expect(unresolvable).toMatchObject({ ok: false, errorName: 'Error' });
  expect(unresolvable.ok ? '' : unresolvable.error).toMatch(
    new RegExp(
      `^Unable to perform gas selection due to insufficient SUI balance \\(in address balance or coins\\) ` +
        `for account ${address} to satisfy required budget \\d+\\.$`,
    ),
  );
  await expect(page.locator('#result')).toHaveText(`error: ${unresolvable.ok ? '' : unresolvable.error}`);

  // With gas fixed in the page to a coin the account does not own, nothing stops the transaction
  // before the chain: the wallet signs, the full node refuses to execute it (a gRPC status, so the
  // SDK throws its RpcError), and the page is told why.
  const { referenceGasPrice } = await client.core.getReferenceGasPrice();
  const coin = funded[0]!;
  opened.rpcMethods.length = 0;
  const refused = await api.createSite('Paid with a coin it does not own', {
    price: referenceGasPrice,
    budget: '50000000',
    payment: [{ objectId: coin.objectId, version: coin.version, digest: coin.digest }],
  });
  expect(opened.rpcMethods).toEqual(['sui.rpc.v2.TransactionExecutionService/ExecuteTransaction']);
  expect(refused).toEqual({
    ok: false,
    errorName: 'RpcError',
    error: `Gas object ${coin.objectId} is not owned by the gas owner ${address}`,
  });
  await expect(page.locator('#result')).toHaveText(`error: ${refused.ok ? '' : refused.error}`);

  // Nothing was executed: no new transaction, the coin is untouched, the account still owns nothing.
  expect(await client.getTotalTransactionBlocks()).toBe(before);
  expect((await client.core.getObject({ objectId: coin.objectId })).object.version).toBe(coin.version);
  const { balance } = await client.core.getBalance({ owner: address });
  expect(balance.balance).toBe('0');
  const owned = await client.core.listOwnedObjects({ owner: address });
  expect(owned.objects).toEqual([]);

  expect(opened.pageErrors).toEqual([]);
  expect(opened.strayRequests).toEqual([]);
});
