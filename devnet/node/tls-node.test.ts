// A storage node serving its public API over TLS, as mainnet nodes do: HTTP/2 by ALPN for clients
// that offer it (browsers), HTTP/1.1 for the rest (Node's fetch), both with the devnet CA.
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type ClientHttp2Session, type OutgoingHttpHeaders } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobIdToText } from '../../core/walrus/blob-id.ts';
import { serializeBlobMetadata } from '../../core/walrus/bcs.ts';
import { StorageNodeClient } from '../../core/walrus/node-client.ts';
import { expectBytes } from '../../core/walrus/test-support/bytes.ts';
import { encodedBlob } from '../../core/walrus/test-support/fixtures.ts';
import { loadOrCreateDevnetTls, type DevnetTls } from '../tls/devnet-tls.ts';
import { trustCaInThisProcess } from '../tls/trust.ts';
import { BlsSigner } from './bls.ts';
import { MemoryBlobState } from './memory-state.ts';
import { startStorageNode, type RunningStorageNode } from './node.ts';
import { pairsOnShards } from './shards.ts';

const SHARDS = [0, 1, 2, 3];
let dir: string;
let tls: DevnetTls;
let state: MemoryBlobState;
let node: RunningStorageNode;
const failures: string[] = [];
const sessions: ClientHttp2Session[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-tls-node-'));
  tls = await loadOrCreateDevnetTls(join(dir, 'tls'));
  state = new MemoryBlobState({ epoch: 1, nShards: 10, shards: SHARDS });
  node = await startStorageNode({
    dir: join(dir, 'node'),
    signer: BlsSigner.generate(),
    state,
    devnet: true,
    tls: { certPem: tls.certPem, keyPem: tls.keyPem },
    onError: (error, context) => failures.push(`${context}: ${String(error)}`),
  });
});

afterAll(async () => {
  for (const session of sessions) session.destroy();
  await node?.close();
  await rm(dir, { recursive: true, force: true });
});

function h2Session(): Promise<ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    // Room for a large upload queued in one go; the default 10 MB would refuse it on our side.
    const session = connect(node.url, { ca: tls.caPem, maxSessionMemory: 1024 });
    sessions.push(session);
    session.once('connect', () => resolve(session));
    session.once('error', reject);
  });
}

interface H2Answer {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly body: Uint8Array;
}

function h2Request(
  session: ClientHttp2Session,
  headers: OutgoingHttpHeaders,
  body?: Uint8Array,
): Promise<H2Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request(headers, { endStream: body === undefined });
    let answer: Record<string, unknown> = {};
    const chunks: Buffer[] = [];
    stream.on('response', (h) => (answer = h));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('close', () =>
      resolve({
        status: Number(answer[':status']),
        headers: answer,
        body: Buffer.concat(chunks),
      }),
    );
    stream.on('error', reject);
    if (body !== undefined) stream.end(body);
  });
}

describe('storage node over TLS', () => {
  it('answers /v1/health over HTTP/2 with mainnet stream limits, and over HTTP/1.1 to fetch', async () => {
    expect(node.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const session = await h2Session();
    expect(session.alpnProtocol).toBe('h2');
    const health = await h2Request(session, { ':path': '/v1/health' });
    expect(health.status).toBe(200);
    expect(health.headers['access-control-allow-origin']).toBe('*');
    expect(JSON.parse(Buffer.from(health.body).toString())).toMatchObject({ success: { code: 200 } });
    expect(session.remoteSettings.maxConcurrentStreams).toBe(1000);

    trustCaInThisProcess(tls.caPem);
    const response = await fetch(`${node.url}/v1/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(failures).toEqual([]);
  });

  it('stores slivers sent over HTTP/2 and serves them back, also to the HTTP/1.1 client', async () => {
    trustCaInThisProcess(tls.caPem);
    const client = new StorageNodeClient({ url: node.url, timeoutMs: 10_000 });
    const { encoded } = encodedBlob(10, 5000, 21);
    state.register(encoded.blobId, { endEpoch: 6 });
    await client.putMetadata(encoded.blobId, serializeBlobMetadata(encoded.metadata));

    const session = await h2Session();
    const pairs = pairsOnShards(encoded.blobId, SHARDS, 10);
    const base = `/v1/blobs/${blobIdToText(encoded.blobId)}/slivers`;
    // All pairs at once: one session carries the parallel uploads.
    const stored = await Promise.all(
      pairs.map((pair) =>
        h2Request(
          session,
          {
            ':method': 'PUT',
            ':path': `${base}/${pair}/primary`,
            'content-type': 'application/octet-stream',
          },
          encoded.primary[pair]!,
        ),
      ),
    );
    expect(stored.map((answer) => answer.status)).toEqual(pairs.map(() => 201));
    for (const pair of pairs) {
      const read = await h2Request(session, { ':path': `${base}/${pair}/primary` });
      expect(read.status).toBe(200);
      expectBytes(read.body, encoded.primary[pair]!);
      expectBytes(await client.getSliver(encoded.blobId, pair, 'primary'), encoded.primary[pair]!);
    }
    expect(failures).toEqual([]);
  });

  it('drops one HTTP/2 stream for a dropped request, not the session its neighbours use', async () => {
    const session = await h2Session();
    node.faults.update({ dropRate: 1 });
    try {
      const dropped = await h2Request(session, { ':path': '/v1/health' }).then(
        () => undefined,
        (error: NodeJS.ErrnoException) => error,
      );
      expect(dropped?.code).toBe('ERR_HTTP2_STREAM_ERROR');
    } finally {
      node.faults.reset();
    }
    expect(session.closed || session.destroyed).toBe(false);
    expect((await h2Request(session, { ':path': '/v1/health' })).status).toBe(200);
  });

  it('refuses an oversized sliver over HTTP/2 and keeps the session for the next request', async () => {
    const session = await h2Session();
    const { encoded } = encodedBlob(10, 5000, 22);
    state.register(encoded.blobId, { endEpoch: 6 });
    const pair = pairsOnShards(encoded.blobId, SHARDS, 10)[0]!;
    const path = `/v1/blobs/${blobIdToText(encoded.blobId)}/slivers/${pair}/primary`;
    const huge = new Uint8Array(1 << 20);
    const answer = await h2Request(session, { ':method': 'PUT', ':path': path }, huge);
    expect(answer.status).toBe(400);
    expect(Buffer.from(answer.body).toString()).toContain('SLIVER_TOO_LARGE');
    expect(session.destroyed).toBe(false);
    expect((await h2Request(session, { ':path': '/v1/health' })).status).toBe(200);
    expect(failures).toEqual([]);
  });
});
