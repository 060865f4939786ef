// Every path under /__floe/ on a site's origin belongs to the portal: the worker script, its WASM,
// the bootstrap, the config and the read reports. Sites never answer there — not through the
// worker, not through the server's no-JavaScript path, and not under a spelling that decodes to
// it (`/%5F%5Ffloe/…`) — so nothing a site publishes can pass for the portal's own files.
export const PORTAL_PREFIX = '/__floe/';

/** Whether a URL pathname (as the browser sends it) or a decoded resource path is the portal's. */
export function isPortalPath(path: string): boolean {
  return path.startsWith(PORTAL_PREFIX);
}
