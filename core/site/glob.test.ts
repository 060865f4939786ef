import { describe, expect, it } from 'vitest';
import { GlobSyntaxError } from './errors.ts';
import { escapeGlob, globMatches, globProblem, parseGlob, patternDepth } from './glob.ts';
import { CURATED_GLOB_VECTORS, RANDOM_GLOB_VECTORS } from './test-support/glob-vectors.ts';
import type { GlobVector } from './test-support/glob-vectors.ts';

function check([pattern, path, expected]: GlobVector): void {
  if (typeof expected === 'boolean') {
    expect(globMatches(pattern, path), `${pattern} vs ${path}`).toBe(expected);
    return;
  }
  try {
    parseGlob(pattern);
    expect.unreachable(`${pattern} should be rejected`);
  } catch (error) {
    expect(error).toBeInstanceOf(GlobSyntaxError);
    expect((error as GlobSyntaxError).position, pattern).toBe(expected.error);
  }
}

describe('glob (Rust glob crate semantics)', () => {
  it('agrees with the Rust crate on the hand-picked vectors', () => {
    for (const vector of CURATED_GLOB_VECTORS) check(vector);
  });

  it('agrees with the Rust crate on random vectors', () => {
    for (const vector of RANDOM_GLOB_VECTORS) check(vector);
  });

  it('lets * cross / (require_literal_separator is false)', () => {
    expect(globMatches('/*.svg', '/icons/deep/logo.svg')).toBe(true);
    expect(globMatches('/docs/*', '/docs/a/b/c.html')).toBe(true);
    expect(globMatches('/docs/*', '/docs')).toBe(false);
  });

  it('lets ? match / and a whole astral character', () => {
    expect(globMatches('/a?b', '/a/b')).toBe(true);
    expect(globMatches('/?', '/😀')).toBe(true);
    expect(globMatches('/??', '/😀')).toBe(false);
  });

  it('makes ** match zero or more whole directories', () => {
    expect(globMatches('/a/**/b.html', '/a/b.html')).toBe(true);
    expect(globMatches('/a/**/b.html', '/a/x/y/b.html')).toBe(true);
    expect(globMatches('/a/**/b.html', '/a/xb.html')).toBe(false);
    // A trailing ** swallows everything below, even a last segment without a slash after it.
    expect(globMatches('/a/**', '/a/x/y')).toBe(true);
    expect(globMatches('/a/**', '/a')).toBe(false);
  });

  it('is case-sensitive and treats . literally', () => {
    expect(globMatches('/Index.html', '/index.html')).toBe(false);
    expect(globMatches('/a.html', '/aXhtml')).toBe(false);
  });

  it('supports classes, negation, ranges and literal ] first', () => {
    expect(globMatches('/[a-c]*', '/banana')).toBe(true);
    expect(globMatches('/[!a-c]*', '/banana')).toBe(false);
    expect(globMatches('/[]]', '/]')).toBe(true);
    expect(globMatches('/[!]]', '/x')).toBe(true);
    expect(globMatches('/[a-]', '/-')).toBe(true);
  });

  it('rejects what Pattern::new rejects, with the crate position and message', () => {
    expect(() => parseGlob('/a/***')).toThrow(/wildcards are either regular `\*` or recursive `\*\*`/);
    expect(() => parseGlob('/a**')).toThrow(/recursive wildcards must form a single path component/);
    expect(() => parseGlob('/[abc')).toThrow(/invalid range pattern/);
    expect(globProblem('/a**')).toBe(
      'recursive wildcards must form a single path component (at character 1)',
    );
    expect(globProblem('/ok/**/*.css')).toBeNull();
  });

  it('stays fast on patterns that backtrack exponentially without memoization', () => {
    const pattern = `/${'*a'.repeat(12)}*b`;
    const path = `/${'a'.repeat(2000)}`;
    const start = performance.now();
    expect(globMatches(pattern, path)).toBe(false);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('compiles once and matches many paths', () => {
    const glob = parseGlob('/img/*.png');
    expect(glob.pattern).toBe('/img/*.png');
    expect(['/img/a.png', '/img/b/c.png', '/img/a.jpg'].map((p) => glob.matches(p))).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe('patternDepth', () => {
  it('counts /-separated segments like Rust split("/").count()', () => {
    expect(patternDepth('*')).toBe(1);
    expect(patternDepth('/*.svg')).toBe(2);
    expect(patternDepth('/assets/*')).toBe(3);
    expect(patternDepth('/a/b/c/*')).toBe(5);
    expect(patternDepth('')).toBe(1);
    expect(patternDepth('/')).toBe(2);
  });
});

describe('escapeGlob', () => {
  it('makes metacharacters literal like Pattern::escape', () => {
    expect(escapeGlob('/what?[1]*')).toBe('/what[?][[]1[]][*]');
    const literal = '/a?b[c]*d';
    expect(globMatches(escapeGlob(literal), literal)).toBe(true);
    expect(globMatches(escapeGlob(literal), '/aXb[c]*d')).toBe(false);
  });
});
