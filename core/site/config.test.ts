import { describe, expect, it } from 'vitest';
import { emptySiteConfig, mergeSiteConfig } from './config.ts';
import type { ShadowedEntry } from './config.ts';
import { parseHeadersFile } from './headers-file.ts';
import { parseRedirectsFile } from './redirects-file.ts';
import { parseWsResources } from './ws-resources.ts';

describe('emptySiteConfig', () => {
  it('configures nothing', () => {
    expect(emptySiteConfig()).toEqual({
      headers: [],
      routes: [],
      redirects: [],
      metadata: null,
      siteName: null,
      objectId: null,
      ignore: [],
    });
    expect(emptySiteConfig()).not.toBe(emptySiteConfig());
  });
});

describe('mergeSiteConfig', () => {
  const ws = parseWsResources(`{
    "headers": { "/*": { "X-From": "ws" } },
    "routes": { "/app/*": "/app/index.html" },
    "redirects": { "/old": { "location": "/new", "status_code": 308 } },
    "site_name": "Site",
    "ignore": ["/drafts/*"]
  }`);
  const headersFile = parseHeadersFile('/*\n  X-From: file\n/assets/*\n  Cache-Control: immutable\n');
  const redirectsFile = parseRedirectsFile(
    ['/old /elsewhere 301', '/app/* /other.html 200', '/legacy /modern 302', '/* /index.html 200'].join('\n'),
  );

  it('returns an empty configuration without sources', () => {
    expect(mergeSiteConfig({})).toEqual(emptySiteConfig());
  });

  it('uses a single source as is', () => {
    expect(mergeSiteConfig({ wsResources: ws })).toEqual(ws);
    expect(mergeSiteConfig({ headersFile }).headers).toEqual(headersFile);
    expect(mergeSiteConfig({ redirectsFile })).toMatchObject(redirectsFile);
  });

  it('lets ws-resources.json win per pattern and appends the rest in file order', () => {
    const shadowed: ShadowedEntry[] = [];
    const merged = mergeSiteConfig({ wsResources: ws, headersFile, redirectsFile }, (entry) =>
      shadowed.push(entry),
    );
    expect(merged.headers).toEqual([
      { pattern: '/*', headers: { 'X-From': 'ws' } },
      { pattern: '/assets/*', headers: { 'Cache-Control': 'immutable' } },
    ]);
    expect(merged.routes).toEqual([
      ['/app/*', '/app/index.html'],
      ['/*', '/index.html'],
    ]);
    expect(merged.redirects).toEqual([
      ['/old', { location: '/new', statusCode: 308 }],
      ['/legacy', { location: '/modern', statusCode: 302 }],
    ]);
    expect(merged.siteName).toBe('Site');
    expect(merged.ignore).toEqual(['/drafts/*']);
    expect(shadowed).toEqual([
      { source: '_headers', kind: 'header', pattern: '/*' },
      { source: '_redirects', kind: 'route', pattern: '/app/*' },
      { source: '_redirects', kind: 'redirect', pattern: '/old' },
    ]);
  });

  it('drops a _redirects redirect that would override a ws-resources.json route of the same pattern', () => {
    const wsRoute = parseWsResources('{"routes": {"/docs": "/docs.html"}}');
    const file = parseRedirectsFile('/docs /documentation 301');
    const merged = mergeSiteConfig({ wsResources: wsRoute, redirectsFile: file });
    expect(merged.redirects).toEqual([]);
    expect(merged.routes).toEqual([['/docs', '/docs.html']]);
  });
});
