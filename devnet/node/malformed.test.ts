// Hostile input: several hundred malformed requests — bad BCS, truncations, wrong lengths and
// symbol sizes, tampered data, wrong shards and indices, unknown or unregistered blobs, bad IDs,
// oversized bodies, wrong content types, methods and routes — each answered with the right status
// and AIP-193 reason, concurrently, while the node stays up and keeps serving honest clients.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobIdToText } from '../../core/walrus/blob-id.ts';
import {
  parseSliverData,
  serializeBlobMetadata,
  serializeSliverData,
  type BlobMetadata,
} from '../../core/walrus/bcs.ts';
import type { EncodedBlob } from '../../core/walrus/encoding.ts';
import type { StorageNodeApiError } from '../../core/walrus/node-errors.ts';
import { geometry } from '../../core/walrus/geometry.ts';
import { encodedBlob, prng, randomBytes } from '../../core/walrus/test-support/fixtures.ts';
import { maxSliverBodyBytes, metadataBodyBytes } from './limits.ts';
import { pairsOf, startTestNode, stopAll, uploadTo, type TestNode } from './test-support/harness.ts';

const N = 10;
const G = geometry(N);
const SHARDS = [0, 1, 2, 3, 4];

interface Case {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly body?: Uint8Array;
  readonly headers?: Record<string, string>;
  readonly status: number;
  readonly reason: string;
}

let node: TestNode;
/** Registered, metadata stored: sliver uploads reach verification. */
let stored: EncodedBlob;
/** Registered, nothing uploaded yet: metadata uploads reach verification. */
let fresh: EncodedBlob;
/** Registered, no metadata: sliver uploads stop at METADATA_NOT_FOUND. */
let bare: EncodedBlob;
/** Never registered. */
let unknown: EncodedBlob;

beforeAll(async () => {
  node = await startTestNode({ shards: SHARDS });
  [stored, fresh, bare, unknown] = [41, 42, 43, 44].map(
    (seed) => encodedBlob(N, 3000 + seed, seed).encoded,
  ) as [EncodedBlob, EncodedBlob, EncodedBlob, EncodedBlob];
  for (const blob of [stored, fresh, bare]) node.state.register(blob.blobId);
  await node.client.putMetadata(stored.blobId, serializeBlobMetadata(stored.metadata));
});

afterAll(stopAll);

const id = (blob: EncodedBlob) => blobIdToText(blob.blobId);
const metadataPath = (blob: EncodedBlob) => `/v1/blobs/${id(blob)}/metadata`;
const sliverPath = (blob: EncodedBlob, pair: number | string, type = 'primary') =>
  `/v1/blobs/${id(blob)}/slivers/${pair}/${type}`;

function put(
  name: string,
  path: string,
  body: Uint8Array,
  status: number,
  reason: string,
  headers?: Record<string, string>,
): Case {
  return { name, method: 'PUT', path, body, status, reason, ...(headers ? { headers } : {}) };
}

function get(name: string, path: string, status: number, reason: string): Case {
  return { name, method: 'GET', path, status, reason };
}

interface MutableMetadata {
  encodingType: number;
  unencodedLength: number;
  hashes: { primary: Uint8Array | null; secondary: Uint8Array | null }[];
}

function withMetadata(metadata: BlobMetadata, change: (m: MutableMetadata) => void): Uint8Array {
  const copy: MutableMetadata = { ...metadata, hashes: metadata.hashes.map((h) => ({ ...h })) };
  change(copy);
  return serializeBlobMetadata(copy);
}

