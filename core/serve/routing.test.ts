import { describe, expect, it } from 'vitest';
import type { Redirect } from '../site/types.ts';
import {
  MAX_REQUEST_PATH_BYTES,
  matchPortalGlob,
  matchRedirect,
  matchRoute,
  RequestPathError,
  resolvePath,
} from './routing.ts';

const to = (location: string, statusCode: Redirect['statusCode'] = 301): Redirect => ({
  location,
  statusCode,
});

describe('resolvePath', () => {
  it('maps / to /index.html and strips exactly one trailing slash', () => {
    expect(resolvePath('/')).toBe('/index.html');
    expect(resolvePath('/docs/')).toBe('/docs');
    expect(resolvePath('/docs')).toBe('/docs');
    expect(resolvePath('/docs//')).toBe('/docs/');
    // No directory-index rewrite.
    expect(resolvePath('/blog/')).not.toBe('/blog/index.html');
  });

  it('percent-decodes after stripping the slash', () => {
    expect(resolvePath('/caf%C3%A9%20menu.html')).toBe('/café menu.html');
    expect(resolvePath('/a%2Fb')).toBe('/a/b');
    // The encoded slash is decoded after the trailing-slash rule, as in the portal.
    expect(resolvePath('/dir%2F')).toBe('/dir/');
  });

  it('throws a typed error on malformed percent-encoding', () => {
    for (const bad of ['/%', '/%zz', '/%C3', '/%ED%A0%80']) {
      expect(() => resolvePath(bad), bad).toThrow(RequestPathError);
    }
    expect(() => resolvePath('/100%')).toThrow(/malformed percent-encoding/);
    expect(() => resolvePath('relative')).toThrow(RequestPathError);
  });

  it('refuses paths over MAX_REQUEST_PATH_BYTES once decoded, so they are never matched', () => {
    const longest = `/${'a'.repeat(MAX_REQUEST_PATH_BYTES - 1)}`;
    expect(resolvePath(longest)).toBe(longest);
    // Percent-encoded, the longest path is three times as long; it is measured decoded.
    expect(resolvePath(`/${'%C3%A9'.repeat((MAX_REQUEST_PATH_BYTES - 2) / 2)}`)).toHaveLength(
      1 + (MAX_REQUEST_PATH_BYTES - 2) / 2,
    );
    for (const bad of [
      `${longest}a`,
      `/${'%C3%A9'.repeat(MAX_REQUEST_PATH_BYTES / 2)}`,
      `/${'\u00e9'.repeat(MAX_REQUEST_PATH_BYTES / 2)}`,
      `/${'a'.repeat(16 * 1024)}`,
      `/${'%'.repeat(10 * MAX_REQUEST_PATH_BYTES)}`,
    ]) {
      expect(() => resolvePath(bad), bad.slice(0, 20)).toThrow(RequestPathError);
      expect(() => resolvePath(bad), bad.slice(0, 20)).toThrow(
        `is longer than ${MAX_REQUEST_PATH_BYTES} bytes`,
      );
    }
  });
});

