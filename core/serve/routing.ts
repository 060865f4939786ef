// Request path → what to look up, matched exactly as the Walrus Sites portal v2.12.0 does
// (MystenLabs/walrus-sites 1cd9e75a, portal/common/lib/src/{routing,path_patterns,domain_parsing}.ts).
// The caller applies the portal's order: exact resource, then `matchRedirect`, then `matchRoute`,
// then the site's /404.html, then the portal's 404 page.
//
// Redirects (`WalrusSitesRouter.matchPathToRedirect` → `matchGlobEntry`):
//   - a pattern is split on `/` and matched segment by segment against the path split on `/`;
//   - a segment may hold one `*`, which matches any run of characters (the empty one too) inside
//     that segment only: `prefix*suffix` matches a segment that starts with `prefix`, ends with
//     `suffix` and is at least as long as both together;
//   - a whole-segment `**` matches zero or more segments (one `**` per pattern); the segments
//     before it anchor at the start of the path, those after it at the end (`/foo/**` matches `/foo`);
//   - every other character is a literal (`?`, `[`, `{a,b}`, `.`, `(`…), and matching is case-sensitive;
//   - patterns the portal's `validateGlobPattern` rejects (a segment with two `*` that is not
//     exactly `**`, or two `**`) are skipped. We check that with `redirectPatternProblem`, which
//     also rejects patterns starting with neither `/` nor `*`: such a pattern can never match a
//     path that starts with `/`, so skipping it changes nothing;
//   - the most specific match wins: most literal characters (pattern length minus its `*`s minus
//     one per `**`, whose `/` may collapse), then fewest `*`; a full tie goes to the earlier entry.
// Routes, legacy matcher (`matchRouteViaRegex`, the default while ENABLE_GLOB_ROUTING is off):
//   - patterns containing any of `( ) [ ] { } + ? ^ $ | \` or more than two `*` are skipped
//     (`validateRegexPattern`); nothing else is checked, not even a leading `/`;
//   - the rest match as the regular expression `^` + pattern with each `*` as `.*` + `$`, no flags:
//     `*` crosses `/`, `.` is any character, and neither matches a line terminator (a `%0A` in the
//     URL decodes to one);
//   - the longest pattern string (UTF-16 length) wins; a tie goes to the earlier entry.
//   So `/path/*` does not match `/path` (the regex needs the `/`) but does match `/path/`.
// Routes, glob matcher (`matchRouteViaGlob`, opt-in like ENABLE_GLOB_ROUTING): each pattern is
// rewritten by `routeToGlob` (`*` → `/**`, `…/*` → `…/**/*`) and matched like a redirect.
//
// `core/site/glob.ts` is site-builder's Rust glob (for `headers` and `ignore`), a different language:
// there `*` crosses `/` and `?`/`[…]` are wildcards. It must not be used here.
import { RequestPathError } from '../site/errors.ts';
import { checkRequestPathLength, normalizeRequestPath } from '../site/paths.ts';
import { redirectPatternProblem, routeToGlob } from '../site/portal-patterns.ts';
import type { Redirect } from '../site/types.ts';

export { MAX_REQUEST_PATH_BYTES } from '../site/paths.ts';
export { RequestPathError };

/**
 * The resource path to look up for a URL's pathname (`url.pathname`, still percent-encoded):
 * `/` → `/index.html`, otherwise one trailing `/` dropped (no `/dir/` → `/dir/index.html`), then
 * percent-decoded. Throws `RequestPathError` on malformed percent-encoding (the portal answers 404
 * there; we answer 400, see error-page.ts) and on a path over `MAX_REQUEST_PATH_BYTES` decoded,
 * which is never matched (400 too).
 */
export function resolvePath(urlPath: string): string {
  return normalizeRequestPath(urlPath);
}

/**
 * The redirect the portal applies to `path` (a resolved path), with the pattern that won, or null.
 * @throws RequestPathError when `path` is longer than `MAX_REQUEST_PATH_BYTES` (see `resolvePath`).
 */
export function matchRedirect(
  path: string,
  redirects: readonly (readonly [string, Redirect])[],
): { pattern: string; redirect: Redirect } | null {
  checkRequestPathLength(path);
  const winner = mostSpecific(redirects, path, (pattern) => pattern);
  return winner === null ? null : { pattern: winner.pattern, redirect: winner.value };
}