function metadataCases(): Case[] {
  const cases: Case[] = [];
  const good = serializeBlobMetadata(fresh.metadata);
  const random = prng(7);
  for (let i = 0; i < 40; i++) {
    const body = randomBytes(1 + Math.floor(random() * 700), 100 + i);
    body[0] = 1 + (i % 200); // no BlobMetadata variant but 0 exists
    cases.push(put(`random metadata #${i}`, metadataPath(fresh), body, 400, 'INVALID_CONTENT_TYPE'));
  }
  for (let length = 0; length < good.length; length += 9) {
    cases.push(
      put(
        `metadata cut at ${length}`,
        metadataPath(fresh),
        good.subarray(0, length),
        400,
        'INVALID_CONTENT_TYPE',
      ),
    );
  }
  cases.push(
    put(
      'metadata + trailing byte',
      metadataPath(fresh),
      Uint8Array.from([...good, 0]),
      400,
      'INVALID_CONTENT_TYPE',
    ),
  );
  // 0x8a 0x00 is 10 as an over-long ULEB128: Rust's bcs refuses it, so do we.
  const overlong = Uint8Array.from([...good.subarray(0, 10), 0x8a, 0x00, ...good.subarray(11)]);
  cases.push(put('over-long ULEB128 count', metadataPath(fresh), overlong, 400, 'INVALID_CONTENT_TYPE'));
  const raptor = good.slice();
  raptor[1] = 0;
  cases.push(put('RaptorQ encoding type', metadataPath(fresh), raptor, 400, 'UNSUPPORTED_ENCODING_TYPE'));
  cases.push(
    put(
      'another blob’s metadata',
      metadataPath(fresh),
      serializeBlobMetadata(stored.metadata),
      400,
      'INVALID_METADATA',
    ),
  );
  for (let pair = 0; pair < N; pair++) {
    for (const side of ['primary', 'secondary'] as const) {
      const body = withMetadata(fresh.metadata, (m) => {
        const hash = m.hashes[pair]![side]!.slice();
        hash[pair]! ^= 1;
        m.hashes[pair]![side] = hash;
      });
      cases.push(
        put(`tampered ${side} hash of pair ${pair}`, metadataPath(fresh), body, 400, 'INVALID_METADATA'),
      );
    }
  }
  cases.push(
    put(
      'wrong unencoded length',
      metadataPath(fresh),
      withMetadata(fresh.metadata, (m) => (m.unencodedLength += 1)),
      400,
      'INVALID_METADATA',
    ),
  );
  cases.push(
    put(
      'nine hashes at n = 10',
      metadataPath(fresh),
      withMetadata(fresh.metadata, (m) => m.hashes.pop()),
      400,
      'INVALID_METADATA',
    ),
  );
  cases.push(
    put(
      'empty hash node',
      metadataPath(fresh),
      withMetadata(fresh.metadata, (m) => (m.hashes[3]!.primary = null)),
      400,
      'INVALID_METADATA',
    ),
  );
  const oversized = new Uint8Array(metadataBodyBytes(G) + 1);
  cases.push(put('oversized metadata body', metadataPath(fresh), oversized, 400, 'INVALID_CONTENT_TYPE'));
  for (const type of [
    'text/plain',
    'application/json',
    'application/x-www-form-urlencoded',
    'octet-stream',
    'garbage',
  ]) {
    cases.push(
      put(`metadata as ${type}`, metadataPath(fresh), good, 400, 'INVALID_CONTENT_TYPE', {
        'content-type': type,
      }),
    );
  }
  cases.push(
    put(
      'metadata of an unregistered blob',
      metadataPath(unknown),
      serializeBlobMetadata(unknown.metadata),
      400,
      'NOT_REGISTERED',
    ),
  );
  cases.push(put('pending=maybe', `${metadataPath(fresh)}?pending=maybe`, good, 400, 'INVALID_PARAMETER'));
  return cases;
}

