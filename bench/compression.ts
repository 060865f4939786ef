// `npm run bench -- compression`: what storing text Brotli-compressed saves. Each bench site
// (examples/hello, the geo benchmark's 30-file game and 200-file docs sites) is deployed as a new
// site twice on a live 10-node / 1000-shard devnet, with `floe deploy --no-compress` and with the
// default compression, and the WAL each deploy cost is compared; then the compressed copy is
// deployed again unchanged, which must upload nothing. The worker's share of the cost — decoding
// the compressed files with the pure-JavaScript Brotli decoder — is timed in this process.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeContent } from '../core/serve/content-coding.ts';
import { encodedBlobLength, geometry } from '../core/walrus/geometry.ts';
import { startDevnet } from '../devnet/launcher/launcher.ts';
import { scanSite } from '../publisher/scan.ts';
import { runFloe } from '../publisher/test-support/run-floe.ts';
import { docsSite, gameSite, writeSite } from './support/geo-sites.ts';
import { markdownTable } from './support/markdown.ts';
import { formatBytes } from './support/report.ts';
import { median, type BenchTable } from './support/suite.ts';

const NODES = 10;
const SHARDS = 1000;
const FROST_PER_WAL = 1e9;

/** The fields of `floe deploy --json` this benchmark reads. */
interface DeployJson {
  files: number;
  uploaded: number;
  quilts: { size: number; outcome: string }[];
  bytesUploaded: number;
  compression: { files: number; originalBytes: number; storedBytes: number };
  cost: { wal: string };
  phases: Partial<Record<'scan' | 'encode' | 'upload', number>>;
  durationMs: number;
}

interface Deploy {
  readonly walFrost: number;
  /** Bytes stored (the files as stored, before quilt encoding). */
  readonly storedBytes: number;
  /** Unencoded and encoded size of the quilts stored (what storage is priced by). */
  readonly quiltBytes: number;
  readonly encodedBytes: number;
  readonly bytesSent: number;
  readonly quilts: number;
  readonly durationMs: number;
  readonly compressedFiles: number;
}

interface SiteRow {
  readonly site: string;
  readonly files: number;
  readonly bytes: number;
  readonly plain: Deploy;
  readonly compressed: Deploy;
  /** The compressed copy deployed again unchanged. */
  readonly redeploy: { readonly uploaded: number; readonly walFrost: number };
  /** `floe deploy`'s scan of the folder (hashing, and compressing), in this process. */
  readonly scanMs: { readonly plain: number; readonly compressed: number };
  /** Pure-JavaScript Brotli decoding of every compressed file: cold (as a worker just started), then again. */
  readonly decodeMs: { readonly first: number; readonly again: number };
}

async function deploy(dir: string, devnetDir: string, compress: boolean): Promise<DeployJson> {
  const argv = ['deploy', dir, '--json', '--quiet', '--devnet-dir', devnetDir];
  const run = await runFloe(compress ? argv : [...argv, '--no-compress']);
  if (run.code !== 0) throw new Error(`floe deploy ${dir} exited with ${run.code}: ${run.err}`);
  return JSON.parse(run.out) as DeployJson;
}

function measured(result: DeployJson, bytes: number): Deploy {
  const stored = result.quilts.filter((q) => q.outcome === 'uploaded');
  return {
    walFrost: Number(result.cost.wal),
    storedBytes: bytes - result.compression.originalBytes + result.compression.storedBytes,
    quiltBytes: stored.reduce((n, q) => n + q.size, 0),
    encodedBytes: stored.reduce((n, q) => n + encodedBlobLength(geometry(SHARDS), q.size), 0),
    bytesSent: result.bytesUploaded,
    quilts: stored.length,
    durationMs: result.durationMs,
    compressedFiles: result.compression.files,
  };
}

/** Repetitions of the in-process timings, whose median is reported (the devnet shares the cores). */
const REPEATS = 5;

/**
 * Decodes every compressed file of the folder: once as a worker that just started would (the
 * decoder's code not yet optimised), then the median of REPEATS more passes.
 */
async function decodeTime(dir: string): Promise<{ first: number; again: number }> {
  const site = await scanSite(dir, { compress: true });
  const stored = await Promise.all(
    site.files.filter((f) => f.headers.get('content-encoding') === 'br').map((f) => site.readStored(f.path)),
  );
  const pass = async () => {
    const started = performance.now();
    for (const bytes of stored) await decodeContent('br', bytes);
    return performance.now() - started;
  };
  const first = await pass();
  const again: number[] = [];
  for (let i = 0; i < REPEATS; i++) again.push(await pass());
  return { first, again: median(again) };
}

