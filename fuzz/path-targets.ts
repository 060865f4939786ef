// Fuzz targets of site paths: the resource paths a deploy writes on chain (from file names or
// segments) and the request paths a portal is asked for.
import { PathError, RequestPathError } from '../core/site/errors.ts';
import {
  bcsStringSize,
  MAX_IDENTIFIER_SIZE,
  MAX_REQUEST_PATH_BYTES,
  normalizeRequestPath,
  resourcePath,
  validateResourcePath,
} from '../core/site/paths.ts';
import { assertEqual, mutateText, property, showText } from './engine.ts';
import { PATH_SEEDS, PATH_TOKENS } from './site-seeds.ts';
import { defineTarget, type FuzzTarget } from './target.ts';
import { textTarget } from './target-rows.ts';

const utf8 = new TextEncoder();

const resourcePathTarget = defineTarget<string | readonly string[]>({
  name: 'paths.resourcePath',
  parsers: 'resourcePath',
  expected: [PathError],
  seeds: () => [...PATH_SEEDS(), ['a', 'b', 'c.txt'], ['caf\u00e9', '', 'x'], ['..', 'x']],
  mutate: (input, { rng, seeds }) => {
    const donors = seeds.map((s) => (typeof s === 'string' ? s : s.join('/')));
    if (typeof input === 'string') {
      const text = mutateText(input, rng, { donors, tokens: PATH_TOKENS, maxLength: 20_000 });
      return rng.chance(0.2) ? text.split('/') : text;
    }
    const segments = [...input];
    const i = rng.below(segments.length + 1);
    segments.splice(
      i,
      rng.chance(0.5) ? 1 : 0,
      mutateText(segments[i] ?? '', rng, { donors, tokens: PATH_TOKENS, maxLength: 5000 }),
    );
    return segments;
  },
  check: (input) => {
    const path = resourcePath(input);
    const joined = typeof input === 'string' ? input : input.join('/');
    assertEqual(
      'resourcePath is / + the relative path with \\ as /',
      path,
      `/${joined.replaceAll('\\', '/')}`,
    );
    property('an accepted path re-validates', () => validateResourcePath(path) === path);
  },
  format: (input, max) =>
    typeof input === 'string' ? showText(input, max) : `segments ${showText(JSON.stringify(input), max)}`,
});

const validateResourcePathTarget = textTarget({
  name: 'paths.validateResourcePath',
  parsers: 'validateResourcePath',
  expected: [PathError],
  seeds: PATH_SEEDS,
  tokens: PATH_TOKENS,
  maxLength: 20_000,
  check: (path) => {
    const result = validateResourcePath(path);
    assertEqual('validateResourcePath returns its input', result, path);
    property('fits MAX_IDENTIFIER_SIZE', () => bcsStringSize(path) <= MAX_IDENTIFIER_SIZE);
    property('has no empty, . or .. segment', () =>
      path
        .slice(1)
        .split('/')
        .every((s) => s !== '' && s !== '.' && s !== '..'),
    );
    property('resourcePath agrees', () => path.includes('\\') || resourcePath(path.slice(1)) === path);
  },
});

/** What a request path without `%` normalizes to: `/` is the index, a trailing `/` goes. */
export function expectedRequestPath(urlPath: string): string {
  return urlPath === '/' ? '/index.html' : urlPath.endsWith('/') ? urlPath.slice(0, -1) : urlPath;
}

const normalizeRequestPathTarget = textTarget({
  name: 'paths.normalizeRequestPath',
  parsers: 'normalizeRequestPath',
  expected: [RequestPathError],
  seeds: PATH_SEEDS,
  tokens: PATH_TOKENS,
  maxLength: 20_000,
  check: (urlPath) => {
    const path = normalizeRequestPath(urlPath);
    property('the path is within the cap', () => utf8.encode(path).length <= MAX_REQUEST_PATH_BYTES);
    if (!urlPath.includes('%'))
      assertEqual('without %, only the trailing / changes', path, expectedRequestPath(urlPath));
  },
});

export const PATH_TARGETS: readonly FuzzTarget[] = [
  resourcePathTarget,
  validateResourcePathTarget,
  normalizeRequestPathTarget,
];
