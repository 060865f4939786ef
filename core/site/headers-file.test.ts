import { describe, expect, it } from 'vitest';
import { SiteConfigError } from './errors.ts';
import { globMatches } from './glob.ts';
import { parseHeadersFile } from './headers-file.ts';
import { HEADERS_FILE_EXAMPLE } from './test-support/netlify-files.ts';

function configError(text: string): SiteConfigError {
  try {
    parseHeadersFile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(SiteConfigError);
    return error as SiteConfigError;
  }
  return expect.unreachable('expected a SiteConfigError');
}

describe('parseHeadersFile', () => {
  it('reads path blocks with indented headers, comments and blank lines', () => {
    expect(parseHeadersFile(HEADERS_FILE_EXAMPLE)).toEqual([
      { pattern: '/*', headers: { 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer' } },
      {
        pattern: '/assets/*',
        headers: {
          'Cache-Control': 'public, max-age=31536000, immutable',
          'Access-Control-Allow-Origin': '*',
        },
      },
    ]);
  });

  it('returns no rules for an empty or comment-only file', () => {
    expect(parseHeadersFile('')).toEqual([]);
    expect(parseHeadersFile('# nothing\n\n')).toEqual([]);
  });

  it('joins repeated headers of one path with ", " and merges repeated paths', () => {
    const text =
      '/a\n  Link: </x.css>; rel=preload\n  link: </y.js>; rel=preload\n/b\n  X: 1\n/a\n  X-More: yes\n';
    expect(parseHeadersFile(text)).toEqual([
      { pattern: '/a', headers: { Link: '</x.css>; rel=preload, </y.js>; rel=preload', 'X-More': 'yes' } },
      { pattern: '/b', headers: { X: '1' } },
    ]);
  });

  it('keeps the value after the first colon intact and trims around it', () => {
    expect(parseHeadersFile('/a\n  Content-Security-Policy:   default-src https://x.test:8443  \n')).toEqual([
      { pattern: '/a', headers: { 'Content-Security-Policy': 'default-src https://x.test:8443' } },
    ]);
  });

  it('translates paths into site-builder globs with the same meaning', () => {
    const patterns = parseHeadersFile(
      ['/*', '/blog/*', '/*.css', '/what?[1]', '/my%20page.html', '/docs/', '/', '/a/**']
        .map((p) => `${p}\n  X: 1`)
        .join('\n'),
    ).map((rule) => rule.pattern);
    expect(patterns).toEqual([
      '/*',
      '/blog/*',
      '/*.css',
      '/what[?][[]1[]]',
      '/my page.html',
      '/docs/index.html',
      '/index.html',
      '/a/*',
    ]);
    // A splat crosses `/`, as on Netlify and Cloudflare.
    expect(globMatches('/blog/*', '/blog/2024/01/post.html')).toBe(true);
    expect(globMatches('/what[?][[]1[]]', '/what?[1]')).toBe(true);
    expect(globMatches('/what[?][[]1[]]', '/whatX[1]')).toBe(false);
  });

  it('handles CRLF and a BOM', () => {
    expect(parseHeadersFile('\uFEFF/a\r\n  X: 1\r\n')).toEqual([{ pattern: '/a', headers: { X: '1' } }]);
  });

  it('rejects :placeholders, naming the line', () => {
    const error = configError('/a\n  X: 1\n/:lang/about\n  Y: 2\n');
    expect(error.line).toBe(3);
    expect(error.message).toBe(
      "_headers:3: placeholder `:lang` can't be expressed: Walrus Sites header patterns have no named segments, use *",
    );
  });

  it('rejects Cloudflare header removal, naming the line', () => {
    const error = configError('/*\n  X-Robots-Tag: noindex\n/public/*\n  ! X-Robots-Tag\n');
    expect(error.line).toBe(4);
    expect(error.reason).toMatch(/^`! Header` \(Cloudflare's header removal\) can't be expressed/);
  });

  it('rejects absolute URL patterns, naming the line', () => {
    const error = configError('\n\nhttps://example.com/*\n  X: 1\n');
    expect(error.line).toBe(3);
    expect(error.reason).toMatch(/^absolute URL "https:\/\/example\.com\/\*" can't be expressed/);
    expect(configError('//cdn.example.com/a\n  X: 1').reason).toMatch(/absolute URL/);
  });

  it('rejects :splat in values', () => {
    expect(configError('/movies/*\n  Link: </:splat>; rel=canonical\n').line).toBe(2);
  });

  it('rejects malformed lines with their line number', () => {
    expect(configError('  X: 1\n')).toMatchObject({
      line: 1,
      reason: 'header line before any path (a path line must not be indented)',
    });
    expect(configError('/a\nX-Frame-Options: DENY\n')).toMatchObject({
      line: 2,
      reason: 'expected a path starting with / (header lines must be indented)',
    });
    expect(configError('/a\n  no colon here\n')).toMatchObject({ line: 2, reason: 'expected `Name: value`' });
    expect(configError('/a\n  : value\n')).toMatchObject({ line: 2, reason: 'expected `Name: value`' });
    expect(configError('/a\n  Bad Name: 1\n').reason).toMatch(/not an HTTP token/);
    expect(configError('/a\n  X: caf\u00e9 \u{1F600}\n').reason).toMatch(/Latin-1/);
    expect(configError('/a X: 1\n').reason).toMatch(/put each header on its own indented line/);
    expect(configError('/a%zz\n  X: 1\n').reason).toMatch(/malformed percent-encoding/);
  });

  it('rejects a path without headers, which usually means unindented header lines', () => {
    expect(configError('/a\n/b\n  X: 1\n')).toMatchObject({ line: 1 });
    expect(configError('/a\n  X: 1\n/b\n# end\n')).toMatchObject({ line: 3 });
  });

  it('uses the file name it is given', () => {
    expect(() => parseHeadersFile('/:x\n  A: b', 'public/_headers')).toThrow(/^public\/_headers:1: /);
  });
});
