// Preview deploys: a preview is a separate Site of the same owner, named "<site name> (preview
// <name>)" and found again by that name among the owner's sites, so deploying the same preview
// name twice updates one site and no local file has to remember it. Shared by `floe deploy
// --preview` and the portal's Publish page.
import type { ClientWithCoreApi, SuiClientTypes } from '@mysten/sui/client';
import { parseSite } from '../sui/site-bcs.ts';
import { siteType } from '../sui/site-fields.ts';

/** Preview names are short labels: they end up in the preview site's name (and in URLs people share). */
const PREVIEW_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

export const PREVIEW_NAME_RULE = 'a short name of a-z, 0-9 and hyphens';

export function isPreviewName(value: string): boolean {
  return PREVIEW_NAME.test(value);
}

export function previewSiteName(siteName: string, preview: string): string {
  return `${siteName} (preview ${preview})`;
}

/** The live site's name and the preview name of a preview site's name, or null for another name. */
export function splitPreviewSiteName(name: string): { siteName: string; preview: string } | null {
  const match = / \(preview ([^()]+)\)$/.exec(name);
  if (!match || !isPreviewName(match[1]!)) return null;
  return { siteName: name.slice(0, match.index), preview: match[1]! };
}

export interface OwnedSite {
  readonly id: string;
  readonly name: string;
}

/** Every Site object `owner` holds, in the order the full node lists them. */
export async function listOwnedSites(
  sui: ClientWithCoreApi,
  owner: string,
  sitePackageOriginal: string,
  signal?: AbortSignal,
): Promise<OwnedSite[]> {
  const sites: OwnedSite[] = [];
  for await (const site of ownedSites(sui, owner, sitePackageOriginal, signal)) sites.push(site);
  return sites;
}

/** The owner's first site with exactly this name, or null (then a deploy makes a new one). */
export async function ownedSiteNamed(
  sui: ClientWithCoreApi,
  owner: string,
  sitePackageOriginal: string,
  name: string,
  signal?: AbortSignal,
): Promise<string | null> {
  // Stops at the first match: no further pages are read.
  for await (const site of ownedSites(sui, owner, sitePackageOriginal, signal))
    if (site.name === name) return site.id;
  return null;
}

async function* ownedSites(
  sui: ClientWithCoreApi,
  owner: string,
  sitePackageOriginal: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<OwnedSite> {
  let cursor: string | null = null;
  do {
    const page: SuiClientTypes.ListOwnedObjectsResponse<{ content: true }> = await sui.core.listOwnedObjects({
      owner,
      type: siteType(sitePackageOriginal),
      include: { content: true },
      ...(cursor ? { cursor } : {}),
      ...(signal ? { signal } : {}),
    });
    for (const object of page.objects) yield { id: object.objectId, name: parseSite(object.content).name };
    cursor = page.hasNextPage ? page.cursor : null;
  } while (cursor);
}
