// The Site update a deploy commits (pure): new resources for the packed files, each naming its
// quilt patch, and for files stored as blobs of their own, naming the blob with no patch header
// (readers take the whole blob, as for site-builder-era resources); rewritten ones for header-only
// changes; removals; and routes, redirects, name and metadata where they changed. A new site gets
// its name and metadata at creation.
import { toHex } from '@mysten/sui/utils';
import type { SiteMetadata, SiteResource } from '../site/types.ts';
import { QUILT_PATCH_HEADER } from '../site/types.ts';
import type { OnChainSite } from '../sui/site-read.ts';
import type { SiteTransactionsOptions } from '../sui/site-tx.ts';
import { internalPatchId } from '../walrus/quilt.ts';
import type { EncodedQuilt } from '../walrus/quilt-encode.ts';
import type { DeployRequest } from './deploy-types.ts';
import type { DeployPlan, LocalFile } from './plan.ts';
import { withHeader, withoutPatchHeader } from './plan.ts';
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

/** The packed files and, per item, where each file's patch lies (quilts) and the blob ID. */
export interface PlacedQuilts {
  readonly packed: PreparedQuilts['packed'];
  readonly encoded: readonly (
    ({ readonly kind: 'quilt' } & Pick<EncodedQuilt, 'patches'>) | { readonly kind: 'blob' }
  )[];
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
  quilts.encoded.forEach((item, i) => {
    for (const file of quilts.packed[i]!) {
      creates.push({
        path: file.path,
        headers: item.kind === 'blob' ? withoutPatchHeader(file.headers) : withPatch(file, item.patches),
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

/** The file's headers plus the patch header of its patch in the quilt. */
function withPatch(file: LocalFile, patches: EncodedQuilt['patches']): Map<string, string> {
  const patch = patches.find((p) => p.identifier === file.path)!;
  return withHeader(file.headers, QUILT_PATCH_HEADER, `0x${toHex(internalPatchId(patch.start, patch.end))}`);
}