describe('matchRedirect', () => {
  // The redirect table of walrus-sites portal/common/lib/tests/routing.test.ts.
  const example: [string, Redirect][] = [
    ['/old-page', to('/new-page', 301)],
    ['/temp', to('https://example.com/temp', 302)],
    ['/blog/old-*', to('/blog/archive', 308)],
    ['/docs/*', to('/documentation', 307)],
  ];

  it('matches exact and glob patterns and keeps the status', () => {
    expect(matchRedirect('/old-page', example)).toEqual({
      pattern: '/old-page',
      redirect: to('/new-page', 301),
    });
    expect(matchRedirect('/temp', example)?.redirect.statusCode).toBe(302);
    expect(matchRedirect('/blog/old-post', example)?.redirect).toEqual(to('/blog/archive', 308));
    expect(matchRedirect('/blog/old-x', example)?.redirect.statusCode).toBe(308);
    expect(matchRedirect('/docs/guide', example)?.redirect.statusCode).toBe(307);
    expect(matchRedirect('/nonexistent', example)).toBeNull();
    expect(matchRedirect('/old-page', [])).toBeNull();
  });

  it('keeps `*` inside one segment', () => {
    expect(matchRedirect('/docs/a/b', example)).toBeNull();
    expect(matchRedirect('/blog/old/post', example)).toBeNull();
    // `*` may match the empty string.
    expect(matchRedirect('/blog/old-', example)?.pattern).toBe('/blog/old-*');
    expect(matchRedirect('/assets/app.js', [['/assets/*.js', to('/js')]])?.pattern).toBe('/assets/*.js');
    expect(matchRedirect('/assets/app.css', [['/assets/*.js', to('/js')]])).toBeNull();
    // Prefix and suffix may not overlap.
    expect(matchRedirect('/ab', [['/ab*b', to('/x')]])).toBeNull();
  });

  it('lets a whole-segment ** span zero or more segments', () => {
    const rules: [string, Redirect][] = [['/foo/**', to('/x')]];
    expect(matchRedirect('/foo', rules)).not.toBeNull();
    expect(matchRedirect('/foo/a/b/c', rules)).not.toBeNull();
    expect(matchRedirect('/bar', rules)).toBeNull();
    expect(matchRedirect('/foobar', rules)).toBeNull();
    const middle: [string, Redirect][] = [['/a/**/z.html', to('/x')]];
    expect(matchRedirect('/a/z.html', middle)).not.toBeNull();
    expect(matchRedirect('/a/b/c/z.html', middle)).not.toBeNull();
    expect(matchRedirect('/a/b/c/y.html', middle)).toBeNull();
    expect(matchRedirect('/deep/x', [['**/x', to('/y')]])).not.toBeNull();
    expect(matchRedirect('/anything/at/all', [['/**', to('/y')]])).not.toBeNull();
  });

  it('treats every other character literally', () => {
    const rules: [string, Redirect][] = [
      ['/x/{a,b}', to('/braces')],
      ['/what?[1]', to('/question')],
      ['/a.b', to('/dot')],
      ['/wiki/Foo_(bar)', to('/parens')],
    ];
    expect(matchRedirect('/x/a', rules)).toBeNull();
    expect(matchRedirect('/x/{a,b}', rules)?.redirect.location).toBe('/braces');
    expect(matchRedirect('/whatX1', rules)).toBeNull();
    expect(matchRedirect('/what?[1]', rules)?.redirect.location).toBe('/question');
    expect(matchRedirect('/aXb', rules)).toBeNull();
    expect(matchRedirect('/wiki/Foo_(bar)', rules)?.redirect.location).toBe('/parens');
    expect(matchRedirect('/OLD-PAGE', example)).toBeNull();
  });

  it('picks the most specific match: more literals, then fewer stars, then the earlier entry', () => {
    // walrus-sites test: `/blog/` beats `/blog/*` for `/blog/` (same literals, no wildcard).
    expect(
      matchRedirect('/blog/', [
        ['/blog/*', to('/blog-catch', 302)],
        ['/blog/', to('/blog-index', 301)],
      ])?.redirect,
    ).toEqual(to('/blog-index', 301));
    // One more literal `/` wins, wherever the entry is.
    expect(
      matchRedirect('/something/else/foo/bar', [
        ['/something/else/**', to('/glob')],
        ['/something/else/**/*', to('/glob-deep')],
      ])?.pattern,
    ).toBe('/something/else/**/*');
    // A longer catch-all prefix beats a short one.
    expect(
      matchRedirect('/docs/intro', [
        ['/**', to('/all')],
        ['/docs/*', to('/docs')],
      ])?.pattern,
    ).toBe('/docs/*');
    // `/a/b` and `/a/b/**` both have four literals; the one without `*` wins.
    expect(
      matchRedirect('/a/b', [
        ['/a/b/**', to('/glob')],
        ['/a/b', to('/exact')],
      ])?.pattern,
    ).toBe('/a/b');
    // Equal literals and stars: the first entry.
    expect(
      matchRedirect('/a/b/c', [
        ['/a/*/c', to('/first')],
        ['/*/b/c', to('/second')],
      ])?.pattern,
    ).toBe('/a/*/c');
    expect(
      matchRedirect('/a/b/c', [
        ['/*/b/c', to('/second')],
        ['/a/*/c', to('/first')],
      ])?.pattern,
    ).toBe('/*/b/c');
  });

  it('skips the patterns the portal skips, even when they would win', () => {
    const rules: [string, Redirect][] = [
      ['/a*b*c*', to('/bad')],
      ['/x**', to('/bad')],
      ['/**/a/**', to('/bad')],
      ['/**', to('/ok')],
    ];
    expect(matchRedirect('/aXbYcZ', rules)?.redirect.location).toBe('/ok');
    expect(matchRedirect('/x', rules)?.redirect.location).toBe('/ok');
    expect(matchRedirect('/q/a/r', rules)?.redirect.location).toBe('/ok');
    expect(matchRedirect('/old', [['old', to('/new')]])).toBeNull();
  });

  it('returns the location verbatim, self-redirects included (the caller answers 508)', () => {
    expect(matchRedirect('/loop', [['/loop', to('/loop')]])?.redirect.location).toBe('/loop');
  });
});

