// A deploy from start to end: plan against the chain → pack → encode → store (register, upload,
// certify) → commit the site. Isomorphic: the CLI passes a keypair executor, a worker-thread
// encoder and file reads from disk; the browser passes a wallet, Web Workers and dropped files.
// Nothing on the site changes before every new quilt is certified, so a deploy that fails (or is
// cancelled) leaves the previous version serving.
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { normalizeSuiAddress, toHex } from '@mysten/sui/utils';
import type { WalrusClient } from '@mysten/walrus';
import type { SiteConfig, SiteMetadata, SiteResource } from '../site/types.ts';
import { QUILT_PATCH_HEADER } from '../site/types.ts';
import type { ExecuteTransaction } from '../sui/execute.ts';
import { readSite, type OnChainSite } from '../sui/site-read.ts';
import { buildSiteTransactions, type SiteTransactionsOptions } from '../sui/site-tx.ts';
import type { EncodedQuilt } from '../walrus/quilt-encode.ts';
import { loadChainCommittee } from '../walrus/chain-committee.ts';
import { geometry, maxBlobSize } from '../walrus/geometry.ts';
import { internalPatchId } from '../walrus/quilt.ts';
import type { FetchLike } from '../walrus/node-client.ts';
import { WalrusWriter, type OwnedBlob } from '../walrus/writer.ts';
import { commitSite, siteTransactionCount } from './commit.ts';
import { gasUsed, simulateGas, walCost, type DeployCost } from './cost.ts';
import { DeployCancelledError, InsufficientFundsError, NotSiteOwnerError } from './errors.ts';
import type { DeployEvent, DeployListener, DeployPhase } from './events.ts';
import { deletableQuilts, deleteQuilts, quiltsPastWindow, unreferencedBlobIds } from './cleanup.ts';
import { DEFAULT_KEEP_VERSIONS } from './rollback.ts';
import { packQuilts } from './pack.ts';
import { timedPhase } from './phase.ts';
import { isEmptyPlan, planDeploy, withHeader, type DeployPlan, type LocalFile } from './plan.ts';
import { encodeQuilts, planStore, storeQuilts, type QuiltEncoder, type StorePlan } from './store.ts';

export interface DeployContext {
  readonly sui: ClientWithCoreApi;
  readonly walrus: WalrusClient;
  /** The deploying address (signs every transaction). */
  readonly owner: string;
  readonly execute: ExecuteTransaction;
  readonly sitePackage: { readonly original: string; readonly published: string };
  readonly walCoinType: string;
  /** `http` on the devnet; node addresses on chain carry no scheme. */
  readonly nodeScheme: 'http' | 'https';
  readonly encoder: QuiltEncoder;
  readonly fetch?: FetchLike;
  readonly signal?: AbortSignal;
  readonly onEvent?: DeployListener;
  /**
   * Asked once the plan and cost are known, before anything is spent; resolving false cancels
   * the deploy (DeployCancelledError) with nothing changed.
   */
  readonly confirm?: (preview: DeployResult) => Promise<boolean>;
}

export interface DeployRequest {
  /** Hashed files with their headers (config applied, patch header not yet). */
  readonly files: readonly LocalFile[];
  readonly readFile: (path: string) => Promise<Uint8Array>;
  readonly config: SiteConfig;
  /** Existing site to update, or null to create one. */
  readonly siteId: string | null;
  readonly siteName: string;
  readonly epochs: number | 'max';
  readonly dryRun?: boolean;
  readonly maxQuiltBytes?: number;
  /**
   * Keep quilts that only replaced or removed files used (default: delete them after the site
   * transaction and get their storage refunded, as site-builder does).
   */
  readonly keepOldQuilts?: boolean;
  /**
   * How many versions (the new one included) stay restorable by `rollback`: quilts they point at
   * are kept, older versions' quilts are deleted. 1 deletes what the new version stopped using at
   * once, as site-builder does. @default DEFAULT_KEEP_VERSIONS (3)
   */
  readonly keepVersions?: number;
}

