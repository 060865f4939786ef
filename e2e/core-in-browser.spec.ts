// core/walrus in a real browser: a Vite build of e2e/fixtures/core-in-browser loads the browser
// build of @mysten/walrus-wasm (async init from the emitted .wasm URL) and runs the codec and the
// reader both in the page and in a module worker, against storage nodes on loopback HTTP. Every
// result is checked against Node: blob IDs from Node's WASM build, SHA-256 from node:crypto, and
// request counts from the same read made by WalrusReader in Node.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { encodeQuilt } from '@mysten/walrus';
import { build } from 'vite';
import { blobIdToText } from '../core/walrus/blob-id.ts';
import { ShardMap, type Committee } from '../core/walrus/committee.ts';
import { geometry, primarySliverSize, rotationOffset, symbolSize } from '../core/walrus/geometry.ts';
import { WalrusReader, type ReadTarget } from '../core/walrus/reader.ts';
import { codecFor, encodedBlob, randomBytes } from '../core/walrus/test-support/fixtures.ts';
import { serveOnLoopback, type LoopbackNodes } from '../core/walrus/test-support/loopback-nodes.ts';
import { memoryNetwork, type MemoryNetwork } from '../core/walrus/test-support/memory-nodes.ts';
import type {
  CodecResult,
  CoreApi,
  Job,
  ReadJob,
  ReadOutcome,
  Realm,
} from './fixtures/core-in-browser/jobs.ts';
import { startStaticServer, type StaticFile, type StaticServer } from './support/static-server.ts';

test.describe.configure({ mode: 'serial' });

const FIXTURE_DIR = fileURLToPath(new URL('./fixtures/core-in-browser/', import.meta.url));
const REALMS: readonly Realm[] = ['page', 'worker'];

const hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

interface TestBlob {
  readonly n: number;
  readonly length: number;
  readonly seed: number;
  readonly data: Uint8Array;
  readonly blobId: Uint8Array;
}

/** One blob per kind of read, small enough to keep the run fast. */
const A = { n: 10, length: 150_000, seed: 1 };
const B = { n: 100, length: 1 << 20, seed: 2 };
const RANGE = { kind: 'range', start: 123_457, end: 400_000 } as const;
const SITE = [
  { identifier: '/index.html', contents: randomBytes(2048, 11), tags: { 'content-type': 'text/html' } },
  {
    identifier: '/assets/app.js',
    contents: randomBytes(60_000, 13),
    tags: { 'content-type': 'text/javascript' },
  },
  { identifier: '/empty.txt', contents: new Uint8Array(0) },
];

let outDir: string | undefined;
let site: StaticServer | undefined;
let net10: MemoryNetwork;
let net100: MemoryNetwork;
let nodes10: LoopbackNodes | undefined;
let nodes100: LoopbackNodes | undefined;
let blobA: TestBlob;
let blobB: TestBlob;
let quiltId: Uint8Array;

function blob(spec: { n: number; length: number; seed: number }): TestBlob {
  const { data, encoded } = encodedBlob(spec.n, spec.length, spec.seed);
  return { ...spec, data, blobId: encoded.blobId };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

test.beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'floe-core-in-browser-'));
  await build({
    root: FIXTURE_DIR,
    configFile: false,
    envDir: false,
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'es2023',
      reportCompressedSize: false,
    },
    worker: { format: 'es' },
  });
  const files: Record<string, StaticFile> = {};
  for (const path of await listFiles(outDir)) {
    files[`/${relative(outDir, path).split(sep).join('/')}`] = { body: await readFile(path) };
  }
  site = await startStaticServer(files);

  blobA = blob(A);
  blobB = blob(B);
  const { quilt } = encodeQuilt({ blobs: SITE, numShards: 100, encodingType: 'RS2' });
  const encodedQuilt = codecFor(100).encode(quilt);
  quiltId = encodedQuilt.blobId;

  net10 = memoryNetwork(10, 10);
  net10.add(encodedBlob(A.n, A.length, A.seed).encoded);
  net100 = memoryNetwork(100, 10);
  net100.add(encodedBlob(B.n, B.length, B.seed).encoded);
  net100.add(encodedQuilt);
  nodes10 = await serveOnLoopback(net10);
  nodes100 = await serveOnLoopback(net100);
});

