// Which site a request is for: the label of `<label>.<portal host>` (core/serve/site-host.ts, the
// portal server's own parser), for requests to the worker's own origin only. The portal's own
// files live under /__floe/ (see core/serve/portal-paths.ts), which no site answers.
import { isPortalPath } from '../core/serve/portal-paths.ts';
import { hostTarget } from '../core/serve/site-host.ts';

export function siteLabelOf(url: URL, origin: string, portalHost: string): string | null {
  if (url.origin !== origin) return null;
  if (isPortalPath(url.pathname)) return null;
  const target = hostTarget(url.host, portalHost);
  return target?.kind === 'site' ? target.label : null;
}
