import { describe, expect, it } from 'vitest';
import { redirectPatternProblem, routePatternProblem, routeToGlob } from './portal-patterns.ts';

describe('redirectPatternProblem', () => {
  it('accepts portal globs', () => {
    for (const pattern of [
      '/old',
      '/blog/**',
      '/redirects/**/*',
      '/*.html',
      '/a/*/b',
      '/**',
      '**/x',
      '/what?[1]',
    ]) {
      expect(redirectPatternProblem(pattern), pattern).toBeNull();
    }
  });

  it('rejects what the portal skips', () => {
    expect(redirectPatternProblem('/a*b*')).toMatch(/segment "a\*b\*" may use at most one `\*`/);
    expect(redirectPatternProblem('/x**')).toMatch(/at most one `\*`/);
    expect(redirectPatternProblem('/**/a/**')).toBe('at most one `**` is allowed, this pattern has 2');
    expect(redirectPatternProblem('old')).toBe('must start with `/`');
  });
});

describe('routePatternProblem', () => {
  it('accepts legacy route patterns', () => {
    for (const pattern of ['/*', '*', '/app/*', '/a/*/b/*', '/file.html', '/**']) {
      expect(routePatternProblem(pattern), pattern).toBeNull();
    }
  });

  it('rejects regex metacharacters, more than two stars and invalid glob rewrites', () => {
    for (const c of ['(', ')', '[', ']', '{', '}', '+', '?', '^', '$', '|', '\\']) {
      expect(routePatternProblem(`/a${c}`), c).toBe(`\`${c}\` is not allowed in a route pattern`);
    }
    expect(routePatternProblem('/*/*/*')).toBe('a route pattern may contain at most 2 `*`, this one has 3');
    expect(routePatternProblem('/*a*')).toMatch(/may use at most one `\*`/);
    expect(routePatternProblem('index.html')).toBe('must start with `/`');
  });
});

describe('routeToGlob', () => {
  it('rewrites legacy patterns as the portal does under ENABLE_GLOB_ROUTING', () => {
    expect(routeToGlob('*')).toBe('/**');
    expect(routeToGlob('/*')).toBe('/**/*');
    expect(routeToGlob('/app/*')).toBe('/app/**/*');
    expect(routeToGlob('/a/**')).toBe('/a/**');
    expect(routeToGlob('/a.html')).toBe('/a.html');
  });
});