test.afterAll(async () => {
  await Promise.all([site?.close(), nodes10?.close(), nodes100?.close()]);
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** Opens the built fixture on core.localhost; returns the page errors seen so far (live). */
async function open(page: Page): Promise<{ pageErrors: string[] }> {
  if (!site) throw new Error('fixture server did not start');
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(site.url('/', 'core.localhost'));
  await expect(page.locator('#status')).toHaveText('ready (page)');
  return { pageErrors };
}

async function run<R extends CodecResult | ReadOutcome>(page: Page, realm: Realm, job: Job): Promise<R> {
  const reply = await page.evaluate(
    ([where, what]) => {
      const api = (window as unknown as { floeCore: CoreApi }).floeCore;
      return where === 'page' ? api.run(what) : api.runInWorker(what);
    },
    [realm, job] as const,
  );
  if (!reply.ok) throw new Error(`job failed in the ${reply.realm}: ${reply.error}`);
  expect(reply.result.realm).toBe(realm);
  return reply.result as R;
}

interface ReadCase {
  readonly name: string;
  readonly job: ReadJob;
  readonly expected: Uint8Array;
  readonly identifier?: string;
}

function readCases(): ReadCase[] {
  const c10 = nodes10!.committee;
  const c100 = nodes100!.committee;
  const app = SITE[1]!;
  const index = SITE[0]!;
  const range = blobB.data.subarray(RANGE.start, RANGE.end);
  return [
    {
      name: 'n=10 whole blob verified by metadata',
      job: { kind: 'read', committee: c10, blobId: blobIdToText(blobA.blobId) },
      expected: blobA.data,
    },
    {
      name: `n=100 byte range [${RANGE.start}, ${RANGE.end}) verified by SHA-256`,
      job: {
        kind: 'read',
        committee: c100,
        blobId: blobIdToText(blobB.blobId),
        target: RANGE,
        sha256: hex(range),
        length: blobB.length,
      },
      expected: range,
    },
    {
      name: `n=100 quilt patch ${app.identifier} by identifier, verified by metadata`,
      job: {
        kind: 'read',
        committee: c100,
        blobId: blobIdToText(quiltId),
        target: { kind: 'identifier', identifier: app.identifier },
      },
      expected: app.contents,
      identifier: app.identifier,
    },
    {
      name: `n=100 quilt patch ${index.identifier} by identifier, also checked by SHA-256`,
      job: {
        kind: 'read',
        committee: c100,
        blobId: blobIdToText(quiltId),
        target: { kind: 'identifier', identifier: index.identifier },
        sha256: hex(index.contents),
      },
      expected: index.contents,
      identifier: index.identifier,
    },
  ];
}

/** The same read made by WalrusReader in Node over the same loopback nodes, as the reference. */
async function readInNode(job: ReadJob) {
  const reader = new WalrusReader({ committee: job.committee });
  return reader.read({
    blobId: job.blobId,
    ...(job.target ? { target: job.target as ReadTarget } : {}),
    ...(job.sha256 ? { sha256: Uint8Array.from(Buffer.from(job.sha256, 'hex')) } : {}),
    ...(job.length !== undefined ? { length: job.length } : {}),
  });
}

function expectRead(result: ReadOutcome, c: ReadCase): void {
  expect(result.sha256, c.name).toBe(hex(c.expected));
  expect(result.length, c.name).toBe(c.expected.length);
  if (c.identifier) {
    const file = SITE.find((f) => f.identifier === c.identifier)!;
    expect(result.patch, c.name).toEqual({ identifier: file.identifier, tags: file.tags ?? {} });
  }
  expect(result.stats.verification, c.name).toBe(c.job.sha256 ? 'sha256' : 'metadata');
}

test('the WASM codec loads and round-trips in the page and in a module worker, matching Node', async ({
  page,
}) => {
  const { pageErrors } = await open(page);
  for (const realm of REALMS) {
    for (const expected of [blobA, blobB]) {
      const result = await run<CodecResult>(page, realm, {
        kind: 'codec',
        n: expected.n,
        length: expected.length,
        seed: expected.seed,
      });
      const label = `${realm} n=${expected.n}`;
      // The browser build encodes exactly as Node's build: same blob ID for the same bytes.
      expect(result.blobId, label).toBe(blobIdToText(expected.blobId));
      expect(result.inputSha256, label).toBe(hex(expected.data));
      expect(result.decodedSha256, label).toBe(hex(expected.data));
      const { n, p } = geometry(expected.n);
      expect(result.decodedFrom, label).toEqual(Array.from({ length: p }, (_, i) => n - p + i));
      expect(result.wasmFetches, label).toBe(1);
    }
  }
  expect(pageErrors).toEqual([]);
});

test('the reader reads blobs, ranges and quilt patches directly in the page and in a worker', async ({
  page,
}) => {
  const { pageErrors } = await open(page);
  for (const c of readCases()) {
    const reference = await readInNode(c.job);
    expect(hex(reference.data), c.name).toBe(hex(c.expected));
    for (const realm of REALMS) {
      const label = `${realm}: ${c.name}`;
      const result = await run<ReadOutcome>(page, realm, c.job);
      expectRead(result, { ...c, name: label });
      const { requests, ...stats } = result.stats;
      expect(stats, label).toEqual({
        path: 'direct',
        verification: reference.stats.verification,
        decoded: false,
        sliverRequests: reference.stats.sliverRequests,
        recoveredSlivers: 0,
        failures: [],
      });
      // Besides the slivers, the metadata (unless the caller gave a length and a SHA-256): one
      // request, or one more when the first node takes longer than the reader's 500 ms stagger,
      // which a loaded CI machine sometimes makes it (the Node reference once made 6 where the
      // page made 5). So the totals may differ by that one request, no more.
      expect(Math.abs(requests - reference.stats.requests), label).toBeLessThanOrEqual(1);
      // Direct reads verify with the embedded decoder module (or TypeScript before it loads): the
      // codec .wasm is never fetched.
      expect(result.wasmFetches, label).toBe(0);
    }
  }
  expect(pageErrors).toEqual([]);
});

/** The member serving sliver pair `pair` of a blob. */
function ownerOfPair(committee: Committee, blobId: Uint8Array, pair: number): number {
  return new ShardMap(committee).memberIndexOfPair(pair, rotationOffset(blobId, committee.n));
}

test('with the nodes holding the wanted slivers down, the reader rebuilds them with both WASM decoders in the browser', async ({
  page,
}) => {
  const { pageErrors } = await open(page);
  const c10 = nodes10!.committee;
  const c100 = nodes100!.committee;
  const gB = geometry(B.n);
  const firstRow = Math.floor(RANGE.start / primarySliverSize(gB, symbolSize(gB, B.length)));
  // Row 0 of blob A; the range's first row of blob B; row 0 and column 0 (the quilt index, in
  // pair n−1) of the quilt. Three nodes of ten at n = 100 leave 70 shards, above p = 34.
  const down10 = new Set([ownerOfPair(c10, blobA.blobId, 0)]);
  const down100 = new Set([
    ownerOfPair(c100, blobB.blobId, firstRow),
    ownerOfPair(c100, quiltId, 0),
    ownerOfPair(c100, quiltId, B.n - 1),
  ]);
  const cases = readCases().slice(0, 3);
  try {
    for (const member of down10) net10.setFault(member, { kind: 'down' });
    for (const member of down100) net100.setFault(member, { kind: 'down' });
    for (const realm of REALMS) {
      for (const c of cases) {
        // By default only the missing slivers come back, from other nodes' decoding symbols and
        // Floe's own decoder (embedded in the bundle, so the Walrus WASM is not fetched).
        const label = `${realm}: ${c.name}`;
        const result = await run<ReadOutcome>(page, realm, c.job);
        expectRead(result, { ...c, name: label });
        expect(result.stats.path, label).toBe('recovered');
        expect(result.stats.recoveredSlivers, label).toBeGreaterThan(0);
        expect(result.stats.failures.length, label).toBeGreaterThan(0);
        expect(result.wasmFetches, label).toBe(0);
      }
      for (const c of cases) {
        // The whole-blob decode, the last resort, still works there too.
        const label = `${realm}: ${c.name}, whole-blob`;
        const result = await run<ReadOutcome>(page, realm, { ...c.job, recovery: 'whole-blob' });
        expectRead(result, { ...c, name: label });
        expect(result.stats.path, label).toBe('fallback');
        expect(result.stats.decoded, label).toBe(true);
        const { p } = geometry(c.job.committee.n);
        expect(result.stats.requests, label).toBeGreaterThanOrEqual(p);
        // The reader instantiated the Walrus WASM lazily from the URL it was given, once per realm.
        expect(result.wasmFetches, label).toBe(1);
      }
    }
  } finally {
    for (const member of down10) net10.setFault(member, undefined);
    for (const member of down100) net100.setFault(member, undefined);
  }
  expect(pageErrors).toEqual([]);
});
