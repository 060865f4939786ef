// The site a details page is about, in the portals' order: a `0x` object ID is the site; a single
// label that decodes as base36 to an existing object is that object; anything else is a name whose
// record's `walrus_site_id` names the site.
import { base36ToObjectId } from '../../../core/site/base36.ts';
import { normalizeObjectId } from '../../../core/site/object-id.ts';
import { SiteNotFoundError } from '../../../core/sui/errors.ts';
import { parseSuiName, resolveSiteName } from '../../../core/sui/names.ts';
import { readSite, type OnChainSite } from '../../../core/sui/site-read.ts';
import type { PortalServices } from '../services/portal-services.ts';

export type SiteSource =
  | { readonly kind: 'object-id' }
  | { readonly kind: 'base36'; readonly label: string }
  | { readonly kind: 'name'; readonly name: string; readonly expiresAtMs: number };

export interface LoadedSite {
  readonly site: OnChainSite;
  readonly source: SiteSource;
}

/** Nothing on chain answers to what the user asked for; the message says what was tried. */
export class UnknownSiteError extends Error {
  override name = 'UnknownSiteError';
}

export async function loadSite(
  services: PortalServices,
  input: string,
  signal: AbortSignal,
): Promise<LoadedSite> {
  const { sui, network } = services;
  const read = (id: string) => readSite(sui, id, { packageId: network.walrusSite.originalPackageId, signal });

  const id = normalizeObjectId(input);
  if (id !== null) return { site: await read(id), source: { kind: 'object-id' } };

  const label = input.toLowerCase();
  const base36 = label.includes('.') || label.includes('@') ? null : base36ToObjectId(label);
  if (base36 !== null) {
    try {
      return { site: await read(base36), source: { kind: 'base36', label } };
    } catch (error) {
      // Short names are valid base36 too; only an existing object makes it a base36 label.
      if (!(error instanceof SiteNotFoundError)) throw error;
    }
  }

  const name = parseSuiName(label).name;
  const record = await resolveSiteName(sui, network, label, { signal });
  if (!record) {
    throw new UnknownSiteError(
      base36 !== null
        ? `no site is known as "${input}": no object has this base36 label, and ${name} is not a registered name (or it expired)`
        : `${name} is not a registered name on ${network.name} (or it expired)`,
    );
  }
  if (!record.siteId)
    throw new UnknownSiteError(`${name} is registered but points at no site (no walrus_site_id)`);
  return {
    site: await read(record.siteId),
    source: { kind: 'name', name: record.name, expiresAtMs: record.expiresAtMs },
  };
}
