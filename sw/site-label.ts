// Which site a request is for: the subdomain label of `<label>.<portal host>`. Only requests to
// the worker's own origin are sites' requests; the portal's own files live under /__floe/ (see
// core/serve/portal-paths.ts), which no site answers.
import { isPortalPath } from '../core/serve/portal-paths.ts';

export function siteLabelOf(url: URL, origin: string): string | null {
  if (url.origin !== origin) return null;
  if (isPortalPath(url.pathname)) return null;
  const dot = url.hostname.indexOf('.');
  return dot > 0 ? url.hostname.slice(0, dot) : null;
}
