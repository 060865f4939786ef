import { describe, expect, it } from 'vitest';
import { hostTarget, isSiteLabel } from './site-host.ts';

const ID_LABEL = '29gjzk8yjl1v7zm2etee1siyzaqfj9jaru5ufs6yyh1yqsgun2';

describe('hostTarget', () => {
  it('is the apex for the portal host and loopback addresses, with or without a port', () => {
    for (const host of [
      'localhost',
      'localhost:3000',
      'LOCALHOST:3000',
      '127.0.0.1:3000',
      '[::1]:3000',
      '[::1]',
    ]) {
      expect(hostTarget(host, 'localhost'), host).toEqual({ kind: 'apex' });
    }
    expect(hostTarget(undefined, 'localhost')).toEqual({ kind: 'apex' });
  });

  it('names a site by everything left of the portal host', () => {
    expect(hostTarget(`${ID_LABEL}.localhost:3000`, 'localhost')).toEqual({ kind: 'site', label: ID_LABEL });
    expect(hostTarget('hello.localhost:3000', 'localhost')).toEqual({ kind: 'site', label: 'hello' });
    // SuiNS subnames, as the walrus-sites portals join nested labels.
    expect(hostTarget('blog.hello.localhost:3000', 'localhost')).toEqual({
      kind: 'site',
      label: 'blog.hello',
    });
    expect(hostTarget('a.b.hello.portal.example', 'portal.example')).toEqual({
      kind: 'site',
      label: 'a.b.hello',
    });
    expect(hostTarget('Hello.LocalHost', 'localhost')).toEqual({ kind: 'site', label: 'hello' });
  });

  it('refuses other domains and labels no site could have', () => {
    expect(hostTarget('hello.example.com', 'localhost')).toBeNull();
    expect(hostTarget('evil-localhost', 'localhost')).toBeNull();
    expect(hostTarget('.localhost', 'localhost')).toBeNull();
    expect(hostTarget('a..b.localhost', 'localhost')).toBeNull();
    expect(hostTarget('-hello.localhost', 'localhost')).toBeNull();
    expect(hostTarget('hel_lo.localhost', 'localhost')).toBeNull();
    expect(hostTarget(`${'a'.repeat(64)}.localhost`, 'localhost')).toBeNull();
  });
});

describe('isSiteLabel', () => {
  it('accepts names, subnames and base36 IDs, and nothing a DNS name cannot hold', () => {
    expect(isSiteLabel('hello')).toBe(true);
    expect(isSiteLabel('blog.hello')).toBe(true);
    expect(isSiteLabel(ID_LABEL)).toBe(true);
    expect(isSiteLabel('')).toBe(false);
    expect(isSiteLabel('hello.')).toBe(false);
    expect(isSiteLabel(Array.from({ length: 128 }, () => 'a').join('.'))).toBe(false);
  });
});