describe('matchPortalGlob', () => {
  it('requires the same number of segments without **', () => {
    expect(matchPortalGlob('/*', '/a')).toBe(true);
    expect(matchPortalGlob('/*', '/a/b')).toBe(false);
    expect(matchPortalGlob('/a/*/b/*', '/a/x/b/y')).toBe(true);
    expect(matchPortalGlob('/a/*', '/a')).toBe(false);
  });
});

describe('matchRoute (legacy, the portal default)', () => {
  // The route table and cases of walrus-sites portal/common/lib/tests/routing.test.ts, run on
  // resolved paths (the portal strips the trailing `/` before matching, so the test's
  // `/path/to/somewhere/` arrives as `/path/to/somewhere`).
  const routes: [string, string][] = [
    ['/*', '/default.html'],
    ['/somewhere/else', '/else.jpeg'],
    ['/somewhere/else/*', '/star-else.gif'],
    ['/path/to/*', '/somewhere.html'],
  ];

  it.each([
    ['/path/to/somewhere/', '/somewhere.html'],
    ['/path/to/somewhere', '/somewhere.html'],
    ['/somewhere/else', '/else.jpeg'],
    ['/', '/default.html'],
    ['/somewhere', '/default.html'],
    ['/somewhere/else/star', '/star-else.gif'],
    ['/somewhere/else/', '/star-else.gif'],
  ])('%s → %s', (path, target) => {
    expect(matchRoute(path, routes)).toBe(target);
  });

  it('matches nothing without routes', () => {
    expect(matchRoute('/anything', [])).toBeNull();
    expect(matchRoute('/nothing', [['/something', '/x.html']])).toBeNull();
  });

  it('does not match /path/* against /path', () => {
    expect(matchRoute('/path', [['/path/*', '/p.html']])).toBeNull();
    expect(matchRoute('/path/', [['/path/*', '/p.html']])).toBe('/p.html');
    expect(matchRoute('/pathology', [['/path*', '/p.html']])).toBe('/p.html');
  });

  it('lets * cross / and . match any character', () => {
    expect(matchRoute('/forms/a/b/admin', [['/forms/*/admin', '/admin.html']])).toBe('/admin.html');
    expect(matchRoute('/api/x/y', [['/api*', '/api.html']])).toBe('/api.html');
    expect(matchRoute('/fileXhtml', [['/file.html', '/f.html']])).toBe('/f.html');
    expect(matchRoute('/anything', [['*', '/all.html']])).toBe('/all.html');
    // Without a leading `/` a pattern can still match through `.` or `*`.
    expect(matchRoute('/x', [['.x', '/dot.html']])).toBe('/dot.html');
    // Anchored at both ends.
    expect(matchRoute('/app/x', [['/app', '/a.html']])).toBeNull();
    expect(matchRoute('/prefix/app', [['/app/*', '/a.html']])).toBeNull();
  });

  it('does not let . or * match a line terminator (regex without flags)', () => {
    expect(matchRoute(resolvePath('/a%0Ab'), [['/*', '/all.html']])).toBeNull();
    expect(matchRoute('/a\u2028b', [['/a.b', '/x.html']])).toBeNull();
  });

  it('picks the longest pattern string, not the most specific', () => {
    // walrus-sites "flag-off → flag-on" delta: the longer `/foo/*` beats the exact `/foo/`.
    expect(
      matchRoute('/foo/', [
        ['/foo/*', '/catch.html'],
        ['/foo/', '/exact.html'],
      ]),
    ).toBe('/catch.html');
    expect(
      matchRoute('/docs/intro', [
        ['/docs/intro', '/exact.html'],
        ['/*', '/all.html'],
      ]),
    ).toBe('/exact.html');
    // Length counts characters, wildcards included.
    expect(
      matchRoute('/aa/bb', [
        ['/aa/*', '/short.html'],
        ['/*/*bb', '/long.html'],
      ]),
    ).toBe('/long.html');
  });

  it('breaks length ties by order', () => {
    expect(
      matchRoute('/ab', [
        ['/a*', '/first.html'],
        ['/*b', '/second.html'],
      ]),
    ).toBe('/first.html');
    expect(
      matchRoute('/ab', [
        ['/*b', '/second.html'],
        ['/a*', '/first.html'],
      ]),
    ).toBe('/second.html');
  });

  it('skips patterns with regex metacharacters or more than two *', () => {
    // Longer than the catch-all, so each would win if it were matched.
    for (const bad of ['/a*b*c*', '/a+b', '/a?b', '/a|b', '/p$', '/^p', '/a\\b', '/foo(', '/x[a]', '/x{2}']) {
      expect(
        matchRoute('/aXbYcZ', [
          [bad, '/bad.html'],
          ['/*', '/ok.html'],
        ]),
        bad,
      ).toBe('/ok.html');
    }
    // As regexes these would match; the portal never builds them.
    const fallback: [string, string] = ['/*', '/ok.html'];
    expect(matchRoute('/b', [['/a?b', '/bad.html'], fallback])).toBe('/ok.html');
    expect(matchRoute('/aaab', [['/a+b', '/bad.html'], fallback])).toBe('/ok.html');
    expect(matchRoute('/a', [['/a|/zzzzz', '/bad.html'], fallback])).toBe('/ok.html');
    expect(matchRoute('/a/b/c', [['/*/*', '/two.html']])).toBe('/two.html');
  });

  it('refuses a path over MAX_REQUEST_PATH_BYTES instead of matching it (quadratic: 16 KiB took 93 ms)', () => {
    const routes: [string, string][] = [['/*/*.html', '/x.html']];
    const longest = `/${'a/'.repeat((MAX_REQUEST_PATH_BYTES - 8) / 2)}bb.html`;
    expect(new TextEncoder().encode(longest)).toHaveLength(MAX_REQUEST_PATH_BYTES);
    expect(matchRoute(longest, routes)).toBe('/x.html');
    const started = performance.now();
    for (const path of [`/${'a'.repeat(16 * 1024)}`, `/${'\u00e9'.repeat(MAX_REQUEST_PATH_BYTES / 2)}x`]) {
      expect(() => matchRoute(path, routes)).toThrow(RequestPathError);
      expect(() => matchRoute(path, routes, { glob: true })).toThrow(RequestPathError);
      expect(() => matchRedirect(path, [['/**', to('/')]])).toThrow(RequestPathError);
    }
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('is not slowed down by long paths', () => {
    const path = `/${'a'.repeat(2040)}`;
    const started = performance.now();
    expect(matchRoute(path, [['/*a*b', '/x.html']])).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('matchRoute with glob routing', () => {
  const glob = { glob: true };
  const routes: [string, string][] = [
    ['/*', '/default.html'],
    ['/somewhere/else', '/else.jpeg'],
    ['/somewhere/else/*', '/star-else.gif'],
    ['/path/to/*', '/somewhere.html'],
  ];

  it('agrees with the legacy matcher on the walrus-sites example table', () => {
    for (const path of ['/path/to/somewhere', '/somewhere/else', '/', '/somewhere', '/somewhere/else/star']) {
      expect(matchRoute(path, routes, glob), path).toBe(matchRoute(path, routes));
    }
  });

  it('keeps a mid-pattern * in one segment and prefers the most specific route', () => {
    expect(matchRoute('/forms/a/b/admin', [['/forms/*/admin', '/admin.html']], glob)).toBeNull();
    expect(matchRoute('/api/x/y', [['/api*', '/api.html']], glob)).toBeNull();
    const sibling: [string, string][] = [
      ['/foo/*', '/catch.html'],
      ['/foo/', '/exact.html'],
    ];
    expect(matchRoute('/foo/', sibling, glob)).toBe('/exact.html');
    expect(matchRoute('/foo/bar', sibling, glob)).toBe('/catch.html');
    expect(matchRoute('/foo', sibling, glob)).toBeNull();
    expect(
      matchRoute(
        '/section',
        [
          ['/section', '/exact.html'],
          ['/section/*', '/child.html'],
        ],
        glob,
      ),
    ).toBe('/exact.html');
  });
});
