// SiteService on standalone-blob resources (no quilt patch header), over in-memory storage nodes
// and a fake chain: a big blob is answered as a verified stream (whole, ranged, HEAD) that never
// reaches the bytes cache, a small one is read whole as before, and a failure before the first row
// gets the usual error page.
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { ObjectError } from '@mysten/sui/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { objectIdToBase36 } from '../site/base36.ts';
import type { SiteResource } from '../site/types.ts';
import { TESTNET } from '../sui/networks.ts';
import { ResourceFieldBcs, resourceToBcs } from '../sui/site-bcs.ts';
import { resourceFieldId } from '../sui/site-fields.ts';
import { blobIdToText } from '../walrus/blob-id.ts';
import { IntegrityError } from '../walrus/read-errors.ts';
import { sha256 } from '../walrus/sha256.ts';
import { expectBytes } from '../walrus/test-support/bytes.ts';
import { encodedBlob } from '../walrus/test-support/fixtures.ts';
import { memoryNetwork, type MemoryNetwork } from '../walrus/test-support/memory-nodes.ts';
import { memoryBytesCache } from './memory-cache.ts';
import { SiteService } from './site-service.ts';

const N = 40;
const SITE = `0x${'07'.repeat(32)}`;
const LABEL = objectIdToBase36(SITE);
const PACKAGE = TESTNET.walrusSite.originalPackageId;
/** Past the 4 MiB up to which standalone blobs are read whole. */
const BIG = encodedBlob(N, 4 * 1024 * 1024 + 12_345, 3);
const SMALL = encodedBlob(N, 3000, 4);
const ABSENT = encodedBlob(N, 100, 5);

/** The Site object and its resource fields, by object ID, as getObjects answers them. */
function fakeChain(resources: readonly SiteResource[]): ClientWithCoreApi {
  const objects = new Map<string, Uint8Array>([[SITE, new Uint8Array([1])]]);
  for (const resource of resources) {
    const id = resourceFieldId(SITE, resource.path, PACKAGE);
    const value = resourceToBcs(resource);
    objects.set(id, ResourceFieldBcs.serialize({ id, name: { path: resource.path }, value }).toBytes());
  }
  return {
    core: {
      getObjects: async ({ objectIds }: { objectIds: string[] }) => ({
        objects: objectIds.map((id) => {
          const content = objects.get(id);
          return content
            ? { objectId: id, version: '1', content }
            : new ObjectError('notFound', `${id} not found`, { reason: 'notFound', objectId: id });
        }),
      }),
    },
  } as unknown as ClientWithCoreApi;
}

let net: MemoryNetwork;
let service: SiteService;
beforeAll(async () => {
  net = memoryNetwork(N, 4);
  net.add(BIG.encoded);
  net.add(SMALL.encoded);
  const resource = async (path: string, blob: typeof BIG, hash?: Uint8Array): Promise<SiteResource> => ({
    path,
    headers: new Map(),
    blobId: blobIdToText(blob.encoded.blobId),
    blobHash: hash ?? (await sha256(blob.data)),
    range: null,
  });
  const sui = fakeChain([
    await resource('/video.mp4', BIG),
    await resource('/small.bin', SMALL),
    await resource('/wrong.mp4', BIG, new Uint8Array(32).fill(9)),
    await resource('/absent.mp4', ABSENT),
  ]);
  service = new SiteService({
    network: TESTNET,
    sui,
    committee: async () => net.committee,
    fetch: net.fetch,
    cache: memoryBytesCache(),
    debugHeader: true,
  });
});

const ask = (path: string, init?: RequestInit) =>
  service.handle(new Request(`http://${LABEL}.localhost${path}`, init), LABEL);

/** Primary slivers asked of the nodes since `from` in the request log. */
const primaryRequests = (from: number) => net.log.slice(from).filter((path) => path.endsWith('/primary'));

