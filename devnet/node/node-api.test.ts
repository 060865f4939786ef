// The node through real clients: core's StorageNodeClient and the official SDK's storage-node
// client upload real WASM encodings (n = 10) to a node owning some shards, get BLS-signed
// confirmations, and read back byte-identical data; registration, pending uploads, deletion,
// expiry and invalidation change what is served exactly as MystenLabs/walrus crates/walrus-service says.
import { afterAll, describe, expect, it } from 'vitest';
import { fromBase64 } from '@mysten/bcs';
import { blobIdToText } from '../../core/walrus/blob-id.ts';
import { parseSliverData, parseStorageConfirmation, serializeBlobMetadata } from '../../core/walrus/bcs.ts';
import { geometry } from '../../core/walrus/geometry.ts';
import { hasReason, StorageNodeApiError } from '../../core/walrus/node-errors.ts';
import { verifySliver } from '../../core/walrus/sliver-verify.ts';
import { expectBytes } from '../../core/walrus/test-support/bytes.ts';
import { encodedBlob } from '../../core/walrus/test-support/fixtures.ts';
import { verifyBls } from './bls.ts';
import { fakeObjectId } from './memory-state.ts';
import { pairsOf, startTestNode, stopAll, uploadTo } from './test-support/harness.ts';

const N = 10;
const SHARDS = [0, 1, 2, 3];

afterAll(stopAll);

async function rejection(promise: Promise<unknown>): Promise<StorageNodeApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageNodeApiError);
  return error as StorageNodeApiError;
}

