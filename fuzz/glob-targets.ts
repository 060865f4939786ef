// Fuzz targets of the glob dialect of ws-resources.json (header rules, ignore lists): parsing a
// pattern, and matching one against a path.
import { GlobSyntaxError } from '../core/site/errors.ts';
import { escapeGlob, globMatches, globProblem, parseGlob } from '../core/site/glob.ts';
import { MAX_IDENTIFIER_SIZE } from '../core/site/paths.ts';
import { CURATED_GLOB_VECTORS, RANDOM_GLOB_VECTORS } from '../core/site/test-support/glob-vectors.ts';
import { assertEqual, mutateText, property, showText } from './engine.ts';
import { PATH_TOKENS } from './site-seeds.ts';
import { defineTarget, type FuzzTarget } from './target.ts';
import { textTarget } from './target-rows.ts';

const GLOB_PATTERNS = (): string[] => [
  ...new Set([...CURATED_GLOB_VECTORS, ...RANDOM_GLOB_VECTORS].map(([p]) => p)),
];
const GLOB_TOKENS: readonly string[] = [
  '*',
  '**',
  '**/',
  '/**/',
  '?',
  '[',
  ']',
  '[!',
  '[a-z]',
  '[!]]',
  '[]]',
  '-',
  '!',
  '\\',
  '{a,b}',
];

const parseGlobTarget = textTarget({
  name: 'glob.parseGlob',
  parsers: 'parseGlob, globProblem',
  expected: [GlobSyntaxError],
  seeds: GLOB_PATTERNS,
  tokens: GLOB_TOKENS,
  maxLength: 20_000,
  check: (pattern) => {
    const problem = globProblem(pattern);
    let glob;
    try {
      glob = parseGlob(pattern);
    } catch (error) {
      property('globProblem reports what parseGlob rejects', () => problem !== null);
      throw error;
    }
    property('globProblem accepts what parseGlob accepts', () => problem === null);
    // Match the pattern against itself (when it could be a resource path: the matcher's memo is
    // tokens × path length) and a couple of site paths: must not throw or hang.
    if (pattern.length <= MAX_IDENTIFIER_SIZE) glob.matches(pattern);
    glob.matches('/index.html');
    glob.matches(`/${'a/'.repeat(200)}b.html`);
    property('an escaped literal matches itself', () => parseGlob(escapeGlob(pattern)).matches(pattern));
    property('`*` matches anything', () => globMatches('*', pattern));
  },
});

const globMatchesTarget = defineTarget<readonly [pattern: string, path: string]>({
  name: 'glob.globMatches',
  parsers: 'globMatches',
  expected: [GlobSyntaxError],
  seeds: () =>
    [...CURATED_GLOB_VECTORS, ...RANDOM_GLOB_VECTORS].map(([pattern, path]) => [pattern, path] as const),
  mutate: ([pattern, path], { rng, seeds }) => {
    const which = rng.below(3);
    const patterns = seeds.map(([p]) => p);
    const paths = seeds.map(([, p]) => p);
    // Paths are resource paths (at most 2 KiB); patterns are keys of the user's own config.
    const newPattern =
      which !== 1
        ? mutateText(pattern, rng, { donors: patterns, tokens: GLOB_TOKENS, maxLength: 20_000 })
        : pattern;
    const newPath =
      which !== 0 ? mutateText(path, rng, { donors: paths, tokens: PATH_TOKENS, maxLength: 4096 }) : path;
    return [newPattern, newPath] as const;
  },
  check: ([pattern, path]) => {
    const matched = globMatches(pattern, path);
    property(
      'parseGlob(p).matches agrees with globMatches',
      () => parseGlob(pattern).matches(path) === matched,
    );
    if (!/[*?[]/.test(pattern))
      assertEqual('a pattern without wildcards matches only itself', matched, pattern === path);
  },
  format: ([pattern, path], max) => `pattern ${showText(pattern, max / 2)}, path ${showText(path, max / 2)}`,
});

export const GLOB_TARGETS: readonly FuzzTarget[] = [parseGlobTarget, globMatchesTarget];
