import { describe, expect, it } from 'vitest';
import { QUILT_PATCH_HEADER } from '../site/types.ts';
import {
  siteHeaderDropReason,
  siteResponseHeaders,
  STRIPPED_SITE_HEADER_PREFIXES,
  STRIPPED_SITE_HEADERS,
} from './headers.ts';

const entries = (headers: Headers) => Object.fromEntries(headers.entries());

describe('siteResponseHeaders', () => {
  it('passes ordinary on-chain headers through verbatim', () => {
    const headers = siteResponseHeaders(
      new Map([
        ['content-type', 'text/html; charset=utf-8'],
        ['cache-control', 'public, max-age=3600'],
        ['etag', '"v1"'],
        ['content-security-policy', "default-src 'self'"],
        ['access-control-allow-origin', '*'],
        ['cross-origin-opener-policy', 'same-origin'],
        ['content-disposition', 'attachment; filename="a b.pdf"'],
        ['x-custom', 'kept'],
      ]),
      '/index.html',
    );
    expect(entries(headers)).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'public, max-age=3600',
      etag: '"v1"',
      'content-security-policy': "default-src 'self'",
      'access-control-allow-origin': '*',
      'cross-origin-opener-policy': 'same-origin',
      'content-disposition': 'attachment; filename="a b.pdf"',
      'x-custom': 'kept',
    });
  });

  it('drops every listed header, whatever its case', () => {
    const onChain = new Map<string, string>([['content-type', 'text/plain']]);
    for (const name of STRIPPED_SITE_HEADERS.keys()) onChain.set(name.toUpperCase(), 'x');
    const headers = siteResponseHeaders(onChain);
    expect(entries(headers)).toEqual({ 'content-type': 'text/plain' });
  });

  it('drops what the brief and the walrus-sites leak require', () => {
    const required = [
      'set-cookie',
      'set-cookie2',
      'service-worker-allowed',
      'service-worker',
      'clear-site-data',
      'content-length',
      'transfer-encoding',
      'connection',
      'keep-alive',
      'upgrade',
      'trailer',
      'content-range',
      'accept-ranges',
      'alt-svc',
      'strict-transport-security',
      'origin-agent-cluster',
      'x-wal-quilt-patch-internal-id',
    ];
    for (const name of required) expect(STRIPPED_SITE_HEADERS.has(name), name).toBe(true);
    const headers = siteResponseHeaders(
      new Map([
        [QUILT_PATCH_HEADER, '0x0100000500'],
        ['set-cookie', 'session=evil; Domain=portal.example; Path=/'],
        ['strict-transport-security', 'max-age=0; includeSubDomains'],
        ['clear-site-data', '"storage"'],
        ['service-worker-allowed', '/'],
        ['content-length', '1'],
        ['content-type', 'image/png'],
      ]),
    );
    expect(entries(headers)).toEqual({ 'content-type': 'image/png' });
  });

  it('gives every dropped header a reason', () => {
    for (const [name, reason] of [...STRIPPED_SITE_HEADERS, ...STRIPPED_SITE_HEADER_PREFIXES]) {
      expect(name).toBe(name.toLowerCase());
      expect(reason.length, name).toBeGreaterThan(8);
    }
  });

  it("drops headers that would forge the portal's own signals", () => {
    const headers = siteResponseHeaders(
      new Map([
        ['x-floe-error', 'chain-unavailable'],
        ['X-Floe-Stale', 'yes'],
        ['x-floe-read', 'quilt'],
        ['x-floey', 'kept: not the prefix'],
      ]),
    );
    expect(entries(headers)).toEqual({ 'x-floey': 'kept: not the prefix' });
    expect(siteHeaderDropReason('x-floe-error', 'chain-unavailable')).toMatch(/offline copy/);
  });

  it('drops content-encoding: identity but keeps real codings', () => {
    expect(siteResponseHeaders(new Map([['content-encoding', 'identity']])).has('content-encoding')).toBe(
      false,
    );
    expect(siteResponseHeaders(new Map([['content-encoding', ' Identity ']])).has('content-encoding')).toBe(
      false,
    );
    expect(siteResponseHeaders(new Map([['content-encoding', 'gzip']])).get('content-encoding')).toBe('gzip');
    expect(siteResponseHeaders(new Map([['content-encoding', 'br']])).get('content-encoding')).toBe('br');
  });

  it('adds a content-type from the path when the resource has none', () => {
    expect(siteResponseHeaders(new Map(), '/app.wasm').get('content-type')).toBe('application/wasm');
    expect(siteResponseHeaders(new Map(), '/index.html').get('content-type')).toBe('text/html');
    expect(siteResponseHeaders(new Map(), '/LICENSE').get('content-type')).toBe('application/octet-stream');
    expect(siteResponseHeaders(new Map([['content-type', '']]), '/a.css').get('content-type')).toBe(
      'text/css',
    );
    // An on-chain type wins over the extension.
    expect(siteResponseHeaders(new Map([['content-type', 'text/plain']]), '/a.css').get('content-type')).toBe(
      'text/plain',
    );
    // Without a path nothing is guessed.
    expect(siteResponseHeaders(new Map()).has('content-type')).toBe(false);
  });

  it('lowercases names from chain', () => {
    expect(entries(siteResponseHeaders(new Map([['X-Frame-Options', 'DENY']])))).toEqual({
      'x-frame-options': 'DENY',
    });
  });

  it('skips headers a Headers object cannot hold instead of throwing', () => {
    const headers = siteResponseHeaders(
      new Map([
        ['x-split', 'a\r\nset-cookie: injected=1'],
        ['x-nul', 'a\u0000b'],
        ['bad name', 'x'],
        ['x-ünicode', 'x'],
        ['', 'x'],
        ['content-type', 'text/html\nx: y'],
        ['x-ok', 'fine'],
      ]),
      '/page.html',
    );
    expect(entries(headers)).toEqual({ 'x-ok': 'fine', 'content-type': 'text/html' });
    expect(siteHeaderDropReason('bad name', 'x')).toBe('not a valid HTTP header');
  });

  it('passes unlisted headers', () => {
    expect(siteHeaderDropReason('cache-control', 'no-store')).toBeNull();
    expect(siteHeaderDropReason('content-encoding', 'gzip')).toBeNull();
    expect(siteHeaderDropReason('Set-Cookie', 'a=b')).toMatch(/cookies/);
  });
});
