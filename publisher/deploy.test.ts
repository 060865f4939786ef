// `floe deploy` against a whole devnet as users run it (10 node processes, 1000 shards): the
// example site and a generated 1000-file site (nested folders, unicode and spaces in names, an
// empty file, a 12 MB file) deploy; every file reads back byte for byte through Floe's reader and
// through the official SDK by quilt patch ID; redeploys upload nothing when nothing changed, one
// quilt for one changed file, and remove deleted files; two nodes killed mid-deploy still end in a
// complete site; a deploy killed after certifying resumes without uploading again.
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { listOwnedBlobs } from '../core/walrus/writer.ts';
import { QUILT_PATCH_HEADER } from '../core/site/types.ts';
import { readSite, type OnChainSite } from '../core/sui/site-read.ts';
import { blobIdFromText } from '../core/walrus/blob-id.ts';
import { parseInternalPatchId, quiltPatchIdToText } from '../core/walrus/quilt.ts';
import { expectBytes } from '../core/walrus/test-support/bytes.ts';
import { randomBytes } from '../core/walrus/test-support/fixtures.ts';
import { startDevnet, type Devnet } from '../devnet/launcher/launcher.ts';
import {
  floeReader,
  ownerOfPair,
  waitCaughtUp,
  walrusClient,
} from '../devnet/launcher/test-support/devnet-clients.ts';
import { pairToSecondaryIndex } from '../core/walrus/geometry.ts';
import { objectIdToBase36 } from '../core/site/base36.ts';
import { networkFromDevnetJson } from '../core/sui/networks.ts';
import { startPortal } from '../portal/server/server.ts';
import { main } from './cli.ts';
import { scanSite } from './scan.ts';
import { generateSite } from './test-support/generate-site.ts';

const TIMEOUT = 300_000;
let dir: string;
let devnet: Devnet | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-deploy-'));
  devnet = await startDevnet({ dir: join(dir, 'devnet'), nodes: 10, shards: 1000, port: 0 });
}, TIMEOUT);

afterAll(async () => {
  await devnet?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, TIMEOUT);

function running(): Devnet {
  if (!devnet) throw new Error('devnet not started');
  return devnet;
}

/** Runs the CLI in-process; returns exit code, stdout and stderr. */
async function floe(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return floeWatching(() => {}, ...argv);
}

/** Like `floe`, calling `onErr` with stderr so far whenever it grows (progress lines). */
async function floeWatching(
  onErr: (err: string) => void,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const errStream = new Writable({
    write(chunk, _enc, done) {
      err += String(chunk);
      onErr(err);
      done();
    },
  });
  const code = await main([...argv, '--devnet-dir', running().config.dir], {
    out: (line) => (out += `${line}\n`),
    err: errStream,
    stdin: process.stdin,
  });
  return { code, out, err };
}

interface DeployJson {
  siteId: string;
  base36: string;
  url: string;
  files: number;
  uploaded: number;
  reused: number;
  removed: number;
  quilts: { blobId: string; files: number; outcome: string }[];
  blobs: { blobId: string; path: string; size: number; outcome: string }[];
  blobThreshold: number;
  bytesUploaded: number;
  quiltsDeleted: string[];
  transactions: number;
}

async function deploy(folder: string, ...flags: string[]): Promise<DeployJson> {
  const result = await floe('deploy', folder, '--json', ...flags);
  expect(result.code, result.err).toBe(0);
  return JSON.parse(result.out) as DeployJson;
}

async function site(id: string): Promise<OnChainSite> {
  const sui = new SuiJsonRpcClient({ url: running().config.rpcUrl, network: 'localnet' });
  return readSite(sui, id, { packageId: running().config.packages.walrusSite });
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The quilt patch ID a resource names (blob ID + its 5 internal bytes). */
function patchIdOf(blobId: string, internal: string): string {
  const columns = parseInternalPatchId(internal);
  if (!columns) throw new Error(`not an internal patch ID: ${internal}`);
  return quiltPatchIdToText({
    quiltId: blobIdFromText(blobId),
    ...columns,
  });
}

/**
 * Every source file is a resource with its hash, and Floe's reader returns its exact bytes. Files
 * whose columns sit on a node in `down` have those columns rebuilt from other nodes' decoding
 * symbols (path `recovered`), never by reading their whole quilt.
 */
async function expectSiteMatches(
  siteId: string,
  files: ReadonlyMap<string, Uint8Array>,
  { down = new Set<number>() }: { down?: ReadonlySet<number> } = {},
): Promise<OnChainSite> {
  const onChain = await site(siteId);
  expect([...onChain.resources.keys()].sort()).toEqual([...files.keys()].sort());
  const reader = floeReader(running().config);
  for (const [path, bytes] of files) {
    const resource = onChain.resources.get(path)!;
    expect(hex(resource.blobHash), path).toBe(sha256(bytes));
    const internal = resource.headers.get(QUILT_PATCH_HEADER);
    expect(internal, `${path} has a quilt patch header`).toMatch(/^0x01[0-9a-f]{8}$/);
    const b = Buffer.from(internal!.slice(2), 'hex');
    const [start, end] = [b.readUInt16LE(1), b.readUInt16LE(3)];
    const n = running().config.walrus.nShards;
    const needsRecovery = Array.from({ length: end - start }, (_, i) =>
      pairToSecondaryIndex(start + i, n),
    ).some((pair) => down.has(ownerOfPair(running().config, resource.blobId, pair)));
    const read = await reader.read({
      blobId: resource.blobId,
      target: { kind: 'patch', start, end },
      sha256: resource.blobHash,
    });
    expectBytes(read.data, bytes);
    expect(read.stats.path, path).toBe(needsRecovery ? 'recovered' : 'direct');
    if (needsRecovery) expect(read.stats.decoded, path).toBe(false);
  }
  return onChain;
}

async function readTree(root: string, paths: Iterable<string>): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const path of paths)
    out.set(path, new Uint8Array(await readFile(join(root, ...path.slice(1).split('/')))));
  return out;
}

