// The daemon's read side over HTTP on loopback, against in-memory storage nodes that speak the real
// wire format: blob and patch bytes with the daemon's headers, ranges, patch lists, the error
// bodies of the OpenAPI documents, and never a byte that failed verification, even when nodes lie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobIdToText } from '../core/walrus/blob-id.ts';
import { quiltPatchIdToText } from '../core/walrus/quilt.ts';
import { encodeQuiltBlob } from '../core/walrus/quilt-encode.ts';
import { expectBytes } from '../core/walrus/test-support/bytes.ts';
import { codecFor, encodedBlob, randomBytes } from '../core/walrus/test-support/fixtures.ts';
import { memoryNetwork } from '../core/walrus/test-support/memory-nodes.ts';
import { BlobReads } from './blob-reads.ts';
import { startAggregatorServer, type AggregatorServer } from './server.ts';

const N = 10;
const NODES = 5;
const net = memoryNetwork(N, NODES);
const { data, encoded } = encodedBlob(N, 20_000, 7);
const BLOB = blobIdToText(encoded.blobId);
const page = new TextEncoder().encode('<h1>hello</h1>');
const logo = randomBytes(3000, 9);
const quilt = encodeQuiltBlob(codecFor(N), [
  {
    identifier: 'index.html',
    contents: page,
    tags: { 'content-type': 'text/html', zeta: 'last', alpha: 'first' },
  },
  { identifier: 'img/logo.png', contents: logo },
]);
const QUILT = blobIdToText(quilt.encoded.blobId);
net.add(encoded);
net.add(quilt.encoded);

/** An ID no node stores, and whether the nodes say so (`/status` answers `nonexistent`). */
const UNKNOWN = blobIdToText(new Uint8Array(32).fill(3));
let nodesKnowStatus = true;
const fetch = async (input: string, init?: RequestInit): Promise<Response> => {
  if (nodesKnowStatus && new URL(input).pathname === `/v1/blobs/${UNKNOWN}/status`) {
    return Response.json({ success: { code: 200, data: 'nonexistent' } });
  }
  return net.fetch(input, init);
};

let server: AggregatorServer;
beforeAll(async () => {
  const reads = new BlobReads({ committee: async () => net.committee, fetch, hedgeAfterMs: 200 });
  server = await startAggregatorServer({ reads, port: 0 });
});
afterAll(() => server.close());

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  globalThis.fetch(`${server.url}${path}`, { method, headers });
const bytes = async (response: Response) => new Uint8Array(await response.arrayBuffer());

