// The daemon as `npm run devnet` starts it (a child process of the launcher, its URL in
// devnet.json, paying with the dev key) against a small devnet on loopback: what `PUT /v1/blobs`
// and `PUT /v1/quilts` store reads back byte for byte through the daemon, through Floe's reader and
// through the official SDK; the publisher's JSON is the daemon's; stopping the devnet stops it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { blobIdFromText } from '../core/walrus/blob-id.ts';
import { parseQuiltPatchId } from '../core/walrus/quilt.ts';
import { expectBytes } from '../core/walrus/test-support/bytes.ts';
import { randomBytes } from '../core/walrus/test-support/fixtures.ts';
import type { DevnetConfig } from '../devnet/launcher/config.ts';
import { startDevnet, type Devnet } from '../devnet/launcher/launcher.ts';
import { floeReader, walrusClient } from '../devnet/launcher/test-support/devnet-clients.ts';
import { agreedBlobStatus } from './blob-status.ts';

let dir: string;
let devnet: Devnet | undefined;
let config: DevnetConfig;
let url: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-aggregator-'));
  devnet = await startDevnet({ dir: join(dir, 'devnet'), nodes: 4, shards: 40, port: 0 });
  config = JSON.parse(await readFile(join(devnet.config.dir, 'devnet.json'), 'utf8')) as DevnetConfig;
  url = config.aggregatorUrl!;
}, 180_000);

