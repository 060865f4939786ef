// Four nodes on loopback holding the ten shards of a small network: their confirmations aggregate
// into one BLS signature that verifies against the aggregate key (what certify_blob checks), and
// Floe's WalrusReader reads blobs, ranges and quilt patches from them over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { encodeQuilt } from '@mysten/walrus';
import { bls12381_min_pk_aggregate, bls12381_min_pk_verify } from '@mysten/walrus-wasm';
import { isQuorum } from '../../core/walrus/geometry.ts';
import { WalrusReader } from '../../core/walrus/reader.ts';
import { sha256 } from '../../core/walrus/sha256.ts';
import { expectBytes } from '../../core/walrus/test-support/bytes.ts';
import { codecFor, encodedBlob, randomBytes } from '../../core/walrus/test-support/fixtures.ts';
import { BLS_DST } from './bls.ts';
import { MemoryBlobState } from './memory-state.ts';
import { shardOfPair } from './shards.ts';
import { splitShards, startTestNode, stopAll, uploadTo, type TestNode } from './test-support/harness.ts';

const N = 10;
const MIN_PK = bls12_381.longSignatures;

let nodes: TestNode[];
let chain: MemoryBlobState;

beforeAll(async () => {
  chain = new MemoryBlobState({ epoch: 3, nShards: N, shards: [] });
  nodes = await Promise.all(splitShards(N, 4).map((shards) => startTestNode({ shards, state: chain })));
});

afterAll(stopAll);

function committee() {
  return { n: N, members: nodes.map((node) => ({ url: node.url, shards: node.shards })) };
}

describe('a four-node network', () => {
  it('aggregates the nodes confirmations into one signature over the shared message', async () => {
    const { encoded } = encodedBlob(N, 6000, 21);
    chain.register(encoded.blobId);
    await Promise.all(nodes.map((node) => uploadTo(node, encoded)));
    const confirmations = await Promise.all(
      nodes.map((node) => node.client.getPermanentConfirmation(encoded.blobId)),
    );
    const message = confirmations[0]!.serializedMessage;
    for (const [i, c] of confirmations.entries()) {
      expect(c.serializedMessage).toEqual(message);
      expect(MIN_PK.verify(c.signature, MIN_PK.hash(message, BLS_DST), nodes[i]!.signer.publicKey)).toBe(
        true,
      );
    }
    expect(new DataView(message.buffer, message.byteOffset).getUint32(3, true)).toBe(3);

    // The SDK checks confirmations with the WASM's min_pk verify, given the on-chain key (96-byte
    // uncompressed G1, as `storage_node::new` stores it), and aggregates them the same way.
    for (const [i, c] of confirmations.entries()) {
      const uncompressed = bls12_381.G1.Point.fromBytes(nodes[i]!.signer.publicKey).toBytes(false);
      expect(bls12381_min_pk_verify(c.signature, uncompressed, message)).toBe(true);
    }
    const sdkAggregate = bls12381_min_pk_aggregate(confirmations.map((c) => c.signature));

    const aggregate = MIN_PK.aggregateSignatures(confirmations.map((c) => c.signature));
    expect(aggregate.toBytes(true)).toEqual(Uint8Array.from(sdkAggregate));
    const key = MIN_PK.aggregatePublicKeys(nodes.map((node) => node.signer.publicKey));
    expect(MIN_PK.verify(aggregate, MIN_PK.hash(message, BLS_DST), key)).toBe(true);

    // A quorum of shards without the last node (3 + 3 + 2 = 8 of 10 shards) also verifies.
    const signers = nodes.slice(0, 3);
    expect(
      isQuorum(
        signers.reduce((w, node) => w + node.shards.length, 0),
        N,
      ),
    ).toBe(true);
    const partial = MIN_PK.aggregateSignatures(confirmations.slice(0, 3).map((c) => c.signature));
    const partialKey = MIN_PK.aggregatePublicKeys(signers.map((node) => node.signer.publicKey));
    expect(MIN_PK.verify(partial, MIN_PK.hash(message, BLS_DST), partialKey)).toBe(true);
    expect(MIN_PK.verify(partial, MIN_PK.hash(message, BLS_DST), key)).toBe(false);
  });

  it('serves Floe reads of whole blobs and byte ranges', async () => {
    const { data, encoded } = encodedBlob(N, 20_000, 22);
    chain.register(encoded.blobId);
    await Promise.all(nodes.map((node) => uploadTo(node, encoded)));
    const reader = new WalrusReader({ committee: committee() });

    const byMetadata = await reader.read({ blobId: encoded.blobId });
    expectBytes(byMetadata.data, data);
    expect(byMetadata.stats).toMatchObject({ path: 'direct', verification: 'metadata', decoded: false });

    const byHash = await reader.read({
      blobId: encoded.blobId,
      sha256: await sha256(data),
      length: data.length,
    });
    expectBytes(byHash.data, data);

    const range = await reader.read({
      blobId: encoded.blobId,
      target: { kind: 'range', start: 4321, end: 15_000 },
    });
    expectBytes(range.data, data.subarray(4321, 15_000));
  });

  it('serves quilt patches written with the SDK encoder', async () => {
    const files = ['index.html', 'app.js', 'style.css'].map((identifier, i) => ({
      identifier,
      contents: randomBytes(700 + 300 * i, 30 + i),
      tags: { 'content-type': 'text/plain' },
    }));
    const { quilt } = encodeQuilt({ blobs: files, numShards: N });
    const encoded = codecFor(N).encode(quilt);
    chain.register(encoded.blobId);
    await Promise.all(nodes.map((node) => uploadTo(node, encoded)));
    const reader = new WalrusReader({ committee: committee() });
    for (const file of files) {
      const result = await reader.read({
        blobId: encoded.blobId,
        target: { kind: 'identifier', identifier: file.identifier },
      });
      expectBytes(result.data, file.contents);
      expect(result.patch?.identifier).toBe(file.identifier);
    }
  });

  it('still reads when one node is down, by recovering from the others', async () => {
    const { data, encoded } = encodedBlob(N, 9000, 23);
    chain.register(encoded.blobId);
    await Promise.all(nodes.map((node) => uploadTo(node, encoded)));
    // Take down the node holding row 0, which the direct path needs.
    const down = nodes.find((node) => node.shards.includes(shardOfPair(encoded.blobId, 0, N)))!;
    down.running.faults.update({ refuseAll: true });
    try {
      const reader = new WalrusReader({ committee: committee(), hedgeAfterMs: 200 });
      const result = await reader.read({
        blobId: encoded.blobId,
        sha256: await sha256(data),
        length: data.length,
      });
      expectBytes(result.data, data);
      expect(result.stats.path).toBe('recovered');
      expect(result.stats.failures.some((f) => f.node === down.url && /503/.test(f.reason))).toBe(true);
    } finally {
      down.running.faults.reset();
    }
  });
});
