// The contract between the portal's runtimes — its server, the service worker, the bootstrap and
// register scripts, and the app — in one place, so none of them retypes a path, header or
// parameter another one answers or reads. It imports nothing: every runtime bundles it, the
// bootstrap scripts included, and it must stay a few hundred bytes there.
//
// Tests keep the literal strings on purpose: they pin the wire contract, which browsers, installed
// workers and older pages depend on, against a change made here.

// ---- Reserved paths -----------------------------------------------------------------------------

// Every path under /__floe/ on a site's origin belongs to the portal: the worker script, its WASM,
// the bootstrap, the config and the read reports. Sites never answer there — not through the
// worker, not through the server's no-JavaScript path, and not under a spelling that decodes to
// it (`/%5F%5Ffloe/…`) — so nothing a site publishes can pass for the portal's own files.
export const PORTAL_PREFIX = '/__floe/';

/** Floe's service worker: the only worker script a site origin may register (scope `/`). */
export const FLOE_WORKER_PATH = '/__floe/sw.js';
/** The portal's network config, read by the app on the apex and by a worker on its site's origin. */
export const CONFIG_PATH = '/__floe/config.json';
/** The bootstrap page's script (portal/bootstrap/bootstrap.ts): installs the worker, then reloads. */
export const BOOTSTRAP_SCRIPT_PATH = '/__floe/bootstrap.js';
/** The script the server's tag adds to a first visit's page (portal/bootstrap/register.ts). */
export const REGISTER_SCRIPT_PATH = '/__floe/register.js';
/** Where a worker posts its read counts, on its own site origin. */
export const READ_REPORT_PATH = '/__floe/read-report';
/** The read counts of the server and every worker together, on the apex. */
export const READ_STATS_PATH = '/__floe/read-stats';

/** Whether a URL pathname (as the browser sends it) or a decoded resource path is the portal's. */
export function isPortalPath(path: string): boolean {
  return path.startsWith(PORTAL_PREFIX);
}

// ---- Query parameter, headers, names ------------------------------------------------------------

/** `?__floe-nosw=1`: answer from the server and install no worker (no JavaScript, no workers). */
export const NO_SW_PARAM = '__floe-nosw';

/** Every header Floe sets starts so; a site's own headers with this prefix are dropped. */
export const HEADER_PREFIX = 'x-floe-';
/** On the site service's error pages: the failure's kind, so the worker tells the chain's from a 404. */
export const ERROR_HEADER = 'x-floe-error';
/** The `ERROR_HEADER` value on which the worker serves its offline copy. */
export const CHAIN_UNAVAILABLE_ERROR = 'chain-unavailable';
/** The `ERROR_HEADER` value on the server's refusal of a site's own worker script. */
export const FOREIGN_WORKER_ERROR = 'foreign-service-worker';
/** How each file was read (test builds and debugging, when the config's `debugHeader` is on). */
export const READ_DEBUG_HEADER = 'x-floe-read';
/** On a worker's offline copy: served unchecked, stored at the time it names. */
export const STALE_HEADER = 'x-floe-stale';
/**
 * On answers whose body is a verified stream of a big blob rather than bytes in memory: the worker
 * keeps no offline copy of them (a copy would read the whole file) and stays alive while they play.
 */
export const STREAMED_HEADER = 'x-floe-streamed';

/** The global the server appends the worker's config to its script as (`globalThis.<name>`). */
export const EMBEDDED_CONFIG_GLOBAL = '__FLOE_CONFIG__';
/** The element of the bootstrap page whose text the bootstrap script updates. */
export const BOOTSTRAP_STATUS_ID = 'floe-status';

// ---- Host names ---------------------------------------------------------------------------------

// Which part of the portal a host name is for — one rule for the portal server, the service worker
// and the app. The apex (`localhost:3000`, `127.0.0.1:3000`) is the portal's own app; a host under
// it names a site by everything left of the portal host: `<base36>.localhost` (an object ID),
// `hello.localhost` (the SuiNS name hello.sui) or `blog.hello.localhost` (the subname
// blog.hello.sui), as the walrus-sites portals join nested labels.

export type HostTarget = { readonly kind: 'apex' } | { readonly kind: 'site'; readonly label: string };

/** One DNS label as a portal accepts it (browsers lowercase host names). */
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** SuiNS names nest; a DNS name holds at most 253 characters, which bounds the depth anyway. */
const MAX_SITE_LABEL = 253;

/** Host names that are the apex on any portal: loopback addresses have no subdomains. */
const LOOPBACK = new Set(['127.0.0.1', '[::1]']);

/**
 * What `host` (a Host header or `URL.host`, port optional) is on the portal at `portalHost` (no
 * port): the apex, a site, or null for a host that is neither (another domain, or labels no site
 * could have). A missing host is the apex, as HTTP/1.0 clients send none.
 */
export function hostTarget(host: string | undefined, portalHost: string): HostTarget | null {
  if (!host) return { kind: 'apex' };
  const name = stripPort(host).toLowerCase();
  const portal = portalHost.toLowerCase();
  if (name === portal || LOOPBACK.has(name)) return { kind: 'apex' };
  const suffix = `.${portal}`;
  if (!name.endsWith(suffix)) return null;
  const label = name.slice(0, -suffix.length);
  return isSiteLabel(label) ? { kind: 'site', label } : null;
}

/** Whether `label` (`hello`, `blog.hello`, a base36 ID) can name a site on a portal. */
export function isSiteLabel(label: string): boolean {
  return (
    label.length > 0 && label.length <= MAX_SITE_LABEL && label.split('.').every((l) => DNS_LABEL.test(l))
  );
}

function stripPort(host: string): string {
  // `[::1]:3000` keeps its brackets; `localhost:3000` loses `:3000`.
  return host.startsWith('[') ? host.replace(/(\])(:\d+)?$/, '$1') : host.replace(/:\d+$/, '');
}
