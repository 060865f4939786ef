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

/** Blob IDs the old resources referenced that none of the remaining resources do (pure). */
export function unreferencedBlobIds(
  before: Iterable<Pick<SiteResource, 'blobId'>>,
  after: Iterable<Pick<SiteResource, 'blobId'>>,
): string[] {
  const kept = new Set([...after].map((r) => r.blobId));
  return [...new Set([...before].map((r) => r.blobId))].filter((id) => !kept.has(id)).sort();
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
