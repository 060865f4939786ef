// The connected address's sites, split into previews and the rest, for the Promote form's
// suggestions. Read again when `refresh` changes (after a deploy or a promote).
import { listOwnedSites, splitPreviewSiteName, type OwnedSite } from '../../../core/deploy/preview-site.ts';
import type { PortalServices } from '../services/portal-services.ts';
import { useAsync } from '../ui/use-async.ts';

export interface OwnedSites {
  readonly previews: readonly OwnedSite[];
  readonly live: readonly OwnedSite[];
}

export function useOwnedSites(services: PortalServices, owner: string | null, refresh: unknown) {
  return useAsync(
    async (signal): Promise<OwnedSites> => {
      if (!owner) return { previews: [], live: [] };
      const sites = await listOwnedSites(
        services.sui,
        owner,
        services.network.walrusSite.originalPackageId,
        signal,
      );
      const isPreview = (site: OwnedSite) => splitPreviewSiteName(site.name) !== null;
      return { previews: sites.filter(isPreview), live: sites.filter((site) => !isPreview(site)) };
    },
    [services, owner, refresh],
  );
}
