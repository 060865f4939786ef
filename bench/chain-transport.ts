// `npm run bench -- chain-transport`: the chain's share of a page view over gRPC-web next to
// JSON-RPC, against the same devnet chain in the same run. A page view here is what the portal's
// worker asks the chain on a first visit to a 34-file site (the size of the third-party game in
// the page-load benchmark): every file's resource field plus the site's routes and redirects,
// through Floe's `SiteLookup` over `createSuiClient`, with the page's files looked up concurrently
// as a browser requests them (SiteLookup gathers such a burst into one multi-get). Each view uses
// a fresh lookup, so nothing is answered from memory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import type { Transaction } from '@mysten/sui/transactions';
import { SiteLookup } from '../core/serve/site-lookup.ts';
import { createSuiClient } from '../core/sui/client.ts';
import type { NetworkConfig, SuiTransport } from '../core/sui/networks.ts';
import { buildSiteTransactions, createdSiteId } from '../core/sui/site-tx.ts';
import { METADATA, resource } from '../core/sui/test-support/fixtures.ts';
import { startChain } from '../devnet/chain/chain.ts';
import { WALRUS_SITE_PACKAGE as PKG } from '../devnet/chain/natives/packages.ts';
import { markdownTable } from './support/markdown.ts';
import { formatBytes } from './support/report.ts';
import { median, ms, ratio, type BenchTable } from './support/suite.ts';

const FILES = 34;
const VIEWS = 60;
const TRANSPORTS: readonly SuiTransport[] = ['grpc', 'json-rpc'];

interface Measurement {
  readonly transport: SuiTransport;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly requests: number;
  readonly requestBytes: number;
  readonly responseBytes: number;
}