afterAll(async () => {
  await devnet?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

interface NewlyCreated {
  newlyCreated: {
    blobObject: {
      id: string;
      blobId: string;
      size: number;
      encodingType: string;
      certifiedEpoch: number | null;
      registeredEpoch: number;
      storage: { id: string; startEpoch: number; endEpoch: number; storageSize: number };
      deletable: boolean;
    };
    resourceOperation: { registerFromScratch: { encodedLength: number; epochsAhead: number } };
    cost: number;
  };
}

async function put(path: string, body: BodyInit): Promise<Response> {
  return fetch(`${url}${path}`, { method: 'PUT', body });
}

async function putBlob(query: string, data: Uint8Array): Promise<unknown> {
  const response = await put(`/v1/blobs${query}`, data as BodyInit);
  expect(response.status, await response.clone().text()).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json');
  return response.json();
}

const bytes = async (response: Response) => new Uint8Array(await response.arrayBuffer());

async function waitCertifiedOnNodes(blobId: string): Promise<void> {
  const committee = {
    n: config.walrus.nShards,
    members: config.nodes.map((node) => ({ url: node.url, shards: node.shards })),
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    const status = await agreedBlobStatus(committee, blobIdFromText(blobId));
    if (
      typeof status === 'object' &&
      status !== null &&
      'permanent' in status &&
      status.permanent.isCertified
    ) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the nodes never saw ${blobId} certified`);
}

describe('the devnet aggregator and publisher', () => {
  it('is started by the launcher and named in devnet.json', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const status = await fetch(`${url}/status`);
    expect([status.status, await status.text()]).toEqual([200, 'OK']);
  });

  it('stores a blob and reads it back through the daemon, Floe’s reader and the official SDK', async () => {
    const data = randomBytes(5000, 11);
    const result = (await putBlob('?epochs=2', data)) as NewlyCreated;
    const { blobObject, resourceOperation, cost } = result.newlyCreated;
    expect(blobObject).toMatchObject({
      size: data.length,
      encodingType: 'RS2',
      deletable: true,
      certifiedEpoch: config.walrus.epoch,
      registeredEpoch: config.walrus.epoch,
      storage: { startEpoch: config.walrus.epoch, endEpoch: config.walrus.epoch + 2 },
    });
    expect(blobObject.id).toMatch(/^0x[0-9a-f]{64}$/);
    expect(resourceOperation.registerFromScratch.epochsAhead).toBe(2);
    expect(resourceOperation.registerFromScratch.encodedLength).toBe(blobObject.storage.storageSize);
    expect(cost).toBeGreaterThan(0);

    const served = await fetch(`${url}/v1/blobs/${blobObject.blobId}`);
    expect(served.headers.get('etag')).toBe(blobObject.blobId);
    expectBytes(await bytes(served), data);
    expectBytes((await floeReader(config).read({ blobId: blobIdFromText(blobObject.blobId) })).data, data);
    expectBytes(await walrusClient(config).readBlob({ blobId: blobObject.blobId }), data);

    const range = await fetch(`${url}/v1/blobs/${blobObject.blobId}`, {
      headers: { range: 'bytes=4000-4999' },
    });
    expect([range.status, range.headers.get('content-range')]).toEqual([206, 'bytes 4000-4999/5000']);
    expectBytes(await bytes(range), data.subarray(4000));

    // The same bytes again: the publisher's own certified blob is reused, nothing is stored.
    expect(await putBlob('?epochs=2', data)).toEqual({
      alreadyCertified: {
        blobId: blobObject.blobId,
        object: blobObject.id,
        endEpoch: blobObject.storage.endEpoch,
      },
    });
    const forced = (await putBlob('?epochs=2&force=true', data)) as NewlyCreated;
    expect(forced.newlyCreated.blobObject.blobId).toBe(blobObject.blobId);
    expect(forced.newlyCreated.blobObject.id).not.toBe(blobObject.id);
  });

  it('sends the new Blob object to send_object_to, and stores permanent blobs once', async () => {
    const recipient = new Ed25519Keypair().toSuiAddress();
    const sent = (await putBlob(`?send_object_to=${recipient}`, randomBytes(700, 12))) as NewlyCreated;
    const sui = new SuiJsonRpcClient({ url: config.rpcUrl, network: 'localnet' });
    const { object } = await sui.core.getObject({ objectId: sent.newlyCreated.blobObject.id });
    expect(object.owner).toEqual({ $kind: 'AddressOwner', AddressOwner: recipient });

    const data = randomBytes(900, 13);
    const permanent = (await putBlob('?permanent=true', data)) as NewlyCreated;
    expect(permanent.newlyCreated.blobObject.deletable).toBe(false);
    // Nodes learn of the certification from the chain a moment later; until then the publisher
    // can only find its own Blob object. Once they know, anyone's certified blob answers.
    await waitCertifiedOnNodes(permanent.newlyCreated.blobObject.blobId);
    const again = (await putBlob('?permanent=true', data)) as {
      alreadyCertified: { blobId: string; event: { txDigest: string; eventSeq: string }; endEpoch: number };
    };
    expect(again.alreadyCertified).toMatchObject({
      blobId: permanent.newlyCreated.blobObject.blobId,
      endEpoch: permanent.newlyCreated.blobObject.storage.endEpoch,
      event: { txDigest: expect.any(String), eventSeq: expect.any(String) },
    });
  });

  it('stores a quilt from a multipart form and serves each patch, by patch ID and by identifier', async () => {
    const page = new TextEncoder().encode('<!doctype html><h1>quilted</h1>');
    const image = randomBytes(4000, 14);
    const form = new FormData();
    form.append('index.html', new Blob([page]), 'index.html');
    form.append('img/photo.bin', new Blob([image.slice()]), 'photo.bin');
    form.append(
      '_metadata',
      JSON.stringify([{ identifier: 'index.html', tags: { 'content-type': 'text/html' } }]),
    );
    const response = await put('/v1/quilts?epochs=1', form);
    expect(response.status, await response.clone().text()).toBe(200);
    const result = (await response.json()) as {
      blobStoreResult: NewlyCreated;
      storedQuiltBlobs: { identifier: string; quiltPatchId: string; range: [number, number] }[];
    };
    const quiltId = result.blobStoreResult.newlyCreated.blobObject.blobId;
    expect(result.storedQuiltBlobs.map((p) => p.identifier)).toEqual(['img/photo.bin', 'index.html']);
    for (const patch of result.storedQuiltBlobs) {
      const id = parseQuiltPatchId(patch.quiltPatchId);
      expect([id.start, id.end]).toEqual(patch.range);
    }
    const byId = Object.fromEntries(result.storedQuiltBlobs.map((p) => [p.identifier, p.quiltPatchId]));

    const html = await fetch(`${url}/v1/blobs/by-quilt-patch-id/${byId['index.html']}`);
    expectBytes(await bytes(html), page);
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(html.headers.get('x-quilt-patch-identifier')).toBe('index.html');
    const photo = await fetch(`${url}/v1/blobs/by-quilt-id/${quiltId}/img%2Fphoto.bin`);
    expectBytes(await bytes(photo), image);

    const list = await (await fetch(`${url}/v1/quilts/${quiltId}/patches`)).json();
    expect(list).toEqual([
      { identifier: 'img/photo.bin', patch_id: byId['img/photo.bin'], tags: {} },
      { identifier: 'index.html', patch_id: byId['index.html'], tags: { 'content-type': 'text/html' } },
    ]);
    const [file] = await walrusClient(config).getFiles({ ids: [byId['index.html']!] });
    expectBytes(await file!.bytes(), page);
    expect(await file!.getTags()).toEqual({ 'content-type': 'text/html' });
  });

  it('reads a Blob object by ID with its allowed attributes as headers', async () => {
    const data = new TextEncoder().encode('body { color: teal }');
    const { newlyCreated } = (await putBlob('', data)) as NewlyCreated;
    // The publisher's key owns the object; give it attributes. (Passing the object, not its ID, as
    // the SDK's `executeWriteBlobAttributesTransaction` fails on a blob that has none yet.)
    const signer = Ed25519Keypair.fromSecretKey((await readFile(config.devKey.path, 'utf8')).trim());
    const tx = new Transaction();
    tx.add(
      walrusClient(config).writeBlobAttributes({
        blobObject: tx.object(newlyCreated.blobObject.id),
        attributes: { 'content-type': 'text/css', 'x-secret': 'not a header' },
      }),
    );
    const sui = new SuiJsonRpcClient({ url: config.rpcUrl, network: 'localnet' });
    const executed = await sui.core.signAndExecuteTransaction({ transaction: tx, signer });
    await sui.core.waitForTransaction({
      digest: (executed.Transaction ?? executed.FailedTransaction).digest,
    });
    const response = await fetch(`${url}/v1/blobs/by-object-id/${newlyCreated.blobObject.id}`);
    expect(response.status).toBe(200);
    expectBytes(await bytes(response), data);
    expect(response.headers.get('content-type')).toBe('text/css');
    expect(response.headers.has('x-secret')).toBe(false);
    expect(response.headers.get('etag')).toBe(newlyCreated.blobObject.blobId);
    const missing = await fetch(`${url}/v1/blobs/by-object-id/0x${'12'.repeat(32)}`);
    expect(missing.status).toBe(404);
  });

  it('answers an unknown blob with 404 BLOB_NOT_FOUND and refuses malformed requests', async () => {
    const unknown = await fetch(`${url}/v1/blobs/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatchObject({ status: 'NOT_FOUND', code: 404 });
    expect((await put('/v1/blobs?deletable=true&permanent=true', 'x')).status).toBe(400);
    expect((await put('/v1/blobs?epochs=0', 'x')).status).toBe(400);
    const notForm = await put('/v1/quilts', 'just bytes');
    expect([notForm.status, await notForm.text()]).toEqual([
      400,
      'Invalid `boundary` for `multipart/form-data` request',
    ]);
  });

  it('stops with the devnet', async () => {
    await devnet!.stop();
    await expect(fetch(`${url}/status`)).rejects.toThrow();
  });
});
