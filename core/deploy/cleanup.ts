// Deleting quilts a site no longer uses, as site-builder does after an update: a quilt that only
// deleted or replaced resources pointed at is deleted and its storage refunded to the owner. Floe
// reuses an owner's certified quilts across sites, so a quilt another site of the same owner still
// points at is kept too. Runs only after the site transaction succeeded.
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { Transaction } from '@mysten/sui/transactions';
import type { WalrusClient } from '@mysten/walrus';
import type { SiteResource } from '../site/types.ts';
import type { ExecuteTransaction } from '../sui/execute.ts';
import { siteType } from '../sui/site-fields.ts';
import { readSite } from '../sui/site-read.ts';
import { listOwnedBlobs, type OwnedBlob } from '../walrus/writer.ts';
import { SiteHistoryError } from '../sui/site-history.ts';
import { SiteReplayError } from '../sui/site-replay.ts';
import { quiltsOutsideWindow } from './history.ts';
import { loadSiteVersions, type SitePackages } from './site-versions.ts';

/** Blob IDs the old resources referenced that none of the remaining resources do (pure). */
export function unreferencedBlobIds(
  before: Iterable<Pick<SiteResource, 'blobId'>>,
  after: Iterable<Pick<SiteResource, 'blobId'>>,
): string[] {
  const kept = new Set([...after].map((r) => r.blobId));
  return [...new Set([...before].map((r) => r.blobId))].filter((id) => !kept.has(id)).sort();
}

/**
 * Quilts an update may delete: those no version among the site's last `keep` (the new one
 * included) points at, from its history. Even an update that only adds files pushes the oldest
 * kept version out. When the history cannot be read, `replaced()` (what the update itself stopped
 * using) if no older version is to be kept, else nothing; `warn` says which.
 */
export async function quiltsPastWindow(
  chain: {
    readonly sui: ClientWithCoreApi;
    readonly sitePackage: SitePackages;
    readonly signal?: AbortSignal;
  },
  siteId: string,
  keep: number,
  replaced: () => string[],
  warn: (message: string) => void,
): Promise<string[]> {
  try {
    const { versions } = await loadSiteVersions(chain.sui, siteId, chain.sitePackage, chain.signal);
    return quiltsOutsideWindow(versions, keep);
  } catch (error) {
    if (!(error instanceof SiteHistoryError || error instanceof SiteReplayError)) throw error;
    const fallback =
      keep <= 1 ? 'only the quilts this update stopped using are deleted' : 'old quilts are kept';
    warn(`${error.message}; ${fallback}`);
    return keep <= 1 ? replaced() : [];
  }
}

export interface CleanupContext {
  readonly sui: ClientWithCoreApi;
  readonly walrus: WalrusClient;
  readonly owner: string;
  readonly sitePackageOriginal: string;
  readonly execute: ExecuteTransaction;
}

/**
 * The owned, deletable Blob objects among `candidates` that no Site object of the owner (other
 * than `exceptSiteId`, whose new state the caller already accounted for) references.
 */
export async function deletableQuilts(
  ctx: Omit<CleanupContext, 'execute'>,
  candidates: readonly string[],
  owned: ReadonlyMap<string, OwnedBlob>,
  exceptSiteId: string | null,
): Promise<OwnedBlob[]> {
  const left = new Set(candidates.filter((id) => owned.get(id)?.deletable));
  let cursor: string | null = null;
  while (left.size > 0) {
    const page: Awaited<ReturnType<typeof ctx.sui.core.listOwnedObjects>> =
      await ctx.sui.core.listOwnedObjects({
        owner: ctx.owner,
        type: siteType(ctx.sitePackageOriginal),
        ...(cursor ? { cursor } : {}),
      });
    for (const object of page.objects) {
      if (object.objectId === exceptSiteId) continue;
      const other = await readSite(ctx.sui, object.objectId, { packageId: ctx.sitePackageOriginal });
      for (const resource of other.resources.values()) left.delete(resource.blobId);
    }
    if (!page.hasNextPage) break;
    cursor = page.cursor;
  }
  return [...left].map((id) => owned.get(id)!);
}

/** Deletes the blobs in one transaction, their storage going back to the owner. */
export async function deleteQuilts(ctx: CleanupContext, blobs: readonly OwnedBlob[]): Promise<void> {
  if (blobs.length === 0) return;
  const tx = new Transaction();
  tx.setSender(ctx.owner);
  for (const blob of blobs) {
    tx.transferObjects([await tx.add(ctx.walrus.deleteBlob({ blobObjectId: blob.objectId }))], ctx.owner);
  }
  const { digest } = await ctx.execute(tx);
  const result = await ctx.sui.core.waitForTransaction({ digest, include: { effects: true } });
  const done = result.Transaction ?? result.FailedTransaction;
  if (!done.status.success) throw new Error(`transaction ${digest} failed: ${done.status.error.message}`);
}

/**
 * Deletes those of `candidates` (blob IDs) that the owner holds as deletable Blob objects and no
 * other Site of theirs uses (`exceptSiteId` is the site whose new state the caller accounted for).
 * Returns what it deleted.
 */
export async function deleteUnusedQuilts(
  ctx: CleanupContext,
  candidates: readonly string[],
  exceptSiteId: string,
): Promise<OwnedBlob[]> {
  const owned = await listOwnedBlobs(ctx.walrus, ctx.sui, ctx.owner);
  const blobs = await deletableQuilts(ctx, candidates, owned, exceptSiteId);
  await deleteQuilts(ctx, blobs);
  return blobs;
}
