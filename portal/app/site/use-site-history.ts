// A site's versions for the History section: replayed from the chain's transactions and checked
// against the live site (core/deploy/site-versions.ts), with the quilts the storage nodes no
// longer hold, which decide what can still be rolled back to. The same reading as
// `floe site history`.
import type { SiteVersion } from '../../../core/deploy/history.ts';
import { missingQuilts } from '../../../core/deploy/rollback.ts';
import { loadSiteVersions } from '../../../core/deploy/site-versions.ts';
import type { OnChainSite } from '../../../core/sui/site-read.ts';
import type { PortalServices } from '../services/portal-services.ts';
import { useAsync } from '../ui/use-async.ts';

export interface SiteHistory {
  /** Oldest first, as core/deploy/history.ts numbers them. */
  readonly versions: readonly SiteVersion[];
  /** The site as it is now, which a rollback updates. */
  readonly live: OnChainSite;
  /** Quilt IDs among the versions' that are no longer stored. */
  readonly missing: ReadonlySet<string>;
}

export async function loadSiteHistory(
  services: PortalServices,
  siteId: string,
  signal: AbortSignal,
): Promise<SiteHistory> {
  const pkg = services.network.walrusSite;
  const { versions, live } = await loadSiteVersions(
    services.sui,
    siteId,
    { original: pkg.originalPackageId, published: pkg.packageId },
    signal,
  );
  const quilts = [...new Set(versions.flatMap((v) => v.quilts))];
  const missing = new Set(await missingQuilts(services.walrus, services.sui, live.owner, quilts));
  return { versions, live, missing };
}

export function useSiteHistory(services: PortalServices, siteId: string) {
  return useAsync((signal) => loadSiteHistory(services, siteId, signal), [services, siteId]);
}
