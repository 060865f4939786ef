// End to end through the devnet's real JSON-RPC server: an unmodified `WalrusClient` on a
// `SuiJsonRpcClient` registers (paying WAL through `coinWithBalance`), certifies with node
// confirmations, extends and deletes a blob with its own `execute*` methods, and storage nodes'
// event queries see the Walrus events with their JSON.
import { afterEach, describe, expect, it } from 'vitest';
import { toBase64 } from '@mysten/bcs';
import { bcs } from '@mysten/sui/bcs';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { WalrusClient } from '@mysten/walrus';
import { serializeStorageConfirmation } from '../../../../core/walrus/bcs.ts';
import { blobIdFromText, blobIdToU256 } from '../../../../core/walrus/blob-id.ts';
import { writeMethods } from '../../api/write.ts';
import { ContentRenderer } from '../../move/render.ts';
import { readMethods } from '../../rpc/read-methods.ts';
import { startRpcServer, type RpcServer } from '../../rpc/server.ts';
import { PKG } from './constants.ts';
import { walrusFixture, type WalrusFixture } from './test-support/walrus-fixture.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const f: WalrusFixture = await walrusFixture();
  cleanups.push(() => f.cleanup());
  const render = new ContentRenderer(f.registry);
  const server: RpcServer = await startRpcServer({
    methods: {
      ...readMethods(f.store, render),
      ...writeMethods({ store: f.store, executor: f.executor, registry: f.registry, render }),
    },
  });
  cleanups.push(() => server.close());
  const sui = new SuiJsonRpcClient({ url: server.url, network: 'localnet' });
  const walrus = new WalrusClient({
    packageConfig: {
      systemObjectId: f.deployment.systemObjectId,
      stakingPoolId: f.deployment.stakingObjectId,
    },
    suiClient: sui,
    storageNodeUrlScheme: 'http',
  });
  return { f, sui, walrus };
}

describe('WalrusClient over the devnet JSON-RPC', () => {
  it('writes, certifies, extends and deletes a blob with the SDK’s own transactions', async () => {
    const { f, sui, walrus } = await setup();
    const committee = (await walrus.systemState()).committee;
    expect(committee.epoch).toBe(1);

    const metadata = await walrus.computeBlobMetadata({
      bytes: new TextEncoder().encode('over rpc'),
      numShards: 10,
    });
    const { blob } = await walrus.executeRegisterBlobTransaction({
      signer: f.alice,
      size: 8,
      epochs: 2,
      blobId: metadata.blobId,
      rootHash: metadata.rootHash,
      deletable: true,
      attributes: { 'content-type': 'text/plain' },
    });
    expect(blob).toMatchObject({
      blob_id: String(blobIdToU256(blobIdFromText(metadata.blobId))),
      deletable: true,
    });

    // Every node confirms; the SDK keeps a quorum's worth, aggregates and certifies.
    const message = serializeStorageConfirmation({
      epoch: committee.epoch,
      blobId: blobIdFromText(metadata.blobId),
      persistence: { kind: 'deletable', objectId: bcs.Address.serialize(blob.id).toBytes() },
    });
    const confirmations = f.deployment.nodes
      .map((node, i) => ({ index: node.committeeIndex, signature: f.confirmation(i, message) }))
      .sort((a, b) => a.index - b.index)
      .map(({ signature }) => ({ serializedMessage: toBase64(message), signature: toBase64(signature) }));
    await walrus.executeCertifyBlobTransaction({
      signer: f.alice,
      blobId: metadata.blobId,
      blobObjectId: blob.id,
      confirmations,
      deletable: true,
    });
    walrus.reset();
    expect(await walrus.getBlobObject(blob.id)).toMatchObject({ certified_epoch: 1 });
    expect(await walrus.readBlobAttributes({ blobObjectId: blob.id })).toEqual({
      'content-type': 'text/plain',
    });

    await walrus.executeExtendBlobTransaction({ signer: f.alice, blobObjectId: blob.id, epochs: 1 });
    walrus.reset();
    expect(await walrus.getBlobObject(blob.id)).toMatchObject({ storage: { end_epoch: 4 } });

    // What a storage node following the chain sees.
    const certified = await sui.queryEvents({
      query: { MoveEventType: `${PKG}::events::BlobCertified` },
      order: 'ascending',
    });
    expect(certified.data.map((e) => e.parsedJson)).toEqual([
      expect.objectContaining({ object_id: blob.id, end_epoch: 3, is_extension: false }),
      expect.objectContaining({ object_id: blob.id, end_epoch: 4, is_extension: true }),
    ]);

    await walrus.executeDeleteBlobTransaction({ signer: f.alice, blobObjectId: blob.id });
    expect(f.store.getObject(blob.id)).toBeUndefined();
    const deleted = await sui.queryEvents({ query: { MoveEventType: `${PKG}::events::BlobDeleted` } });
    expect(deleted.data).toHaveLength(1);
  });
});