function sliverCases(): Case[] {
  const cases: Case[] = [];
  const owned = pairsOf(stored, SHARDS);
  const foreign = [...Array(N).keys()].filter((p) => !owned.includes(p));
  const random = prng(9);
  for (let i = 0; i < 30; i++) {
    const body = randomBytes(Math.floor(random() * 2000), 300 + i);
    if (body.length > 0) body[0] = 0xff; // a ULEB128 length that cannot match the body
    cases.push(
      put(
        `random sliver #${i}`,
        sliverPath(stored, owned[i % owned.length]!),
        body,
        400,
        'INVALID_CONTENT_TYPE',
      ),
    );
  }
  for (const pair of owned) {
    for (const type of ['primary', 'secondary'] as const) {
      const good = (type === 'primary' ? stored.primary : stored.secondary)[pair]!;
      const path = sliverPath(stored, pair, type);
      const sliver = parseSliverData(good);
      for (const length of [0, 1, 3, good.length - 5, good.length - 1]) {
        cases.push(
          put(
            `${type} ${pair} cut at ${length}`,
            path,
            good.subarray(0, length),
            400,
            'INVALID_CONTENT_TYPE',
          ),
        );
      }
      cases.push(
        put(`${type} ${pair} + trailing`, path, Uint8Array.from([...good, 1]), 400, 'INVALID_CONTENT_TYPE'),
      );
      for (const delta of [-2, 2]) {
        const data =
          delta < 0
            ? sliver.data.subarray(0, sliver.data.length + delta)
            : Uint8Array.from([...sliver.data, 0, 0]);
        cases.push(
          put(
            `${type} ${pair} length ${delta}`,
            path,
            serializeSliverData({ ...sliver, data }),
            400,
            'INVALID_SLIVER',
          ),
        );
      }
      cases.push(
        put(
          `${type} ${pair} symbol size`,
          path,
          serializeSliverData({ ...sliver, symbolSize: sliver.symbolSize + 2 }),
          400,
          'INVALID_SLIVER',
        ),
      );
      for (const at of [0, Math.floor(sliver.data.length / 2), sliver.data.length - 1]) {
        const data = sliver.data.slice();
        data[at]! ^= 0x80;
        cases.push(
          put(
            `${type} ${pair} byte ${at} flipped`,
            path,
            serializeSliverData({ ...sliver, data }),
            400,
            'INVALID_SLIVER',
          ),
        );
      }
      const other = owned.find((p) => p !== pair)!;
      cases.push(
        put(
          `${type} ${pair} sent as pair ${other}`,
          sliverPath(stored, other, type),
          good,
          400,
          'SLIVER_INDEX_MISMATCH',
        ),
      );
      const flipped = type === 'primary' ? 'secondary' : 'primary';
      cases.push(
        put(
          `${type} ${pair} sent as ${flipped}`,
          sliverPath(stored, pair, flipped),
          good,
          400,
          'SLIVER_INDEX_MISMATCH',
        ),
      );
      const canonical = good.subarray(2); // data length < 128·128, so the prefix is 2 bytes
      const prefix = [good[0]! | 0x80, good[1]! | 0x80, 0x00];
      cases.push(
        put(
          `${type} ${pair} over-long ULEB128`,
          path,
          Uint8Array.from([...prefix, ...canonical]),
          400,
          'INVALID_CONTENT_TYPE',
        ),
      );
      cases.push(
        put(`${type} ${pair} as text/plain`, path, good, 400, 'INVALID_CONTENT_TYPE', {
          'content-type': 'text/plain',
        }),
      );
      cases.push(
        put(
          `${type} ${pair} of an unregistered blob`,
          sliverPath(unknown, pair, type),
          (type === 'primary' ? unknown.primary : unknown.secondary)[pair]!,
          400,
          'NOT_REGISTERED',
        ),
      );
      cases.push(
        put(
          `${type} ${pair} before metadata`,
          sliverPath(bare, pair, type),
          (type === 'primary' ? bare.primary : bare.secondary)[pair]!,
          400,
          'METADATA_NOT_FOUND',
        ),
      );
    }
  }
  for (const pair of foreign) {
    for (const type of ['primary', 'secondary'] as const) {
      const good = (type === 'primary' ? stored.primary : stored.secondary)[pair]!;
      cases.push(
        put(
          `${type} ${pair} on a foreign shard`,
          sliverPath(stored, pair, type),
          good,
          400,
          'SHARD_NOT_ASSIGNED',
        ),
      );
      cases.push(
        get(
          `GET ${type} ${pair} on a foreign shard`,
          sliverPath(stored, pair, type),
          400,
          'SHARD_NOT_ASSIGNED',
        ),
      );
    }
  }
  for (const pair of [10, 11, 999, 65535, 65536, 99999999, '000000000000000000000000010']) {
    cases.push(
      put(`PUT pair ${pair}`, sliverPath(stored, pair), stored.primary[0]!, 400, 'INDEX_OUT_OF_RANGE'),
    );
    cases.push(get(`GET pair ${pair}`, sliverPath(stored, pair), 400, 'INDEX_OUT_OF_RANGE'));
    cases.push(
      get(`status of pair ${pair}`, `${sliverPath(stored, pair)}/status`, 400, 'INDEX_OUT_OF_RANGE'),
    );
  }
  for (const pair of ['abc', '-1', '1.5', '0x1', '%20', '1e3']) {
    cases.push(
      put(`PUT pair ${pair}`, sliverPath(stored, pair), stored.primary[0]!, 400, 'INVALID_PARAMETER'),
    );
    cases.push(get(`GET pair ${pair}`, sliverPath(stored, pair), 400, 'INVALID_PARAMETER'));
  }
  for (const type of ['tertiary', 'Primary', 'PRIMARY', '']) {
    cases.push(
      get(
        `GET type ${JSON.stringify(type)}`,
        sliverPath(stored, 0, type),
        type === '' ? 404 : 400,
        type === '' ? 'ROUTE_NOT_FOUND' : 'INVALID_PARAMETER',
      ),
    );
  }
  const limit = maxSliverBodyBytes(G);
  cases.push(
    put(
      'oversized sliver body',
      sliverPath(stored, owned[0]!),
      new Uint8Array(limit + 1),
      400,
      'SLIVER_TOO_LARGE',
    ),
  );
  cases.push(
    put(
      'much larger sliver body',
      sliverPath(stored, owned[0]!),
      new Uint8Array(3 * limit),
      400,
      'SLIVER_TOO_LARGE',
    ),
  );
  return cases;
}

