// The devnet admin API: fault injection (latency, dropped connections, corrupted slivers at random
// or by pair, refuse-all, refused symbols, deny list, reset) as readers and writers see it, the
// request log, the state feed used until the chain follower exists, and the rules that keep the
// API on loopback and off outside devnet mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobIdToText } from '../../core/walrus/blob-id.ts';
import { parseSliverData, serializeBlobMetadata } from '../../core/walrus/bcs.ts';
import { geometry } from '../../core/walrus/geometry.ts';
import { NodeConnectionError, type StorageNodeApiError } from '../../core/walrus/node-errors.ts';
import { WalrusReader } from '../../core/walrus/reader.ts';
import { sha256 } from '../../core/walrus/sha256.ts';
import { SliverVerificationError, verifySliver } from '../../core/walrus/sliver-verify.ts';
import { expectBytes } from '../../core/walrus/test-support/bytes.ts';
import { encodedBlob } from '../../core/walrus/test-support/fixtures.ts';
import { StorageNodeClient } from '../../core/walrus/node-client.ts';
import { BlsSigner } from './bls.ts';
import { NO_FAULTS } from './faults.ts';
import { MemoryBlobState } from './memory-state.ts';
import { startStorageNode } from './node.ts';
import { pairsOnShards, shardOfPair } from './shards.ts';
import {
  splitShards,
  startTestNode,
  stopAll,
  tempDir,
  uploadTo,
  type TestNode,
} from './test-support/harness.ts';

const N = 10;
let nodes: TestNode[];
const chain = new MemoryBlobState({ epoch: 1, nShards: N, shards: [] });
const { data, encoded } = encodedBlob(N, 12_000, 61);

beforeAll(async () => {
  nodes = await Promise.all(splitShards(N, 4).map((shards) => startTestNode({ shards, state: chain })));
  chain.register(encoded.blobId);
  await Promise.all(nodes.map((node) => uploadTo(node, encoded)));
});

afterAll(stopAll);

/** The node holding primary sliver 0, the first row every direct read needs. */
function rowZeroNode(): TestNode {
  return nodes.find((node) => node.shards.includes(shardOfPair(encoded.blobId, 0, N)))!;
}