export async function benchChainTransport(): Promise<BenchTable[]> {
  const dir = await mkdtemp(join(tmpdir(), 'floe-bench-chain-'));
  const chain = await startChain({ dir });
  try {
    const network = devnetNetwork(chain.url);
    const paths = Array.from({ length: FILES }, (_, i) => (i === 0 ? '/index.html' : `/assets/file-${i}.js`));
    const siteId = await createSite(network, paths, chain);
    const results: Measurement[] = [];
    // Alternate the transports view by view, so drift on the machine hits both alike.
    const samples = new Map<SuiTransport, number[]>(TRANSPORTS.map((t) => [t, []]));
    const traffic = new Map<SuiTransport, { requests: number; sent: number; received: number }>();
    for (let view = -2; view < VIEWS; view++) {
      for (const transport of TRANSPORTS) {
        const counted = { requests: 0, sent: 0, received: 0 };
        const elapsed = await pageView(network, transport, siteId, paths, counted);
        // The first two rounds warm up the JIT and the server's caches; they are not counted.
        if (view < 0) continue;
        samples.get(transport)!.push(elapsed);
        traffic.set(transport, counted);
      }
    }
    for (const transport of TRANSPORTS) {
      const times = samples.get(transport)!;
      const t = traffic.get(transport)!;
      results.push({
        transport,
        medianMs: median(times),
        p90Ms: [...times].sort((a, b) => a - b)[Math.ceil(times.length * 0.9) - 1]!,
        requests: t.requests,
        requestBytes: t.sent,
        responseBytes: t.received,
      });
    }
    return [table(results)];
  } finally {
    await chain.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function devnetNetwork(url: string): NetworkConfig {
  return {
    name: 'devnet',
    suiNetwork: 'localnet',
    rpc: { transport: 'grpc', url },
    rpcEndpoints: { grpc: url, jsonRpc: url },
    walrusSite: { originalPackageId: PKG, packageId: PKG },
    walrus: {
      systemObjectId: `0x${'0'.repeat(64)}`,
      stakingObjectId: `0x${'0'.repeat(64)}`,
      walCoinType: null,
      storageNodeUrlScheme: 'http',
    },
    portal: { origin: 'http://localhost:3000', base36: true },
    aggregatorUrl: null,
    faucetUrl: null,
    devKey: null,
    namesPackageId: null,
    namesRegistryId: null,
  };
}

async function createSite(
  network: NetworkConfig,
  paths: readonly string[],
  chain: Awaited<ReturnType<typeof startChain>>,
): Promise<string> {
  const owner = new Ed25519Keypair();
  await chain.faucet.fund(owner.toSuiAddress());
  const sui = createSuiClient(network);
  const run = async (transaction: Transaction) => {
    const result = await sui.core.signAndExecuteTransaction({
      transaction,
      signer: owner,
      include: { effects: true, objectTypes: true },
    });
    if (result.$kind !== 'Transaction') throw new Error('creating the benchmark site failed');
    await sui.core.waitForTransaction({ digest: result.Transaction.digest });
    return result.Transaction;
  };
  const plan = buildSiteTransactions({
    packageId: PKG,
    target: { kind: 'new', name: 'bench', metadata: METADATA, owner: owner.toSuiAddress() },
    deletes: [],
    creates: paths.map((path, i) => resource(path, i)),
    routes: [['/app/*', '/index.html']],
    redirects: [],
  });
  const siteId = createdSiteId(await run(plan.first()!), PKG);
  if (!siteId) throw new Error('the benchmark site was not created');
  for (const tx of plan.rest(siteId)) await run(tx);
  return siteId;
}

/** One first visit's chain lookups; returns its wall time and adds its traffic to `counted`. */
async function pageView(
  network: NetworkConfig,
  transport: SuiTransport,
  siteId: string,
  paths: readonly string[],
  counted: { requests: number; sent: number; received: number },
): Promise<number> {
  const fetch: typeof globalThis.fetch = async (input, init) => {
    counted.requests++;
    counted.sent += bodySize(init?.body);
    const response = await globalThis.fetch(input, init);
    const body = new Uint8Array(await response.arrayBuffer());
    counted.received += body.byteLength;
    return new Response(body, { status: response.status, headers: response.headers });
  };
  const sui = createSuiClient({ ...network, rpc: { transport, url: network.rpc.url } }, { fetch });
  const lookup = new SiteLookup({ sui, packageId: PKG });
  const started = performance.now();
  // The document first, then its subresources at once, as a browser asks for them.
  await lookup.lookup(siteId, paths[0]!);
  await Promise.all(paths.slice(1).map((path) => lookup.lookup(siteId, path)));
  return performance.now() - started;
}

function bodySize(body: BodyInit | null | undefined): number {
  if (!body) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return body.byteLength;
  return 0;
}

function table(results: readonly Measurement[]): BenchTable {
  const grpc = results.find((r) => r.transport === 'grpc')!;
  const json = results.find((r) => r.transport === 'json-rpc')!;
  const columns = ['transport', 'median', 'p90', 'requests', 'sent', 'received', 'JSON-RPC ÷ gRPC (time)'];
  const rows = results.map((r) => [
    r.transport === 'grpc' ? 'gRPC-web' : 'JSON-RPC',
    `${ms(r.medianMs)} ms`,
    `${ms(r.p90Ms)} ms`,
    String(r.requests),
    formatBytes(r.requestBytes),
    formatBytes(r.responseBytes),
    r.transport === 'grpc' ? ratio(json.medianMs, grpc.medianMs) : '1.0×',
  ]);
  return {
    id: 'chain-transport',
    title: "A page view's chain time: gRPC-web next to JSON-RPC",
    setup:
      `The devnet chain emulator on loopback serves both transports from one process. A page view is the chain ` +
      `lookups of a first visit to a ${FILES}-file site through Floe's SiteLookup: the document's resource field ` +
      `with the site's routes and redirects, then the other ${FILES - 1} files' fields at once (one multi-get for ` +
      `the burst). ${VIEWS} views per ` +
      `transport, alternating, each with a fresh lookup; traffic is that of one view.`,
    columns,
    rows,
    headlines: [
      `A page view's chain lookups over gRPC-web (all public full nodes serve now): ${ms(grpc.medianMs)} ms vs ` +
        `${ms(json.medianMs)} ms over JSON-RPC on the devnet (${comparison(grpc.medianMs, json.medianMs)}), ` +
        `${formatBytes(grpc.responseBytes)} vs ${formatBytes(json.responseBytes)} received`,
    ],
    data: results,
  };
}

/** "1.4× slower" / "1.2× faster" / "on par" (within 5 %) for gRPC's time against JSON-RPC's. */
function comparison(grpcMs: number, jsonMs: number): string {
  if (Math.abs(grpcMs - jsonMs) <= 0.05 * jsonMs) return 'on par';
  return grpcMs > jsonMs
    ? `${(grpcMs / jsonMs).toFixed(1)}× slower`
    : `${(jsonMs / grpcMs).toFixed(1)}× faster`;
}

// Printed when run on its own (`node bench/chain-transport.ts`), for a quick look.
if (import.meta.main) {
  const [result] = await benchChainTransport();
  console.log(markdownTable(result!.columns, result!.rows));
}
