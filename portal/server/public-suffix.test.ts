import { describe, expect, it } from 'vitest';
import { portalDomainCookieWarning } from './public-suffix.ts';

describe('portalDomainCookieWarning', () => {
  it('says nothing for localhost or an IP address: sites there cannot share cookies', () => {
    for (const domain of ['localhost', 'LOCALHOST', 'portal.localhost', '127.0.0.1', '[::1]']) {
      expect(portalDomainCookieWarning(domain), domain).toBeNull();
    }
  });

  it('says nothing for a domain on the Public Suffix List (ICANN or private section)', () => {
    for (const domain of ['github.io', 'vercel.app', 'co.uk', 'github.io.']) {
      expect(portalDomainCookieWarning(domain), domain).toBeNull();
    }
  });

  it('warns for a registrable domain or a subdomain of one, naming the risk and the fix', () => {
    for (const domain of ['example.com', 'portal.example.co.uk', 'sites.github.io', 'Example.COM']) {
      const warning = portalDomainCookieWarning(domain);
      expect(warning, domain).toContain(`${domain.toLowerCase()} is not on the Public Suffix List`);
      expect(warning).toContain('https://publicsuffix.org/submit/');
    }
    // An unknown top-level name is not listed either.
    expect(portalDomainCookieWarning('intranet')).toContain('not on the Public Suffix List');
  });

  it('reports a name that is not a domain', () => {
    expect(portalDomainCookieWarning('-bad.example')).toMatch(/not a valid domain name/);
  });
});
