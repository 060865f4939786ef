// Making a live site equal to a preview of it without uploading anything: both are Sites of one
// owner, and a resource is only a pointer (path, headers, quilt, patch, SHA-256), so the live site
// takes the preview's pointers. The quilts stay where the preview deploy stored them; a quilt the
// live site stops using is deleted afterwards like a deploy's, unless the preview still uses it.
import type { SiteMetadata, SiteResource } from '../site/types.ts';
import type { OnChainSite } from '../sui/site-read.ts';
import type { SiteTransactionsOptions } from '../sui/site-tx.ts';
import { sameResource } from './history.ts';

/** What an update copies from one site state to another. */
export type SiteContent = Pick<OnChainSite, 'resources' | 'routes' | 'redirects' | 'metadata'>;

export interface Promotion {
  /** The site update (commitSite takes it); null when the live site already equals the preview. */
  readonly update: Omit<SiteTransactionsOptions, 'packageId'> | null;
  readonly changed: number;
  readonly added: number;
  readonly removed: number;
  readonly unchanged: number;
}

/** The update that makes `live` serve `preview` (another site, or a past version of `live`). */
export function promotion(live: OnChainSite, preview: SiteContent): Promotion {
  const creates: SiteResource[] = [];
  const deletes: string[] = [];
  let changed = 0;
  let added = 0;
  for (const [path, resource] of preview.resources) {
    const current = live.resources.get(path);
    if (current && sameResource(current, resource)) continue;
    creates.push(resource);
    if (current) {
      deletes.push(path);
      changed++;
    } else added++;
  }
  for (const path of live.resources.keys()) if (!preview.resources.has(path)) deletes.push(path);
  const removed = deletes.length - changed;
  const routes = sameList(live.routes, preview.routes) ? null : preview.routes;
  const redirects = sameList(live.redirects, preview.redirects) ? null : preview.redirects;
  const metadata = sameMetadata(live.metadata, preview.metadata) ? null : preview.metadata;
  const counts = { changed, added, removed, unchanged: preview.resources.size - changed - added };
  if (!creates.length && !deletes.length && !routes && !redirects && !metadata)
    return { update: null, ...counts };
  return {
    update: {
      target: { kind: 'existing', siteId: live.id },
      deletes,
      creates,
      routes,
      redirects,
      ...(metadata ? { metadata } : {}),
    },
    ...counts,
  };
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameMetadata(a: SiteMetadata, b: SiteMetadata): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
