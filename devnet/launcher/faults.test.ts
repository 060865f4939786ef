// Faults on a whole devnet as users run it (10 node processes, 1000 shards): the unmodified
// `@mysten/walrus` SDK writes files and quilts that both the SDK and Floe's reader read back; writes
// certify with 3 nodes down; Floe's reader decodes around 6 nodes down and names the nodes when 7
// are; and a node SIGKILLed in the middle of an upload comes back with everything it had confirmed.
// The tests share one devnet and run in order: each relies on the blobs written before it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '@mysten/bcs';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { WalrusFile, type WalrusClient } from '@mysten/walrus';
import { blobIdFromText, blobIdToText } from '../../core/walrus/blob-id.ts';
import { parseBlobMetadataWithId, parseSliverData, parseStorageConfirmation } from '../../core/walrus/bcs.ts';
import type { BlobMetadata } from '../../core/walrus/bcs.ts';
import { geometry, pairToSecondaryIndex, primarySliverSize, symbolSize } from '../../core/walrus/geometry.ts';
import { verifyMetadata } from '../../core/walrus/metadata.ts';
import { StorageNodeClient } from '../../core/walrus/node-client.ts';
import { StorageNodeApiError } from '../../core/walrus/node-errors.ts';
import type { SliverType } from '../../core/walrus/node-types.ts';
import { parseQuiltPatchId, quiltPatchIdToText } from '../../core/walrus/quilt.ts';
import { loadChainCommittee } from '../../core/walrus/chain-committee.ts';
import { WalrusWriter } from '../../core/walrus/writer.ts';
import { keypairExecutor } from '../../core/sui/execute.ts';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { EncodePool } from '../../publisher/encode-pool.ts';
import { NotEnoughSliversError } from '../../core/walrus/read-errors.ts';
import { rowsForRange } from '../../core/walrus/read-plan.ts';
import type { ReadTarget, WalrusReader } from '../../core/walrus/reader.ts';
import { verifySliver } from '../../core/walrus/sliver-verify.ts';
import { expectBytes } from '../../core/walrus/test-support/bytes.ts';
import { randomBytes } from '../../core/walrus/test-support/fixtures.ts';
import { verifyBls } from '../node/bls.ts';
import type { DevnetConfig } from './config.ts';
import { startDevnet, type Devnet } from './launcher.ts';
import {
  floeReader,
  ownerOfPair,
  pairsOfNode,
  waitCaughtUp,
  walrusClient,
  type StorageFetch,
} from './test-support/devnet-clients.ts';

const NODES = 10;
const SHARDS = 1000;
const g = geometry(SHARDS);
const TIMEOUT = 180_000;
const EPOCHS = 2;

interface TestFile {
  readonly identifier: string;
  readonly tags: Record<string, string>;
  readonly contents: Uint8Array;
}

/** One Floe read to repeat under faults, with the sliver pairs its direct path needs. */
interface Check {
  readonly label: string;
  readonly target: ReadTarget;
  readonly expected: Uint8Array;
  readonly patch?: { identifier: string; tags: Record<string, string> };
  readonly pairs: readonly number[];
}

interface Stored {
  readonly label: string;
  readonly blobId: string;
  /** Nodes that were down while it was written: they never got its slivers (no recovery on devnet). */
  readonly missingOn: ReadonlySet<number>;
  readonly checks: readonly Check[];
  /** The Blob object of a deletable blob (its confirmations name it); absent for permanent ones. */
  readonly deletableObjectId?: string;
}

let dir: string;
let devnet: Devnet | undefined;
let config: DevnetConfig;
let signer: Ed25519Keypair;
/** One reader for the whole file, so the WASM decoder is set up once. */
let reader: WalrusReader;
const down = new Set<number>();
const stored: Stored[] = [];

const log = (message: string) => console.log(`[faults] ${message}`);

async function timed<T>(what: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    log(`${what}: ${Math.round(performance.now() - started)} ms`);
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-faults-'));
  devnet = await timed('devnet start (10 nodes, 1000 shards)', () =>
    startDevnet({ dir, nodes: NODES, shards: SHARDS, port: 0 }),
  );
  config = devnet.config;
  // A long hedge keeps the path deterministic: only missing slivers send a read to the fallback.
  reader = floeReader(config, { hedgeAfterMs: 20_000 });
  signer = Ed25519Keypair.fromSecretKey((await readFile(config.devKey.path, 'utf8')).trim());
  expect(signer.toSuiAddress()).toBe(config.devKey.address);
}, TIMEOUT);

