// Publishing from the browser: a Wallet Standard test wallet is injected and connected on the
// portal's Publish page, examples/hello is chosen through the folder input, the plan is reviewed and
// the deploy runs in the page (Web Worker encoding, uploads to the nodes, the wallet signing); the
// new site then opens through the portal. A redeploy with one changed file uploads one quilt, and
// the CLI deploying the same folder with --no-compress produces the same resources (paths, hashes,
// headers).
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect, test, type Page } from '@playwright/test';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { networkFromDevnetJson } from '../core/sui/networks.ts';
import { readSite, type OnChainSite } from '../core/sui/site-read.ts';
import { startDevnet, type Devnet } from '../devnet/launcher/launcher.ts';
import { startPortal, type Portal } from '../portal/server/server.ts';
import { main as floe } from '../publisher/cli.ts';
import { buildPortal } from '../scripts/build.ts';
import { injectTestWallet, TEST_WALLET_NAME } from './support/test-wallet.ts';

test.describe.configure({ mode: 'serial' });

const WALLET = Ed25519Keypair.fromSecretKey(createHash('sha256').update('floe e2e publish wallet').digest());

let dir: string | undefined;
let devnet: Devnet | undefined;
let portal: Portal | undefined;
let folder: string;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = await mkdtemp(join(tmpdir(), 'floe-publish-e2e-'));
  // A smaller devnet than the portal spec's: this spec is about the browser deploy, not scale.
  devnet = await startDevnet({ dir: join(dir, 'devnet'), nodes: 7, shards: 100, port: 0 });
  await buildPortal(join(dir, 'dist'));
  const network = networkFromDevnetJson(
    JSON.parse(await readFile(join(devnet.config.dir, 'devnet.json'), 'utf8')),
  );
  portal = await startPortal({ network, distDir: join(dir, 'dist'), port: 0 });
  const funded = await fetch(new URL('/floe/fund', devnet.config.faucetUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ recipient: WALLET.toSuiAddress(), sui: '100000000000', wal: '100000000000' }),
  });
  expect(funded.ok).toBe(true);
  folder = join(dir, 'hello');
  await cp('examples/hello', folder, { recursive: true });
});

