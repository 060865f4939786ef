// `floe deploy <dir>`: scan the folder, plan against the Site on chain, store new quilts (and big
// files as blobs of their own), commit the site, print its URL, and write `object_id`/`site_name`
// back to ws-resources.json.
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { formatCoin } from '../../core/deploy/format-coin.ts';
import { planWithWorkers } from '../../core/deploy/deploy-memory.ts';
import {
  DEFAULT_MEMORY_BUDGET,
  MemoryBudgetError,
  type BudgetPlan,
} from '../../core/deploy/memory-budget.ts';
import { deploySite, type DeployResult } from '../../core/deploy/pipeline.ts';
import { isPreviewName, ownedSiteNamed, previewSiteName } from '../../core/deploy/preview-site.ts';
import { DEFAULT_KEEP_VERSIONS } from '../../core/deploy/rollback.ts';
import { storedBytes } from '../../core/deploy/stored-bytes.ts';
import { blobThreshold, InvalidBlobThresholdError } from '../../core/deploy/route-files.ts';
import { objectIdToBase36 } from '../../core/site/base36.ts';
import { updateWsResources } from '../../core/site/ws-resources.ts';
import { keypairExecutor } from '../../core/sui/execute.ts';
import { portalSiteUrl } from '../../core/sui/networks.ts';
import {
  NETWORK_OPTIONS,
  UsageError,
  networkOptions,
  parse,
  toJson,
  type Command,
  type Io,
  parseEpochsValue,
} from '../cli/command.ts';
import { parseByteSize } from '../cli/byte-size.ts';
import { EncodePool } from '../encode-pool.ts';
import { openFileSource } from '../file-source-node.ts';
import { formatBytes, formatDuration } from '../format.ts';
import { loadSigner } from '../keys.ts';
import { openNetwork } from '../network.ts';
import { createProgressRenderer } from '../progress.ts';
import { scanSite } from '../scan.ts';
import { lazyFileSpillStore } from '../spill-files.ts';

const USAGE = `usage: floe deploy <dir> [options]

Deploys a folder as a Walrus Site: new and changed files are packed into quilts (files from
--blob-threshold up are stored each as a blob of its own), stored on Walrus, and the Site object
on Sui is created or updated. Unchanged files are not uploaded again.

options:
  --network <name>     devnet (default), testnet or mainnet
  --transport <t>      how to reach Sui: grpc (default) or json-rpc (devnet, or a JSON-RPC provider)
  --site <id>          update this site (default: object_id in ws-resources.json, else a new site)
  --preview <name>     deploy to a separate preview site of yours named "<site name> (preview <name>)",
                       made or updated by that name (ws-resources.json is left as it is); make the
                       live site equal to it later with floe promote
  --name <name>        site name (default: site_name in ws-resources.json, else "My Walrus Site")
  --epochs <n|max>     how long new files are stored, in Walrus epochs (default 1 on devnet, else required)
  --ws-resources <f>   configuration file (default <dir>/ws-resources.json)
  --dry-run            print the plan and its WAL/SUI cost; spend nothing
  --keep-versions <n>  versions kept restorable by floe rollback (default 3, the live one
                       included): quilts older versions alone used are deleted, refunding their
                       storage, unless another site of yours uses them; 1 deletes what the new
                       version no longer uses, as site-builder does
  --keep-old-quilts    delete no quilt at all
  --no-compress        store every file as it is (default: text files are stored
                       Brotli-compressed with content-encoding: br when that saves 5% or more)
  --blob-threshold <size>
                       files of this size or more are stored as blobs of their own, never
                       compressed, so readers can stream and seek in them (default 32MiB,
                       at least 1MiB; units B, KiB, MiB, GiB)
  --memory-budget <size>
                       resident memory the deploy may use (default 1GiB, at least 256MiB): it
                       sets the encode threads and quilt size, and encoded data beyond its
                       share waits in temp files until uploaded
  --yes, -y            do not ask for confirmation on a terminal
  --json               print one JSON object with the result on stdout (progress stays on stderr)
  --quiet, -q          no progress output
  --devnet-dir <dir>   devnet state folder (default .floe/devnet)`;

const DEFAULT_SITE_NAME = 'My Walrus Site';

