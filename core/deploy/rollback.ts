// Bringing back a past version of a site: its resources, headers, routes, redirects and metadata,
// in one update that uploads nothing, because a version is only pointers into quilts. It works as
// long as those quilts are still stored; deploys keep the quilts of the last few versions
// (`keepVersions`) for exactly this.
import type { WalrusClient } from '@mysten/walrus';
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { listOwnedBlobs, type OwnedBlob } from '../walrus/writer.ts';
import { epochClock } from './site-lease.ts';
import type { OnChainSite } from '../sui/site-read.ts';
import type { SiteVersion } from './history.ts';
import { promotion, type Promotion, type SiteContent } from './promote.ts';

/**
 * How many versions a deploy keeps restorable by default: the live one and the two before it.
 * A bad deploy is usually noticed within a deploy or two, and unchanged files share quilts, so
 * keeping three costs little more than the files that changed in the last two deploys.
 */
export const DEFAULT_KEEP_VERSIONS = 3;

export class RollbackError extends Error {
  override readonly name: string = 'RollbackError';
}

/** A version cannot come back because quilts it points at are no longer stored. */
export class VersionGoneError extends RollbackError {
  override readonly name = 'VersionGoneError';
  readonly version: number;
  readonly missing: readonly string[];
  constructor(version: number, missing: readonly string[]) {
    super(
      `version ${version} cannot be restored: ${missing.length} of its quilt(s) are no longer stored ` +
        `(${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}). Deploys keep the quilts of the ` +
        `last few versions only (keep-versions); redeploy that version's files instead`,
    );
    this.version = version;
    this.missing = missing;
  }
}

/** The version to roll back to: `to`, or by default the complete version before the live one. */
export function rollbackTarget(versions: readonly SiteVersion[], to: number | null): SiteVersion {
  const latest = versions[versions.length - 1];
  if (!latest) throw new RollbackError('the site has no history');
  if (to === null) {
    const previous = versions
      .slice(0, -1)
      .reverse()
      .find((v) => !v.partial);
    if (!previous) throw new RollbackError('the site has only one version: there is nothing to roll back to');
    return previous;
  }
  const target = versions.find((v) => v.number === to);
  if (!target) throw new RollbackError(`the site has versions 1 to ${latest.number}, not ${to}`);
  if (target.partial) {
    throw new RollbackError(`version ${to} is an update that stopped half-way; pick a complete version`);
  }
  return target;
}

/** The update that makes `live` what `target` was (null when it already is). */
export function rollbackUpdate(live: OnChainSite, target: SiteVersion): Promotion {
  const content: SiteContent = {
    resources: target.site.resources,
    routes: target.site.routes ?? [],
    redirects: target.site.redirects ?? [],
    metadata: target.site.metadata,
  };
  return promotion(live, content);
}

/**
 * The quilts among `quilts` that are no longer stored as certified blobs (expired, deleted, never
 * certified). The chain decides for the quilts in `owned` (the site owner's Blob objects): a
 * certified one that has not expired is stored, whatever the nodes say, since they learn of a new
 * certification a moment after the chain. For the others (a quilt may be stored by another owner,
 * or deleted) the storage nodes are asked.
 */
export async function unstoredQuilts(
  walrus: Pick<WalrusClient, 'getVerifiedBlobStatus'>,
  quilts: readonly string[],
  currentEpoch: number,
  owned: ReadonlyMap<string, Pick<OwnedBlob, 'certified' | 'endEpoch'>> = new Map(),
): Promise<string[]> {
  const missing: string[] = [];
  await Promise.all(
    quilts.map(async (blobId) => {
      const mine = owned.get(blobId);
      if (mine?.certified && mine.endEpoch > currentEpoch) return;
      const status = await walrus.getVerifiedBlobStatus({ blobId });
      const stored =
        (status.type === 'permanent' && status.isCertified && status.endEpoch > currentEpoch) ||
        (status.type === 'deletable' && status.deletableCounts.count_deletable_certified > 0);
      if (!stored) missing.push(blobId);
    }),
  );
  return missing.sort();
}

/** `unstoredQuilts` with the epoch and the owner's Blob objects read first (owner null: none). */
export async function missingQuilts(
  walrus: WalrusClient,
  sui: ClientWithCoreApi,
  owner: string | null,
  quilts: readonly string[],
): Promise<string[]> {
  const [{ currentEpoch }, owned] = await Promise.all([
    epochClock(walrus),
    owner ? listOwnedBlobs(walrus, sui, owner) : Promise.resolve(new Map<string, OwnedBlob>()),
  ]);
  return unstoredQuilts(walrus, quilts, currentEpoch, owned);
}