async function admin(node: TestNode, method: string, path: string, body?: unknown) {
  const response = await fetch(node.running.adminUrl! + path, {
    method,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('fault injection', () => {
  it('adds latency and removes it on reset', async () => {
    const node = nodes[0]!;
    expect((await admin(node, 'PUT', '/faults', { latencyMs: 300 })).json).toMatchObject({ latencyMs: 300 });
    let started = performance.now();
    await node.client.getHealth();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect((await admin(node, 'POST', '/faults/reset')).json).toEqual(NO_FAULTS);
    started = performance.now();
    await node.client.getHealth();
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('drops connections at the configured rate', async () => {
    const node = nodes[1]!;
    await admin(node, 'PUT', '/faults', { dropRate: 1 });
    expect(await failure(node.client.getHealth())).toBeInstanceOf(NodeConnectionError);
    await admin(node, 'PUT', '/faults', { dropRate: 0.5 });
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, () => failure(fetch(`${node.url}/v1/health`).then((r) => r.text()))),
    );
    const dropped = outcomes.filter((e) => e !== undefined).length;
    expect(dropped).toBeGreaterThan(10);
    expect(dropped).toBeLessThan(50);
    await admin(node, 'POST', '/faults/reset');
    expect((await node.client.getHealth()).nodeStatus).toBe('Active');
  });

  it('serves corrupted slivers that fail verification, and Floe’s reader routes around them', async () => {
    const node = rowZeroNode();
    await admin(node, 'PUT', '/faults', { corruptRate: 1 });
    try {
      const bytes = await node.client.getSliver(encoded.blobId, 0, 'primary');
      expect(bytes).toHaveLength(encoded.primary[0]!.length);
      expect(bytes).not.toEqual(encoded.primary[0]);
      expect(() => verifySliver(parseSliverData(bytes), 'primary', 0, encoded.metadata, geometry(N))).toThrow(
        SliverVerificationError,
      );
      const reader = new WalrusReader({
        committee: { n: N, members: nodes.map((n) => ({ url: n.url, shards: n.shards })) },
      });
      const byMetadata = await reader.read({ blobId: encoded.blobId });
      expectBytes(byMetadata.data, data);
      expect(byMetadata.stats.path).toBe('recovered');
      const byHash = await reader.read({
        blobId: encoded.blobId,
        sha256: await sha256(data),
        length: data.length,
      });
      expectBytes(byHash.data, data);
    } finally {
      await admin(node, 'POST', '/faults/reset');
    }
    expectBytes(await node.client.getSliver(encoded.blobId, 0, 'primary'), encoded.primary[0]!);
  });

  it('refuses everything with 503 but still answers CORS preflights', async () => {
    const node = nodes[2]!;
    await admin(node, 'PUT', '/faults', { refuseAll: true });
    const refused = (await failure(node.client.getMetadata(encoded.blobId))) as StorageNodeApiError;
    expect([refused.status, refused.reason, refused.body?.status]).toEqual([
      503,
      'UNAVAILABLE',
      'UNAVAILABLE',
    ]);
    expect(refused.body?.details[0]?.domain).toBe('global');
    const preflight = await fetch(`${node.url}/v1/health`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    await admin(node, 'POST', '/faults/reset');
    expect((await node.client.getMetadata(encoded.blobId)).blobId).toEqual(encoded.blobId);
  });

  it('blocks denied blobs with 451 FORBIDDEN_BLOB', async () => {
    const node = rowZeroNode();
    await admin(node, 'PUT', '/faults', { denyBlobs: [blobIdToText(encoded.blobId)] });
    for (const request of [
      node.client.getMetadata(encoded.blobId),
      node.client.getSliver(encoded.blobId, 0, 'primary'),
    ]) {
      const error = (await failure(request)) as StorageNodeApiError;
      expect([error.status, error.reason]).toEqual([451, 'FORBIDDEN_BLOB']);
    }
    await admin(node, 'POST', '/faults/reset');
    expectBytes(await node.client.getSliver(encoded.blobId, 0, 'primary'), encoded.primary[0]!);
  });

  it('corrupts the slivers of chosen pairs on every request, for every blob or only the listed ones', async () => {
    const node = rowZeroNode();
    const intactPair = pairsOnShards(encoded.blobId, node.shards, N).find((pair) => pair !== 0)!;
    const get = (pair: number, type: 'primary' | 'secondary') =>
      node.client.getSliver(encoded.blobId, pair, type);
    const other = blobIdToText(encodedBlob(N, 100, 7).encoded.blobId);
    try {
      await admin(node, 'PUT', '/faults', { corruptPairs: [0] });
      const [first, second] = [await get(0, 'primary'), await get(0, 'primary')];
      expect(first).not.toEqual(encoded.primary[0]);
      expectBytes(second, first);
      expect(() => verifySliver(parseSliverData(first), 'primary', 0, encoded.metadata, geometry(N))).toThrow(
        SliverVerificationError,
      );
      expect(await get(0, 'secondary')).not.toEqual(encoded.secondary[0]);
      expectBytes(await get(intactPair, 'primary'), encoded.primary[intactPair]!);
      await admin(node, 'PUT', '/faults', { corruptBlobs: [other] });
      expectBytes(await get(0, 'primary'), encoded.primary[0]!);
      await admin(node, 'PUT', '/faults', { corruptBlobs: [other, blobIdToText(encoded.blobId)] });
      expectBytes(await get(0, 'primary'), first);
    } finally {
      await admin(node, 'POST', '/faults/reset');
    }
    expectBytes(await get(0, 'primary'), encoded.primary[0]!);
  });

  it('refuses symbol requests for listed blobs with 503 and still serves their slivers', async () => {
    const node = rowZeroNode();
    await admin(node, 'PUT', '/faults', { refuseSymbolsFor: [blobIdToText(encoded.blobId)] });
    try {
      for (const request of [
        node.client.getDecodingSymbols(encoded.blobId, [0], 'primary'),
        node.client.getRecoverySymbols(encoded.blobId, { kind: 'ids', ids: [{ primary: 0, secondary: 1 }] }),
      ]) {
        const error = (await failure(request)) as StorageNodeApiError;
        expect([error.status, error.reason]).toEqual([503, 'UNAVAILABLE']);
      }
      expectBytes(await node.client.getSliver(encoded.blobId, 0, 'primary'), encoded.primary[0]!);
    } finally {
      await admin(node, 'POST', '/faults/reset');
    }
    expect(await node.client.getDecodingSymbols(encoded.blobId, [0], 'primary')).toBeInstanceOf(Uint8Array);
  });

  it('counts served slivers by pair and symbol requests per blob until reset', async () => {
    const node = rowZeroNode();
    const id = blobIdToText(encoded.blobId);
    const requests = async () => (await admin(node, 'GET', `/requests?blob=${id}`)).json;
    const notHeld = Array.from({ length: N }, (_, pair) => pair).find(
      (pair) => !node.shards.includes(shardOfPair(encoded.blobId, pair, N)),
    )!;
    expect((await admin(node, 'POST', '/requests/reset')).status).toBe(200);
    await node.client.getSliver(encoded.blobId, 0, 'primary');
    await node.client.getSliver(encoded.blobId, 0, 'primary');
    await node.client.getSliver(encoded.blobId, 0, 'secondary');
    await failure(node.client.getSliver(encoded.blobId, notHeld, 'primary'));
    await node.client.getDecodingSymbols(encoded.blobId, [1], 'primary');
    await admin(node, 'PUT', '/faults', { refuseSymbolsFor: [id] });
    await failure(node.client.getDecodingSymbols(encoded.blobId, [1], 'primary'));
    await admin(node, 'POST', '/faults/reset');
    expect(await requests()).toEqual({ primary: { 0: 2 }, secondary: { 0: 1 }, symbols: 2 });
    expect((await admin(node, 'POST', '/requests/reset')).json).toEqual({ reset: true });
    expect(await requests()).toEqual({ primary: {}, secondary: {}, symbols: 0 });
  });

  it('validates admin input', async () => {
    const node = nodes[3]!;
    for (const [method, path, body, status] of [
      ['PUT', '/faults', { dropRate: 2 }, 400],
      ['PUT', '/faults', { latencyMs: -1 }, 400],
      ['PUT', '/faults', { corruptRate: 'all' }, 400],
      ['PUT', '/faults', { refuseAll: 1 }, 400],
      ['PUT', '/faults', { denyBlobs: ['nope'] }, 400],
      ['PUT', '/faults', { corruptPairs: [-1] }, 400],
      ['PUT', '/faults', { corruptPairs: [1.5] }, 400],
      ['PUT', '/faults', { corruptPairs: [65_536] }, 400],
      ['PUT', '/faults', { corruptPairs: 3 }, 400],
      ['PUT', '/faults', { corruptBlobs: ['nope'] }, 400],
      ['PUT', '/faults', { refuseSymbolsFor: [1] }, 400],
      ['GET', '/requests', undefined, 400],
      ['GET', '/requests?blob=short', undefined, 400],
      ['POST', '/requests', undefined, 405],
      ['GET', '/requests/reset', undefined, 405],
      ['PUT', '/faults', { surprise: true }, 400],
      ['PUT', '/faults', [], 400],
      ['PUT', '/faults', '{not json', 400],
      ['DELETE', '/faults', undefined, 405],
      ['GET', '/nothing', undefined, 404],
      // Targets URL parsing refuses (`//` and no valid host) used to be a 500 internal error.
      ['GET', '//', undefined, 404],
      ['PUT', '//%E2%80%8B/faults', { dropRate: 0 }, 404],
      // This node's chain view is in memory (the tests' chain), not the admin's to change.
      ['POST', '/state/events', { events: [] }, 409],
    ] as const) {
      expect([method, path, (await admin(node, method, path, body)).status]).toEqual([method, path, status]);
    }
    expect((await admin(node, 'GET', '/faults')).json).toEqual(NO_FAULTS);
  });
});

describe('admin API placement and the state feed', () => {
  it('binds the admin API to loopback and enables it only in devnet mode', async () => {
    const node = nodes[0]!;
    expect(new URL(node.running.adminUrl!).hostname).toBe('127.0.0.1');
    const plain = await startTestNode({ shards: [0], devnet: false });
    expect(plain.running.adminUrl).toBeUndefined();
    expect(plain.running.faults.config).toEqual(NO_FAULTS);
    expect(plain.running.requestLog).toBeUndefined();
  });

  it('feeds committee and blob events into the persisted state', async () => {
    const dir = await tempDir();
    const signer = BlsSigner.generate();
    const running = await startStorageNode({
      dir,
      signer,
      devnet: true,
      committee: { epoch: 4, nShards: N, shards: [0, 1, 2, 3, 4] },
    });
    try {
      const call = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(running.adminUrl! + path, { method, body: JSON.stringify(body) });
        return { status: response.status, json: (await response.json()) as Record<string, unknown> };
      };
      const client = new StorageNodeClient({ url: running.url });
      const { encoded: blob } = encodedBlob(N, 5000, 62);
      const id = blobIdToText(blob.blobId);
      const objectId = '0x2a';
      expect(
        (
          await call('POST', '/state/events', {
            events: [{ kind: 'registered', blobId: id, objectId, epoch: 4, endEpoch: 9, deletable: true }],
          })
        ).json,
      ).toEqual({ applied: 1 });
      await uploadTo({ client, shards: [0, 1, 2, 3, 4] }, blob);
      const signed = await client.getDeletableConfirmation(blob.blobId, objectId);
      expect(signed.serializedMessage).toHaveLength(72);
      expect(
        (
          await call('POST', '/state/events', {
            events: [{ kind: 'certified', blobId: id, objectId, epoch: 4, endEpoch: 9, deletable: true }],
          })
        ).status,
      ).toBe(200);
      expect(await client.getBlobStatus(blob.blobId)).toEqual({
        deletable: {
          initialCertifiedEpoch: 4,
          deletableCounts: { count_deletable_total: 1, count_deletable_certified: 1 },
        },
      });

      expect((await call('PUT', '/state/committee', { epoch: 5, shards: [5, 6] })).json).toEqual({
        epoch: 5,
        nShards: N,
        shards: [5, 6],
      });
      const health = await client.getHealth();
      expect(health).toMatchObject({ epoch: 5, shardSummary: { owned: 2 }, eventProgress: { persisted: 2 } });

      for (const bad of [
        {
          events: [
            { kind: 'registered', blobId: 'short', objectId, epoch: 1, endEpoch: 2, deletable: false },
          ],
        },
        {
          events: [
            { kind: 'registered', blobId: id, objectId: 'zz', epoch: 1, endEpoch: 2, deletable: false },
          ],
        },
        { events: [{ kind: 'exploded', blobId: id, epoch: 1 }] },
        { events: [{ kind: 'deleted', blobId: id, objectId, epoch: -1 }] },
        { events: 'all' },
      ]) {
        expect((await call('POST', '/state/events', bad)).status).toBe(400);
      }
      expect((await call('PUT', '/state/committee', { epoch: 6, shards: [10] })).status).toBe(400);

      expect(
        (
          await call('POST', '/state/events', {
            events: [{ kind: 'deleted', blobId: id, objectId, epoch: 5 }],
          })
        ).status,
      ).toBe(200);
      expect(await client.getBlobStatus(blob.blobId)).toBe('nonexistent');
      expect(((await failure(client.getMetadata(blob.blobId))) as StorageNodeApiError).status).toBe(404);
      const metadata = serializeBlobMetadata(blob.metadata);
      expect(((await failure(client.putMetadata(blob.blobId, metadata))) as StorageNodeApiError).reason).toBe(
        'NOT_REGISTERED',
      );
    } finally {
      await running.close();
    }
  });
});
