// A portal takes the Site version it saw last as current for a few seconds (SiteLookup's TTL),
// and a redeploy deletes the quilts that only replaced files used (core/deploy/cleanup.ts); the
// nodes then drop those quilts at once. A portal that looked a file up just before such a
// redeploy must serve the file's new version, not an error page saying too few nodes answered.
// Found while accounting for deleted blobs in the fault suite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectIdToBase36 } from '../core/site/base36.ts';
import { SiteService } from '../core/serve/site-service.ts';
import { floeReader } from '../devnet/launcher/test-support/devnet-clients.ts';
import { deployFolder, fundedAccount, sha256Hex, type Chain } from './chain.ts';
import { startSmallDevnet, type SmallDevnet } from './small-devnet.ts';

let small: SmallDevnet | undefined;
let chain: Chain;

beforeAll(async () => {
  small = await startSmallDevnet('replaced-quilt');
  chain = small.chain;
}, 120_000);

afterAll(() => small?.stop(), 120_000);

const enc = new TextEncoder();
const bytes = (seed: number, length: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);

describe('a portal across a redeploy that deleted the quilt it had looked up', () => {
  it('should serve the new version of the file, not an error page', async () => {
    const signer = await fundedAccount(chain);
    const v1 = new Map([
      ['/index.html', enc.encode('<h1>home</h1>')],
      ['/404.html', enc.encode('gone')],
      ['/app/index.html', enc.encode('app')],
      ['/big.bin', bytes(1, 30_000)],
    ]);
    // Small quilts: /big.bin gets one of its own, which the next deploy leaves unused.
    const first = await deployFolder(chain, small!.pool, signer, v1, { siteId: null, maxQuiltBytes: 10_000 });
    const siteId = first.siteId!;
    const label = objectIdToBase36(siteId);
    const service = new SiteService({ network: chain.network, sui: chain.sui, committee: chain.committee });
    const get = async () => {
      const response = await service.handle(new Request(`http://${label}.localhost/big.bin`), label);
      return {
        status: response.status,
        sha256: sha256Hex(new Uint8Array(await response.arrayBuffer())),
      };
    };
    expect(await get()).toEqual({ status: 200, sha256: sha256Hex(v1.get('/big.bin')!) });

    const v2 = new Map(v1).set('/big.bin', bytes(2, 30_000));
    // Keeping one version, so the replaced quilt is deleted at once (as site-builder does).
    const second = await deployFolder(chain, small!.pool, signer, v2, {
      siteId,
      maxQuiltBytes: 10_000,
      keepVersions: 1,
    });
    expect(second.quiltsDeleted).toHaveLength(1);
    // The nodes follow the chain and drop the deleted quilt.
    const reader = floeReader(small!.devnet.config);
    await expect
      .poll(
        () =>
          reader.read({ blobId: second.quiltsDeleted[0]! }).then(
            () => 'readable',
            () => 'gone',
          ),
        {
          timeout: 20_000,
        },
      )
      .toBe('gone');

    // Within the lookup TTL: the service's cached resource still names the deleted quilt.
    expect(await get()).toEqual({ status: 200, sha256: sha256Hex(v2.get('/big.bin')!) });
  }, 120_000);
});