describe('SiteService on a big standalone blob', () => {
  it('streams the whole file, verified, with its length and no copy in the bytes cache', async () => {
    const answer = await ask('/video.mp4');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-length')).toBe(String(BIG.data.length));
    expect(answer.headers.get('content-type')).toBe('video/mp4');
    expect(answer.headers.get('x-floe-streamed')).toBe('1');
    expect(answer.headers.get('x-floe-read')).toMatch(/^blob; source=nodes; mode=stream; rows=0\.\.\d+$/);
    expectBytes(new Uint8Array(await answer.arrayBuffer()), BIG.data);
    expect(service.contentTag(answer)).toBeUndefined();

    // Not from a cache the second time either: streams are never stored.
    const again = await ask('/video.mp4');
    expect(again.headers.get('x-floe-read')).toMatch(/mode=stream/);
    await again.body?.cancel();
  });

  it('answers a range with 206 from the rows covering it only', async () => {
    const from = net.log.length;
    const start = 2_000_000;
    const answer = await ask('/video.mp4', { headers: { range: `bytes=${start}-${start + 99}` } });
    expect(answer.status).toBe(206);
    expect(answer.headers.get('content-range')).toBe(`bytes ${start}-${start + 99}/${BIG.data.length}`);
    expect(new Uint8Array(await answer.arrayBuffer())).toEqual(BIG.data.subarray(start, start + 100));
    const rows = /rows=(\d+)\.\.(\d+)/.exec(answer.headers.get('x-floe-read')!)!;
    expect(Number(rows[2]) - Number(rows[1])).toBeLessThanOrEqual(1);
    expect(primaryRequests(from).length).toBeLessThanOrEqual(4);
  });

  it('answers HEAD from the metadata, asking for no sliver', async () => {
    const from = net.log.length;
    const answer = await ask('/video.mp4', { method: 'HEAD' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-length')).toBe(String(BIG.data.length));
    expect(answer.headers.get('accept-ranges')).toBe('bytes');
    expect(primaryRequests(from)).toEqual([]);
  });

  it('never ends the body of a file that does not hash to the chain SHA-256', async () => {
    const answer = await ask('/wrong.mp4');
    expect(answer.status).toBe(200);
    const reader = answer.body!.getReader();
    let received = 0;
    let failure: unknown;
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) received += r.value.length;
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(IntegrityError);
    expect(received).toBeLessThan(BIG.data.length);
  });

  it('answers with an error page when not even the metadata can be read', async () => {
    const answer = await ask('/absent.mp4');
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.headers.get('x-floe-error')).toMatch(/^(blob-unavailable|not-enough-slivers)$/);
    expect(answer.headers.has('x-floe-streamed')).toBe(false);
  });
});

describe('SiteService on a big blob it already knows', () => {
  it('streams its later requests without asking the bytes cache (the Cache API in a worker)', async () => {
    const asked: string[] = [];
    const inner = memoryBytesCache();
    const counting = new SiteService({
      network: TESTNET,
      sui: fakeChain([
        {
          path: '/video.mp4',
          headers: new Map(),
          blobId: blobIdToText(BIG.encoded.blobId),
          blobHash: await sha256(BIG.data),
          range: null,
        },
      ]),
      committee: async () => net.committee,
      fetch: net.fetch,
      cache: { get: (key) => (asked.push(key), inner.get(key)), put: (key, bytes) => inner.put(key, bytes) },
    });
    const get = (init?: RequestInit) =>
      counting.handle(new Request(`http://${LABEL}.localhost/video.mp4`, init), LABEL);
    const head = await get({ method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(BIG.data.length));
    const before = asked.length;
    expect(before).toBeGreaterThan(0); // unknown length: a cached copy is looked for first
    const ranged = await get({ headers: { range: 'bytes=100-199' } });
    expect(ranged.status).toBe(206);
    expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(BIG.data.subarray(100, 200));
    const whole = await get();
    expect(whole.headers.get('x-floe-streamed')).toBe('1');
    expectBytes(new Uint8Array(await whole.arrayBuffer()), BIG.data);
    expect(asked.length).toBe(before);
  });
});

describe('SiteService on a small standalone blob', () => {
  it('reads it whole as before: cached, and ranges cut from the bytes', async () => {
    const first = await ask('/small.bin');
    expect(first.headers.has('x-floe-streamed')).toBe(false);
    expect(first.headers.get('x-floe-read')).toMatch(/^blob; source=nodes; path=/);
    expect(new Uint8Array(await first.arrayBuffer())).toEqual(SMALL.data);
    await new Promise((resolve) => setTimeout(resolve, 10));

    const ranged = await ask('/small.bin', { headers: { range: 'bytes=10-19' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('x-floe-read')).toBe('blob; source=cache');
    expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(SMALL.data.subarray(10, 20));
  });
});
