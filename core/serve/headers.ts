// The response headers of a site's file: its on-chain headers, minus those a site must not set.
// The Walrus Sites portal passes every on-chain header through verbatim, internal ones included
// (MystenLabs/walrus-sites portal). That is unsafe once many sites share one portal host: every site is an
// origin under the portal's domain (and, with the service worker, the portal's own code runs on
// that origin), so a header that reaches past the response — cookies, HSTS, storage wipes, service
// worker scope — lets one site act on the portal or on other sites. Framing headers are the
// portal's to compute. Everything else (cache-control, CSP, CORS, content-disposition, …) only
// concerns the site's own responses and passes through.
import { contentTypeFor } from '../site/content-type.ts';
import { QUILT_PATCH_HEADER } from '../site/types.ts';

/** Headers never passed from chain to the browser, each with the reason. Names are lowercase. */
export const STRIPPED_SITE_HEADERS: ReadonlyMap<string, string> = new Map([
  // State beyond the response.
  ['set-cookie', 'a site could set cookies for the portal domain (Domain=) and so for every other site'],
  ['set-cookie2', 'obsolete form of Set-Cookie, same risk'],
  [
    'clear-site-data',
    "a site could wipe its origin's storage and unregister the portal's service worker running there",
  ],
  ['service-worker-allowed', "widens a service worker's scope; the portal owns the origin's worker"],
  ['service-worker', 'request header of worker script fetches; meaningless (and misleading) on a response'],
  [
    'strict-transport-security',
    'HSTS (with includeSubDomains) would pin or unpin hosts of other sites under a shared portal host',
  ],
  ['public-key-pins', 'obsolete key pinning; a site must not pin the portal certificate'],
  ['public-key-pins-report-only', 'obsolete key pinning; same reason'],
  ['expect-ct', 'obsolete Certificate Transparency policy for the host; the portal operator decides'],
  [
    'alt-svc',
    "would send the origin's traffic to another host or port of the site's choosing, for the whole host",
  ],
  ['nel', 'a Network Error Logging policy with include_subdomains reports visits of other sites'],
  [
    'origin-agent-cluster',
    '`?0` re-enables document.domain, relaxing isolation between sites of the shared portal domain',
  ],
  // Framing and hop-by-hop (RFC 9110 §7.6.1): the portal produces the body and the connection.
  ['content-length', 'computed by the portal from the bytes actually sent (a range may be shorter)'],
  ['transfer-encoding', 'hop-by-hop framing, chosen by the server'],
  ['connection', 'hop-by-hop'],
  ['keep-alive', 'hop-by-hop'],
  ['proxy-connection', 'hop-by-hop (non-standard)'],
  ['upgrade', 'hop-by-hop protocol switch'],
  ['te', 'hop-by-hop'],
  ['trailer', 'announces trailer fields the portal never sends'],
  ['proxy-authenticate', 'hop-by-hop proxy authentication'],
  // Set by the portal for the response it actually sends.
  ['content-range', 'set by the portal when it answers a range request'],
  ['accept-ranges', 'set by the portal, which serves ranges itself'],
  // Internal.
  [
    QUILT_PATCH_HEADER,
    'internal locator of the file inside its quilt (the walrus-sites portal leaks it; we do not)',
  ],
]);

/** Header name prefixes a site may not use: the portal's own signals to its service worker. */
export const STRIPPED_SITE_HEADER_PREFIXES: ReadonlyMap<string, string> = new Map([
  [
    'x-floe-',
    "Floe's own markers (x-floe-error makes the worker serve its offline copy); a site must not forge them",
  ],
]);

/**
 * Why the on-chain header `name: value` is not passed to the browser, or null when it is. Besides
 * the lists above: `content-encoding: identity` is dropped (site-builder stores it on every file;
 * it is the default and says nothing), and names or values `Headers` rejects (control characters,
 * invalid token characters) are dropped instead of failing the whole response.
 */
export function siteHeaderDropReason(name: string, value: string): string | null {
  const lower = name.toLowerCase();
  const reason = STRIPPED_SITE_HEADERS.get(lower);
  if (reason !== undefined) return reason;
  for (const [prefix, prefixReason] of STRIPPED_SITE_HEADER_PREFIXES) {
    if (lower.startsWith(prefix)) return prefixReason;
  }
  if (lower === 'content-encoding' && value.trim().toLowerCase() === 'identity') {
    return 'identity is the default coding';
  }
  try {
    new Headers().set(name, value);
  } catch {
    return 'not a valid HTTP header';
  }
  return null;
}

/**
 * The headers to send with a site's file: its on-chain headers (names lowercased, values as
 * stored) without those `siteHeaderDropReason` names. When `path` is given and the resource has no
 * usable `content-type`, the type for `path`'s extension is added (`contentTypeFor`, as
 * site-builder would have stored it). The caller adds `content-length`, and `accept-ranges` /
 * `content-range` as it serves ranges.
 */
export function siteResponseHeaders(resourceHeaders: ReadonlyMap<string, string>, path?: string): Headers {
  const headers = new Headers();
  for (const [name, value] of resourceHeaders) {
    if (siteHeaderDropReason(name, value) === null) headers.set(name.toLowerCase(), value);
  }
  if (path !== undefined && !headers.get('content-type')) headers.set('content-type', contentTypeFor(path));
  return headers;
}