function readCases(): Case[] {
  const cases: Case[] = [];
  cases.push(get('metadata of an unknown blob', metadataPath(unknown), 404, 'METADATA_NOT_FOUND'));
  cases.push(get('metadata not uploaded', metadataPath(bare), 404, 'METADATA_NOT_FOUND'));
  cases.push(get('sliver of an unknown blob', sliverPath(unknown, 0), 404, 'SLIVER_NOT_FOUND'));
  const ownedBare = pairsOf(bare, SHARDS)[0]!;
  cases.push(get('sliver not uploaded', sliverPath(bare, ownedBare), 404, 'SLIVER_NOT_FOUND'));
  const good = id(stored);
  const badIds = [
    '',
    'abc',
    good.slice(0, 42),
    `${good}A`,
    `${good}=`,
    `${good.slice(0, 42)}+`,
    `${good.slice(0, 42)}%2F`,
    `${good.slice(0, 42)}!`,
    `${good.slice(0, 40)}===`,
    // The last character of 43 carries two unused bits; a set one is not a canonical ID.
    `${good.slice(0, 42)}${good.endsWith('B') ? 'C' : 'B'}`,
    '%zz',
    'x'.repeat(500),
  ];
  for (const bad of badIds) {
    for (const suffix of [
      '/metadata',
      '/metadata/status',
      '/slivers/0/primary',
      '/status',
      '/confirmation/permanent',
    ]) {
      if (bad === '' && suffix === '/status') continue; // `/v1/blobs//status` is simply not a route
      cases.push(
        get(
          `blob ID ${JSON.stringify(bad.slice(0, 12))}… ${suffix}`,
          `/v1/blobs/${bad}${suffix}`,
          bad === '' ? 404 : 400,
          bad === '' ? 'ROUTE_NOT_FOUND' : 'INVALID_BLOB_ID',
        ),
      );
    }
  }
  for (const path of [
    '/',
    '/v1',
    '/v1/blobs',
    '/v2/health',
    '/v1/health/',
    `/v1/blobs/${good}`,
    `/v1/blobs/${good}/nothing`,
    `/v1/blobs/${good}/slivers/0`,
    `/v1/blobs/${good}/inconsistencyProof/primary`,
    '/v1/api',
  ]) {
    cases.push(get(`route ${path.slice(0, 40)}`, path, 404, 'ROUTE_NOT_FOUND'));
  }
  // The symbol endpoints exist; a missing or malformed query is a bad parameter.
  for (const path of [
    `/v1/blobs/${good}/recoverySymbols`,
    `/v1/blobs/${good}/recoverySymbols?id=1`,
    `/v1/blobs/${good}/decodingSymbols?targetSlivers=1,2&targetType=primary`,
  ]) {
    cases.push(get(`symbols ${path.slice(54)}`, path, 400, 'INVALID_PARAMETER'));
  }
  for (const [method, path] of [
    ['DELETE', metadataPath(stored)],
    ['POST', metadataPath(stored)],
    ['PATCH', sliverPath(stored, 0)],
    ['PUT', '/v1/health'],
    ['POST', `/v1/blobs/${good}/status`],
    ['PUT', `${metadataPath(stored)}/status`],
    ['DELETE', `/v1/blobs/${good}/confirmation/permanent`],
  ] as const) {
    cases.push({
      name: `${method} ${path.slice(-30)}`,
      method,
      path,
      status: 405,
      reason: 'METHOD_NOT_ALLOWED',
    });
  }
  cases.push(
    get(
      'confirmation of an unknown blob',
      `/v1/blobs/${id(unknown)}/confirmation/permanent`,
      400,
      'NOT_REGISTERED',
    ),
  );
  cases.push(
    get('confirmation without slivers', `/v1/blobs/${good}/confirmation/permanent`, 400, 'MISSING_SLIVERS'),
  );
  cases.push(
    get(
      'deletable confirmation of a permanent blob',
      `/v1/blobs/${good}/confirmation/deletable/0x1`,
      400,
      'NOT_REGISTERED',
    ),
  );
  for (const object of ['0xzz', 'abc', '0x', `0x${'1'.repeat(65)}`, '1234']) {
    cases.push(
      get(
        `object ID ${object.slice(0, 10)}`,
        `/v1/blobs/${good}/confirmation/deletable/${object}`,
        400,
        'INVALID_PARAMETER',
      ),
    );
  }
  for (const query of [
    'wait_millis=-1',
    'wait_millis=abc',
    'wait_millis=1.5',
    'wait_for_registration=yes',
    'wait_for_registration=1',
  ]) {
    cases.push(
      get(
        `confirmation ?${query}`,
        `/v1/blobs/${good}/confirmation/permanent?${query}`,
        400,
        'INVALID_PARAMETER',
      ),
    );
  }
  cases.push(get('health ?detailed=please', '/v1/health?detailed=please', 400, 'INVALID_PARAMETER'));
  return cases;
}