test.afterAll(async () => {
  await portal?.close();
  await devnet?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function running(): { portal: Portal; devnet: Devnet } {
  if (!portal || !devnet) throw new Error('not started');
  return { portal, devnet };
}

async function openPublish(page: Page): Promise<void> {
  await injectTestWallet(page, { secret: WALLET.getSecretKey(), rpcUrl: running().devnet.config.grpcUrl });
  await page.goto(new URL('/publish', running().portal.url).toString());
  await page.locator(`[data-testid=wallet-option][data-name="${TEST_WALLET_NAME}"]`).click();
  await expect(page.getByTestId('wallet-account')).toHaveText(WALLET.toSuiAddress());
}

/** Chooses the folder, reviews the plan, deploys; returns the plan's numbers and the result. */
async function publish(page: Page, expectUpload: number) {
  await page.getByTestId('folder-input').setInputFiles(folder);
  await expect(page.getByTestId('folder-summary')).toContainText('files');
  await page.getByTestId('plan-button').click();
  await expect(page.getByTestId('plan')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('plan-upload')).toHaveText(String(expectUpload));
  const quilts = Number(await page.getByTestId('plan-quilts').textContent());
  await page.getByTestId('deploy-button').click();
  await expect(page.getByTestId('result')).toBeVisible({ timeout: 90_000 });
  return {
    quilts,
    siteId: (await page.getByTestId('result-site-id').textContent())!,
    link: (await page.getByTestId('result-link').getAttribute('href'))!,
    uploaded: (await page.getByTestId('result-uploaded').textContent())!,
  };
}

async function site(id: string): Promise<OnChainSite> {
  const sui = new SuiJsonRpcClient({ url: running().devnet.config.rpcUrl, network: 'localnet' });
  return readSite(sui, id, { packageId: running().devnet.config.packages.walrusSite });
}

test('deploys a folder from the browser, opens it, and redeploys one changed file as one quilt', async ({
  page,
  context,
}) => {
  test.setTimeout(240_000);
  await openPublish(page);
  const first = await publish(page, 10);
  expect(first.quilts).toBe(1);
  expect(first.uploaded).toMatch(/^10 files in 1 quilt/);
  const onChain = await site(first.siteId);
  expect(onChain.owner).toBe(WALLET.toSuiAddress());
  expect(onChain.resources.size).toBe(10);

  // The new site opens through the portal and renders.
  const visit = await context.newPage();
  await visit.goto(first.link);
  await expect(visit.locator('body')).toHaveAttribute('data-js', 'ok', { timeout: 30_000 });
  await visit.close();

  // One changed file: only one quilt (with that file) is uploaded, to the same site.
  await writeFile(join(folder, 'css', 'site.css'), 'body { color: darkslateblue }\n');
  await page.getByTestId('site-id-input').fill(first.siteId);
  const second = await publish(page, 1);
  expect(second.siteId).toBe(first.siteId);
  expect(second.quilts).toBe(1);
  expect(second.uploaded).toMatch(/^1 files in 1 quilt/);
  const updated = await site(first.siteId);
  expect(updated.resources.get('/css/site.css')!.blobId).not.toBe(
    onChain.resources.get('/css/site.css')!.blobId,
  );
  expect(updated.resources.get('/index.html')).toEqual(onChain.resources.get('/index.html'));
});

test('the browser and the CLI deploy the same folder to the same resources', async ({ page }) => {
  test.setTimeout(240_000);
  const fresh = join(dir!, 'hello-same');
  await cp('examples/hello', fresh, { recursive: true });
  folder = fresh;
  await openPublish(page);
  const fromBrowser = await publish(page, 10);

  const cliFolder = join(dir!, 'hello-cli');
  await cp('examples/hello', cliFolder, { recursive: true });
  const out: string[] = [];
  const code = await floe(
    // The publish page stores files as they are (Chromium's CompressionStream has no Brotli), so
    // the CLI is compared without its compression.
    ['deploy', cliFolder, '--no-compress', '--json', '--quiet', '--devnet-dir', running().devnet.config.dir],
    {
      out: (line) => out.push(line),
      err: new Writable({ write: (_c, _e, done) => done() }),
      stdin: process.stdin,
    },
  );
  expect(code).toBe(0);
  const fromCli = (JSON.parse(out.join('\n')) as { siteId: string }).siteId;

  const a = await site(fromBrowser.siteId);
  const b = await site(fromCli);
  const shape = (s: OnChainSite) =>
    [...s.resources.values()].map((r) => ({
      path: r.path,
      blobHash: Buffer.from(r.blobHash).toString('hex'),
      headers: [...r.headers],
    }));
  expect(shape(a)).toEqual(shape(b));
  expect(a.routes).toEqual(b.routes);
  expect(a.redirects).toEqual(b.redirects);
});

test('cancelling mid-upload leaves the chain without a site; running it again completes', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const { devnet } = running();
  folder = join(dir!, 'hello-cancel');
  await cp('examples/hello', folder, { recursive: true });
  await writeFile(join(folder, 'about.html'), '<!doctype html><h1>cancel me</h1>\n');
  const sites = async () => {
    const sui = new SuiJsonRpcClient({ url: devnet.config.rpcUrl, network: 'localnet' });
    const { objects } = await sui.core.listOwnedObjects({
      owner: WALLET.toSuiAddress(),
      type: `${devnet.config.packages.walrusSite}::site::Site`,
    });
    return objects.length;
  };
  const before = await sites();
  // Slow every node down so the upload is still running when Cancel is clicked.
  const latency = (ms: number) =>
    Promise.all(
      devnet.config.nodes.map((n) =>
        fetch(`${n.adminUrl}/faults`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ latencyMs: ms }),
        }),
      ),
    );
  await latency(300);
  try {
    await openPublish(page);
    await page.getByTestId('folder-input').setInputFiles(folder);
    await page.getByTestId('plan-button').click();
    await expect(page.getByTestId('plan')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('deploy-button').click();
    await expect(page.locator('[data-testid=phase][data-phase=upload]')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('cancel-button').click();
    await expect(page.getByTestId('deploy-cancelled')).toBeVisible({ timeout: 60_000 });
  } finally {
    await latency(0);
  }
  expect(await sites()).toBe(before);

  // Running it again finishes the deploy.
  await page.getByTestId('plan-button').click();
  await expect(page.getByTestId('plan')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('deploy-button').click();
  await expect(page.getByTestId('result')).toBeVisible({ timeout: 90_000 });
  expect(await sites()).toBe(before + 1);
});

test("the site page lists a site's versions and rolls back to v1; a preview deploy is promoted to the live site", async ({
  page,
  context,
}) => {
  test.setTimeout(300_000);
  folder = join(dir!, 'hello-history');
  await cp('examples/hello', folder, { recursive: true });
  const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
  /** The SHA-256 of `path` as the portal serves it to a page of the site. */
  const servedSha256 = (visit: Page, path: string) =>
    visit.evaluate(async (p) => {
      const body = await (await fetch(p, { cache: 'no-store' })).arrayBuffer();
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
      return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
    }, path);
  const v1Css = await readFile(join(folder, 'css', 'site.css'));

  await openPublish(page);
  const first = await publish(page, 10);
  await writeFile(join(folder, 'css', 'site.css'), 'body { color: firebrick }\n');
  await page.getByTestId('site-id-input').fill(first.siteId);
  await publish(page, 1);

  // The site page, reached in the app so the wallet stays connected, lists both versions newest
  // first; the deploy kept v1's quilt, so v1 can come back.
  await page.getByTestId('result-details-link').click();
  const versions = page.getByTestId('site-version');
  await expect(versions).toHaveCount(2, { timeout: 30_000 });
  await expect(versions.nth(0)).toHaveAttribute('data-version', '2');
  await expect(versions.nth(0)).toHaveAttribute('data-state', 'live');
  await expect(versions.nth(0).getByTestId('version-changes')).toHaveText('+0 ~1 −0');
  await expect(versions.nth(0).getByTestId('rollback-button')).toHaveCount(0);
  await expect(versions.nth(1)).toHaveAttribute('data-state', 'restorable');
  await expect(versions.nth(1).getByTestId('version-changes')).toHaveText('+10 ~0 −0');
  await expect(versions.nth(0).getByTestId('version-sender')).toHaveAttribute('title', WALLET.toSuiAddress());

  await versions.nth(1).getByRole('button', { name: 'Roll back to v1' }).click();
  await expect(page.getByTestId('rollback-result')).toHaveText(
    'Rolled back to v1: 0 added, 1 changed, 0 removed, 9 unchanged, nothing uploaded.',
    { timeout: 60_000 },
  );
  // The page reads the site again: the rollback is v3, live.
  await expect(versions).toHaveCount(3, { timeout: 30_000 });
  await expect(versions.nth(0)).toHaveAttribute('data-state', 'live');
  await expect(versions.nth(0).getByTestId('version-changes')).toHaveText('+0 ~1 −0');
  const rolledBack = await site(first.siteId);
  expect(rolledBack.resources.get('/css/site.css')!.blobId).toBe(
    rolledBack.resources.get('/index.html')!.blobId,
  );

  // Through the portal the site serves v1's stylesheet again (site lookups are cached seconds).
  const visit = await context.newPage();
  await visit.goto(first.link);
  await expect(visit.locator('body')).toHaveAttribute('data-js', 'ok', { timeout: 30_000 });
  await expect.poll(() => servedSha256(visit, '/css/site.css'), { timeout: 30_000 }).toBe(sha256(v1Css));
  // Chromium does not set a background tab's file input in time.
  await visit.close();

  // A preview of a change goes to a separate site; the CLI's rule refuses a bad name first.
  const about = '<!doctype html><h1>About, previewed</h1>\n';
  await writeFile(join(folder, 'about.html'), about);
  await page.getByTestId('nav-publish').click();
  await expect(page.getByTestId('wallet-account')).toHaveText(WALLET.toSuiAddress());
  await page.getByTestId('preview-toggle').check();
  await page.getByTestId('preview-name-input').fill('Bad Name');
  await expect(page.getByTestId('preview-name-error')).toBeVisible();
  await page.getByTestId('preview-name-input').fill('staging');
  await expect(page.getByTestId('preview-name-error')).toHaveCount(0);
  await page.getByTestId('site-id-input').fill(first.siteId);
  const preview = await publish(page, 10);
  expect(preview.siteId).not.toBe(first.siteId);
  await expect(page.getByTestId('result-preview')).toContainText('Hello from Floe (preview staging)');
  expect((await site(preview.siteId)).name).toBe('Hello from Floe (preview staging)');

  // Promote: filled in from the preview deploy; the live site takes the preview's pointers.
  await expect(page.getByTestId('promote-preview-input')).toHaveValue(preview.siteId);
  await expect(page.getByTestId('promote-live-input')).toHaveValue(first.siteId);
  await page.getByTestId('promote-button').click();
  await expect(page.getByTestId('promote-summary')).toHaveText(
    /^Promoted: 0 added, \d+ changed, 0 removed, \d+ unchanged, nothing uploaded/,
    { timeout: 60_000 },
  );
  const pointers = (s: OnChainSite) => [...s.resources].map(([path, r]) => [path, r.blobId, [...r.headers]]);
  expect(pointers(await site(first.siteId))).toEqual(pointers(await site(preview.siteId)));
  const promoted = await context.newPage();
  await promoted.goto(first.link);
  await expect(promoted.locator('body')).toHaveAttribute('data-js', 'ok', { timeout: 30_000 });
  await expect
    .poll(() => servedSha256(promoted, '/about.html'), { timeout: 30_000 })
    .toBe(sha256(Buffer.from(about)));
  await promoted.close();
});
