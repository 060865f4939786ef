// `npm run bench -- reader`: Floe's reader next to the generic read at n = 1000 over loopback
// HTTP nodes, for 1 KiB, 1 MiB and 8 MiB blobs. Prints requests, bytes, ms and the ratios.
import { equalBytes } from '../core/walrus/blob-id.ts';
import { WalrusCodec } from '../core/walrus/encoding.ts';
import { WalrusReader } from '../core/walrus/reader.ts';
import { sha256 } from '../core/walrus/sha256.ts';
import { prng, randomBytes } from '../core/walrus/test-support/fixtures.ts';
import { memoryNetwork } from '../core/walrus/test-support/memory-nodes.ts';
import { genericRead } from './support/generic-read.ts';
import { serveOnLoopback } from '../core/walrus/test-support/loopback-nodes.ts';
import { formatBytes, printTable, saveResults } from './support/report.ts';

const N = 1000;
const NODES = 10;
const SIZES = [
  ['1 KiB', 1024],
  ['1 MiB', 1 << 20],
  ['8 MiB', 8 << 20],
] as const;

interface Row {
  size: string;
  reader: string;
  requests: number;
  bytes: number;
  ms: number;
}

export async function benchReader(): Promise<void> {
  const codec = new WalrusCodec(N);
  const net = memoryNetwork(N, NODES);
  const rows: Row[] = [];
  const nodes = await serveOnLoopback(net);
  try {
    for (const [label, size] of SIZES) {
      process.stderr.write(`encoding ${label} for n=${N}…\n`);
      const data = randomBytes(size, size);
      const encoded = codec.encode(data);
      net.add(encoded);
      const digest = await sha256(data);
      const reader = new WalrusReader({ committee: nodes.committee });
      // Warm-up so every path runs JIT-compiled code over open connections.
      await reader.read({ blobId: encoded.blobId, sha256: digest, length: size });
      await reader.read({ blobId: encoded.blobId });

      const hashed = await reader.read({ blobId: encoded.blobId, sha256: digest, length: size });
      check(hashed.data, data, 'floe (sha256)');
      rows.push({ size: label, reader: 'floe, SHA-256 known', ...pick(hashed.stats) });

      const verified = await reader.read({ blobId: encoded.blobId });
      check(verified.data, data, 'floe (metadata)');
      rows.push({ size: label, reader: 'floe, metadata-verified', ...pick(verified.stats) });

      const generic = await genericRead(nodes.committee, codec, encoded.blobId, prng(size));
      check(generic.data, data, 'generic');
      rows.push({ size: label, reader: 'generic (SDK-style)', ...pick(generic.stats) });
    }
  } finally {
    await nodes.close();
  }

  printTable(
    ['size', 'reader', 'requests', 'bytes', 'ms', 'generic ÷ this (ms)', 'generic ÷ this (requests)'],
    rows.map((row) => {
      const generic = rows.find((r) => r.size === row.size && r.reader.startsWith('generic'))!;
      return [
        row.size,
        row.reader,
        String(row.requests),
        formatBytes(row.bytes),
        row.ms.toFixed(0),
        `${(generic.ms / row.ms).toFixed(1)}×`,
        `${(generic.requests / row.requests).toFixed(1)}×`,
      ];
    }),
  );
  await saveResults('reader', { n: N, nodes: NODES, rows });
}

function pick(stats: { requests: number; bytes: number; ms: number }) {
  return { requests: stats.requests, bytes: stats.bytes, ms: stats.ms };
}

function check(got: Uint8Array, want: Uint8Array, who: string): void {
  if (!equalBytes(got, want)) throw new Error(`${who} returned wrong bytes`);
}
