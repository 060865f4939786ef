// Cookie isolation between sites on a real domain. Sites are served at `<label>.<domain>`, so a
// site's script can set a cookie for `<domain>` itself, which the browser then sends to every other
// site and to the portal app, unless `<domain>` is a public suffix: browsers refuse cookies for
// those. The Public Suffix List (its private section, where hosting providers list such domains)
// is that contract; https://publicsuffix.org/submit/ explains how to get a domain added.
import { parse } from 'psl';

/** Why sites under `domain` could share cookies, or null when they cannot (or it does not apply). */
export function portalDomainCookieWarning(domain: string): string | null {
  const name = domain.trim().toLowerCase().replace(/\.$/, '');
  // Browsers treat localhost and its subdomains as their own public suffix, and an IP address
  // has no subdomains, so sites there are isolated anyway.
  if (name === 'localhost' || name.endsWith('.localhost') || isIpAddress(name)) return null;
  const parsed = parse(name);
  if ('error' in parsed) return `${domain} is not a valid domain name: ${parsed.error.message}`;
  // A listed name with no registrable part is itself a suffix (`github.io`, `co.uk`).
  if (parsed.listed && parsed.domain === null) return null;
  return (
    `${name} is not on the Public Suffix List: a site at <label>.${name} can set cookies for ${name} ` +
    `that every other site and the portal app receive (session fixation, cookie bombs). ` +
    `Add ${name} to the list's private section (https://publicsuffix.org/submit/) before serving ` +
    `sites there, or serve them under a domain that is listed.`
  );
}

function isIpAddress(name: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.startsWith('[') || name.includes(':');
}