async function send(c: Case): Promise<{ status: number; reason: string | undefined; body: unknown }> {
  const response = await fetch(node.url + c.path, {
    method: c.method,
    ...(c.body ? { body: c.body as BodyInit } : {}),
    ...(c.headers ? { headers: c.headers } : {}),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  const reason = (body as { error?: { details?: { reason?: string }[] } })?.error?.details?.[0]?.reason;
  return { status: response.status, reason, body };
}

describe('malformed requests', () => {
  it('answers each of several hundred bad requests with the right status and reason', async () => {
    const cases = [...metadataCases(), ...sliverCases(), ...readCases()];
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const results: { name: string; got: [number, string | undefined]; want: [number, string] }[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        const { status, reason, body } = await send(c);
        results.push({ name: c.name, got: [status, reason], want: [c.status, c.reason] });
        // Every error is AIP-193 with the code mirrored in the body.
        expect((body as { error: { code: number } }).error.code).toBe(status);
      }
    };
    await Promise.all(Array.from({ length: 24 }, worker));
    const wrong = results.filter((r) => r.got[0] !== r.want[0] || r.got[1] !== r.want[1]);
    expect(wrong).toEqual([]);
    expect(results).toHaveLength(cases.length);
    expect(node.failures).toEqual([]);

    // Nothing was stored by any of it, and the node still serves honest clients.
    for (const pair of pairsOf(stored, SHARDS)) {
      expect(await node.client.getSliverStatus(stored.blobId, pair, 'primary')).toBe('nonexistent');
    }
    expect(await node.client.getMetadataStatus(fresh.blobId)).toBe('nonexistent');
    await uploadTo(node, stored);
    await uploadTo(node, fresh);
    expect((await node.client.getPermanentConfirmation(stored.blobId)).signature).toHaveLength(96);
    expect((await node.client.getHealth()).nodeStatus).toBe('Active');
  });

  it('accepts application/octet-stream with parameters and no content type at all', async () => {
    const blob = encodedBlob(N, 777, 45).encoded;
    node.state.register(blob.blobId);
    const body = serializeBlobMetadata(blob.metadata);
    const withParams = await fetch(node.url + metadataPath(blob), {
      method: 'PUT',
      body: body as BodyInit,
      headers: { 'content-type': 'Application/Octet-Stream; charset=binary' },
    });
    expect(withParams.status).toBe(201);
    const bare = await fetch(node.url + metadataPath(blob), { method: 'PUT', body: body as BodyInit });
    expect(bare.status).toBe(200);
  });

  it('refuses streamed bodies that grow past the cap', async () => {
    const pair = pairsOf(stored, SHARDS)[0]!;
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    const limit = maxSliverBodyBytes(G);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 2 * limit) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(node.url + sliverPath(stored, pair), {
      method: 'PUT',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(400);
    expect(
      ((await response.json()) as { error: { details: { reason: string }[] } }).error.details[0]!.reason,
    ).toBe('SLIVER_TOO_LARGE');
    expect((await node.client.getHealth()).nodeStatus).toBe('Active');
  });

  it('caps concurrency: a full queue is refused with 503 and queued requests still complete', async () => {
    const small = await startTestNode({ shards: SHARDS, limits: { maxConcurrent: 1, maxQueued: 1 } });
    const blob = encodedBlob(N, 500, 46).encoded;
    // A confirmation waiting for a registration holds the only slot for 400 ms.
    const holder = small.client
      .getPermanentConfirmation(blob.blobId, { waitForRegistration: true, waitMillis: 400 })
      .catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const queued = small.client.getHealth();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const refused = await fetch(`${small.url}/v1/health`);
    expect(refused.status).toBe(503);
    expect(
      ((await refused.json()) as { error: { details: { reason: string }[] } }).error.details[0]!.reason,
    ).toBe('UNAVAILABLE');
    expect((await queued).nodeStatus).toBe('Active');
    expect((await holder) as StorageNodeApiError).toMatchObject({ reason: 'NOT_REGISTERED' });
  });

  it('survives garbage on the wire', async () => {
    for (const garbage of [
      'GARBAGE\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n',
      '\x00\x01\x02\r\n\r\n',
    ]) {
      const reply = await new Promise<string>((resolve) => {
        const socket = connect(Number(new URL(node.url).port), '127.0.0.1', () => socket.write(garbage));
        let text = '';
        socket.on('data', (d) => (text += d.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', () => resolve(text));
      });
      expect(reply).toMatch(/^HTTP\/1\.1 400/);
    }
    expect((await node.client.getHealth()).nodeStatus).toBe('Active');
  });
});
