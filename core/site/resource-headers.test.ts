import { describe, expect, it } from 'vitest';
import { emptySiteConfig } from './config.ts';
import { resourceHeaders, ruleHeaders } from './resource-headers.ts';
import type { HeaderRule, SiteConfig } from './types.ts';
import { parseWsResources } from './ws-resources.ts';

function withRules(...headers: HeaderRule[]): SiteConfig {
  return { ...emptySiteConfig(), headers };
}

describe('resourceHeaders', () => {
  it('adds content-encoding identity and the content-type of the extension, sorted by name', () => {
    expect([...resourceHeaders('/index.html', emptySiteConfig())]).toEqual([
      ['content-encoding', 'identity'],
      ['content-type', 'text/html'],
    ]);
    expect(resourceHeaders('/pkg/app_bg.wasm', emptySiteConfig()).get('content-type')).toBe(
      'application/wasm',
    );
    expect(resourceHeaders('/LICENSE', emptySiteConfig()).get('content-type')).toBe(
      'application/octet-stream',
    );
  });

  it("takes the coding a deploy stored the file with as the default, never over a rule's own", () => {
    expect([...resourceHeaders('/index.html', emptySiteConfig(), 'br')]).toEqual([
      ['content-encoding', 'br'],
      ['content-type', 'text/html'],
    ]);
    const config = withRules({ pattern: '/*.js', headers: { 'Content-Encoding': 'gzip' } });
    expect(resourceHeaders('/app.js', config, 'br').get('content-encoding')).toBe('gzip');
    // ruleHeaders is what the rules alone say: nothing added.
    expect([...ruleHeaders('/app.js', config)]).toEqual([['content-encoding', 'gzip']]);
    expect([...ruleHeaders('/index.html', config)]).toEqual([]);
  });

  it('applies only the deepest matching rule, without merging', () => {
    const config = withRules(
      { pattern: '/*', headers: { 'X-Frame-Options': 'DENY' } },
      { pattern: '/assets/*', headers: { 'Cache-Control': 'immutable' } },
    );
    expect(Object.fromEntries(resourceHeaders('/assets/js/app.js', config))).toEqual({
      'cache-control': 'immutable',
      'content-encoding': 'identity',
      'content-type': 'text/javascript',
    });
    expect(Object.fromEntries(resourceHeaders('/index.html', config))).toEqual({
      'content-encoding': 'identity',
      'content-type': 'text/html',
      'x-frame-options': 'DENY',
    });
  });

  it('measures depth in pattern segments, not in how specific the match is', () => {
    const config = withRules(
      { pattern: '/a/b/*', headers: { Deep: '1' } },
      { pattern: '/a/b/c.html', headers: { Exact: '1' } },
    );
    // Both have depth 4; the earlier rule wins the tie even though the other names the file exactly.
    expect(resourceHeaders('/a/b/c.html', config).has('deep')).toBe(true);
    expect(
      resourceHeaders('/a/b/c.html', withRules(config.headers[1]!, config.headers[0]!)).has('exact'),
    ).toBe(true);
  });

  it('breaks ties in ws-resources.json the way site-builder does, whatever the file order', () => {
    // Both patterns have depth 2. site-builder iterates its BTreeMap: "/*" < "/*.svg", so "/*" wins.
    for (const text of [
      '{"headers": {"/*.svg": {"X-Svg": "1"}, "/*": {"X-All": "1"}}}',
      '{"headers": {"/*": {"X-All": "1"}, "/*.svg": {"X-Svg": "1"}}}',
    ]) {
      const headers = resourceHeaders('/logo.svg', parseWsResources(text));
      expect(headers.get('x-all')).toBe('1');
      expect(headers.has('x-svg')).toBe(false);
    }
  });

  it('lowercases names and lets rules override the defaults', () => {
    const config = withRules({
      pattern: '/*.js.gz',
      headers: { 'Content-Encoding': 'gzip', 'Content-Type': 'text/javascript; charset=utf-8', ETag: '"v1"' },
    });
    expect([...resourceHeaders('/app.js.gz', config)]).toEqual([
      ['content-encoding', 'gzip'],
      ['content-type', 'text/javascript; charset=utf-8'],
      ['etag', '"v1"'],
    ]);
  });

  it('lets an empty deeper rule shadow a shallower one, as in site-builder', () => {
    const config = withRules({ pattern: '/*', headers: { 'X-A': '1' } }, { pattern: '/raw/*', headers: {} });
    expect([...resourceHeaders('/raw/x.txt', config).keys()]).toEqual(['content-encoding', 'content-type']);
  });

  it('matches with site-builder glob semantics', () => {
    const config = withRules({ pattern: '/*.svg', headers: { 'Cache-Control': 'max-age=60' } });
    expect(resourceHeaders('/icons/deep/logo.svg', config).get('cache-control')).toBe('max-age=60');
    expect(resourceHeaders('/logo.SVG', config).has('cache-control')).toBe(false);
  });

  it('keeps working when the same rule list is reused (compiled once)', () => {
    const config = withRules({ pattern: '/a/*', headers: { X: '1' } });
    for (let i = 0; i < 3; i++) expect(resourceHeaders(`/a/${i}.txt`, config).get('x')).toBe('1');
  });
});