export interface MatchRouteOptions {
  /**
   * Match as the portal does with ENABLE_GLOB_ROUTING=true (segment globs, most specific wins)
   * instead of the legacy regex. Default false, like the portal.
   */
  readonly glob?: boolean;
}

/**
 * The target resource path of the route the portal applies to `path`, or null.
 * @throws RequestPathError when `path` is longer than `MAX_REQUEST_PATH_BYTES`: the legacy matcher
 *   is quadratic in the path, so such paths are refused rather than matched (see `resolvePath`).
 */
export function matchRoute(
  path: string,
  routes: readonly (readonly [string, string])[],
  options: MatchRouteOptions = {},
): string | null {
  checkRequestPathLength(path);
  if (options.glob === true) return mostSpecific(routes, path, routeToGlob)?.value ?? null;
  let best: readonly [string, string] | null = null;
  for (const entry of routes) {
    const regex = legacyRouteRegex(entry[0]);
    if (regex === null || !regex.test(path)) continue;
    if (best === null || entry[0].length > best[0].length) best = entry;
  }
  return best === null ? null : best[1];
}

// ---- redirects and glob routes ------------------------------------------------------------------

function mostSpecific<V>(
  entries: readonly (readonly [string, V])[],
  path: string,
  toGlob: (pattern: string) => string,
): { pattern: string; value: V } | null {
  let best: { pattern: string; value: V; literals: number; stars: number } | null = null;
  for (const [pattern, value] of entries) {
    const glob = toGlob(pattern);
    if (redirectPatternProblem(glob) !== null || !matchPortalGlob(glob, path)) continue;
    const stars = countStars(glob);
    const globstars = glob.split('/').filter((segment) => segment === '**').length;
    const literals = glob.length - stars - globstars;
    if (best === null || literals > best.literals || (literals === best.literals && stars < best.stars)) {
      best = { pattern, value, literals, stars };
    }
  }
  return best;
}

/**
 * Whether `path` matches the portal glob `pattern` (see the top of this file). `pattern` must be
 * valid (`redirectPatternProblem(pattern) === null`): at most one `*` per segment, one `**`.
 */
export function matchPortalGlob(pattern: string, path: string): boolean {
  const patternSegments = pattern.split('/');
  const pathSegments = path.split('/');
  const globstar = patternSegments.indexOf('**');
  if (globstar === -1) {
    return (
      patternSegments.length === pathSegments.length &&
      patternSegments.every((segment, i) => segmentMatches(segment, pathSegments[i]!))
    );
  }
  const head = patternSegments.slice(0, globstar);
  const tail = patternSegments.slice(globstar + 1);
  if (pathSegments.length < head.length + tail.length) return false;
  const tailStart = pathSegments.length - tail.length;
  return (
    head.every((segment, i) => segmentMatches(segment, pathSegments[i]!)) &&
    tail.every((segment, i) => segmentMatches(segment, pathSegments[tailStart + i]!))
  );
}

function segmentMatches(pattern: string, segment: string): boolean {
  const star = pattern.indexOf('*');
  if (star === -1) return pattern === segment;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  return (
    segment.length >= prefix.length + suffix.length && segment.startsWith(prefix) && segment.endsWith(suffix)
  );
}

function countStars(text: string): number {
  return text.split('*').length - 1;
}

// ---- legacy routes ------------------------------------------------------------------------------

const REGEX_METACHARACTERS = /[()[\]{}+?^$|\\]/;
const MAX_LEGACY_STARS = 2;

// A site's routes are matched on every request; compile each pattern once (bounded, patterns come
// from arbitrary sites).
const legacyRegexes = new Map<string, RegExp | null>();
const MAX_CACHED_REGEXES = 1000;

/** The portal's regex for a legacy route pattern, or null when the portal skips the pattern. */
function legacyRouteRegex(pattern: string): RegExp | null {
  let regex = legacyRegexes.get(pattern);
  if (regex !== undefined) return regex;
  // With the metacharacters gone only `.` and `*` are special, so the source is always valid and
  // at most two `.*` keep the worst case quadratic.
  const skip = REGEX_METACHARACTERS.test(pattern) || countStars(pattern) > MAX_LEGACY_STARS;
  regex = skip ? null : new RegExp(`^${pattern.replaceAll('*', '.*')}$`);
  if (legacyRegexes.size >= MAX_CACHED_REGEXES) legacyRegexes.clear();
  legacyRegexes.set(pattern, regex);
  return regex;
}