describe('storage node: core client path', () => {
  it('stores, confirms and serves a blob byte for byte', async () => {
    const node = await startTestNode({ shards: SHARDS });
    const { encoded } = encodedBlob(N, 5000, 11);
    const { blobId } = encoded;
    const objectId = node.state.register(blobId, { endEpoch: 6 });

    const metadata = serializeBlobMetadata(encoded.metadata);
    expect(await node.client.putMetadata(blobId, metadata)).toEqual({
      status: 201,
      message: 'metadata successfully stored',
    });
    expect((await node.client.putMetadata(blobId, metadata)).status).toBe(200);
    expect(await node.client.getMetadataStatus(blobId)).toBe('stored');

    const missing = await rejection(node.client.getPermanentConfirmation(blobId));
    expect([missing.status, missing.reason]).toEqual([400, 'MISSING_SLIVERS']);

    const pairs = pairsOf(encoded, SHARDS);
    expect(pairs).toHaveLength(SHARDS.length);
    for (const pair of pairs) {
      expect((await node.client.putSliver(blobId, pair, 'primary', encoded.primary[pair]!)).status).toBe(201);
      // One sliver of a pair is not enough for a confirmation.
      if (pair === pairs[0]) {
        expect(
          hasReason(await rejection(node.client.getPermanentConfirmation(blobId)), 'MISSING_SLIVERS'),
        ).toBe(true);
      }
      expect((await node.client.putSliver(blobId, pair, 'secondary', encoded.secondary[pair]!)).status).toBe(
        201,
      );
    }
    expect(
      (await node.client.putSliver(blobId, pairs[0]!, 'primary', encoded.primary[pairs[0]!]!)).status,
    ).toBe(200);
    expect(await node.client.getSliverStatus(blobId, pairs[0]!, 'secondary')).toBe('stored');

    const confirmation = await node.client.getPermanentConfirmation(blobId);
    expect(confirmation.serializedMessage).toHaveLength(40);
    expect(confirmation.signature).toHaveLength(96);
    expect(parseStorageConfirmation(confirmation.serializedMessage)).toEqual({
      epoch: 1,
      blobId,
      persistence: { kind: 'permanent' },
    });
    expect(verifyBls(confirmation.signature, node.signer.publicKey, confirmation.serializedMessage)).toBe(
      true,
    );

    const served = await node.client.getMetadata(blobId);
    expect(served.blobId).toEqual(blobId);
    expect(served.metadata).toEqual(encoded.metadata);
    const g = geometry(N);
    for (const pair of pairs) {
      for (const type of ['primary', 'secondary'] as const) {
        const bytes = await node.client.getSliver(blobId, pair, type);
        expectBytes(bytes, (type === 'primary' ? encoded.primary : encoded.secondary)[pair]!);
        verifySliver(parseSliverData(bytes), type, pair, encoded.metadata, g);
      }
    }

    const other = [...Array(N).keys()].find((p) => !pairs.includes(p))!;
    const misdirected = await rejection(node.client.getSliver(blobId, other, 'primary'));
    expect([misdirected.status, misdirected.reason]).toEqual([400, 'SHARD_NOT_ASSIGNED']);
    expect(misdirected.body?.details[0]?.metadata).toMatchObject({ epoch: 1 });
    expect(misdirected.body?.status).toBe('FAILED_PRECONDITION');

    expect(await node.client.getBlobStatus(blobId)).toMatchObject({
      permanent: { endEpoch: 6, isCertified: false, initialCertifiedEpoch: null },
    });
    node.state.certify(blobId, objectId);
    expect(await node.client.getBlobStatus(blobId)).toMatchObject({
      permanent: {
        endEpoch: 6,
        isCertified: true,
        initialCertifiedEpoch: 1,
        deletableCounts: { count_deletable_total: 0, count_deletable_certified: 0 },
      },
    });

    const health = await node.client.getHealth({ detailed: true });
    expect(health).toMatchObject({ epoch: 1, nodeStatus: 'Active', shardSummary: { owned: 4, readOnly: 0 } });
    expect(fromBase64(health.publicKey)).toEqual(node.signer.publicKey);
  });

  it('signs deletable confirmations only for a live deletable object of the blob', async () => {
    const node = await startTestNode({ shards: SHARDS });
    const { encoded } = encodedBlob(N, 3000, 12);
    const objectId = node.state.register(encoded.blobId, { deletable: true, objectId: fakeObjectId(0xabc) });
    await uploadTo(node, encoded);

    const permanent = await rejection(node.client.getPermanentConfirmation(encoded.blobId));
    expect(permanent.reason).toBe('NOT_REGISTERED');
    const wrongObject = await rejection(
      node.client.getDeletableConfirmation(encoded.blobId, fakeObjectId(7)),
    );
    expect(wrongObject.reason).toBe('NOT_REGISTERED');

    // `0xabc` is the short form of the same object ID.
    for (const id of [objectId, '0xabc']) {
      const signed = await node.client.getDeletableConfirmation(encoded.blobId, id);
      expect(signed.serializedMessage).toHaveLength(72);
      const message = parseStorageConfirmation(signed.serializedMessage);
      expect(message.persistence).toEqual({ kind: 'deletable', objectId: fromBase64Hex(objectId) });
      expect(verifyBls(signed.signature, node.signer.publicKey, signed.serializedMessage)).toBe(true);
    }
    expect(await node.client.getBlobStatus(encoded.blobId)).toEqual({
      deletable: {
        initialCertifiedEpoch: null,
        deletableCounts: { count_deletable_total: 1, count_deletable_certified: 0 },
      },
    });

    node.state.delete(encoded.blobId, objectId);
    expect((await rejection(node.client.getDeletableConfirmation(encoded.blobId, objectId))).reason).toBe(
      'NOT_REGISTERED',
    );
    expect(await node.client.getBlobStatus(encoded.blobId)).toBe('nonexistent');
    const gone = await rejection(
      node.client.getSliver(encoded.blobId, pairsOf(encoded, SHARDS)[0]!, 'primary'),
    );
    expect([gone.status, gone.reason]).toEqual([404, 'SLIVER_NOT_FOUND']);
    expect((await rejection(node.client.getMetadata(encoded.blobId))).reason).toBe('METADATA_NOT_FOUND');
    // The deleted blob's data is garbage-collected.
    await expect.poll(() => node.client.getMetadataStatus(encoded.blobId)).toBe('nonexistent');
  });

  it('buffers pending uploads until registration and then stores them', async () => {
    const node = await startTestNode({ shards: SHARDS });
    const { encoded } = encodedBlob(N, 2000, 13);
    const { blobId } = encoded;
    const metadata = serializeBlobMetadata(encoded.metadata);

    const early = await rejection(node.client.putMetadata(blobId, metadata));
    expect([early.status, early.reason]).toEqual([400, 'NOT_REGISTERED']);
    const noMetadata = await rejection(
      node.client.putSliver(blobId, 0, 'primary', encoded.primary[0]!, { pending: true }),
    );
    expect(noMetadata.reason).toBe('METADATA_NOT_FOUND');

    expect(await node.client.putMetadata(blobId, metadata, { pending: true })).toEqual({
      status: 202,
      message: 'metadata buffered pending registration',
    });
    expect(await node.client.getMetadataStatus(blobId)).toBe('buffered');
    const pairs = pairsOf(encoded, SHARDS);
    for (const pair of pairs) {
      for (const type of ['primary', 'secondary'] as const) {
        const sliver = (type === 'primary' ? encoded.primary : encoded.secondary)[pair]!;
        expect((await node.client.putSliver(blobId, pair, type, sliver, { pending: true })).status).toBe(202);
      }
    }
    expect(await node.client.getSliverStatus(blobId, pairs[0]!, 'primary')).toBe('buffered');
    expect((await rejection(node.client.getMetadata(blobId))).status).toBe(404);

    // A confirmation that waits for the registration, which lands while it waits.
    const started = performance.now();
    const waiting = node.client.getPermanentConfirmation(blobId, {
      waitForRegistration: true,
      waitMillis: 5000,
    });
    setTimeout(() => node.state.register(blobId), 150);
    const signed = await waiting;
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(verifyBls(signed.signature, node.signer.publicKey, signed.serializedMessage)).toBe(true);
    expect(await node.client.getMetadataStatus(blobId)).toBe('stored');
    expect(await node.client.getSliverStatus(blobId, pairs[1]!, 'secondary')).toBe('stored');
    expectBytes(await node.client.getSliver(blobId, pairs[1]!, 'secondary'), encoded.secondary[pairs[1]!]!);
  });

  it('gives up waiting for a registration after wait_millis', async () => {
    const node = await startTestNode({ shards: SHARDS });
    const { encoded } = encodedBlob(N, 100, 14);
    const started = performance.now();
    const error = await rejection(
      node.client.getPermanentConfirmation(encoded.blobId, { waitForRegistration: true, waitMillis: 200 }),
    );
    expect(error.reason).toBe('NOT_REGISTERED');
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('stops serving blobs that expire or are marked invalid', async () => {
    const node = await startTestNode({ shards: SHARDS });
    const expiring = encodedBlob(N, 1000, 15).encoded;
    const invalid = encodedBlob(N, 1000, 16).encoded;
    node.state.register(expiring.blobId, { endEpoch: 2 });
    node.state.register(invalid.blobId);
    await uploadTo(node, expiring);
    await uploadTo(node, invalid);
    const pair = pairsOf(expiring, SHARDS)[0]!;
    expectBytes(await node.client.getSliver(expiring.blobId, pair, 'primary'), expiring.primary[pair]!);

    node.state.invalidate(invalid.blobId);
    expect(await node.client.getBlobStatus(invalid.blobId)).toEqual({
      invalid: { event: { txDigest: expect.any(String), eventSeq: expect.any(String) } },
    });
    const refused = await rejection(
      node.client.putMetadata(invalid.blobId, serializeBlobMetadata(invalid.metadata)),
    );
    expect([refused.status, refused.reason]).toEqual([400, 'INVALID_BLOB']);
    expect((await rejection(node.client.getMetadata(invalid.blobId))).status).toBe(404);

    node.state.setCommittee({ epoch: 2, nShards: N, shards: SHARDS });
    expect((await rejection(node.client.getSliver(expiring.blobId, pair, 'primary'))).reason).toBe(
      'SLIVER_NOT_FOUND',
    );
    expect(await node.client.getBlobStatus(expiring.blobId)).toBe('nonexistent');
    expect((await node.client.getHealth()).epoch).toBe(2);
  });

  it('answers CORS preflights and marks every answer readable cross-origin', async () => {
    const node = await startTestNode({ shards: SHARDS });
    const preflight = await fetch(`${node.url}/v1/blobs/x/metadata`, {
      method: 'OPTIONS',
      headers: { origin: 'http://site.localhost:3000', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    const missing = await fetch(`${node.url}/v1/blobs/${blobIdToText(new Uint8Array(32))}/metadata`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('storage node: the official SDK storage-node client', () => {
  it('writes, confirms and reads through @mysten/walrus', async () => {
    const { StorageNodeClient } = (await import(SDK_CLIENT)) as { StorageNodeClient: new () => SdkClient };
    const sdk = new StorageNodeClient();
    const node = await startTestNode({ shards: SHARDS });
    const { encoded } = encodedBlob(N, 4000, 17);
    const blobId = blobIdToText(encoded.blobId);
    const at = { nodeUrl: node.url };

    const unregistered = (await sdk
      .storeBlobMetadata({ blobId, metadata: serializeBlobMetadata(encoded.metadata) }, at)
      .catch((e: unknown) => e)) as Error;
    // The SDK retries exactly this class (MystenLabs/walrus crates/walrus-service).
    expect(unregistered.constructor.name).toBe('BlobNotRegisteredError');

    node.state.register(encoded.blobId);
    expect(
      await sdk.storeBlobMetadata({ blobId, metadata: serializeBlobMetadata(encoded.metadata) }, at),
    ).toEqual({
      success: { code: 201, data: 'metadata successfully stored' },
    });
    expect(await sdk.getMetadataStatus({ blobId }, at)).toBe('stored');
    const pairs = pairsOf(encoded, SHARDS);
    for (const sliverPairIndex of pairs) {
      for (const sliverType of ['primary', 'secondary'] as const) {
        const sliver = (sliverType === 'primary' ? encoded.primary : encoded.secondary)[sliverPairIndex]!;
        const stored = await sdk.storeSliver({ blobId, sliverPairIndex, sliverType, sliver }, at);
        expect(stored).toEqual({ success: { code: 201, data: 'sliver stored successfully' } });
      }
    }
    const confirmation = await sdk.getPermanentBlobConfirmation({ blobId }, at);
    const signed = confirmation.success.data.signed;
    expect(
      verifyBls(fromBase64(signed.signature), node.signer.publicKey, fromBase64(signed.serializedMessage)),
    ).toBe(true);

    const metadata = await sdk.getBlobMetadata({ blobId }, at);
    expect(metadata.blobId).toBe(blobId);
    expect(metadata.metadata.V1.hashes).toHaveLength(N);
    expect(BigInt(metadata.metadata.V1.unencoded_length)).toBe(4000n);
    for (const sliverPairIndex of pairs) {
      expectBytes(
        await sdk.getSliver({ blobId, sliverPairIndex, sliverType: 'primary' }, at),
        encoded.primary[sliverPairIndex]!,
      );
    }
    expect(await sdk.getBlobStatus({ blobId }, at)).toMatchObject({
      type: 'permanent',
      endEpoch: 6,
      isCertified: false,
    });

    const unknown = blobIdToText(new Uint8Array(32).fill(9));
    const notFound = await sdk
      .getSliver({ blobId: unknown, sliverPairIndex: 0, sliverType: 'primary' }, at)
      .catch((e: unknown) => e as Error & { status?: number });
    expect([notFound.constructor.name, (notFound as { status?: number }).status]).toEqual([
      'NotFoundError',
      404,
    ]);
  });
});

/** The SDK's storage-node client is not exported by the package, so load its module file directly. */
const SDK_CLIENT = new URL('../../node_modules/@mysten/walrus/dist/storage-node/client.mjs', import.meta.url)
  .href;

interface SdkClient {
  storeBlobMetadata(
    args: { blobId: string; metadata: Uint8Array },
    options: { nodeUrl: string },
  ): Promise<unknown>;
  storeSliver(
    args: {
      blobId: string;
      sliverPairIndex: number;
      sliverType: 'primary' | 'secondary';
      sliver: Uint8Array;
    },
    options: { nodeUrl: string },
  ): Promise<unknown>;
  getPermanentBlobConfirmation(
    args: { blobId: string },
    options: { nodeUrl: string },
  ): Promise<{ success: { data: { signed: { serializedMessage: string; signature: string } } } }>;
  getBlobMetadata(
    args: { blobId: string },
    options: { nodeUrl: string },
  ): Promise<{ blobId: string; metadata: { V1: { hashes: unknown[]; unencoded_length: string } } }>;
  getSliver(
    args: { blobId: string; sliverPairIndex: number; sliverType: 'primary' | 'secondary' },
    options: { nodeUrl: string },
  ): Promise<Uint8Array>;
  getBlobStatus(args: { blobId: string }, options: { nodeUrl: string }): Promise<unknown>;
  getMetadataStatus(args: { blobId: string }, options: { nodeUrl: string }): Promise<string>;
}

function fromBase64Hex(hex: string): Uint8Array {
  return Uint8Array.from(
    hex
      .slice(2)
      .match(/../g)!
      .map((b) => parseInt(b, 16)),
  );
}