/** The bytes `floe deploy` stores for each path of the folder (compressed or not), as its scan gives them. */
async function storedTree(root: string, paths: Iterable<string>): Promise<Map<string, Uint8Array>> {
  const scanned = await scanSite(root, { compress: true });
  const out = new Map<string, Uint8Array>();
  for (const path of paths) out.set(path, await scanned.readStored(path));
  return out;
}

const EXAMPLE_PATHS = [
  '/404.html',
  '/about.html',
  '/app/index.html',
  '/css/site.css',
  '/css/vendor/reset.css',
  '/docs/café menu.txt',
  '/images/logo.svg',
  '/images/photo.png',
  '/index.html',
  '/js/main.js',
];

describe('floe deploy on a 10-node / 1000-shard devnet', () => {
  it(
    'deploys examples/hello; the site lists every path with its hash, Floe and the SDK read every file',
    async () => {
      const folder = join(dir, 'hello');
      await cp('examples/hello', folder, { recursive: true });
      const result = await deploy(folder);
      expect(result.files).toBe(EXAMPLE_PATHS.length);
      expect(result.uploaded).toBe(EXAMPLE_PATHS.length);
      // What was stored: text files Brotli-compressed, the rest as they are. Every check below is
      // of the stored bytes, which the chain's SHA-256 is of.
      const files = await storedTree(folder, EXAMPLE_PATHS);
      const onChain = await expectSiteMatches(result.siteId, files);
      const index = onChain.resources.get('/index.html')!;
      expect(index.headers.get('content-encoding')).toBe('br');
      expectBytes(
        new Uint8Array(brotliDecompressSync(files.get('/index.html')!)),
        new Uint8Array(await readFile(join(folder, 'index.html'))),
      );
      expect(onChain.resources.get('/images/photo.png')!.headers.get('content-encoding')).toBe('identity');

      // Config on chain: deepest header rule, routes, redirects, metadata; drafts ignored.
      expect(onChain.resources.get('/css/vendor/reset.css')!.headers.get('cache-control')).toBe(
        'public, max-age=31536000, immutable',
      );
      expect(onChain.resources.get('/css/site.css')!.headers.get('cache-control')).toBe(
        'public, max-age=3600',
      );
      expect(onChain.resources.get('/index.html')!.headers.get('content-type')).toMatch(/^text\/html/);
      expect(onChain.routes).toEqual([['/app/*', '/app/index.html']]);
      expect(onChain.redirects).toEqual([['/old-about', { location: '/about.html', statusCode: 301 }]]);
      expect(onChain.name).toBe('Hello from Floe');
      expect(onChain.resources.has('/drafts/secret.html')).toBe(false);

      // `floe site show --json` lists every path with its hash.
      const shown = await floe('site', 'show', result.siteId, '--json');
      expect(shown.code, shown.err).toBe(0);
      const listed = JSON.parse(shown.out) as {
        resources: { path: string; sha256: string; patchId: string }[];
      };
      expect(listed.resources.map((r) => [r.path, r.sha256]).sort()).toEqual(
        [...files].map(([p, b]) => [p, sha256(b)]).sort(),
      );

      // The official SDK reads each file by its quilt patch ID.
      const walrus = walrusClient(running().config);
      for (const [path, bytes] of files) {
        const resource = onChain.resources.get(path)!;
        const patchId = patchIdOf(resource.blobId, resource.headers.get(QUILT_PATCH_HEADER)!);
        expect(listed.resources.find((r) => r.path === path)!.patchId).toBe(patchId);
        const [file] = await walrus.getFiles({ ids: [patchId] });
        expectBytes(await file!.bytes(), bytes);
        expect(await file!.getIdentifier()).toBe(path);
      }

      // A name points at the site; `site show` accepts it too.
      const named = await floe('name', 'set', 'hello-floe', result.siteId);
      expect(named.code, named.err).toBe(0);
      expect(named.out).toContain('http://hello-floe.localhost:3000/');
      const shownName = await floe('name', 'show', 'hello-floe', '--json');
      expect(JSON.parse(shownName.out)).toMatchObject({ siteId: result.siteId });
      const byName = await floe('site', 'show', 'hello-floe.sui', '--json');
      expect(JSON.parse(byName.out)).toMatchObject({ siteId: result.siteId });

      // `floe blob get` reads one file by patch ID with its own reader: few requests, exact bytes.
      const logo = listed.resources.find((r) => r.path === '/images/logo.svg')!;
      const outFile = join(dir, 'logo.svg');
      const got = await floe('blob', 'get', logo.patchId, '-o', outFile, '--json');
      expect(got.code, got.err).toBe(0);
      const stats = JSON.parse(got.out) as { requests: number; path: string; identifier: string };
      expect(stats).toMatchObject({ path: 'direct', identifier: '/images/logo.svg' });
      expect(stats.requests).toBeLessThanOrEqual(2);
      expectBytes(new Uint8Array(await readFile(outFile)), files.get('/images/logo.svg')!);

      // `floe blob put` stores a plain blob that `blob get` and the SDK read back.
      const plain = join(dir, 'plain.bin');
      await writeFile(plain, files.get('/images/photo.png')!);
      const put = await floe('blob', 'put', plain, '--json');
      expect(put.code, put.err).toBe(0);
      const { blobId } = JSON.parse(put.out) as { blobId: string };
      const back = join(dir, 'plain.back');
      expect((await floe('blob', 'get', blobId, '-o', back)).code).toBe(0);
      expectBytes(new Uint8Array(await readFile(back)), files.get('/images/photo.png')!);
      expectBytes(await walrus.readBlob({ blobId }), files.get('/images/photo.png')!);

      // object_id and site_name were written back, so the next deploy updates this site.
      const ws = JSON.parse(await readFile(join(folder, 'ws-resources.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(ws['object_id']).toBe(result.siteId);

      // Unchanged folder: nothing uploaded, no transaction.
      const again = await deploy(folder);
      expect(again.siteId).toBe(result.siteId);
      expect([again.bytesUploaded, again.transactions, again.uploaded]).toEqual([0, 0, 0]);

      // One changed file: one new quilt, only that resource changes. One deleted file: removed.
      const before = await site(result.siteId);
      await writeFile(join(folder, 'css', 'site.css'), 'body { color: rebeccapurple }\n');
      await unlink(join(folder, 'about.html'));
      const changed = await deploy(folder);
      expect(changed.uploaded).toBe(1);
      expect(changed.removed).toBe(1);
      expect(changed.quilts.filter((q) => q.outcome === 'uploaded')).toHaveLength(1);
      const after = await expectSiteMatches(
        result.siteId,
        await storedTree(
          folder,
          EXAMPLE_PATHS.filter((p) => p !== '/about.html'),
        ),
      );
      for (const [path, resource] of after.resources) {
        if (path === '/css/site.css') continue;
        expect(resource, path).toEqual(before.resources.get(path));
      }
      expect(after.resources.has('/about.html')).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'refuses clearly: a site owned by someone else, a key without WAL; extends kept quilts on request',
    async () => {
      const folder = join(dir, 'hello');
      const siteId = (
        JSON.parse(await readFile(join(folder, 'ws-resources.json'), 'utf8')) as { object_id: string }
      ).object_id;
      const stranger = new Ed25519Keypair();
      // SUI for gas only: the faucet's /v2/gas grants no WAL.
      const granted = await fetch(`${running().config.faucetUrl}/v2/gas`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ FixedAmountRequest: { recipient: stranger.toSuiAddress() } }),
      });
      expect(granted.ok).toBe(true);
      process.env['FLOE_PRIVATE_KEY'] = stranger.getSecretKey();
      try {
        const notOwner = await floe('deploy', folder, '--json');
        expect(notOwner.code).toBe(1);
        expect(notOwner.err).toContain(`site ${siteId} is owned by ${running().config.devKey.address}`);

        const fresh = join(dir, 'fresh');
        await generateSite(fresh, { files: 3, seed: 5 });
        // A dry run prices the deploy and changes nothing.
        const dry = await floe('deploy', fresh, '--json', '--dry-run');
        expect(dry.code, dry.err).toBe(0);
        const planned = JSON.parse(dry.out) as {
          dryRun: boolean;
          siteId: null;
          uploaded: number;
          cost: { wal: string };
        };
        expect(planned).toMatchObject({ dryRun: true, siteId: null, uploaded: 3 });
        expect(BigInt(planned.cost.wal)).toBeGreaterThan(0n);
        const poor = await floe('deploy', fresh, '--json');
        expect(poor.code).toBe(1);
        expect(poor.err).toMatch(/has 0 WAL but this deploy needs [\d.]+ WAL/);
      } finally {
        delete process.env['FLOE_PRIVATE_KEY'];
      }
      // The refused deploys changed nothing.
      expect((await site(siteId)).owner).toBe(running().config.devKey.address);

      // Storing for longer extends the quilts that unchanged files keep, without uploading.
      const extended = await deploy(folder, '--epochs', '3');
      expect(extended.bytesUploaded).toBe(0);
      expect(extended.transactions).toBe(1);
      const blobs = await listOwnedBlobs(
        walrusClient(running().config),
        new SuiJsonRpcClient({ url: running().config.rpcUrl, network: 'localnet' }),
        running().config.devKey.address,
      );
      const kept = [...(await site(siteId)).resources.values()].map((r) => blobs.get(r.blobId)!);
      expect(new Set(kept.map((b) => b.endEpoch))).toEqual(new Set([running().config.walrus.epoch + 3]));
    },
    TIMEOUT,
  );

  it(
    'deploys a generated 1000-file site with a 12 MB file while two nodes are killed mid-upload',
    async () => {
      const folder = join(dir, 'generated');
      const generated = await generateSite(folder, { files: 1000, largeBytes: 12_000_000, seed: 7 });
      expect(generated.files.get('/empty.txt')!.length).toBe(0);
      let killed: Promise<void> | null = null;
      const run = await floeWatching(
        (err) => {
          // Kill two nodes (SIGKILL) as soon as slivers are being uploaded.
          if (!killed && /^upload: /m.test(err)) {
            killed = Promise.all([running().stopNode(3, true), running().stopNode(4, true)]).then(() => {});
          }
        },
        'deploy',
        folder,
        '--json',
      );
      expect(run.code, run.err).toBe(0);
      expect(killed, run.err).not.toBeNull();
      await killed;
      const result = JSON.parse(run.out) as DeployJson;
      expect(result.files).toBe(generated.files.size);
      await expectSiteMatches(result.siteId, generated.files, { down: new Set([3, 4]) });
      await Promise.all([running().startNode(3), running().startNode(4)]);
      await Promise.all([3, 4].map((i) => waitCaughtUp(running().config.nodes[i]!.url)));
    },
    TIMEOUT,
  );

  it(
    'deletes a quilt once no site of the owner uses it, keeps it while another does, and on request',
    async () => {
      const owned = async () =>
        listOwnedBlobs(
          walrusClient(running().config),
          new SuiJsonRpcClient({ url: running().config.rpcUrl, network: 'localnet' }),
          running().config.devKey.address,
        );
      const write = async (folder: string, text: string) => {
        await writeFile(join(folder, 'a.txt'), `a ${text}\n`);
        await writeFile(join(folder, 'b.txt'), `b ${text}\n`);
      };
      const first = join(dir, 'cleanup-1');
      const second = join(dir, 'cleanup-2');
      await Promise.all([first, second].map((folder) => mkdir(folder)));
      await write(first, 'one');
      await write(second, 'one');
      const a = await deploy(first);
      const b = await deploy(second); // same bytes: reuses the first site's certified quilt
      const [shared] = a.quilts.map((q) => q.blobId);
      expect(b.quilts.map((q) => [q.blobId, q.outcome])).toEqual([[shared, 'reused-certified']]);

      // The first site moves on; the second still serves the shared quilt, so it stays.
      await write(first, 'two');
      // One kept version: the replaced quilt may go as soon as nothing else uses it.
      const a2 = await deploy(first, '--keep-versions', '1');
      expect(a2.quiltsDeleted).toEqual([]);
      expect((await owned()).has(shared!)).toBe(true);

      // Now nothing uses it: deleted (its storage refunded), and both sites still read back.
      await write(second, 'two');
      const b2 = await deploy(second, '--keep-versions', '1');
      expect(b2.quiltsDeleted).toEqual([shared]);
      expect((await owned()).has(shared!)).toBe(false);
      await expectSiteMatches(b2.siteId, await readTree(second, ['/a.txt', '/b.txt']));

      // --keep-old-quilts keeps the replaced quilt.
      const replaced = a2.quilts.find((q) => q.outcome === 'uploaded')!.blobId;
      await write(first, 'three');
      const a3 = await deploy(first, '--keep-old-quilts');
      expect(a3.quiltsDeleted).toEqual([]);
      expect((await owned()).has(replaced)).toBe(true);
      await expectSiteMatches(a3.siteId, await readTree(first, ['/a.txt', '/b.txt']));
    },
    TIMEOUT,
  );

  it(
    'a deploy killed after certifying its quilts resumes without uploading them again',
    async () => {
      const folder = join(dir, 'resume');
      const generated = await generateSite(folder, { files: 40, seed: 99 });
      const child = spawn(
        process.execPath,
        ['publisher/cli.ts', 'deploy', folder, '--devnet-dir', running().config.dir],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let log = '';
      const killedAfterCertify = await new Promise<boolean>((resolve) => {
        child.stderr.on('data', (chunk: Buffer) => {
          log += chunk.toString();
          // SIGKILL right after certification, before the site transaction.
          if (/certify: 1\/1 transactions, done/.test(log)) {
            child.kill('SIGKILL');
            resolve(true);
          }
        });
        child.on('exit', () => resolve(false));
      });
      expect(killedAfterCertify, log).toBe(true);
      const resumed = await deploy(folder);
      expect(resumed.bytesUploaded).toBe(0);
      expect(resumed.quilts.every((q) => q.outcome === 'reused-certified')).toBe(true);
      await expectSiteMatches(resumed.siteId, generated.files);
    },
    TIMEOUT,
  );

  it(
    'stores a file at --blob-threshold or more as a blob of its own, header-less; a redeploy sends nothing',
    async () => {
      const folder = join(dir, 'blobs');
      await mkdir(folder);
      const small = new Map<string, Uint8Array>([
        ['/index.html', new TextEncoder().encode('<h1>media</h1>\n')],
        ['/notes.txt', new TextEncoder().encode('small notes\n')],
      ]);
      const video = randomBytes(1536 * 1024, 18);
      const files = new Map([...small, ['/video.mp4', video]]);
      for (const [path, bytes] of files) await writeFile(join(folder, path.slice(1)), bytes);

      // The plan says which files go as blobs, and why.
      const dry = await floe('deploy', folder, '--blob-threshold', '1MiB', '--dry-run');
      expect(dry.code, dry.err).toBe(0);
      expect(dry.out).toContain('upload     3 file(s) in 1 new quilt(s) and 1 new blob(s)');
      expect(dry.out).toContain('blobs      /video.mp4 (1.5 MiB): 1.0 MiB or more each');

      const first = await deploy(folder, '--blob-threshold', '1MiB');
      expect(first.blobThreshold).toBe(1 << 20);
      expect(first.blobs.map((b) => [b.path, b.size, b.outcome])).toEqual([
        ['/video.mp4', 1536 * 1024, 'uploaded'],
      ]);
      expect(first.quilts.map((q) => [q.files, q.outcome])).toEqual([[2, 'uploaded']]);
      expect(first.uploaded).toBe(3);
      // One register and one certify transaction for the quilt and the blob, then the site.
      expect(first.transactions).toBe(3);

      const onChain = await site(first.siteId);
      const reader = floeReader(running().config);
      const walrus = walrusClient(running().config);
      const owned = await listOwnedBlobs(
        walrus,
        new SuiJsonRpcClient({ url: running().config.rpcUrl, network: 'localnet' }),
        running().config.devKey.address,
      );
      // The video's resource names its blob with no patch header; the whole blob is the file.
      const resource = onChain.resources.get('/video.mp4')!;
      expect(resource.blobId).toBe(first.blobs[0]!.blobId);
      expect(resource.headers.has(QUILT_PATCH_HEADER)).toBe(false);
      expect(hex(resource.blobHash)).toBe(sha256(video));
      const read = await reader.read({ blobId: resource.blobId, sha256: resource.blobHash });
      expectBytes(read.data, video);
      // Registered as a plain blob: no attributes (the SDK throws when there are none at all).
      const blob = owned.get(resource.blobId)!;
      expect(blob.size).toBe(video.length);
      const attributes = await walrus.readBlobAttributes({ blobObjectId: blob.objectId }).catch(() => null);
      expect(attributes?.['_walrusBlobType']).toBeUndefined();
      // The small files share one quilt, registered as one, each file a patch of it.
      const quiltId = onChain.resources.get('/index.html')!.blobId;
      for (const [path, bytes] of small) {
        const resource = onChain.resources.get(path)!;
        expect(resource.blobId).toBe(quiltId);
        const [file] = await walrus.getFiles({
          ids: [patchIdOf(quiltId, resource.headers.get(QUILT_PATCH_HEADER)!)],
        });
        // Too small for Brotli to pay: stored as they are.
        expectBytes(await file!.bytes(), bytes);
        expect(hex(resource.blobHash)).toBe(sha256(bytes));
      }
      const quilt = owned.get(quiltId)!;
      expect(await walrus.readBlobAttributes({ blobObjectId: quilt.objectId })).toEqual({
        _walrusBlobType: 'quilt',
      });

      // Unchanged folder: nothing uploaded, no register, certify or site transaction.
      const again = await deploy(folder, '--blob-threshold', '1MiB');
      expect([again.bytesUploaded, again.transactions, again.uploaded]).toEqual([0, 0, 0]);
      expect(again.blobs).toEqual([]);

      // Another site of the same files reuses the certified blobs and quilt the owner holds.
      const copy = join(dir, 'blobs-copy');
      await mkdir(copy);
      for (const [path, bytes] of files) await writeFile(join(copy, path.slice(1)), bytes);
      const other = await deploy(copy, '--blob-threshold', '1MiB');
      expect(other.siteId).not.toBe(first.siteId);
      expect(other.bytesUploaded).toBe(0);
      expect([...other.blobs, ...other.quilts].map((item) => [item.blobId, item.outcome])).toEqual([
        [resource.blobId, 'reused-certified'],
        [quiltId, 'reused-certified'],
      ]);
    },
    TIMEOUT,
  );

  it(
    'site list says when a site stops being stored and what an epoch costs; site extend keeps it longer',
    async () => {
      const folder = join(dir, 'lease');
      await mkdir(folder);
      await writeFile(join(folder, 'index.html'), '<h1>lease</h1>\n');
      await writeFile(join(folder, 'note.txt'), 'stored for a while\n');
      const { siteId } = await deploy(folder, '--epochs', '2');

      interface Listed {
        epoch: number;
        sites: {
          siteId: string;
          endEpoch: number;
          expiresAt: string;
          expiringSoon: boolean;
          walPerEpoch: string;
        }[];
      }
      const listed = async () => {
        const result = await floe('site', 'list', '--json');
        expect(result.code, result.err).toBe(0);
        const json = JSON.parse(result.out) as Listed;
        return { epoch: json.epoch, site: json.sites.find((s) => s.siteId === siteId)! };
      };
      const before = await listed();
      expect(before.site.endEpoch).toBe(before.epoch + 2);
      // Devnet epochs last a day: storage ending in 2 epochs is within the default 14-day window.
      expect(before.site.expiringSoon).toBe(true);
      expect(Date.parse(before.site.expiresAt)).toBeGreaterThan(Date.now());
      expect(Number(before.site.walPerEpoch)).toBeGreaterThan(0);
      const text = await floe('site', 'list');
      expect(text.out).toContain(`storage ends epoch ${before.site.endEpoch} (`);
      expect(text.out).toContain(`warning: ends within 14 days: floe site extend ${siteId}`);

      const dry = await floe('site', 'extend', siteId, '--epochs', '10', '--dry-run', '--json');
      expect(dry.code, dry.err).toBe(0);
      const priced = JSON.parse(dry.out) as { quiltsExtended: number; wal: string; digest: string | null };
      expect(priced.quiltsExtended).toBeGreaterThan(0);
      expect(Number(priced.wal)).toBeGreaterThan(0);
      expect(priced.digest).toBeNull();
      expect((await listed()).site.endEpoch).toBe(before.site.endEpoch);

      const extended = await floe('site', 'extend', siteId, '--epochs', '10');
      expect(extended.code, extended.err).toBe(0);
      expect(extended.out).toMatch(
        /^extended \d+ quilt\(s\) of site .* until epoch \d+ \(.*\) for [\d.]+ WAL/,
      );
      const after = await listed();
      expect(after.site.endEpoch).toBe(after.epoch + 10);
      expect(after.site.expiringSoon).toBe(true);
      expect((await floe('site', 'list', '--expiring-within', '3', '--json')).out).toContain(
        '"expiringSoon": false',
      );
      const again = await floe('site', 'extend', siteId, '--epochs', '10');
      expect(again.out).toContain('nothing to extend');
      expect((await floe('site', 'extend', siteId)).code).toBe(2);
    },
    TIMEOUT,
  );

  it(
    'deploy --preview makes and updates a separate site; promote makes the live site equal to it, uploading nothing',
    async () => {
      const folder = join(dir, 'promo');
      await mkdir(folder);
      await writeFile(join(folder, 'index.html'), '<h1>v1</h1>\n');
      await writeFile(join(folder, 'about.html'), '<h1>about</h1>\n');
      const live = await deploy(folder);
      const wsResources = () => readFile(join(folder, 'ws-resources.json'), 'utf8');
      expect(await wsResources()).toContain(live.siteId);

      await writeFile(join(folder, 'index.html'), '<h1>v2</h1>\n');
      await writeFile(join(folder, 'new.html'), '<h1>new</h1>\n');
      const preview = await deploy(folder, '--preview', 'staging');
      expect(preview.siteId).not.toBe(live.siteId);
      // The folder still deploys to the live site.
      expect(await wsResources()).toContain(live.siteId);
      expect(await wsResources()).not.toContain(preview.siteId);
      const previewSite = await site(preview.siteId);
      expect(previewSite.name).toMatch(/ \(preview staging\)$/);
      // The same preview name finds the same site again.
      const again = await deploy(folder, '--preview', 'staging');
      expect(again.siteId).toBe(preview.siteId);
      expect(again.uploaded).toBe(0);
      expect((await floe('deploy', folder, '--preview', 'Bad Name')).code).toBe(2);

      const promoted = await floe('promote', preview.siteId, live.siteId, '--json');
      expect(promoted.code, promoted.err).toBe(0);
      // The preview's first deploy stored every file in its own quilts (a new site reuses none), so
      // about.html, same bytes, now points at the preview's quilt too.
      expect(JSON.parse(promoted.out)).toMatchObject({ added: 1, changed: 2, removed: 0, unchanged: 0 });
      const pointers = (s: OnChainSite) =>
        [...s.resources].map(([path, r]) => [path, r.blobId, hex(r.blobHash), [...r.headers]]);
      expect(pointers(await site(live.siteId))).toEqual(pointers(await site(preview.siteId)));
      // Nothing was uploaded: every quilt the live site now names is one the preview deploy stored.
      const previewBlobs = new Set([...(await site(preview.siteId)).resources.values()].map((r) => r.blobId));
      for (const r of (await site(live.siteId)).resources.values())
        expect(previewBlobs.has(r.blobId)).toBe(true);

      const noop = await floe('promote', preview.siteId, live.siteId);
      expect(noop.out).toContain('nothing to do');
    },
    TIMEOUT,
  );

  it(
    'history lists three deploys; rollback --to 1 serves version 1 through the portal with nothing uploaded; past the kept window it is refused',
    async () => {
      const folder = join(dir, 'history');
      await mkdir(folder);
      await writeFile(join(folder, 'about.html'), '<h1>about</h1>\n');
      const versions = ['<h1>one</h1>\n', '<h1>two</h1>\n', '<h1>three</h1>\n'];
      let siteId = '';
      for (const [i, body] of versions.entries()) {
        await writeFile(join(folder, 'index.html'), body);
        if (i === 2) await writeFile(join(folder, 'extra.html'), '<p>extra</p>\n');
        siteId = (await deploy(folder)).siteId;
      }
      const history = async () => {
        const listed = await floe('site', 'history', siteId, '--json');
        expect(listed.code, listed.err).toBe(0);
        return (JSON.parse(listed.out) as { versions: HistoryRow[] }).versions;
      };
      const listed = await history();
      expect(listed.map((v) => [v.version, v.added, v.changed, v.removed, v.live, v.restorable])).toEqual([
        [1, ['/about.html', '/index.html'], [], [], false, true],
        [2, [], ['/index.html'], [], false, true],
        [3, ['/extra.html'], ['/index.html'], [], true, true],
      ]);

      const dist = join(dir, 'history-dist');
      await mkdir(join(dist, '__floe'), { recursive: true });
      await writeFile(join(dist, 'index.html'), '<!doctype html><title>portal</title>');
      const network = networkFromDevnetJson(
        JSON.parse(await readFile(join(running().config.dir, 'devnet.json'), 'utf8')),
      );
      // A portal started afresh each time: a running one serves kept lookups for a while.
      const page = async (path: string) => {
        const portal = await startPortal({ network, distDir: dist, port: 0 });
        try {
          const response = await fetchFrom(portal.port, objectIdToBase36(siteId), path);
          return { status: response.status, body: await response.text() };
        } finally {
          await portal.close();
        }
      };
      expect(await page('/')).toEqual({ status: 200, body: versions[2] });

      const rolled = await floe('rollback', siteId, '--to', '1', '--json');
      expect(rolled.code, rolled.err).toBe(0);
      expect(JSON.parse(rolled.out)).toMatchObject({ restored: 1, uploadedBytes: 0, changed: 1, removed: 1 });
      expect(await page('/')).toEqual({ status: 200, body: versions[0] });
      expect((await page('/extra.html')).status).toBe(404);
      const after = await history();
      expect(after.at(-1)).toMatchObject({ version: 4, live: true, changed: ['/index.html'] });

      // A deploy keeping one version deletes the quilts of versions 2 and 3; they cannot come back.
      await writeFile(join(folder, 'index.html'), '<h1>five</h1>\n');
      const fifth = await deploy(folder, '--keep-versions', '1');
      expect(fifth.quiltsDeleted.length).toBeGreaterThanOrEqual(2);
      let refused = { code: 0, out: '', err: '' };
      // The nodes learn of deletions from chain events; give them a moment.
      for (let attempt = 0; attempt < 20 && refused.code === 0; attempt++) {
        refused = await floe('rollback', siteId, '--to', '2', '--dry-run');
        if (refused.code === 0) await new Promise((r) => setTimeout(r, 500));
      }
      expect(refused.code).not.toBe(0);
      expect(refused.err).toMatch(/version 2 cannot be restored: .*no longer stored/);
      expect((await floe('rollback', siteId, '--to', '9')).err).toMatch(/versions 1 to 5, not 9/);
    },
    TIMEOUT,
  );
});

interface HistoryRow {
  version: number;
  live: boolean;
  added: string[];
  changed: string[];
  removed: string[];
  restorable: boolean;
}

/** A GET to the portal's server path for the site with the given label. */
function fetchFrom(port: number, label: string, path: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, headers: { host: `${label}.localhost:${port}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode! })));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