export const deployCommand: Command = {
  name: 'deploy',
  summary: 'deploy a folder as a Walrus Site',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      {
        ...NETWORK_OPTIONS,
        site: { type: 'string' },
        name: { type: 'string' },
        epochs: { type: 'string' },
        'ws-resources': { type: 'string' },
        preview: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'keep-old-quilts': { type: 'boolean', default: false },
        'keep-versions': { type: 'string' },
        'no-compress': { type: 'boolean', default: false },
        'blob-threshold': { type: 'string' },
        'memory-budget': { type: 'string' },
        yes: { type: 'boolean', short: 'y', default: false },
        quiet: { type: 'boolean', short: 'q', default: false },
      },
      USAGE,
    );
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('expected exactly one folder to deploy', USAGE);
    const networkChoice = networkOptions(values, USAGE);
    const epochs = parseEpochs(values.epochs, networkChoice.network === 'devnet');
    const keepVersions = parseKeepVersions(values['keep-versions']);
    const threshold = parseBlobThreshold(values['blob-threshold']);
    const budget = parseMemoryBudget(values['memory-budget']);
    const dir = positionals[0]!;
    // Measured before anything is read: the budget bounds what the deploy adds to the process.
    const memory = memoryPlan(budget, process.memoryUsage().rss, values['memory-budget'] !== undefined);

    // Progress goes to stderr (plain lines with --json, so stdout stays one JSON object); --quiet
    // silences it.
    const renderer = () =>
      createProgressRenderer({
        stream: io.err,
        tty: io.err.isTTY === true && !values.json,
        json: values.quiet,
      });
    // The confirmation prompt ends one renderer (its bars are final) and the rest of the deploy
    // draws with a new one below the prompt.
    let current = renderer();
    const progress = {
      listener: (event: Parameters<typeof current.listener>[0]) => current.listener(event),
      finish: () => current.finish(),
      restart: () => {
        current.finish();
        current = renderer();
      },
    };
    // Temp files for what the budget does not let stay in memory: compressed files from the scan,
    // encoded slivers awaiting upload. Made on first use; removed at the end (or at exit).
    const spill = lazyFileSpillStore();
    const scanned = await scanSite(dir, {
      ...(values['ws-resources'] ? { wsResources: values['ws-resources'] } : {}),
      onEvent: progress.listener,
      compress: !values['no-compress'],
      blobThreshold: threshold,
      keepCompressed: storedBytes({ memoryBytes: compressedShare(memory), spill: () => spill }),
    });
    const context = await openNetwork(networkChoice);
    if (scanned.files.length === 0) {
      throw new Error(
        `${dir} has no files to deploy${scanned.ignored.length ? ` (${scanned.ignored.length} ignored)` : ''}`,
      );
    }
    const signer = await loadSigner({ network: context.network });
    const baseName = values.name ?? scanned.config.siteName ?? DEFAULT_SITE_NAME;
    const preview = values.preview === undefined ? null : parsePreviewName(values.preview);
    if (preview !== null && values.site)
      throw new UsageError('--preview picks its own site: it cannot be combined with --site', USAGE);
    // A preview is a site of its own, found again by its name among the signer's sites.
    const siteName = preview === null ? baseName : previewSiteName(baseName, preview);
    const siteId =
      preview === null
        ? (values.site ?? scanned.config.objectId)
        : await ownedSiteNamed(
            context.sui,
            signer.address,
            context.network.walrusSite.originalPackageId,
            siteName,
          );
    const interactive = io.stdin.isTTY === true && io.err.isTTY === true && !values.yes && !values.json;

    // A thread that encoded more than its share of the budget is replaced, freeing its WASM memory.
    const pool = new EncodePool(memory.encodeWorkers, { transferFiles: true, retireAbove: memory.quiltCap });
    let result: DeployResult;
    try {
      result = await deploySite(
        {
          sui: context.sui,
          walrus: context.walrus,
          owner: signer.address,
          execute: keypairExecutor(context.sui, signer.keypair),
          sitePackage: {
            original: context.network.walrusSite.originalPackageId,
            published: context.network.walrusSite.packageId,
          },
          walCoinType: context.walCoinType,
          nodeScheme: context.network.walrus.storageNodeUrlScheme,
          encoder: pool,
          memory,
          spill,
          onEvent: progress.listener,
          ...(interactive
            ? {
                confirm: async (preview: DeployResult) => {
                  progress.finish();
                  io.err.write(`${describePlan(preview)}\n`);
                  const yes = await ask(io, 'Deploy? [y/N] ');
                  progress.restart();
                  return yes;
                },
              }
            : {}),
        },
        {
          files: scanned.files,
          readFile: (path) => scanned.readStored(path),
          // Blobs are stored as they are in the folder, so their file is the source.
          openFile: (path) => openFileSource(scanned.sources.get(path)!),
          config: scanned.config,
          siteId,
          siteName,
          epochs,
          dryRun: values['dry-run'],
          keepOldQuilts: values['keep-old-quilts'],
          keepVersions,
          blobThreshold: threshold,
        },
      );
    } finally {
      progress.finish();
      await pool.close();
      await spill.close();
    }

    const base36 = result.siteId ? objectIdToBase36(result.siteId) : null;
    const url = base36 ? portalSiteUrl(context.network, base36) : null;
    // A preview leaves ws-resources.json pointing at the live site.
    if (result.siteId && !result.dryRun && preview === null) {
      // Like site-builder: the next deploy of this folder updates the same site.
      const text = updateWsResources(scanned.wsResources.text, { objectId: result.siteId, siteName });
      if (text !== scanned.wsResources.text) await writeFile(scanned.wsResources.path, text);
    }
    if (values.json) {
      io.out(
        toJson({
          siteId: result.siteId,
          base36,
          url,
          dryRun: result.dryRun,
          files: result.files,
          uploaded: result.uploaded,
          reused: result.reused,
          removed: result.removed,
          quilts: result.quilts,
          blobs: result.blobs,
          blobThreshold: result.blobThreshold,
          bytesUploaded: result.bytesUploaded,
          compression: scanned.compression,
          quiltsDeleted: result.quiltsDeleted,
          transactions: result.transactions,
          cost: { wal: result.cost.wal, sui: result.cost.sui, suiEstimated: result.cost.suiEstimated },
          endEpoch: result.endEpoch,
          phases: result.phases,
          durationMs: result.durationMs,
          signer: signer.address,
          network: context.network.name,
        }),
      );
      return 0;
    }
    if (result.dryRun) {
      io.out(describePlan(result));
      io.out('dry run: nothing was uploaded or changed');
      return 0;
    }
    io.out(
      `${result.created ? 'created' : 'updated'} site ${result.siteId} in ${formatDuration(result.durationMs)}\n` +
        `  files      ${result.files} (${result.uploaded} uploaded, ${result.reused} unchanged, ${result.removed} removed)\n` +
        `  uploaded   ${formatBytes(result.bytesUploaded)} in ${sentItems(result)}\n` +
        (result.quiltsDeleted.length
          ? `  deleted    ${result.quiltsDeleted.length} old quilt(s), storage refunded\n`
          : '') +
        `  cost       ${formatCoin(result.cost.wal)} WAL, ${formatCoin(result.cost.sui)} SUI (${result.transactions} transactions)\n` +
        `  stored to  epoch ${result.endEpoch}\n` +
        `  base36     ${base36}\n` +
        `  url        ${url}`,
    );
    return 0;
  },
};

