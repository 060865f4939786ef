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
