// `npm run bench -- devnet-reader`: Floe's reader next to the official `WalrusClient.readBlob` on a
// live 10-node / 1000-shard devnet (chain and node processes), for blobs the SDK itself wrote and
// a quilt patch. Requests and bytes are counted at each client's fetch.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { WalrusClient } from '@mysten/walrus';
import { blobIdFromText, equalBytes } from '../core/walrus/blob-id.ts';
import { parseQuiltPatchId } from '../core/walrus/quilt.ts';
import { WalrusReader, type ReadRequest } from '../core/walrus/reader.ts';
import { sha256 } from '../core/walrus/sha256.ts';
import { randomBytes } from '../core/walrus/test-support/fixtures.ts';
import { startDevnet } from '../devnet/launcher/launcher.ts';
import { formatBytes, printTable, saveResults } from './support/report.ts';

interface Counter {
  requests: number;
  bytes: number;
}

function countingFetch(counter: Counter): typeof fetch {
  return async (input, init) => {
    counter.requests++;
    const response = await fetch(input, init);
    const body = new Uint8Array(await response.arrayBuffer());
    counter.bytes += body.length;
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

interface Row {
  case: string;
  reader: string;
  requests: number;
  bytes: number;
  ms: number;
}

export async function benchDevnetReader(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'floe-bench-devnet-'));
  process.stderr.write('starting a 10-node / 1000-shard devnet…\n');
  const devnet = await startDevnet({ dir, nodes: 10, shards: 1000, port: 0 });
  const rows: Row[] = [];
  try {
    const { config } = devnet;
    const sui = new SuiJsonRpcClient({ url: config.rpcUrl, network: 'localnet' });
    const sdkCounter: Counter = { requests: 0, bytes: 0 };
    const sdk = new WalrusClient({
      packageConfig: {
        systemObjectId: config.walrus.systemObjectId,
        stakingPoolId: config.walrus.stakingObjectId,
      },
      suiClient: sui,
      storageNodeUrlScheme: 'http',
      storageNodeClientOptions: { fetch: countingFetch(sdkCounter) },
    });
    const writer = new WalrusClient({
      packageConfig: {
        systemObjectId: config.walrus.systemObjectId,
        stakingPoolId: config.walrus.stakingObjectId,
      },
      suiClient: sui,
      storageNodeUrlScheme: 'http',
    });
    const floeCounter: Counter = { requests: 0, bytes: 0 };
    const floe = new WalrusReader({
      committee: {
        n: config.walrus.nShards,
        members: config.nodes.map((n) => ({ url: n.url, shards: n.shards })),
      },
      fetch: countingFetch(floeCounter),
    });
    const signer = Ed25519Keypair.fromSecretKey((await readFile(config.devKey.path, 'utf8')).trim());

    const measure = async (
      label: string,
      reader: string,
      counter: Counter,
      run: () => Promise<Uint8Array>,
      expected: Uint8Array,
    ) => {
      await run(); // warm: JIT, connections, the SDK's cached system state
      counter.requests = 0;
      counter.bytes = 0;
      const started = performance.now();
      const data = await run();
      const ms = performance.now() - started;
      if (!equalBytes(data, expected)) throw new Error(`${reader} returned wrong bytes for ${label}`);
      rows.push({ case: label, reader, requests: counter.requests, bytes: counter.bytes, ms });
    };

    for (const [label, size] of [
      ['1 KiB', 1024],
      ['1 MiB', 1 << 20],
      ['8 MiB', 8 << 20],
    ] as const) {
      process.stderr.write(`writing ${label} with the SDK…\n`);
      const data = randomBytes(size, size + 3);
      const { blobId } = await writer.writeBlob({ blob: data, epochs: 2, deletable: false, signer });
      const digest = await sha256(data);
      const request: ReadRequest = { blobId: blobIdFromText(blobId), sha256: digest, length: size };
      await measure(
        label,
        'floe, SHA-256 known',
        floeCounter,
        async () => (await floe.read(request)).data,
        data,
      );
      await measure(
        label,
        'floe, metadata-verified',
        floeCounter,
        async () => (await floe.read({ blobId: request.blobId })).data,
        data,
      );
      await measure(label, 'WalrusClient.readBlob', sdkCounter, () => sdk.readBlob({ blobId }), data);
    }

    process.stderr.write('writing a quilt with the SDK…\n');
    const page = randomBytes(4096, 11);
    const quilt = await writer.writeQuilt({
      blobs: [
        { contents: page, identifier: '/index.html' },
        { contents: randomBytes(300_000, 12), identifier: '/app.js' },
      ],
      epochs: 2,
      deletable: true,
      signer,
    });
    const patch = quilt.index.patches.find((p) => p.identifier === '/index.html')!;
    const parsed = parseQuiltPatchId(patch.patchId);
    const digest = await sha256(page);
    await measure(
      'quilt patch (4 KiB)',
      'floe, SHA-256 known',
      floeCounter,
      async () =>
        (
          await floe.read({
            blobId: parsed.quiltId,
            target: { kind: 'patch', start: parsed.start, end: parsed.end },
            sha256: digest,
          })
        ).data,
      page,
    );
    await measure(
      'quilt patch (4 KiB)',
      'WalrusClient.getFiles',
      sdkCounter,
      async () => {
        const [file] = await sdk.getFiles({ ids: [patch.patchId] });
        return file!.bytes();
      },
      page,
    );
  } finally {
    await devnet.stop();
    await rm(dir, { recursive: true, force: true });
  }

  printTable(
    ['case', 'reader', 'requests', 'bytes', 'ms', 'SDK ÷ this (ms)'],
    rows.map((row) => {
      const sdk = rows.find((r) => r.case === row.case && r.reader.startsWith('Walrus'))!;
      return [
        row.case,
        row.reader,
        String(row.requests),
        formatBytes(row.bytes),
        row.ms.toFixed(0),
        `${(sdk.ms / row.ms).toFixed(1)}×`,
      ];
    }),
  );
  await saveResults('devnet-reader', { rows });
}
