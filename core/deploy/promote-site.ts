// A promote as one step for `floe promote` and the portal's Publish page: read both sites, check
// the signer owns them, make the live one equal to the preview (promote.ts, nothing uploaded),
// then delete quilts no kept version needs, as a deploy does. Only the signing differs between
// callers: a local key or the connected wallet.
import type { ClientWithCoreApi } from '@mysten/sui/client';
import type { WalrusClient } from '@mysten/walrus';
import type { ExecuteTransaction } from '../sui/execute.ts';
import { readSite, type OnChainSite } from '../sui/site-read.ts';
import { deleteUnusedQuilts, quiltsPastWindow, unreferencedBlobIds } from './cleanup.ts';
import { commitSite } from './commit.ts';
import { NotSiteOwnerError } from './errors.ts';
import { promotion, type Promotion } from './promote.ts';
import { DEFAULT_KEEP_VERSIONS } from './rollback.ts';
import type { SitePackages } from './site-versions.ts';

export class SameSiteError extends Error {
  override readonly name = 'SameSiteError';
}

export interface PromoteContext {
  readonly sui: ClientWithCoreApi;
  readonly walrus: WalrusClient;
  /** The signer's address: both sites must be owned by it. */
  readonly owner: string;
  readonly execute: ExecuteTransaction;
  readonly sitePackage: SitePackages;
  /** Delete no quilt afterwards. @default false */
  readonly keepOldQuilts?: boolean;
  /** Told when old quilts are kept because the live site's history cannot be read. */
  readonly warn?: (message: string) => void;
}

export interface PromoteResult {
  readonly preview: OnChainSite;
  /** The live site before the promote. */
  readonly live: OnChainSite;
  readonly plan: Promotion;
  readonly digests: readonly string[];
  /** Blob IDs of the quilts deleted afterwards (storage refunded). */
  readonly quiltsDeleted: readonly string[];
}

export function checkOwner(site: OnChainSite, owner: string): void {
  if (site.owner !== owner) throw new NotSiteOwnerError(site.id, site.owner, owner);
}

/** Makes `liveId` equal to `previewId`; nothing is signed when they already are equal. */
export async function promoteSite(
  ctx: PromoteContext,
  previewId: string,
  liveId: string,
): Promise<PromoteResult> {
  if (previewId === liveId) throw new SameSiteError('the preview and the site are the same object');
  const read = (id: string) => readSite(ctx.sui, id, { packageId: ctx.sitePackage.original });
  const [preview, live] = await Promise.all([read(previewId), read(liveId)]);
  for (const site of [preview, live]) checkOwner(site, ctx.owner);

  const plan = promotion(live, preview);
  if (!plan.update) return { preview, live, plan, digests: [], quiltsDeleted: [] };
  const { digests } = await commitSite(
    { sui: ctx.sui, execute: ctx.execute, sitePackage: ctx.sitePackage },
    plan.update,
  );
  if (ctx.keepOldQuilts) return { preview, live, plan, digests, quiltsDeleted: [] };
  // The version promoted over stays restorable like a deployed one (rollback).
  const candidates = await quiltsPastWindow(
    { sui: ctx.sui, sitePackage: ctx.sitePackage },
    live.id,
    DEFAULT_KEEP_VERSIONS,
    () => unreferencedBlobIds(live.resources.values(), preview.resources.values()),
    ctx.warn ?? (() => {}),
  );
  const deleted = await deleteUnusedQuilts(
    {
      sui: ctx.sui,
      walrus: ctx.walrus,
      owner: ctx.owner,
      sitePackageOriginal: ctx.sitePackage.original,
      execute: ctx.execute,
    },
    candidates,
    live.id,
  );
  return { preview, live, plan, digests, quiltsDeleted: deleted.map((b) => b.blobId) };
}