export interface DeployResult {
  readonly siteId: string | null;
  readonly created: boolean;
  readonly dryRun: boolean;
  readonly plan: DeployPlan;
  readonly files: number;
  /** Files sent to storage nodes in new quilts. */
  readonly uploaded: number;
  /** Files whose bytes were already stored (unchanged, or in a quilt reused from a failed run). */
  readonly reused: number;
  readonly removed: number;
  readonly quilts: readonly { blobId: string; files: number; size: number; outcome: string }[];
  readonly bytesUploaded: number;
  /** Blob IDs of old quilts deleted after the update (nothing else of yours used them). */
  readonly quiltsDeleted: readonly string[];
  readonly transactions: number;
  readonly cost: DeployCost;
  readonly endEpoch: number;
  readonly phases: Partial<Record<DeployPhase, number>>;
  readonly durationMs: number;
}

export const DEFAULT_SITE_METADATA: SiteMetadata = {
  link: null,
  imageUrl: null,
  description: null,
  projectUrl: null,
  creator: null,
};

export async function deploySite(ctx: DeployContext, request: DeployRequest): Promise<DeployResult> {
  const started = performance.now();
  const phases: Partial<Record<DeployPhase, number>> = {};
  const onEvent = (event: DeployEvent) => {
    if (event.type === 'phase-done') phases[event.phase] = (phases[event.phase] ?? 0) + event.ms;
    ctx.onEvent?.(event);
  };
  const digests: string[] = [];
  const execute: ExecuteTransaction = async (tx) => {
    const result = await ctx.execute(tx);
    digests.push(result.digest);
    return result;
  };

  // Plan: what the chain holds, what we own, what changes.
  const planned = await timedPhase(onEvent, 'plan', 1, 'files', async (progress) => {
    const [system, committee, remote] = await Promise.all([
      ctx.walrus.systemState(),
      loadChainCommittee(ctx.walrus, ctx.sui, { scheme: ctx.nodeScheme }),
      request.siteId ? readSite(ctx.sui, request.siteId, { packageId: ctx.sitePackage.original }) : null,
    ]);
    if (remote && remote.owner !== normalize(ctx.owner))
      throw new NotSiteOwnerError(remote.id, remote.owner, ctx.owner);
    const writer = new WalrusWriter({
      walrus: ctx.walrus,
      sui: ctx.sui,
      owner: ctx.owner,
      execute,
      committee,
      ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    const currentEpoch = system.committee.epoch;
    const maxEpochs = system.future_accounting.length;
    const epochs = resolveEpochs(request.epochs, maxEpochs);
    const ownedBlobs = await writer.ownedBlobs();
    const plan = planDeploy({
      desired: {
        files: request.files,
        routes: request.config.routes,
        redirects: request.config.redirects,
        name: request.siteName,
        metadata: request.config.metadata,
      },
      remote: remote && toRemote(remote),
      ownedBlobs,
      currentEpoch,
      endEpoch: currentEpoch + epochs,
    });
    for (const [path, reason] of plan.reuploadReasons) {
      onEvent({ type: 'note', level: 'warn', message: `${path} is uploaded again: ${reason}` });
    }
    progress(1);
    return { remote, writer, currentEpoch, epochs, ownedBlobs, plan, nShards: committee.n };
  });
  const { remote, writer, currentEpoch, epochs, ownedBlobs, plan, nShards } = planned;
  const endEpoch = currentEpoch + epochs;

  const packed = packQuilts(plan.upload, {
    nShards,
    // A file must fit one blob with its patch header and the quilt index beside it.
    maxFileBytes: maxBlobSize(geometry(nShards)) - QUILT_FILE_RESERVE,
    ...(request.maxQuiltBytes ? { maxQuiltBytes: request.maxQuiltBytes } : {}),
  });
  const encoded = await encodeQuilts(
    {
      encoder: ctx.encoder,
      nShards,
      readFile: request.readFile,
      onEvent,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    },
    packed,
  );
  const storePlan = planStore(
    encoded,
    ownedBlobs,
    currentEpoch,
    endEpoch,
    plan.extend.map((e) => ({ objectId: e.blob.objectId, epochs: e.epochs, size: e.blob.size })),
  );

  // The site update: new resources for packed files, rewritten ones for header-only changes.
  const creates: SiteResource[] = [...plan.rewrite];
  encoded.forEach((quilt, i) => {
    for (const file of packed[i]!) {
      const patch = quilt.patches.find((p) => p.identifier === file.path)!;
      const headers = withHeader(
        file.headers,
        QUILT_PATCH_HEADER,
        `0x${toHex(internalPatchId(patch.start, patch.end))}`,
      );
      creates.push({
        path: file.path,
        headers,
        blobId: storePlan.ids[i]!,
        blobHash: file.sha256,
        range: null,
      });
    }
  });
  const update: Omit<SiteTransactionsOptions, 'packageId'> = {
    target: remote
      ? { kind: 'existing', siteId: remote.id }
      : {
          kind: 'new',
          name: request.siteName,
          metadata: request.config.metadata ?? DEFAULT_SITE_METADATA,
          owner: ctx.owner,
        },
    deletes: [...plan.remove, ...creates.map((r) => r.path).filter((p) => remote?.resources.has(p))],
    creates,
    routes: plan.routes,
    redirects: plan.redirects,
    ...(remote && plan.name !== null ? { name: plan.name } : {}),
    ...(remote && plan.metadata !== null ? { metadata: plan.metadata } : {}),
  };
  const estimate: DeployCost = {
    wal: await walCost(ctx.walrus, encoded, storePlan, epochs),
    sui: await estimateGas(ctx, writer, encoded, storePlan, epochs, update),
    suiEstimated: true,
  };

  const summary = (siteId: string | null, quilts: DeployResult['quilts'], bytesUploaded: number) => {
    const fresh = quilts
      .filter((q) => q.outcome === 'uploaded' || q.outcome === 'planned')
      .reduce((n, q) => n + q.files, 0);
    return {
      siteId,
      created: remote === null && siteId !== null,
      dryRun: request.dryRun ?? false,
      plan,
      files: request.files.length,
      uploaded: fresh,
      reused: request.files.length - fresh,
      removed: plan.remove.length,
      quilts,
      bytesUploaded,
      quiltsDeleted: [] as string[],
      endEpoch,
      phases,
    };
  };

  const plannedQuilts = encoded.map((q, i) => ({
    blobId: storePlan.ids[i]!,
    files: packed[i]!.length,
    size: q.size,
    outcome: storePlan.reuse.get(i)?.certified ? 'reused-certified' : 'planned',
  }));
  if (request.dryRun || (remote && isEmptyPlan(plan))) {
    return {
      ...summary(remote?.id ?? null, plannedQuilts, 0),
      transactions: 0,
      cost: request.dryRun ? estimate : { wal: 0n, sui: 0n, suiEstimated: false },
      durationMs: Math.round(performance.now() - started),
    };
  }

  if (ctx.confirm) {
    const preview: DeployResult = {
      ...summary(remote?.id ?? null, plannedQuilts, 0),
      transactions: 0,
      cost: estimate,
      durationMs: Math.round(performance.now() - started),
    };
    if (!(await ctx.confirm(preview)))
      throw new DeployCancelledError('deploy cancelled; nothing was changed');
  }
  await checkFunds(ctx, estimate);
  const stored = await storeQuilts(
    {
      writer,
      encoder: ctx.encoder,
      nShards,
      readFile: request.readFile,
      epochs,
      onEvent,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    },
    packed,
    encoded,
    storePlan,
  );

  // Only now, with every new quilt certified, does the site change.
  ctx.signal?.throwIfAborted();
  const committed = await timedPhase(
    onEvent,
    'commit',
    siteTransactionCount(update, ctx.sitePackage.published),
    'transactions',
    (progress) =>
      commitSite(
        { sui: ctx.sui, execute, sitePackage: ctx.sitePackage, onProgress: (done) => progress(done) },
        update,
      ),
  );
  const quiltsDeleted =
    remote && !request.keepOldQuilts
      ? await cleanUp(
          ctx,
          execute,
          onEvent,
          remote,
          update,
          ownedBlobs,
          request.keepVersions ?? DEFAULT_KEEP_VERSIONS,
        )
      : [];
  return {
    ...summary(
      committed.siteId,
      stored.quilts.map((q) => ({
        blobId: q.blobId,
        files: q.files.length,
        size: q.size,
        outcome: q.outcome,
      })),
      stored.quilts.reduce((n, q) => n + q.bytesSent, 0),
    ),
    quiltsDeleted,
    transactions: digests.length,
    cost: { wal: estimate.wal, sui: await gasUsed(ctx.sui, digests), suiEstimated: false },
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * After the site changed: deletes the old quilts nothing uses any more, keeping those of the last
 * `keepVersions` versions so they can be rolled back to. A failure here leaves the
 * deployed site as it is and only costs the refund, so it is a warning, not a failed deploy.
 */
async function cleanUp(
  ctx: DeployContext,
  execute: ExecuteTransaction,
  onEvent: DeployListener,
  remote: OnChainSite,
  update: Omit<SiteTransactionsOptions, 'packageId'>,
  owned: ReadonlyMap<string, OwnedBlob>,
  keepVersions: number,
): Promise<string[]> {
  const deleted = new Set(update.deletes);
  const remaining = [
    ...[...remote.resources.values()].filter((r) => !deleted.has(r.path)),
    ...(update.creates ?? []),
  ];
  try {
    const candidates = await quiltsPastWindow(
      { sui: ctx.sui, sitePackage: ctx.sitePackage, ...(ctx.signal ? { signal: ctx.signal } : {}) },
      remote.id,
      keepVersions,
      () => unreferencedBlobIds(remote.resources.values(), remaining),
      (message) => onEvent({ type: 'note', level: 'warn', message }),
    );
    if (candidates.length === 0) return [];
    const context = {
      sui: ctx.sui,
      walrus: ctx.walrus,
      owner: ctx.owner,
      sitePackageOriginal: ctx.sitePackage.original,
    };
    const blobs = await deletableQuilts(context, candidates, owned, remote.id);
    await deleteQuilts({ ...context, execute }, blobs);
    if (blobs.length > 0) {
      onEvent({
        type: 'note',
        level: 'info',
        message:
          `deleted ${blobs.length} old quilt${blobs.length === 1 ? '' : 's'} that no site of yours uses` +
          (keepVersions > 1 ? ` and the last ${keepVersions} versions do not need` : '') +
          ' (storage refunded)',
      });
    }
    return blobs.map((b) => b.blobId);
  } catch (error) {
    onEvent({
      type: 'note',
      level: 'warn',
      message: `the site is deployed, but deleting its old quilts failed (${(error as Error).message}); they stay stored until they expire`,
    });
    return [];
  }
}

/**
 * Gas of the register transaction (counted twice: certify costs about the same and cannot be
 * simulated before the nodes confirm) plus the first site transaction times the number of them.
 */
async function estimateGas(
  ctx: DeployContext,
  writer: WalrusWriter,
  encoded: readonly EncodedQuilt[],
  plan: StorePlan,
  epochs: number,
  update: Omit<SiteTransactionsOptions, 'packageId'>,
): Promise<bigint> {
  let total = 0n;
  if (plan.toRegister.length || plan.extend.length) {
    const tx = await writer.registerTransaction(
      plan.toRegister.map((i) => ({ encoded: encoded[i]!.encoded, size: encoded[i]!.size, quilt: true })),
      epochs,
      plan.extend.map(({ objectId, epochs: more }) => ({ objectId, epochs: more })),
    );
    const gas = await simulateGas(ctx.sui, tx);
    total += plan.toRegister.length ? 2n * gas : gas;
  }
  const site = buildSiteTransactions({ ...update, packageId: ctx.sitePackage.published });
  const first = site.first();
  if (first) {
    first.setSender(ctx.owner);
    total += BigInt(site.count) * (await simulateGas(ctx.sui, first));
  }
  return total;
}

/** Room a lone file leaves in its quilt for the index and patch header (generous: 1 MiB). */
const QUILT_FILE_RESERVE = 1024 * 1024;

export class InvalidEpochsError extends Error {
  override name = 'InvalidEpochsError';
}

function resolveEpochs(epochs: number | 'max', max: number): number {
  if (epochs === 'max') return max;
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > max) {
    throw new InvalidEpochsError(`--epochs must be an integer from 1 to ${max} (or "max"), got ${epochs}`);
  }
  return epochs;
}

function toRemote(site: OnChainSite) {
  return {
    resources: site.resources,
    routes: site.routes,
    redirects: site.redirects,
    name: site.name,
    metadata: site.metadata,
  };
}

async function checkFunds(ctx: DeployContext, cost: DeployCost): Promise<void> {
  if (cost.wal === 0n) return;
  const { balance } = await ctx.sui.core.getBalance({ owner: ctx.owner, coinType: ctx.walCoinType });
  const have = BigInt(balance.balance);
  if (have < cost.wal) throw new InsufficientFundsError('WAL', cost.wal, have, ctx.owner);
  const sui = BigInt((await ctx.sui.core.getBalance({ owner: ctx.owner })).balance.balance);
  if (sui < cost.sui) throw new InsufficientFundsError('SUI', cost.sui, sui, ctx.owner);
}

function normalize(address: string): string {
  return normalizeSuiAddress(address);
}
