// Crash safety of a node process: kill -9 it while uploads stream in, restart it on the same data
// folder, and check that every sliver it acknowledged is there, byte-identical and verifiable,
// that its chain state (committee, registrations) survived, and that it still signs.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { toBase64 } from '@mysten/bcs';
import { blobIdToText } from '../../core/walrus/blob-id.ts';
import { parseSliverData, serializeBlobMetadata } from '../../core/walrus/bcs.ts';
import type { EncodedBlob } from '../../core/walrus/encoding.ts';
import { geometry } from '../../core/walrus/geometry.ts';
import { StorageNodeClient } from '../../core/walrus/node-client.ts';
import type { SignedConfirmation, SliverType } from '../../core/walrus/node-types.ts';
import { verifySliver } from '../../core/walrus/sliver-verify.ts';
import { expectBytes } from '../../core/walrus/test-support/bytes.ts';
import { encodedBlob } from '../../core/walrus/test-support/fixtures.ts';
import { verifyBls } from './bls.ts';
import { generateBlsKeyFile } from './key-file.ts';
import { fakeObjectId } from './memory-state.ts';
import { pairsOf, stopAll, tempDir } from './test-support/harness.ts';

const MAIN = join(import.meta.dirname, 'main.ts');
const N = 10;
const SHARDS = [0, 1, 2, 3, 4];
const children = new Set<ChildProcess>();

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await stopAll();
});

interface Launched {
  readonly child: ChildProcess;
  readonly url: string;
  readonly adminUrl: string;
  readonly publicKey: string;
  readonly client: StorageNodeClient;
}

async function launch(dir: string, key: string, extra: string[] = []): Promise<Launched> {
  const child = spawn(process.execPath, [MAIN, '--dir', dir, '--bls-key', key, '--devnet', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`node exited early with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  const info = JSON.parse(line) as { url: string; adminUrl: string; publicKey: string };
  return { child, ...info, client: new StorageNodeClient({ url: info.url, timeoutMs: 10_000 }) };
}

async function register(adminUrl: string, blobs: readonly EncodedBlob[]): Promise<void> {
  const events = blobs.map((blob, i) => ({
    kind: 'registered',
    blobId: blobIdToText(blob.blobId),
    objectId: fakeObjectId(i + 1),
    epoch: 1,
    endEpoch: 20,
    deletable: false,
    size: blob.metadata.unencodedLength,
  }));
  const response = await fetch(`${adminUrl}/state/events`, {
    method: 'POST',
    body: JSON.stringify({ events }),
  });
  expect(response.status).toBe(200);
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

const sliverOf = (blob: EncodedBlob, pair: number, type: SliverType) =>
  (type === 'primary' ? blob.primary : blob.secondary)[pair]!;

describe('node process durability', () => {
  it('keeps every acknowledged sliver across kill -9 and keeps signing', async () => {
    const dir = await tempDir('floe-node-crash-');
    const key = join(await tempDir('floe-node-key-'), 'node.key');
    const { publicKey } = await generateBlsKeyFile(key);
    const first = await launch(dir, key, ['--n-shards', String(N), '--shards', '0-4', '--epoch', '1']);
    expect(first.publicKey).toBe(toBase64(publicKey));

    const blobs = Array.from({ length: 24 }, (_, i) => encodedBlob(N, 40_000 + 997 * i, 500 + i).encoded);
    await register(first.adminUrl, blobs);

    const acknowledged: { blob: EncodedBlob; pair: number; type: SliverType }[] = [];
    const confirmed = new Map<EncodedBlob, SignedConfirmation>();
    let alive = true;
    first.child.once('exit', () => (alive = false));
    // Kill once enough writes were acknowledged that plenty more are in flight.
    const killAfter = 60 + Math.floor(Math.random() * 60);
    const upload = async (blob: EncodedBlob) => {
      await first.client.putMetadata(blob.blobId, serializeBlobMetadata(blob.metadata));
      await Promise.all(
        pairsOf(blob, SHARDS).flatMap((pair) =>
          (['primary', 'secondary'] as const).map(async (type) => {
            await first.client.putSliver(blob.blobId, pair, type, sliverOf(blob, pair, type));
            acknowledged.push({ blob, pair, type });
            if (acknowledged.length === killAfter) first.child.kill('SIGKILL');
          }),
        ),
      );
      confirmed.set(blob, await first.client.getPermanentConfirmation(blob.blobId));
    };
    await Promise.allSettled(
      blobs.map((blob, i) => new Promise((r) => setTimeout(r, i * 5)).then(() => upload(blob))),
    );
    await exited(first.child);
    expect(alive).toBe(false);
    expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);
    expect(confirmed.size).toBeLessThan(blobs.length);

    // Restart without a committee: the stored one (and every registration) must have survived.
    const second = await launch(dir, key);
    expect(second.publicKey).toBe(first.publicKey);
    const health = await second.client.getHealth();
    expect(health).toMatchObject({ epoch: 1, shardSummary: { owned: SHARDS.length } });
    const g = geometry(N);
    for (const { blob, pair, type } of acknowledged) {
      const bytes = await second.client.getSliver(blob.blobId, pair, type);
      expectBytes(bytes, sliverOf(blob, pair, type));
      verifySliver(parseSliverData(bytes), type, pair, blob.metadata, g);
    }
    for (const [blob, before] of confirmed) {
      const after = await second.client.getPermanentConfirmation(blob.blobId);
      expect(after.serializedMessage).toEqual(before.serializedMessage);
      expect(verifyBls(after.signature, publicKey, after.serializedMessage)).toBe(true);
    }
    // Uploads cut off by the crash complete now, and every blob gets its confirmation.
    for (const blob of blobs) {
      expect(await second.client.getBlobStatus(blob.blobId)).toMatchObject({ permanent: { endEpoch: 20 } });
      await second.client.putMetadata(blob.blobId, serializeBlobMetadata(blob.metadata));
      await Promise.all(
        pairsOf(blob, SHARDS).flatMap((pair) =>
          (['primary', 'secondary'] as const).map((type) =>
            second.client.putSliver(blob.blobId, pair, type, sliverOf(blob, pair, type)),
          ),
        ),
      );
      const signed = await second.client.getPermanentConfirmation(blob.blobId);
      expect(verifyBls(signed.signature, publicKey, signed.serializedMessage)).toBe(true);
    }

    // SIGTERM is a clean shutdown.
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
  });

  it('refuses to start on a fresh folder without a committee', async () => {
    const dir = await tempDir('floe-node-empty-');
    const key = join(dir, 'node.key');
    await generateBlsKeyFile(key);
    await expect(launch(dir, key)).rejects.toThrow(/exited early with 1.*no committee/s);
  });
});
