// `WalrusClient.readBlob` in a process of its own, for bench/media.ts: reads one blob of the
// devnet in `<devnet-dir>` once and prints `{ ms, bytes, sha256, peakRssBytes }` as one JSON
// line. The SDK has no streaming read, so the whole blob is decoded in memory before its first
// byte is available: its time to first byte is its full time. A child of its own so its peak
// memory is the SDK's alone.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DevnetConfig } from '../../devnet/launcher/config.ts';
import { walrusClient } from '../../devnet/launcher/test-support/devnet-clients.ts';

export interface ReadBlobChildResult {
  readonly ms: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly peakRssBytes: number;
}

const [devnetDir, blobId] = process.argv.slice(2);
if (!devnetDir || !blobId) throw new Error('usage: read-blob-child.ts <devnet-dir> <blob-id>');
const config = JSON.parse(await readFile(join(devnetDir, 'devnet.json'), 'utf8')) as DevnetConfig;
const client = walrusClient(config);
const started = performance.now();
const data = await client.readBlob({ blobId });
const ms = performance.now() - started;
const result: ReadBlobChildResult = {
  ms,
  bytes: data.length,
  sha256: createHash('sha256').update(data).digest('hex'),
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
