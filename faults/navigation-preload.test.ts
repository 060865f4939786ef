// A worker that was not running answers a navigation after its start and a chain round trip; the
// browser has meanwhile fetched the page from the portal (navigation preload). The worker takes
// those bytes only when they hash to the chain's SHA-256 for the file: the portal saves the page's
// read from the storage nodes, and can never change what the page is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectIdToBase36 } from '../core/site/base36.ts';
import { READ_DEBUG_HEADER } from '../core/serve/portal-protocol.ts';
import { PRELOAD_SOURCE } from '../core/serve/navigation-preload.ts';
import { SiteService } from '../core/serve/site-service.ts';
import { deployFolder, fundedAccount, sha256Hex, type Chain } from './chain.ts';
import { startSmallDevnet, type SmallDevnet } from './small-devnet.ts';

let small: SmallDevnet | undefined;
let chain: Chain;

beforeAll(async () => {
  small = await startSmallDevnet('navigation-preload');
  chain = small.chain;
}, 120_000);

afterAll(() => small?.stop(), 120_000);

const enc = new TextEncoder();

describe('a navigation preload', () => {
  it('answers the page without node reads when it is the chain’s file, and is ignored when it is not', async () => {
    const signer = await fundedAccount(chain);
    const page = enc.encode('<h1>home</h1>'.padEnd(3000, '.'));
    const files = new Map([
      ['/index.html', page],
      ['/other.html', enc.encode('<h1>other</h1>'.padEnd(3000, '-'))],
    ]);
    const { siteId } = await deployFolder(chain, small!.pool, signer, files, {
      siteId: null,
      maxQuiltBytes: null,
    });
    const label = objectIdToBase36(siteId!);
    const navigation = () => new Request(`http://${label}.localhost/`, { headers: { accept: 'text/html' } });
    const fresh = (nodeRequests: string[]) =>
      new SiteService({
        network: chain.network,
        sui: chain.sui,
        committee: chain.committee,
        debugHeader: true,
        fetch: (input, init) => {
          nodeRequests.push(String(input));
          return fetch(input, init);
        },
      });

    // The portal's answer: the stored file, verbatim.
    const taken: string[] = [];
    const answer = await fresh(taken).handle(navigation(), label, {
      preload: Promise.resolve(new Response(page)),
    });
    expect(answer.status).toBe(200);
    expect(sha256Hex(new Uint8Array(await answer.arrayBuffer()))).toBe(sha256Hex(page));
    expect(answer.headers.get(READ_DEBUG_HEADER)).toContain(`from=${PRELOAD_SOURCE}`);
    expect(taken.filter((url) => url.includes('/slivers/'))).toEqual([]);

    // Another page's bytes, a coded body and a failed preload: each is read from the nodes instead.
    for (const preload of [
      () => Promise.resolve(new Response(files.get('/other.html'))),
      () => Promise.resolve(new Response(page, { headers: { 'content-encoding': 'gzip' } })),
      () => Promise.reject(new TypeError('network error')),
      () => Promise.resolve(undefined),
    ]) {
      const read: string[] = [];
      const served = await fresh(read).handle(navigation(), label, { preload: preload() });
      expect(served.status).toBe(200);
      expect(sha256Hex(new Uint8Array(await served.arrayBuffer()))).toBe(sha256Hex(page));
      expect(served.headers.get(READ_DEBUG_HEADER)).toContain('source=nodes');
      expect(read.filter((url) => url.includes('/slivers/')).length).toBeGreaterThan(0);
    }
  }, 120_000);
});
