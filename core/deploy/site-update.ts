// The Site update a deploy commits (pure): new resources for the packed files, each naming its
// quilt patch; rewritten ones for header-only changes; removals; and routes, redirects, name and
// metadata where they changed. A new site gets its name and metadata at creation.
import { toHex } from '@mysten/sui/utils';
import type { SiteMetadata, SiteResource } from '../site/types.ts';
import { QUILT_PATCH_HEADER } from '../site/types.ts';
import type { OnChainSite } from '../sui/site-read.ts';
import type { SiteTransactionsOptions } from '../sui/site-tx.ts';
import { internalPatchId } from '../walrus/quilt.ts';
import type { EncodedQuilt } from '../walrus/quilt-encode.ts';
import type { DeployRequest } from './deploy-types.ts';
import type { DeployPlan } from './plan.ts';
import { withHeader } from './plan.ts';
import type { PreparedQuilts } from './prepare-quilts.ts';
import type { StorePlan } from './store.ts';

/** The site transactions' options, less the package (the commit adds the published one). */
export type SiteUpdate = Omit<SiteTransactionsOptions, 'packageId'>;

export const DEFAULT_SITE_METADATA: SiteMetadata = {
  link: null,
  imageUrl: null,
  description: null,
  projectUrl: null,
  creator: null,
};

/** The packed files and, per quilt, where each file's patch lies and the quilt's blob ID. */
export interface PlacedQuilts {
  readonly packed: PreparedQuilts['packed'];
  readonly encoded: readonly Pick<EncodedQuilt, 'patches'>[];
  readonly storePlan: Pick<StorePlan, 'ids'>;
}

export function siteUpdate(
  remote: Pick<OnChainSite, 'id' | 'resources'> | null,
  owner: string,
  request: Pick<DeployRequest, 'siteName' | 'config'>,
  plan: DeployPlan,
  quilts: PlacedQuilts,
): SiteUpdate {
  const creates: SiteResource[] = [...plan.rewrite];
  quilts.encoded.forEach((quilt, i) => {
    for (const file of quilts.packed[i]!) {
      const patch = quilt.patches.find((p) => p.identifier === file.path)!;
      const headers = withHeader(
        file.headers,
        QUILT_PATCH_HEADER,
        `0x${toHex(internalPatchId(patch.start, patch.end))}`,
      );
      creates.push({
        path: file.path,
        headers,
        blobId: quilts.storePlan.ids[i]!,
        blobHash: file.sha256,
        range: null,
      });
    }
  });
  return {
    target: remote
      ? { kind: 'existing', siteId: remote.id }
      : {
          kind: 'new',
          name: request.siteName,
          metadata: request.config.metadata ?? DEFAULT_SITE_METADATA,
          owner,
        },
    // A changed file's resource is replaced: removed, then created with its new patch.
    deletes: [...plan.remove, ...creates.map((r) => r.path).filter((p) => remote?.resources.has(p))],
    creates,
    routes: plan.routes,
    redirects: plan.redirects,
    ...(remote && plan.name !== null ? { name: plan.name } : {}),
    ...(remote && plan.metadata !== null ? { metadata: plan.metadata } : {}),
  };
}
