// Fuzz targets of how a portal maps a request path to a resource: the path itself, then the
// site's redirects and routes (the portal's legacy regex patterns and globs).
import { RequestPathError } from '../core/site/errors.ts';
import { MAX_REQUEST_PATH_BYTES } from '../core/site/paths.ts';
import { redirectPatternProblem } from '../core/site/portal-patterns.ts';
import type { Redirect } from '../core/site/types.ts';
import { REDIRECT_STATUSES } from '../core/site/ws-resources.ts';
import { matchPortalGlob, matchRedirect, matchRoute, resolvePath } from '../core/serve/routing.ts';
import { assertEqual, mutateText, property, showText, type Rng } from './engine.ts';
import { expectedRequestPath } from './path-targets.ts';
import { PATH_SEEDS, PATH_TOKENS } from './site-seeds.ts';
import { defineTarget, type FuzzTarget } from './target.ts';
import { textTarget } from './target-rows.ts';

const utf8 = new TextEncoder();

/** Request paths: Node's default 16 KiB header limit bounds what a portal server receives. */
const MAX_REQUEST_PATH = 16 * 1024;

const resolvePathTarget = textTarget({
  name: 'serve.resolvePath',
  parsers: 'resolvePath',
  expected: [RequestPathError],
  seeds: PATH_SEEDS,
  tokens: PATH_TOKENS,
  maxLength: MAX_REQUEST_PATH,
  check: (urlPath) => {
    const path = resolvePath(urlPath);
    if (!urlPath.includes('%'))
      assertEqual('without %, only the trailing / changes', path, expectedRequestPath(urlPath));
  },
});

const REDIRECT_PATTERNS: readonly string[] = [
  '/old/**',
  '/a*b',
  '/c',
  '/docs/**',
  '/*',
  '*',
  '/**',
  '/x/*/y',
  '/blog/*.html',
  '/a/**/z',
  '/index.html',
];
const ROUTE_PATTERNS: readonly string[] = [
  '/*',
  '/app/*',
  '/docs/*',
  '*',
  '/a/*/b',
  '/x.html',
  '/*/*',
  '/a*b*',
  '/path/*',
  '/**',
  '/*/*.html',
  '/docs/*/index.*',
];
const ROUTING_PATHS = (): string[] => [
  ...PATH_SEEDS().filter((p) => p.startsWith('/')),
  '/old/a/b',
  '/docs',
  '/app/x/y',
  '/a/q/b',
  '/blog/post.html',
];
const ROUTING_TOKENS: readonly string[] = [
  ...PATH_TOKENS,
  '*',
  '**',
  '/**',
  '/*',
  '.',
  '(',
  '[',
  '\\',
  '$',
  '^',
  '?',
  '+',
  '{',
  '|',
];

interface RedirectInput {
  readonly path: string;
  readonly redirects: readonly (readonly [string, Redirect])[];
}

function mutateEntries<V>(
  entries: readonly (readonly [string, V])[],
  rng: Rng,
  patterns: readonly string[],
  value: () => V,
): (readonly [string, V])[] {
  const out = [...entries];
  const i = rng.below(out.length + 1);
  const choice = rng.below(4);
  if (choice === 0 && out.length > 0) out.splice(rng.below(out.length), 1);
  else if (choice === 1 || out.length === 0) out.splice(i, 0, [rng.pick(patterns), value()]);
  else {
    const j = rng.below(out.length);
    out[j] = [
      mutateText(out[j]![0], rng, { donors: patterns, tokens: ROUTING_TOKENS, maxLength: 4096 }),
      out[j]![1],
    ];
  }
  return out;
}

/** A request path mutated like a routing pattern, up to what a portal server accepts. */
function mutatePath(path: string, rng: Rng, seeds: readonly { readonly path: string }[]): string {
  return mutateText(path, rng, {
    donors: seeds.map((s) => s.path),
    tokens: ROUTING_TOKENS,
    maxLength: MAX_REQUEST_PATH,
  });
}