afterAll(async () => {
  await devnet?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, TIMEOUT);

function running(): Devnet {
  if (!devnet) throw new Error('devnet not started');
  return devnet;
}

async function stopNodes(indices: readonly number[], kill = false): Promise<void> {
  await Promise.all(indices.map((i) => running().stopNode(i, kill)));
  for (const i of indices) down.add(i);
}

async function startNodes(indices: readonly number[]): Promise<void> {
  await Promise.all(indices.map((i) => running().startNode(i)));
  // A restarted node learns what happened while it was down from its chain follower.
  await Promise.all(indices.map((i) => waitCaughtUp(config.nodes[i]!.url)));
  for (const i of indices) down.delete(i);
}

/** Columns → the sliver pairs holding them (secondary sliver c is in pair n−1−c). */
function columnPairs(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => pairToSecondaryIndex(start + i, g.n));
}

function blobCheck(label: string, data: Uint8Array): Check {
  const rows = rowsForRange(0, data.length, primarySliverSize(g, symbolSize(g, data.length)));
  return { label, target: { kind: 'blob' }, expected: data, pairs: rows };
}

/** Reads a patch by identifier (index columns + patch columns) and by its patch ID's columns. */
function patchChecks(file: TestFile, patchId: string, quiltId: string, indexColumns: number): Check[] {
  const { quiltId: idBytes, start, end } = parseQuiltPatchId(patchId);
  expect(blobIdToText(idBytes)).toBe(quiltId);
  const patch = { identifier: file.identifier, tags: file.tags };
  return [
    {
      label: `${file.identifier} by identifier`,
      target: { kind: 'identifier', identifier: file.identifier },
      expected: file.contents,
      patch,
      pairs: [...columnPairs(0, indexColumns), ...columnPairs(start, end)],
    },
    {
      label: `${file.identifier} by columns [${start}, ${end})`,
      target: { kind: 'patch', start, end },
      expected: file.contents,
      patch,
      pairs: columnPairs(start, end),
    },
  ];
}

/** Reads with Floe's reader and compares bytes (and identifier/tags for patches); returns the path. */
async function floeRead(blob: Stored, check: Check) {
  const result = await reader.read({ blobId: blob.blobId, target: check.target });
  expectBytes(result.data, check.expected);
  if (check.patch) expect(result.patch).toEqual(check.patch);
  return result.stats;
}

/** Whether every sliver the direct path needs is on a running node that received it. */
function directAvailable(blob: Stored, check: Check): boolean {
  return check.pairs.every((pair) => {
    const owner = ownerOfPair(config, blob.blobId, pair);
    return !down.has(owner) && !blob.missingOn.has(owner);
  });
}

/**
 * The path Floe's reader must take: direct when every sliver it needs is served; else the missing
 * ones rebuilt from decoding symbols when the nodes that are up and hold the blob have the k
 * symbols a sliver needs (p per column, s per row); else the whole-blob fallback.
 */
function expectedPath(blob: Stored, check: Check): 'direct' | 'recovered' | 'fallback' {
  if (directAvailable(blob, check)) return 'direct';
  const holding = config.nodes
    .filter((_, i) => !down.has(i) && !blob.missingOn.has(i))
    .reduce((sum, node) => sum + node.shards.length, 0);
  const k = check.target.kind === 'blob' || check.target.kind === 'range' ? g.s : g.p;
  return holding >= k ? 'recovered' : 'fallback';
}

/**
 * `WalrusClient.readBlob`, retried when it hits an @mysten/walrus 1.2.13 bug: when the first
 * (random) node has no metadata, `getBlobMetadata` chunks the other 9 nodes into chunks of
 * ⌊9 / 10⌋ = 0 and throws `RangeError: Invalid array length` on committees of ≤ 10 nodes.
 */
async function sdkReadBlob(walrus: WalrusClient, blobId: string): Promise<Uint8Array> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await walrus.readBlob({ blobId });
    } catch (error) {
      if (!(error instanceof RangeError) || attempt === 10) throw error;
      log(`SDK readBlob attempt ${attempt} hit the SDK's metadata chunking bug (${error.message}); retrying`);
    }
  }
}