/** Median milliseconds of `floe deploy`'s scan of `dir`, without and with compression, taking turns. */
async function scanTimes(dir: string): Promise<{ plain: number; compressed: number }> {
  const times = { plain: [] as number[], compressed: [] as number[] };
  for (let i = 0; i < REPEATS; i++) {
    for (const compress of [false, true]) {
      const started = performance.now();
      await scanSite(dir, { compress });
      times[compress ? 'compressed' : 'plain'].push(performance.now() - started);
    }
  }
  return { plain: median(times.plain), compressed: median(times.compressed) };
}

/** Printed under the table: the default this table decided, and who decodes what where. */
const NOTES = [
  '**Default.** Compression is on by default (`floe deploy --no-compress` turns it off): in every row it costs no ' +
    'more WAL than storing files as they are, saves up to a fifth on text-heavy sites (more the larger the text part ' +
    'is next to the fixed metadata of each quilt), keeps an unchanged redeploy free, and visitors read fewer bytes ' +
    'from the nodes. What it costs is the scan’s compression (quality 11, on the thread pool) and, in the ' +
    'worker, the pure-JavaScript decode of each compressed file a page loads.',
  '**Who decodes.** The chain’s SHA-256 is that of the stored (compressed) bytes, checked before anything is ' +
    'decoded. Floe’s service worker decodes every compressed file itself: Chromium does not decode the body of a ' +
    'Response a worker builds, whatever its `content-encoding` says (checked in Chromium 150: the page’s `fetch()` ' +
    'got the compressed bytes, and a navigation became a download), and its DecompressionStream has no Brotli. ' +
    'The portal server sends the stored bytes with `content-encoding: br` and `Vary: Accept-Encoding` to clients ' +
    'whose `Accept-Encoding` takes `br` (browsers, `curl --compressed`), and decoded bytes to the others; a range ' +
    'request, and a first visit’s page (which gets the worker’s tag), get decoded bytes.',
  '**The walrus-sites portals.** Their server portal (MystenLabs/walrus-sites, `portal/common`’s URL fetcher) ' +
    'hashes the aggregator’s bytes against the resource’s `blob_hash` and answers with every on-chain header ' +
    'passed through, `content-encoding: br` included, whatever the request’s `Accept-Encoding`: browsers take ' +
    '`br` and decode the file, so a site deployed by Floe with compression reads correctly there; a client that ' +
    'does not take `br` (curl without `--compressed`, some crawlers) gets the compressed bytes. Their ' +
    'service-worker portal builds its responses in the worker too, where, as above, Chromium would not decode them.',
].join('\n\n');

const wal = (frost: number) => (frost / FROST_PER_WAL).toFixed(4);
const percent = (saved: number, of: number) => `${((100 * saved) / of).toFixed(1)}%`;
const seconds = (ms: number) => (ms / 1000).toFixed(1);