/** `2 quilt(s)`, or `2 quilt(s) and 1 blob(s)` when files went as blobs. */
function sentItems(result: DeployResult): string {
  const quilts = result.quilts.filter((q) => q.outcome !== 'reused-certified').length;
  const blobs = result.blobs.filter((b) => b.outcome !== 'reused-certified').length;
  return `${quilts} quilt(s)${blobs ? ` and ${blobs} blob(s) (files of ${formatBytes(result.blobThreshold)} or more)` : ''}`;
}

function parseBlobThreshold(value: string | undefined): number {
  if (value === undefined) return blobThreshold(undefined);
  const bytes = parseByteSize(value);
  try {
    return blobThreshold(bytes ?? Number.NaN);
  } catch (error) {
    if (!(error instanceof InvalidBlobThresholdError)) throw error;
    throw new UsageError(
      `--blob-threshold must be a size of at least ${formatBytes(error.min)} (e.g. 32MiB), got ${value}`,
      USAGE,
    );
  }
}

function parseMemoryBudget(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MEMORY_BUDGET;
  const bytes = parseByteSize(value);
  if (bytes === null)
    throw new UsageError(`--memory-budget must be a size such as 1GiB or 512MiB, got ${value}`, USAGE);
  return bytes;
}

/** The budget divided between the deploy's stages; a chosen budget too small says what would do. */
function memoryPlan(budget: number, baseline: number, chosen: boolean): BudgetPlan {
  try {
    // Encode threads start after this measure: their fixed cost is planned in.
    return planWithWorkers(budget, baseline, defaultCores(), chosen);
  } catch (error) {
    if (!(error instanceof MemoryBudgetError)) throw error;
    throw new UsageError(`--memory-budget: ${error.message}`, USAGE);
  }
}