const matchRedirectTarget = defineTarget<RedirectInput>({
  name: 'serve.matchRedirect',
  parsers: 'matchRedirect',
  // Paths over MAX_REQUEST_PATH_BYTES are refused before matching.
  expected: [RequestPathError],
  seeds: () =>
    ROUTING_PATHS().map((path, i) => ({
      path,
      redirects: REDIRECT_PATTERNS.slice(i % 4, (i % 4) + 6).map(
        (p, k) => [p, { location: `/to/${k}`, statusCode: REDIRECT_STATUSES[k % 5]! }] as const,
      ),
    })),
  mutate: (input, { rng, seeds }) => {
    if (rng.chance(0.5)) {
      return { ...input, path: mutatePath(input.path, rng, seeds) };
    }
    let redirects = input.redirects;
    for (let k = 1 + rng.size(3); k > 0; k--) {
      redirects = mutateEntries(redirects, rng, REDIRECT_PATTERNS, () => ({
        location: `/to/${rng.below(100)}`,
        statusCode: rng.pick(REDIRECT_STATUSES),
      }));
    }
    return { ...input, redirects };
  },
  check: ({ path, redirects }) => {
    const match = matchRedirect(path, redirects);
    property(
      'only paths within the cap are matched',
      () => utf8.encode(path).length <= MAX_REQUEST_PATH_BYTES,
    );
    if (match === null) return;
    property('the winner is one of the redirects', () =>
      redirects.some(([p, r]) => p === match.pattern && r === match.redirect),
    );
    property('the winning pattern is valid', () => redirectPatternProblem(match.pattern) === null);
    property('the winning pattern matches the path', () => matchPortalGlob(match.pattern, path));
  },
  format: (input, max) =>
    `path ${showText(input.path, max / 2)}, redirects ${showText(JSON.stringify(input.redirects.map(([p]) => p)), max / 2)}`,
});

interface RouteInput {
  readonly path: string;
  readonly routes: readonly (readonly [string, string])[];
  readonly glob: boolean;
}

const matchRouteTarget = defineTarget<RouteInput>({
  name: 'serve.matchRoute',
  parsers: 'matchRoute (legacy regex and glob)',
  // The legacy matcher is the portal's regex (`*` → `.*`, at most two), quadratic by design: a
  // 16 KiB path took ~90 ms against `/*/*.html`, so paths over MAX_REQUEST_PATH_BYTES are refused.
  expected: [RequestPathError],
  seeds: () =>
    ROUTING_PATHS().flatMap((path, i) => {
      const routes = ROUTE_PATTERNS.slice(i % 4, (i % 4) + 6).map(
        (p, k) => [p, `/target-${k}.html`] as const,
      );
      return [
        { path, routes, glob: false },
        { path, routes, glob: true },
      ];
    }),
  mutate: (input, { rng, seeds }) => {
    if (rng.chance(0.05)) return { ...input, glob: !input.glob };
    if (rng.chance(0.5)) {
      return { ...input, path: mutatePath(input.path, rng, seeds) };
    }
    let routes = input.routes;
    for (let k = 1 + rng.size(3); k > 0; k--)
      routes = mutateEntries(routes, rng, ROUTE_PATTERNS, () => `/t${rng.below(100)}.html`);
    return { ...input, routes };
  },
  check: ({ path, routes, glob }) => {
    const target = matchRoute(path, routes, { glob });
    property(
      'only paths within the cap are matched',
      () => utf8.encode(path).length <= MAX_REQUEST_PATH_BYTES,
    );
    if (target === null) return;
    property('the result is one of the route targets', () => routes.some(([, t]) => t === target));
  },
  format: (input, max) =>
    `glob ${input.glob}, path ${showText(input.path, max / 2)}, routes ${showText(JSON.stringify(input.routes.map(([p]) => p)), max / 2)}`,
});

export const ROUTING_TARGETS: readonly FuzzTarget[] = [
  resolvePathTarget,
  matchRedirectTarget,
  matchRouteTarget,
];
