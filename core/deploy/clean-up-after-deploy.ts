// The deploy's last stage, once the site changed: delete the old quilts nothing uses any more,
// keeping those of the last `keepVersions` versions so they can be rolled back to. A failure here
// leaves the deployed site as it is and only costs the refund, so it is a warning, not a failed
// deploy.
import type { ExecuteTransaction } from '../sui/execute.ts';
import type { OnChainSite } from '../sui/site-read.ts';
import type { OwnedBlob } from '../walrus/writer.ts';
import { deletableQuilts, deleteQuilts, quiltsPastWindow, unreferencedBlobIds } from './cleanup.ts';
import type { DeployContext } from './deploy-types.ts';
import type { DeployListener } from './events.ts';
import type { SiteUpdate } from './site-update.ts';

/** Returns the blob IDs of the quilts it deleted. */
export async function cleanUpAfterDeploy(
  ctx: Pick<DeployContext, 'sui' | 'walrus' | 'owner' | 'sitePackage' | 'signal'>,
  execute: ExecuteTransaction,
  onEvent: DeployListener,
  remote: OnChainSite,
  update: SiteUpdate,
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