/**
 * Compressed files held in memory from the scan to their encode; the rest wait in the spill. A
 * sixteenth of what the budget leaves, at most 64 MiB: beside slivers and encodes, which need the
 * room, these are only a cache of bytes read once more later.
 */
function compressedShare(memory: BudgetPlan): number {
  return Math.min(64 * 1024 * 1024, Math.floor(memory.available / 16));
}

/** Encode threads never outnumber the cores (nor four, as before budgets). */
function defaultCores(): number {
  return Math.min(4, availableParallelism());
}

function parseKeepVersions(value: string | undefined): number {
  if (value === undefined) return DEFAULT_KEEP_VERSIONS;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 1000) {
    throw new UsageError(`--keep-versions must be a whole number from 1 to 1000, not ${value}`, USAGE);
  }
  return n;
}

function parseEpochs(value: string | undefined, devnet: boolean): number | 'max' {
  if (value === undefined) {
    if (devnet) return 1;
    throw new UsageError('--epochs is required on testnet and mainnet (a number, or "max")', USAGE);
  }
  return parseEpochsValue(value, USAGE);
}

function describePlan(result: DeployResult): string {
  const plan = result.plan;
  const quilts = result.quilts.filter((q) => q.outcome === 'planned').length;
  const blobs = result.blobs.filter((b) => b.outcome === 'planned');
  const lines = [
    `plan for ${result.siteId ?? 'a new site'}:`,
    `  upload     ${plan.upload.length} file(s) in ${quilts} new quilt(s)${blobs.length ? ` and ${blobs.length} new blob(s)` : ''} (${formatBytes(plan.upload.reduce((n, f) => n + f.size, 0))})`,
  ];
  // Which files go as blobs of their own, and why (the threshold).
  if (blobs.length) {
    lines.push(
      `  blobs      ${blobs.map((b) => `${b.path} (${formatBytes(b.size)})`).join(', ')}: ${formatBytes(result.blobThreshold)} or more each`,
    );
  }
  lines.push(
    `  unchanged  ${plan.unchanged.length} file(s)${plan.rewrite.length ? `, ${plan.rewrite.length} with new headers` : ''}`,
    `  remove     ${plan.remove.length} file(s)`,
  );
  if (plan.extend.length) lines.push(`  extend     ${plan.extend.length} quilt(s) kept by unchanged files`);
  // A new site with none has nothing to say; an existing one says when they are replaced.
  if (plan.routes && (plan.routes.length || result.siteId))
    lines.push(`  routes     ${plan.routes.length} (replaced)`);
  if (plan.redirects && (plan.redirects.length || result.siteId))
    lines.push(`  redirects  ${plan.redirects.length} (replaced)`);
  lines.push(
    `  cost       ${formatCoin(result.cost.wal)} WAL, ${result.cost.suiEstimated ? '~' : ''}${formatCoin(result.cost.sui)} SUI`,
  );
  return lines.join('\n');
}

async function ask(io: Io, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.err });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** Preview names are short labels: they end up in the preview site's name. */
function parsePreviewName(value: string): string {
  if (!isPreviewName(value))
    throw new UsageError(
      `--preview must be a short name of a-z, 0-9 and hyphens, got ${JSON.stringify(value)}`,
      USAGE,
    );
  return value;
}
