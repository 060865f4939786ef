// Where a preview deploy goes, as `floe deploy --preview <name>` decides it: the connected
// address's site named "<site name> (preview <name>)", made by the deploy if there is none yet.
import { ownedSiteNamed, previewSiteName } from '../../../core/deploy/preview-site.ts';
import type { PortalServices } from '../services/portal-services.ts';

export interface PreviewTarget {
  readonly name: string;
  /** The live site's name, which the preview's is made from. */
  readonly baseName: string;
  readonly siteName: string;
  /** The existing preview site, or null when the deploy makes it. */
  readonly siteId: string | null;
  /** The live site the folder deploys to without a preview, if known: what Promote suggests. */
  readonly liveSiteId: string | null;
}

export async function previewTarget(
  services: PortalServices,
  owner: string,
  baseName: string,
  name: string,
  liveSiteId: string | null,
): Promise<PreviewTarget> {
  const siteName = previewSiteName(baseName, name);
  const siteId = await ownedSiteNamed(
    services.sui,
    owner,
    services.network.walrusSite.originalPackageId,
    siteName,
  );
  return { name, baseName, siteName, siteId, liveSiteId };
}