function nodeClient(index: number): StorageNodeClient {
  return new StorageNodeClient({ url: config.nodes[index]!.url, timeoutMs: 10_000 });
}

/** Metadata from node `index`, verified against the blob ID. */
async function verifiedMetadata(index: number, blobId: string): Promise<BlobMetadata> {
  const id = blobIdFromText(blobId);
  return verifyMetadata(id, parseBlobMetadataWithId(await nodeClient(index).getMetadataBytes(id)), g.n);
}

/** The node's confirmation of a stored blob, checked: message fields and BLS signature. */
async function checkConfirmation(index: number, blob: Stored, publicKey: Uint8Array): Promise<void> {
  const { blobId, deletableObjectId } = blob;
  const id = blobIdFromText(blobId);
  const signed = deletableObjectId
    ? await nodeClient(index).getDeletableConfirmation(id, deletableObjectId)
    : await nodeClient(index).getPermanentConfirmation(id);
  const message = parseStorageConfirmation(signed.serializedMessage);
  expect(blobIdToText(message.blobId)).toBe(blobId);
  expect(message.persistence.kind).toBe(deletableObjectId ? 'deletable' : 'permanent');
  expect(message.epoch).toBe(config.walrus.epoch);
  expect(verifyBls(signed.signature, publicKey, signed.serializedMessage)).toBe(true);
}

/**
 * Fetches both slivers of every pair node `index` holds and verifies each against the metadata.
 * Returns how many were served; with `allowMissing`, 404 SLIVER_NOT_FOUND is tolerated.
 */
async function checkSlivers(
  index: number,
  blobId: string,
  metadata: BlobMetadata,
  allowMissing = false,
): Promise<{ served: number; missing: number }> {
  const client = nodeClient(index);
  const id = blobIdFromText(blobId);
  let served = 0;
  let missing = 0;
  const work = pairsOfNode(config, blobId, index).flatMap((pair) =>
    (['primary', 'secondary'] as SliverType[]).map((type) => ({ pair, type })),
  );
  // A few at a time: the node caps concurrent requests and the test should not measure that.
  for (let i = 0; i < work.length; i += 16) {
    await Promise.all(
      work.slice(i, i + 16).map(async ({ pair, type }) => {
        let bytes: Uint8Array;
        try {
          bytes = await client.getSliver(id, pair, type);
        } catch (error) {
          if (allowMissing && error instanceof StorageNodeApiError && error.reason === 'SLIVER_NOT_FOUND') {
            missing++;
            return;
          }
          throw error;
        }
        verifySliver(parseSliverData(bytes), type, pair, metadata, g);
        served++;
      }),
    );
  }
  return { served, missing };
}