describe('aggregator reads over HTTP', () => {
  it('serves a blob byte for byte with the daemon headers and no content type of its own', async () => {
    const response = await get(`/v1/blobs/${BLOB}`);
    expect(response.status).toBe(200);
    expectBytes(await bytes(response), data);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      etag: BLOB,
      'cache-control': 'public, max-age=86400, stale-while-revalidate=3600',
      'x-content-type-options': 'nosniff',
      'access-control-allow-origin': '*',
      'content-length': String(data.length),
    });
    expect(response.headers.has('content-type')).toBe(false);
    const typed = await get(`/v1/blobs/${BLOB}`, { accept: 'application/pdf' });
    expect(typed.headers.get('content-type')).toBe('application/pdf');
    const head = await get(`/v1/blobs/${BLOB}`, {}, 'HEAD');
    expect(head.headers.get('content-length')).toBe(String(data.length));
    expect((await bytes(head)).length).toBe(0);
  });

  it('answers a Range with 206 and only those bytes, and 416 for what the daemon refuses', async () => {
    const partial = await get(`/v1/blobs/${BLOB}`, { range: 'bytes=1000-10999' });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 1000-10999/${data.length}`);
    expectBytes(await bytes(partial), data.subarray(1000, 11_000));
    const last = await get(`/v1/blobs/${BLOB}`, { range: `bytes=${data.length - 1}-${data.length - 1}` });
    expectBytes(await bytes(last), data.subarray(data.length - 1));

    const past = await get(`/v1/blobs/${BLOB}`, { range: `bytes=10-${data.length}` });
    expect(past.status).toBe(416);
    expect(await past.json()).toEqual({
      error: {
        status: 'RANGE_NOT_SATISFIABLE',
        code: 416,
        message: `invalid byte range parameters: byte range out of bounds: requested 10-${data.length + 1}, blob size is ${data.length}`,
        details: [
          { '@type': 'ErrorInfo', reason: 'INVALID_BYTE_RANGE', domain: 'daemon.walrus.space', metadata: {} },
        ],
      },
    });
    const open = await get(`/v1/blobs/${BLOB}`, { range: 'bytes=100-' });
    expect(open.status).toBe(416);
    expect((await open.json()).error.message).toBe('invalid byte range parameters: must provide end index');

    const byteRange = await get(`/v1/blobs/${BLOB}/byte-range?start=5&length=10`);
    expect(byteRange.status).toBe(200);
    expect(byteRange.headers.get('etag')).toBe(`${BLOB}-5-10`);
    expectBytes(await bytes(byteRange), data.subarray(5, 15));
  });

  it('serves quilt patches by patch ID and by identifier, with identifier and allowed tag headers', async () => {
    const placement = quilt.patches.find((p) => p.identifier === 'index.html')!;
    const patchId = quiltPatchIdToText({ quiltId: quilt.encoded.blobId, ...placement });
    const byId = await get(`/v1/blobs/by-quilt-patch-id/${patchId}`);
    expect(byId.status).toBe(200);
    expectBytes(await bytes(byId), page);
    expect(Object.fromEntries(byId.headers)).toMatchObject({
      'x-quilt-patch-identifier': 'index.html',
      'content-type': 'text/html',
      etag: QUILT,
    });
    expect(byId.headers.has('zeta')).toBe(false);

    const byName = await get(`/v1/blobs/by-quilt-id/${QUILT}/img%2Flogo.png`);
    expect(byName.status).toBe(200);
    expectBytes(await bytes(byName), logo);
    expect(byName.headers.get('x-quilt-patch-identifier')).toBe('img/logo.png');

    const missing = await get(`/v1/blobs/by-quilt-id/${QUILT}/nope.html`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.details[0].reason).toBe('QUILT_PATCH_NOT_FOUND');
    const outside = quiltPatchIdToText({ quiltId: quilt.encoded.blobId, start: 100, end: 101 });
    expect((await get(`/v1/blobs/by-quilt-patch-id/${outside}`)).status).toBe(404);
  });

  it('lists a quilt as the daemon does: identifier, patch ID and tags sorted by key', async () => {
    const response = await get(`/v1/quilts/${QUILT}/patches`);
    expect(response.headers.get('content-type')).toBe('application/json');
    const list = (await response.json()) as { identifier: string; patch_id: string; tags: object }[];
    expect(list).toEqual(
      quilt.patches.map((p) => ({
        identifier: p.identifier,
        patch_id: quiltPatchIdToText({ quiltId: quilt.encoded.blobId, start: p.start, end: p.end }),
        tags:
          p.identifier === 'index.html' ? { alpha: 'first', 'content-type': 'text/html', zeta: 'last' } : {},
      })),
    );
    expect(Object.keys(list.find((p) => p.identifier === 'index.html')!.tags)).toEqual([
      'alpha',
      'content-type',
      'zeta',
    ]);
    const patch = await get(`/v1/blobs/by-quilt-patch-id/${list[0]!.patch_id}`);
    expect(patch.headers.get('x-quilt-patch-identifier')).toBe(list[0]!.identifier);
  });

  it('says 404 BLOB_NOT_FOUND when the nodes say the blob does not exist, 503 when they cannot tell', async () => {
    const unknown = await get(`/v1/blobs/${UNKNOWN}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: {
        status: 'NOT_FOUND',
        code: 404,
        message: 'the requested blob ID does not exist on Walrus, ensure that it was entered correctly',
        details: [
          { '@type': 'ErrorInfo', reason: 'BLOB_NOT_FOUND', domain: 'daemon.walrus.space', metadata: {} },
        ],
      },
    });
    nodesKnowStatus = false;
    try {
      const unsure = await get(`/v1/blobs/${UNKNOWN}`);
      expect(unsure.status).toBe(503);
      expect((await unsure.json()).error.details[0].reason).toBe('BLOB_UNAVAILABLE');
    } finally {
      nodesKnowStatus = true;
    }
  });

  it('answers malformed IDs with 400, unknown paths with 404, wrong methods with 405, preflights for any origin', async () => {
    const bad = await get('/v1/blobs/not-a-blob-id');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe(
      'Invalid URL: Cannot parse `blob_id` with value `not-a-blob-id`: failed to parse a blob ID',
    );
    expect((await get('/v1/nothing')).status).toBe(404);
    // Without a publisher the store routes do not exist.
    expect((await globalThis.fetch(`${server.url}/v1/blobs`, { method: 'PUT', body: 'x' })).status).toBe(404);
    const post = await globalThis.fetch(`${server.url}/v1/blobs/${BLOB}`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET,HEAD']);
    const preflight = await get(
      `/v1/blobs/${BLOB}`,
      {
        origin: 'https://app.example',
        'access-control-request-method': 'PUT',
      },
      'OPTIONS',
    );
    expect(preflight.status).toBe(200);
    expect(Object.fromEntries(preflight.headers)).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': '*',
      'access-control-allow-headers': '*',
      'access-control-max-age': '86400',
    });
  });

  it('sheds reads beyond its limit with the daemon’s 429, and serves the ones it took', async () => {
    const busy = await startAggregatorServer({
      reads: new BlobReads({ committee: async () => net.committee, fetch }),
      port: 0,
      limits: { maxConcurrentReads: 1 },
    });
    const slow = encodedBlob(N, 3000, 10);
    net.add(slow.encoded);
    for (let member = 0; member < NODES; member++) net.setFault(member, { kind: 'slow', ms: 300 });
    try {
      const first = globalThis.fetch(`${busy.url}/v1/blobs/${blobIdToText(slow.encoded.blobId)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const shed = await globalThis.fetch(`${busy.url}/v1/blobs/${BLOB}`);
      expect([shed.status, await shed.text()]).toEqual([
        429,
        'the aggregator is receiving too many requests; please try again later',
      ]);
      const answered = await first;
      expect(answered.status).toBe(200);
      expectBytes(await bytes(answered), slow.data);
    } finally {
      for (let member = 0; member < NODES; member++) net.setFault(member, undefined);
      await busy.close();
    }
  });

  it('never serves bytes from lying nodes: one is outvoted by verification, too many make it 503', async () => {
    net.setFault(1, { kind: 'corrupt' });
    try {
      expectBytes(await bytes(await get(`/v1/blobs/${BLOB}`)), data);
      expectBytes(
        await bytes(await get(`/v1/blobs/${BLOB}`, { range: 'bytes=0-99' })),
        data.subarray(0, 100),
      );
      const placement = quilt.patches.find((p) => p.identifier === 'img/logo.png')!;
      const patchId = quiltPatchIdToText({ quiltId: quilt.encoded.blobId, ...placement });
      expectBytes(await bytes(await get(`/v1/blobs/by-quilt-patch-id/${patchId}`)), logo);

      // Four of five nodes now lie: fewer honest slivers than a decode needs.
      for (const member of [0, 2, 3]) net.setFault(member, { kind: 'corrupt' });
      const other = encodedBlob(N, 5000, 8);
      net.add(other.encoded);
      const response = await get(`/v1/blobs/${blobIdToText(other.encoded.blobId)}`);
      expect(response.status).toBe(503);
      const body = await response.json();
      expect(body.error.details[0].reason).toBe('BLOB_UNAVAILABLE');
    } finally {
      for (const member of [0, 1, 2, 3]) net.setFault(member, undefined);
    }
  });
});
