// A quilt whose storage ended (expired, or deleted by its owner) while the site still lists its
// files: the storage nodes drop it and answer 404 for it. The official portal answers such a file
// with a 404 "no longer available" page; so does Floe, and it keeps 503 for nodes that cannot be
// reached. When the site's own /404.html is what is gone, the portal's 404 page answers instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteQuilts } from '../core/deploy/cleanup.ts';
import { SiteService } from '../core/serve/site-service.ts';
import { objectIdToBase36 } from '../core/site/base36.ts';
import { keypairExecutor } from '../core/sui/execute.ts';
import { deployFolder, fundedAccount, ownedBlobs, type Chain } from './chain.ts';
import { startSmallDevnet, type SmallDevnet } from './small-devnet.ts';

let small: SmallDevnet | undefined;
let chain: Chain;

beforeAll(async () => {
  small = await startSmallDevnet('gone-quilt');
  chain = small.chain;
}, 120_000);

afterAll(() => small?.stop(), 120_000);

const enc = new TextEncoder();

describe('a file whose quilt is gone', () => {
  it('is a 404 "no longer stored" page, the site 404 page falls back to the portal one, and down nodes stay a 503', async () => {
    const signer = await fundedAccount(chain);
    const files = new Map([
      ['/index.html', enc.encode('<h1>home</h1>')],
      ['/404.html', enc.encode('<h1>not here</h1>')],
    ]);
    const { siteId } = await deployFolder(chain, small!.pool, signer, files, {
      siteId: null,
      maxQuiltBytes: null,
    });
    const label = objectIdToBase36(siteId!);
    const service = () =>
      new SiteService({ network: chain.network, sui: chain.sui, committee: chain.committee });
    const get = (path: string) => service().handle(new Request(`http://${label}.localhost${path}`), label);

    expect((await get('/index.html')).status).toBe(200);
    const missing = await get('/nothing-here');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('<h1>not here</h1>');

    // The owner deletes the quilt while the Site still lists its files.
    const owner = signer.toSuiAddress();
    await deleteQuilts(
      {
        sui: chain.sui,
        walrus: chain.walrus,
        owner,
        sitePackageOriginal: chain.network.walrusSite.originalPackageId,
        execute: keypairExecutor(chain.sui, signer),
      },
      await ownedBlobs(chain, owner),
    );

    // The nodes follow the chain: once they have dropped it, the file is gone for good.
    let gone: Response | undefined;
    for (let i = 0; i < 50; i++) {
      const answer = await get('/index.html');
      if (answer.status !== 200 && answer.status !== 503) {
        gone = answer;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(gone?.status).toBe(404);
    expect(gone?.headers.get('x-floe-error')).toBe('blob-unavailable');
    const page = await gone!.text();
    expect(page).toContain('File no longer stored');
    expect(page).toMatch(/storage nodes holding \d+ of 40 shards answered that they do not store it/);

    // The site's own 404 page is in the same quilt: the portal's answers instead.
    const fallback = await get('/nothing-here');
    expect(fallback.status).toBe(404);
    expect(fallback.headers.get('x-floe-error')).toBe('resource-not-found');

    // Nodes that do not answer say nothing about the blob: that stays a 503.
    const { devnet } = small!;
    await Promise.all(devnet.config.nodes.map((_, i) => devnet.stopNode(i)));
    try {
      const unreachable = await get('/index.html');
      expect(unreachable.status).toBe(503);
      expect(unreachable.headers.get('x-floe-error')).toBe('not-enough-slivers');
    } finally {
      await Promise.all(devnet.config.nodes.map((_, i) => devnet.startNode(i)));
    }
  }, 120_000);
});
