// `floe deploy` of a 2000-file site on a devnet that refuses what mainnet refuses (more than 1023
// commands, signed transactions over 128 KiB, pure arguments of 16 KiB), over gRPC as Floe talks
// to every network: the deploy succeeds, the chain holds every file, redeploying the same folder
// uploads nothing, and the devnet's aggregator serves the site's files byte for byte by quilt
// patch ID and by quilt ID plus identifier (the file's path), with the daemon's headers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUILT_PATCH_HEADER } from '../../core/site/types.ts';
import { readSite } from '../../core/sui/site-read.ts';
import { blobIdFromText } from '../../core/walrus/blob-id.ts';
import { parseInternalPatchId, quiltPatchIdToText } from '../../core/walrus/quilt.ts';
import { expectBytes } from '../../core/walrus/test-support/bytes.ts';
import { main } from '../../publisher/cli.ts';
import { generateSite } from '../../publisher/test-support/generate-site.ts';
import { startDevnet, type Devnet } from '../launcher/launcher.ts';
import { suiClient } from '../launcher/test-support/devnet-clients.ts';

const FILES = 2000;
const TIMEOUT = 600_000;
let dir: string;
let devnet: Devnet | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-deploy-limits-'));
  devnet = await startDevnet({ dir: join(dir, 'devnet'), nodes: 4, shards: 40, port: 0 });
}, TIMEOUT);

afterAll(async () => {
  await devnet?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, TIMEOUT);

async function deploy(folder: string): Promise<{ siteId: string; uploaded: number; transactions: number }> {
  let out = '';
  let err = '';
  const errStream = new Writable({
    write(chunk, _encoding, done) {
      err += String(chunk);
      done();
    },
  });
  const code = await main(['deploy', folder, '--json', '--yes', '--devnet-dir', devnet!.config.dir], {
    out: (line) => (out += `${line}\n`),
    err: errStream,
    stdin: process.stdin,
  });
  expect(code, err).toBe(0);
  return JSON.parse(out) as { siteId: string; uploaded: number; transactions: number };
}

describe(`a ${FILES}-file site under Sui's limits`, () => {
  it(
    'deploys over gRPC, every file is on chain and comes back from the aggregator, and a redeploy uploads nothing',
    async () => {
      const folder = join(dir, 'site');
      const generated = await generateSite(folder, { files: FILES, maxBytes: 600, seed: 2000 });
      const first = await deploy(folder);
      // More calls than one transaction may hold: the site update was split.
      expect(first.transactions).toBeGreaterThan(1);
      expect(first.uploaded).toBe(generated.files.size);

      const site = await readSite(suiClient(devnet!.config), first.siteId, {
        packageId: devnet!.config.packages.walrusSite,
      });
      expect([...site.resources.keys()].sort()).toEqual([...generated.files.keys()].sort());

      // A sample of files through the aggregator, by both kinds of quilt address.
      const aggregator = devnet!.config.aggregatorUrl!;
      const sample = [...generated.files.entries()].filter((_, i) => i % 100 === 0);
      for (const [path, bytes] of sample) {
        const resource = site.resources.get(path)!;
        const columns = parseInternalPatchId(resource.headers.get(QUILT_PATCH_HEADER)!)!;
        const patchId = quiltPatchIdToText({ quiltId: blobIdFromText(resource.blobId), ...columns });
        const byPatch = await fetch(`${aggregator}/v1/blobs/by-quilt-patch-id/${patchId}`);
        expect(byPatch.status, path).toBe(200);
        // Sent as the raw UTF-8 bytes of the identifier, as the Walrus daemon sends it; fetch hands
        // header bytes over as Latin-1 characters.
        const identifier = Buffer.from(byPatch.headers.get('x-quilt-patch-identifier')!, 'latin1');
        expect(identifier.toString('utf8')).toBe(path);
        expect(byPatch.headers.get('etag')).toBe(resource.blobId);
        expectBytes(new Uint8Array(await byPatch.arrayBuffer()), bytes);
        const byName = await fetch(
          `${aggregator}/v1/blobs/by-quilt-id/${resource.blobId}/${encodeURIComponent(path)}`,
        );
        expect(byName.status, path).toBe(200);
        expectBytes(new Uint8Array(await byName.arrayBuffer()), bytes);
      }

      const again = await deploy(folder);
      expect(again.siteId).toBe(first.siteId);
      expect(again.uploaded).toBe(0);
    },
    TIMEOUT,
  );
});
