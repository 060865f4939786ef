// Which site a request is for: the label of `<label>.<portal host>` (core/serve/portal-protocol.ts,
// the portal server's own parser), for requests to the worker's own origin only. The portal's own
// files live under its reserved prefix (same module), which no site answers.
import { hostTarget, isPortalPath } from '../core/serve/portal-protocol.ts';

export function siteLabelOf(url: URL, origin: string, portalHost: string): string | null {
  if (url.origin !== origin) return null;
  if (isPortalPath(url.pathname)) return null;
  const target = hostTarget(url.host, portalHost);
  return target?.kind === 'site' ? target.label : null;
}