describe('devnet faults (10 nodes, 1000 shards, one devnet)', () => {
  it(
    'writeFiles and writeQuilt through the SDK; the SDK and Floe read every file back byte for byte',
    async () => {
      const walrus = walrusClient(config);
      const text = (s: string) => new TextEncoder().encode(s);
      const files: TestFile[] = [
        {
          identifier: 'index.html',
          tags: { 'content-type': 'text/html' },
          contents: text(`<!doctype html><title>floe</title>${'<p>hello walrus</p>'.repeat(80)}`),
        },
        { identifier: 'assets/data.bin', tags: { kind: 'binary' }, contents: randomBytes(40_000, 11) },
        { identifier: 'notes.txt', tags: {}, contents: text('x') },
      ];
      const written = await timed('SDK writeFiles (3 files)', () =>
        walrus.writeFiles({
          files: files.map((f) => WalrusFile.from(f)),
          epochs: EPOCHS,
          deletable: false,
          signer,
        }),
      );
      expect(written).toHaveLength(files.length);
      const filesQuilt = written[0]!.blobId;
      expect(new Set(written.map((w) => w.blobId))).toEqual(new Set([filesQuilt]));

      // SDK: by patch ID, and through the quilt's index. The SDK sorts a quilt's patches by
      // identifier, and writeFiles lists them in that order rather than the order given.
      const sdkFiles = await timed('SDK getFiles', () => walrus.getFiles({ ids: written.map((w) => w.id) }));
      const filePatchIds = new Map<string, string>();
      for (const [i, sdkFile] of sdkFiles.entries()) {
        const identifier = (await sdkFile.getIdentifier())!;
        const file = files.find((f) => f.identifier === identifier);
        expect(file, `SDK read an unknown file ${identifier}`).toBeDefined();
        expectBytes(await sdkFile.bytes(), file!.contents);
        expect(await sdkFile.getTags()).toEqual(file!.tags);
        filePatchIds.set(identifier, written[i]!.id);
      }
      expect([...filePatchIds.keys()].sort()).toEqual(files.map((f) => f.identifier).sort());
      const listed = await (await walrus.getBlob({ blobId: filesQuilt })).files();
      expect(listed).toHaveLength(files.length);
      for (const entry of listed) {
        const identifier = await entry.getIdentifier();
        const match = files.find((f) => f.identifier === identifier);
        expect(match, `SDK listed an unknown file ${identifier}`).toBeDefined();
        expectBytes(await entry.bytes(), match!.contents);
        expect(await entry.getTags()).toEqual(match!.tags);
      }

      const quiltBlobs: TestFile[] = [
        { identifier: 'z.css', tags: { 'content-type': 'text/css' }, contents: text('body{color:teal}') },
        { identifier: 'b.bin', tags: { n: '2' }, contents: randomBytes(100_000, 12) },
        { identifier: 'm.json', tags: {}, contents: text(JSON.stringify({ hello: 'walrus' })) },
      ];
      const quilt = await timed('SDK writeQuilt (3 blobs)', () =>
        walrus.writeQuilt({ blobs: quiltBlobs, epochs: EPOCHS, deletable: false, signer }),
      );
      const quiltPatchIds = new Map(quilt.index.patches.map((p) => [p.identifier, p.patchId]));
      expect([...quiltPatchIds.keys()].sort()).toEqual(quiltBlobs.map((b) => b.identifier).sort());
      for (const patch of quilt.index.patches) {
        const id = parseQuiltPatchId(patch.patchId);
        expect(blobIdToText(id.quiltId)).toBe(quilt.blobId);
        expect([id.start, id.end]).toEqual([patch.startIndex, patch.endIndex]);
      }
      const sdkPatches = await walrus.getFiles({
        ids: quiltBlobs.map((b) => quiltPatchIds.get(b.identifier)!),
      });
      for (const [i, blob] of quiltBlobs.entries()) {
        expectBytes(await sdkPatches[i]!.bytes(), blob.contents);
        expect(await sdkPatches[i]!.getIdentifier()).toBe(blob.identifier);
        expect(await sdkPatches[i]!.getTags()).toEqual(blob.tags);
      }

      // Floe: by identifier (through the verified index) and by the patch ID's columns. Patch 0
      // starts right after the index columns.
      const filesIndexColumns = Math.min(...written.map((w) => parseQuiltPatchId(w.id).start));
      const quiltIndexColumns = Math.min(...quilt.index.patches.map((p) => p.startIndex));
      stored.push(
        {
          label: 'writeFiles quilt',
          blobId: filesQuilt,
          missingOn: new Set(),
          checks: files.flatMap((f) =>
            patchChecks(f, filePatchIds.get(f.identifier)!, filesQuilt, filesIndexColumns),
          ),
        },
        {
          label: 'writeQuilt quilt',
          blobId: quilt.blobId,
          missingOn: new Set(),
          checks: quiltBlobs.flatMap((b) =>
            patchChecks(b, quiltPatchIds.get(b.identifier)!, quilt.blobId, quiltIndexColumns),
          ),
        },
      );
      for (const blob of stored) {
        for (const check of blob.checks) {
          const stats = await floeRead(blob, check);
          expect(stats.path, check.label).toBe('direct');
          expect(stats.failures, check.label).toEqual([]);
        }
      }
    },
    TIMEOUT,
  );

  it(
    "Floe's writer (worker-thread encoding, own uploads, SDK certificate) stores a quilt the SDK reads back",
    async () => {
      const walrus = walrusClient(config);
      const sui = new SuiJsonRpcClient({ url: config.rpcUrl, network: 'localnet' });
      const committee = await loadChainCommittee(walrus, sui, { scheme: 'http' });
      // Committee order (the certificate's signer order) is the chain's, not devnet.json's.
      expect(committee.members.map((m) => m.url).sort()).toEqual(config.nodes.map((n) => n.url).sort());
      const writer = new WalrusWriter({
        walrus,
        sui,
        owner: signer.toSuiAddress(),
        execute: keypairExecutor(sui, signer),
        committee,
      });
      const text = (s: string) => new TextEncoder().encode(s);
      const files: TestFile[] = [
        { identifier: '/index.html', tags: {}, contents: text('<!doctype html><h1>written by floe</h1>') },
        { identifier: '/img/photo.bin', tags: {}, contents: randomBytes(300_000, 21) },
        { identifier: '/empty.txt', tags: {}, contents: new Uint8Array(0) },
      ];
      const pool = new EncodePool(2);
      try {
        const quilt = await timed('Floe encode quilt (worker thread)', () =>
          pool.encodeQuilt(
            SHARDS,
            files.map((f) => ({ identifier: f.identifier, contents: f.contents })),
          ),
        );
        const quiltId = blobIdToText(quilt.encoded.blobId);
        const registered = await timed('Floe register', () =>
          writer.register([{ encoded: quilt.encoded, size: quilt.size, quilt: true }], EPOCHS),
        );
        const blob = registered.get(quiltId)!;
        expect(blob.certified).toBe(false);
        const progress = new Map<number, number>();
        const upload = await timed('Floe upload to 10 nodes', () =>
          writer.upload(quilt.encoded, blob, (p) => progress.set(p.index, p.done)),
        );
        expect(upload.failures.size).toBe(0);
        expect(upload.confirmedShards).toBe(SHARDS);
        expect([...progress.values()].reduce((a, b) => a + b, 0)).toBe(2 * SHARDS + 2 * NODES);
        await timed('Floe certify', () => writer.certify([{ blob, upload }]));
        expect((await writer.ownedBlobs()).get(quiltId)?.certified).toBe(true);

        // The official SDK reads each file by the patch ID Floe computes, and the whole quilt.
        for (const file of files) {
          const placement = quilt.patches.find((p) => p.identifier === file.identifier)!;
          const patchId = quiltPatchIdToText({
            quiltId: quilt.encoded.blobId,
            start: placement.start,
            end: placement.end,
          });
          const [sdkFile] = await walrus.getFiles({ ids: [patchId] });
          expectBytes(await sdkFile!.bytes(), file.contents);
          expect(await sdkFile!.getIdentifier()).toBe(file.identifier);
        }
        const whole = await sdkReadBlob(walrus, quiltId);
        expect(whole.length).toBe(quilt.size);
        const indexColumns = Math.min(...quilt.patches.map((p) => p.start));
        stored.push({
          label: 'Floe-written quilt',
          blobId: quiltId,
          deletableObjectId: blob.objectId,
          missingOn: new Set(),
          checks: files.flatMap((f) => {
            const p = quilt.patches.find((q) => q.identifier === f.identifier)!;
            const patchId = quiltPatchIdToText({ quiltId: quilt.encoded.blobId, start: p.start, end: p.end });
            return patchChecks(f, patchId, quiltId, indexColumns);
          }),
        });
        for (const check of stored.at(-1)!.checks) {
          const stats = await floeRead(stored.at(-1)!, check);
          expect(stats.path, check.label).toBe('direct');
        }
      } finally {
        await pool.close();
      }
    },
    TIMEOUT,
  );

  it(
    'certifies a writeBlob with 3 of 10 nodes stopped; the restarted nodes catch up with the chain',
    async () => {
      const stopped = [7, 8, 9];
      await stopNodes(stopped);
      try {
        const walrus = walrusClient(config);
        const data = randomBytes(3000, 21);
        const { blobId, blobObject } = await timed('SDK writeBlob with 3 nodes down', () =>
          walrus.writeBlob({ blob: data, epochs: EPOCHS, deletable: false, signer }),
        );
        expect(blobObject.certified_epoch).toBe(config.walrus.epoch);
        const blob: Stored = {
          label: 'blob written with 3 nodes down',
          blobId,
          missingOn: new Set(stopped),
          checks: [blobCheck('whole blob', data)],
        };
        stored.push(blob);
        expectBytes(await timed('SDK readBlob with 3 nodes down', () => sdkReadBlob(walrus, blobId)), data);
        const stats = await floeRead(blob, blob.checks[0]!);
        expect(stats.path).toBe(expectedPath(blob, blob.checks[0]!));

        await timed('restart 3 nodes and catch up', () => startNodes(stopped));
        for (const i of stopped) {
          // Learned from the chain while it was down: registered and certified.
          const status = await nodeClient(i).getBlobStatus(blobIdFromText(blobId));
          expect(status, config.nodes[i]!.name).toMatchObject({
            permanent: { isCertified: true, initialCertifiedEpoch: config.walrus.epoch },
          });
        }
        // Still readable with the restarted nodes back, though they never got this blob's slivers.
        expectBytes(await timed('SDK readBlob after the restart', () => sdkReadBlob(walrus, blobId)), data);
        const after = await floeRead(blob, blob.checks[0]!);
        expect(after.path).toBe(expectedPath(blob, blob.checks[0]!));
      } finally {
        await startNodes([...down]);
      }
    },
    TIMEOUT,
  );

  it(
    "Floe's reader reads every blob with 6 of 10 nodes stopped and names the nodes when 7 are",
    async () => {
      // The nodes that missed a write must be among the stopped ones, or that blob would have
      // only 3 nodes' slivers left; then stop the nodes holding the first direct slivers.
      const six = new Set(stored.flatMap((b) => [...b.missingOn]));
      for (const blob of stored)
        for (const check of blob.checks)
          for (const pair of check.pairs) if (six.size < 6) six.add(ownerOfPair(config, blob.blobId, pair));
      for (let i = 0; six.size < 6; i++) six.add(i);
      await stopNodes([...six]);
      try {
        expect(down.size).toBe(6);
        const paths = { direct: 0, recovered: 0, fallback: 0 };
        const times: string[] = [];
        for (const blob of stored) {
          for (const check of blob.checks) {
            const stats = await floeRead(blob, check);
            const expected = expectedPath(blob, check);
            expect(stats.path, `${blob.label}: ${check.label}`).toBe(expected);
            paths[stats.path]++;
            times.push(
              `${check.label}: ${stats.path}${stats.decoded ? '+decode' : ''} ${Math.round(stats.ms)} ms`,
            );
          }
        }
        log(
          `6 nodes down: ${paths.fallback} fallback reads, ${paths.recovered} recovered, ${paths.direct} direct reads: ${times.join('; ')}`,
        );
        expect(paths.fallback + paths.recovered).toBeGreaterThan(0);

        // 300 shards are left, fewer than p = 334 primary slivers: only a read whose direct
        // slivers all survive can still succeed. Stop the node that serves most of those.
        const served = new Map<number, number>();
        for (const blob of stored)
          for (const check of blob.checks)
            if (directAvailable(blob, check))
              for (const pair of check.pairs) {
                const owner = ownerOfPair(config, blob.blobId, pair);
                served.set(owner, (served.get(owner) ?? 0) + 1);
              }
        const seventh =
          [...served].sort((a, b) => b[1] - a[1])[0]?.[0] ??
          [...Array(NODES).keys()].find((i) => !down.has(i))!;
        await stopNodes([seventh]);
        expect(down.size).toBe(7);
        times.length = 0;
        let failed = 0;
        for (const blob of stored) {
          for (const check of blob.checks) {
            const label = `${blob.label}: ${check.label}`;
            const started = performance.now();
            const outcome = await floeRead(blob, check).then(
              (stats) => ({ ok: true as const, stats }),
              (error: unknown) => ({ ok: false as const, error }),
            );
            times.push(
              `${check.label}: ${outcome.ok ? 'ok' : 'failed'} ${Math.round(performance.now() - started)} ms`,
            );
            if (directAvailable(blob, check)) {
              expect(outcome.ok && outcome.stats.path, label).toBe('direct');
              continue;
            }
            expect(outcome.ok ? outcome.stats : outcome.error, label).toBeInstanceOf(NotEnoughSliversError);
            const error = (outcome as { error: NotEnoughSliversError }).error;
            expect(error.needed).toBe(g.p);
            // The three running nodes (100 shards each) hold every blob written so far.
            expect(error.collected, label).toBe(300);
            for (const i of down) expect(error.message, label).toContain(`${config.nodes[i]!.url}: `);
            if (failed++ === 0) {
              log(`7 nodes down (message of ${error.message.length} chars): ${error.message.slice(0, 300)}…`);
            }
          }
        }
        log(`7 nodes down: ${failed} reads failed with NotEnoughSliversError: ${times.join('; ')}`);
        expect(failed).toBeGreaterThan(0);
      } finally {
        await timed(`restart ${down.size} nodes and catch up`, () => startNodes([...down]));
      }
      expect(down.size).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'a node SIGKILLed in the middle of an SDK upload restarts serving everything it had confirmed',
    async () => {
      // A node that was up for every write so far, so it confirmed all of them.
      const victim = [...Array(NODES).keys()].find((i) => stored.every((b) => !b.missingOn.has(i)))!;
      const node = config.nodes[victim]!;
      const publicKey = fromBase64((await nodeClient(victim).getHealth()).publicKey);
      for (const blob of stored) await checkConfirmation(victim, blob, publicKey);

      // Kill it once it has stored part of the new blob's slivers, with the rest still arriving.
      const KILL_AFTER = 10;
      let sliversStored = 0;
      let killed: Promise<void> | undefined;
      let uploadSettled = false;
      const fetch: StorageFetch = async (input, init) => {
        const response = await globalThis.fetch(input, init);
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (
          url.startsWith(`${node.url}/`) &&
          init?.method === 'PUT' &&
          url.includes('/slivers/') &&
          response.ok &&
          ++sliversStored === KILL_AFTER &&
          !uploadSettled
        ) {
          killed = running().stopNode(victim, true);
          down.add(victim);
        }
        return response;
      };
      const walrus = walrusClient(config, fetch);
      const data = randomBytes(200_000, 31);
      let blobId: string | undefined;
      try {
        const outcome = await timed('SDK writeBlob with a node SIGKILLed mid-upload', () =>
          walrus
            .writeBlob({
              blob: data,
              epochs: EPOCHS,
              deletable: false,
              signer,
              onStep: (step) => {
                blobId = step.blobId;
              },
            })
            .then(
              (result) => ({ ok: true as const, result }),
              (error: unknown) => ({ ok: false as const, error }),
            ),
        );
        uploadSettled = true;
        expect(killed, 'the node was killed during the upload').toBeDefined();
        await killed;
        log(
          `SIGKILLed ${node.name} after ${KILL_AFTER} stored slivers; the write ${outcome.ok ? 'certified' : `failed: ${String(outcome.error)}`}`,
        );

        await timed(`restart ${node.name} and catch up`, () => startNodes([victim]));
        expect((await nodeClient(victim).getHealth()).publicKey).toBe(toBase64(publicKey));

        // Everything it confirmed before: metadata, every sliver of its shards, and a fresh confirmation.
        for (const blob of stored) {
          const metadata = await verifiedMetadata(victim, blob.blobId);
          const { served } = await checkSlivers(victim, blob.blobId, metadata);
          expect(served, blob.label).toBe(2 * node.shards.length);
          await checkConfirmation(victim, blob, publicKey);
        }
        for (const blob of stored) {
          for (const check of blob.checks) {
            const stats = await floeRead(blob, check);
            expect(stats.path, `${blob.label}: ${check.label}`).toBe(expectedPath(blob, check));
          }
        }

        // The interrupted blob: whatever the node kept of it is whole and verifies.
        expect(blobId).toBeDefined();
        const interrupted = blobId!;
        // Metadata goes before slivers, so the node has it; any other node's copy must agree.
        const metadata = await verifiedMetadata(victim, interrupted);
        expect(await verifiedMetadata((victim + 1) % NODES, interrupted)).toEqual(metadata);
        const kept = await checkSlivers(victim, interrupted, metadata, true);
        log(`${node.name} kept ${kept.served} of ${2 * node.shards.length} slivers of the interrupted blob`);
        expect(kept.served + kept.missing).toBe(2 * node.shards.length);
        expect(kept.served).toBeGreaterThanOrEqual(KILL_AFTER);
        if (outcome.ok) {
          expect(outcome.result.blobId).toBe(interrupted);
          expectBytes(await sdkReadBlob(walrus, interrupted), data);
          expectBytes((await floeReader(config).read({ blobId: interrupted })).data, data);
        }
      } finally {
        await startNodes([...down]);
      }
    },
    TIMEOUT,
  );
});
