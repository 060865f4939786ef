// A site's complete configuration from its three possible files. `ws-resources.json` is the native
// format and wins: an entry of `_headers` or `_redirects` whose pattern `ws-resources.json` already
// configures is dropped (whole entries, header maps are not merged), so porting a Netlify site and
// then fine-tuning one rule in `ws-resources.json` does what the user expects.
import type { HeaderRule, SiteConfig } from './types.ts';
import type { RedirectsFileConfig } from './redirects-file.ts';

/** A configuration with nothing in it: no files configure the site. */
export function emptySiteConfig(): SiteConfig {
  return {
    headers: [],
    routes: [],
    redirects: [],
    metadata: null,
    siteName: null,
    objectId: null,
    ignore: [],
  };
}

export interface SiteConfigSources {
  readonly wsResources?: SiteConfig | undefined;
  readonly headersFile?: readonly HeaderRule[] | undefined;
  readonly redirectsFile?: RedirectsFileConfig | undefined;
}

/** An entry of `_headers` or `_redirects` that `mergeSiteConfig` dropped, for a warning. */
export interface ShadowedEntry {
  readonly source: '_headers' | '_redirects';
  readonly kind: 'header' | 'route' | 'redirect';
  readonly pattern: string;
}

/**
 * Merges the sources. `ws-resources.json` entries come first, then those of `_headers` and
 * `_redirects` in file order. A file entry is dropped when `ws-resources.json` has an entry for the
 * same pattern: for headers, a rule with that pattern; for routes and redirects, a route OR a
 * redirect with that pattern (the portal applies a redirect before any route, so keeping the
 * file's redirect would override a `ws-resources.json` route). Metadata, site name, object ID and
 * ignore patterns only exist in `ws-resources.json`. `onShadowed` hears about every dropped entry.
 */
export function mergeSiteConfig(
  sources: SiteConfigSources,
  onShadowed: (entry: ShadowedEntry) => void = () => {},
): SiteConfig {
  const base = sources.wsResources ?? emptySiteConfig();
  const headerPatterns = new Set(base.headers.map((rule) => rule.pattern));
  const routingPatterns = new Set([...base.routes, ...base.redirects].map(([pattern]) => pattern));

  const keep = (kind: ShadowedEntry['kind'], pattern: string, taken: ReadonlySet<string>): boolean => {
    if (!taken.has(pattern)) return true;
    onShadowed({ source: kind === 'header' ? '_headers' : '_redirects', kind, pattern });
    return false;
  };
  const file = sources.redirectsFile ?? { routes: [], redirects: [] };
  return {
    ...base,
    headers: [
      ...base.headers,
      ...(sources.headersFile ?? []).filter((rule) => keep('header', rule.pattern, headerPatterns)),
    ],
    routes: [...base.routes, ...file.routes.filter(([pattern]) => keep('route', pattern, routingPatterns))],
    redirects: [
      ...base.redirects,
      ...file.redirects.filter(([pattern]) => keep('redirect', pattern, routingPatterns)),
    ],
  };
}
