// `floe deploy` of a 2000-file site on a devnet that refuses what mainnet refuses (more than 1023
// commands, signed transactions over 128 KiB, pure arguments of 16 KiB), over gRPC as Floe talks
// to every network: the deploy succeeds, the chain holds every file, and redeploying the same
// folder uploads nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSite } from '../../core/sui/site-read.ts';
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
    'deploys over gRPC, every file is on chain, and a redeploy uploads nothing',
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

      const again = await deploy(folder);
      expect(again.siteId).toBe(first.siteId);
      expect(again.uploaded).toBe(0);
    },
    TIMEOUT,
  );
});
