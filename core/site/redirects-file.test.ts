import { describe, expect, it } from 'vitest';
import { SiteConfigError } from './errors.ts';
import { parseRedirectsFile } from './redirects-file.ts';
import { REDIRECTS_FILE_EXAMPLE } from './test-support/netlify-files.ts';

function configError(text: string): SiteConfigError {
  try {
    parseRedirectsFile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(SiteConfigError);
    return error as SiteConfigError;
  }
  return expect.unreachable('expected a SiteConfigError');
}

describe('parseRedirectsFile', () => {
  it('turns 200 rules into routes and 3xx rules into redirects, in line order', () => {
    expect(parseRedirectsFile(REDIRECTS_FILE_EXAMPLE)).toEqual({
      routes: [
        ['/app/*', '/app/index.html'],
        ['/*', '/index.html'],
      ],
      redirects: [
        ['/old-page', { location: '/new-page', statusCode: 301 }],
        ['/blog/**', { location: 'https://blog.example.com', statusCode: 302 }],
        ['/temp', { location: '/elsewhere', statusCode: 307 }],
        ['/see-other', { location: '/x', statusCode: 303 }],
        ['/perm', { location: '/y', statusCode: 308 }],
      ],
    });
  });

  it('defaults to 301 like Netlify', () => {
    expect(parseRedirectsFile('/a /b').redirects).toEqual([['/a', { location: '/b', statusCode: 301 }]]);
  });

  it('normalizes paths the way the portal normalizes requests', () => {
    const { routes, redirects } = parseRedirectsFile(
      ['/ /home 302', '/docs/ /documentation', '/my%20page /my-page', '/caf%C3%A9/* /cafe.html 200'].join(
        '\n',
      ),
    );
    expect(redirects.map(([p]) => p)).toEqual(['/index.html', '/docs', '/my page']);
    expect(routes).toEqual([['/café/*', '/cafe.html']]);
  });

  it('ignores comments, blank lines, trailing comments and extra whitespace', () => {
    expect(parseRedirectsFile('\r\n  # c\n\t/a\t\t/b   302   # old link\r\n')).toEqual({
      routes: [],
      redirects: [['/a', { location: '/b', statusCode: 302 }]],
    });
    expect(parseRedirectsFile('')).toEqual({ routes: [], redirects: [] });
  });

  it('keeps redirect locations verbatim (query, fragment, encoding)', () => {
    expect(parseRedirectsFile('/a https://x.test/b?c=1#d%20e').redirects[0]![1].location).toBe(
      'https://x.test/b?c=1#d%20e',
    );
  });

  it('rejects redirect targets that cannot be a Location header value (found by fuzz/)', () => {
    expect(configError('/a /b\n/docs /caf\u00e9/\u{1f600} 302').message).toBe(
      '_redirects:2: the target contains "\u{1f600}"; header values are Latin-1, percent-encode other characters',
    );
    expect(configError('/a https://x.test/\u0001').reason).toBe(
      'the target contains the control character U+0001',
    );
    expect(configError('/a /b\u007f 301').reason).toMatch(/control character U\+007F/);
    // Latin-1 is fine, as in ws-resources.json; routes (200) target files, not headers.
    expect(parseRedirectsFile('/a /caf\u00e9 301').redirects[0]![1].location).toBe('/caf\u00e9');
    expect(parseRedirectsFile('/a /\u{1f600}.html 200').routes).toEqual([['/a', '/\u{1f600}.html']]);
  });

  it('rejects a splat redirect to its own portal pattern, like ws-resources.json (fuzz/ cross-check)', () => {
    expect(configError('/a/* /a/** 301').reason).toBe('redirects /a/* to itself');
    expect(parseRedirectsFile('/a/* /a/b 301').redirects).toEqual([
      ['/a/**', { location: '/a/b', statusCode: 301 }],
    ]);
  });

  it('rejects :splat and :placeholders, naming the line', () => {
    const splat = configError('/a /b\n/news/*  /blog/:splat  301\n');
    expect(splat.line).toBe(2);
    expect(splat.message).toBe(
      "_redirects:2: placeholder `:splat` in the target can't be expressed: the portal substitutes nothing",
    );
    expect(configError('/news/:year/:month /archive 301').reason).toMatch(/placeholder `:year` in the path/);
    expect(configError('/a /blog-:year.html 200').reason).toMatch(/placeholder `:year`/);
  });

  it('rejects query-parameter matching', () => {
    expect(configError('/store id=:id /blog/:id 301').reason).toMatch(
      /^query-parameter matching \(`id=:id`\)/,
    );
    expect(configError('/store?id=1 /x 301').reason).toMatch(/^query-string matching/);
  });

  it('rejects 404, 410, 451 and unknown statuses with a reason', () => {
    expect(configError('/en/* /en/404.html 404').reason).toMatch(
      /^status 404 can't be expressed: .*serves your \/404\.html with status 404/,
    );
    expect(configError('/gone /x 410').reason).toMatch(/^status 410 can't be expressed/);
    expect(configError('/legal /x 451').reason).toMatch(/^status 451 can't be expressed/);
    expect(configError('/a /b 304').reason).toBe('status 304 is not one of 200, 301, 302, 303, 307, 308');
    expect(configError('/a /b 3011').reason).toBe('"3011" is not a status code');
  });

  it('rejects force, conditions, proxying and domain-level rules', () => {
    expect(configError('/app/* /app/index.html 200!').reason).toMatch(/^`!` \(force\) can't be expressed/);
    expect(configError('/a /b 301!').reason).toMatch(/force/);
    expect(configError('/ /anz 302 Country=au,nz').reason).toMatch(
      /^condition `Country=au,nz` can't be expressed/,
    );
    expect(configError('/ /fr Language=fr').reason).toMatch(/condition `Language=fr`/);
    expect(configError('/admin/* /admin 200 Role=admin').reason).toMatch(/condition `Role=admin`/);
    expect(configError('/api/* https://api.example.com/:splat 200').reason).toMatch(/placeholder `:splat`/);
    expect(configError('/api/* https://api.example.com/ 200').reason).toMatch(
      /^proxying to "https:\/\/api\.example\.com\/" can't be expressed/,
    );
    expect(configError('http://blog.example.com/* https://example.com/blog 301').reason).toMatch(
      /^domain-level rule/,
    );
    expect(configError('/a /b 301 extra').reason).toBe('unexpected `extra` after the status');
  });

  it('only accepts * as a trailing splat', () => {
    expect(configError('/*.html /x 301').reason).toBe(
      '`*` is only supported as a trailing splat (`/path/*`)',
    );
    expect(configError('/a/*/b /x 301').reason).toMatch(/trailing splat/);
    expect(configError('/a* /x 301').reason).toMatch(/trailing splat/);
  });

  it('checks route targets are resource paths', () => {
    expect(configError('/a index.html 200').reason).toBe(
      'the target "index.html" must be a path starting with /',
    );
    expect(configError('/a /index.html?x=1 200').reason).toMatch(/can't carry a query string/);
    expect(configError('/a /x/../y 200').reason).toBe('the target contains a `..` segment');
    expect(configError('/a(b) /x 200').reason).toBe('the path `(` is not allowed in a route pattern');
  });

  it('rejects malformed lines, self-redirects and duplicates with their line', () => {
    expect(configError('/only-one-token')).toMatchObject({ line: 1, reason: 'expected `from to [status]`' });
    expect(configError('old /new')).toMatchObject({ reason: '"old" must be a path starting with /' });
    expect(configError('/a b')).toMatchObject({ reason: 'the target "b" must be a path or an absolute URL' });
    expect(configError('/a /a 301').reason).toBe('redirects /a to itself');
    expect(configError('/a /b\n\n/a/ /c 302')).toMatchObject({
      line: 3,
      reason: 'a rule for /a is already on line 1',
    });
    expect(configError('/a /b 301\n/a /c 200')).toMatchObject({ line: 2 });
  });

  it('uses the file name it is given', () => {
    expect(() => parseRedirectsFile('/a', 'dist/_redirects')).toThrow(/^dist\/_redirects:1: /);
  });
});
