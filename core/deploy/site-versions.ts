// Loading a site's versions from the chain and checking the replay against the live site, for the
// history, rollback and deploy-cleanup callers.
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { SiteHistoryError, readSiteTransactions } from '../sui/site-history.ts';
import { readSite, type OnChainSite } from '../sui/site-read.ts';
import { replayMismatch, siteVersions, type SiteVersion } from './history.ts';

export interface SitePackages {
  /** Original ID: type identity. */
  readonly original: string;
  /** Published-at ID of the latest upgrade: what new calls name. */
  readonly published: string;
}

export interface LoadedHistory {
  readonly versions: SiteVersion[];
  readonly live: OnChainSite;
}

/**
 * Every version of `siteId`, oldest first, and the site as it is now. Throws SiteHistoryError if
 * the replayed latest version differs from the live site: then some transaction was misread and
 * no past version can be trusted.
 */
export async function loadSiteVersions(
  sui: ClientWithCoreApi,
  siteId: string,
  packages: SitePackages,
  signal?: AbortSignal,
): Promise<LoadedHistory> {
  const [transactions, live] = await Promise.all([
    readSiteTransactions(sui, siteId, {
      packageIds: new Set([packages.original, packages.published]),
      ...(signal ? { signal } : {}),
    }),
    readSite(sui, siteId, { packageId: packages.original, ...(signal ? { signal } : {}) }),
  ]);
  const versions = siteVersions(transactions);
  const latest = versions[versions.length - 1];
  const mismatch = latest ? replayMismatch(latest.site, live) : 'no transactions';
  if (mismatch) {
    throw new SiteHistoryError(
      `the history replayed from site ${siteId}'s transactions does not end in the live site (${mismatch}); ` +
        'a transaction changed it in a way Floe cannot follow, so past versions are not shown',
    );
  }
  return { versions, live };
}