export async function benchCompression(): Promise<BenchTable[]> {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'floe-bench-compression-'));
  const log = (message: string) => process.stderr.write(`compression: ${message}\n`);
  const rows: SiteRow[] = [];
  try {
    log(`starting a ${NODES}-node / ${SHARDS}-shard devnet…`);
    const devnet = await startDevnet({ dir: join(dir, 'devnet'), nodes: NODES, shards: SHARDS, port: 0 });
    try {
      const sources: { name: string; dir: string }[] = [{ name: 'hello', dir: 'examples/hello' }];
      for (const site of [gameSite(), docsSite()]) {
        const source = join(dir, `${site.name}-source`);
        await writeSite(site, source);
        sources.push({ name: site.name, dir: source });
      }
      // One tiny deploy first, so neither mode pays for the chain's and nodes' warm-up.
      const warm = join(dir, 'warm-up');
      await cp('examples/hello/css', warm, { recursive: true });
      await deploy(warm, devnet.config.dir, false);

      for (const source of sources) {
        // A copy per deploy: each is a new site (deploy writes object_id back into the folder).
        const copy = async (label: string) => {
          const target = join(dir, `${source.name}-${label}`);
          await cp(source.dir, target, { recursive: true });
          return target;
        };
        log(`${source.name}: --no-compress…`);
        const plainResult = await deploy(await copy('plain'), devnet.config.dir, false);
        log(`${source.name}: compressed…`);
        const compressedDir = await copy('compressed');
        const compressedResult = await deploy(compressedDir, devnet.config.dir, true);
        log(`${source.name}: compressed, again unchanged…`);
        const again = await deploy(compressedDir, devnet.config.dir, true);
        const scanned = await scanSite(source.dir, { compress: false });
        const scanMs = await scanTimes(source.dir);
        rows.push({
          site: source.name,
          files: scanned.files.length,
          bytes: scanned.totalBytes,
          plain: measured(plainResult, scanned.totalBytes),
          compressed: measured(compressedResult, scanned.totalBytes),
          redeploy: { uploaded: again.uploaded, walFrost: Number(again.cost.wal) },
          scanMs,
          decodeMs: await decodeTime(compressedDir),
        });
      }
    } finally {
      await devnet.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const headlines = rows
    .filter((r) => r.site !== 'hello')
    .map(
      (r) =>
        `${r.site === 'docs' ? '200-file docs site' : '30-file game site'} stored Brotli-compressed: ` +
        `${wal(r.compressed.walFrost)} WAL per deploy vs ${wal(r.plain.walFrost)} uncompressed ` +
        `(${percent(r.plain.walFrost - r.compressed.walFrost, r.plain.walFrost)} less), ` +
        `${formatBytes(r.compressed.storedBytes)} stored vs ${formatBytes(r.plain.storedBytes)}`,
    );
  return [
    {
      id: 'compression',
      title: 'Compression: WAL per deploy with and without Brotli',
      setup:
        `A live devnet of ${NODES} storage-node processes with ${SHARDS} shards and the chain emulator, on loopback. ` +
        'Sites: `examples/hello` (10 small files), the geo benchmark’s game site (`gameSite()`: HTML, 2 stylesheets, ' +
        '5 scripts, 22 PNGs of random pixels) and docs site (`docsSite()`: 190 guide pages, a stylesheet, 2 scripts ' +
        'with a 250 KB search index, 6 PNGs). Each is deployed as a new site with `floe deploy --no-compress` and with ' +
        'the default, which stores text files Brotli-compressed (quality 11 up to 4 MiB, `content-encoding: br`) ' +
        'when that saves at least 5% and 128 bytes; then the compressed copy is deployed again unchanged. ' +
        'WAL is the storage cost `floe deploy` reports for 1 epoch (exact: the Walrus system’s price for the ' +
        'encoded size of each new quilt); “encoded” is that size, which is what storage is priced by: about 5× the ' +
        `quilt for the erasure code plus a fixed ${formatBytes(encodedBlobLength(geometry(SHARDS), 0))} per quilt ` +
        `at ${SHARDS} shards (every node keeps the whole metadata), so a site smaller than that fixed part saves ` +
        'little however well it compresses. ' +
        '“scan” is `floe deploy`’s scan of the folder (hashing, and compressing on the thread pool), run again in the ' +
        `benchmark’s process, the median of ${REPEATS} each way. ` +
        '“decode” is the pure-JavaScript Brotli decoder (the `brotli` package, which the service ' +
        'worker uses because Chromium’s DecompressionStream has no Brotli) decoding every compressed file of the site ' +
        'in Node: first as a freshly started worker would (code not yet optimised; the dictionary is unpacked once per ' +
        `process, in hello’s first pass), then the median of ${REPEATS} more passes; a ` +
        'visitor decodes only the files a page loads, and the worker keeps decoded files while it keeps their bytes. ' +
        'Times share the machine with the devnet; the 1-minute load average is in `data`.',
      columns: [
        'site',
        'files (compressed)',
        'size → stored',
        'encoded (plain / br)',
        'WAL (plain / br)',
        'WAL saved',
        'deploy s (plain / br)',
        'scan ms (plain / br)',
        'unchanged redeploy',
        'decode ms (first / again)',
      ],
      rows: rows.map((r) => [
        r.site,
        `${r.files} (${r.compressed.compressedFiles})`,
        `${formatBytes(r.bytes)} → ${formatBytes(r.compressed.storedBytes)}`,
        `${formatBytes(r.plain.encodedBytes)} / ${formatBytes(r.compressed.encodedBytes)}`,
        `${wal(r.plain.walFrost)} / ${wal(r.compressed.walFrost)}`,
        percent(r.plain.walFrost - r.compressed.walFrost, r.plain.walFrost),
        `${seconds(r.plain.durationMs)} / ${seconds(r.compressed.durationMs)}`,
        `${r.scanMs.plain.toFixed(0)} / ${r.scanMs.compressed.toFixed(0)}`,
        `${r.redeploy.uploaded} uploaded, ${wal(r.redeploy.walFrost)} WAL`,
        `${r.decodeMs.first.toFixed(0)} / ${r.decodeMs.again.toFixed(0)}`,
      ]),
      headlines,
      notes: NOTES,
      data: {
        nodes: NODES,
        shards: SHARDS,
        loadAverage: loadavg()[0],
        totalMs: Math.round(performance.now() - started),
        sites: rows,
      },
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const table of await benchCompression()) {
    console.log(`### ${table.title}\n\n${table.setup}\n\n${markdownTable(table.columns, table.rows)}\n`);
    for (const line of table.headlines) console.log(`- ${line}`);
  }
}
