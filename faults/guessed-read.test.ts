// A restarted worker's first request of a site waits for one chain round trip (the site's current
// version and fields) before it may serve anything. It need not wait to start reading: the lookup
// it kept names the file, so SiteService starts that read at once and joins it when the chain names
// the same blob, patch and hash. A kept lookup is site-writable, so it is never more than a guess:
// a forged one costs a wasted read, and the page is still the chain's.
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectIdToBase36 } from '../core/site/base36.ts';
import { resourceFieldId } from '../core/sui/site-fields.ts';
import { SiteService } from '../core/serve/site-service.ts';
import { MemoryFieldStore } from '../core/serve/test-support/memory-field-store.ts';
import { deployFolder, fundedAccount, sha256Hex, type Chain } from './chain.ts';
import { startSmallDevnet, type SmallDevnet } from './small-devnet.ts';

let small: SmallDevnet | undefined;
let chain: Chain;

beforeAll(async () => {
  small = await startSmallDevnet('guessed-read');
  chain = small.chain;
}, 120_000);

afterAll(() => small?.stop(), 120_000);

const CHAIN_DELAY_MS = 400;

/** The chain `CHAIN_DELAY_MS` away for object reads, recording when each answer came back. */
function distantChain(answers: number[]): ClientWithCoreApi {
  const core = chain.sui.core;
  return {
    core: new Proxy(core, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property !== 'getObjects' || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          await new Promise((resolve) => setTimeout(resolve, CHAIN_DELAY_MS));
          const answer: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          answers.push(performance.now());
          return answer;
        };
      },
    }),
  } as unknown as ClientWithCoreApi;
}

/** A fetch that records when each storage-node request started. */
function recordingFetch(starts: number[]): typeof fetch {
  return (input, init) => {
    starts.push(performance.now());
    return fetch(input, init);
  };
}

const enc = new TextEncoder();

describe('a restarted worker with kept lookups', () => {
  it('reads the kept file while the chain is asked, and serves what the chain names', async () => {
    const signer = await fundedAccount(chain);
    const files = new Map([
      ['/index.html', enc.encode('<h1>home</h1>'.padEnd(2000, '.'))],
      ['/other.html', enc.encode('<h1>other</h1>'.padEnd(2000, '-'))],
    ]);
    const { siteId } = await deployFolder(chain, small!.pool, signer, files, {
      siteId: null,
      maxQuiltBytes: null,
    });
    const label = objectIdToBase36(siteId!);
    const store = new MemoryFieldStore();
    const url = (path: string) => new Request(`http://${label}.localhost${path}`);

    // The first life of the worker: looks both files up, which the store keeps.
    const first = new SiteService({
      network: chain.network,
      sui: chain.sui,
      committee: chain.committee,
      lookupStore: store,
    });
    for (const path of files.keys()) expect((await first.handle(url(path), label)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const restart = (answers: number[], starts: number[]) =>
      new SiteService({
        network: chain.network,
        sui: distantChain(answers),
        committee: chain.committee,
        lookupStore: store,
        fetch: recordingFetch(starts),
      });

    // Restarted: the node reads begin before the chain has answered anything.
    const answers: number[] = [];
    const starts: number[] = [];
    const service = restart(answers, starts);
    await service.committee(); // a running portal hands the committee over in its config
    answers.length = 0;
    const response = await service.handle(url('/index.html'), label);
    expect(response.status).toBe(200);
    expect(sha256Hex(new Uint8Array(await response.arrayBuffer()))).toBe(
      sha256Hex(files.get('/index.html')!),
    );
    expect(starts.length).toBeGreaterThan(0);
    expect(Math.min(...starts)).toBeLessThan(Math.min(...answers));

    // A script on the site's origin forges the kept lookup of /index.html to name /other.html's
    // file: the guessed read is wasted, and the page is still /index.html.
    const keyOf = (path: string) =>
      [...store.entries.keys()].find((key) =>
        key.endsWith(`/${resourceFieldId(siteId!, path, chain.network.walrusSite.originalPackageId)}`),
      )!;
    store.entries.set(keyOf('/index.html'), store.entries.get(keyOf('/other.html'))!);
    const forged = restart([], []);
    const answer = await forged.handle(url('/index.html'), label);
    expect(answer.status).toBe(200);
    expect(sha256Hex(new Uint8Array(await answer.arrayBuffer()))).toBe(sha256Hex(files.get('/index.html')!));
  }, 120_000);
});
