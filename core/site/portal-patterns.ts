// The pattern languages the Walrus Sites portal (v2.12.0, portal/common/lib/src/path_patterns.ts)
// uses for `routes` and `redirects`. These are NOT the site-builder globs of `headers`/`ignore`:
//   - redirects are portal globs: `*` stays within one segment, a whole-segment `**` spans any number
//     of segments, everything else (`?`, `[`) is literal; the most specific match wins;
//   - routes use the legacy matcher: `^pattern$` with each `*` as `.*` (crossing `/`) and `.` as any
//     character; the longest pattern wins. Behind ENABLE_GLOB_ROUTING the portal instead rewrites
//     them to globs (`/a/*` → `/a/**/*`) and matches like redirects.
// The portal silently skips a pattern that fails its validation, so we reject such patterns at
// deploy time, where the user can still fix them.

/** Why the portal would never apply `pattern` as a redirect, or null. */
export function redirectPatternProblem(pattern: string): string | null {
  return startProblem(pattern) ?? globProblem(pattern);
}

/** Why the portal would never apply `pattern` as a route (now or once glob routing is on), or null. */
export function routePatternProblem(pattern: string): string | null {
  const start = startProblem(pattern);
  if (start !== null) return start;
  const illegal = /[()[\]{}+?^$|\\]/.exec(pattern);
  if (illegal !== null) return `\`${illegal[0]}\` is not allowed in a route pattern`;
  const stars = countStars(pattern);
  if (stars > 2) return `a route pattern may contain at most 2 \`*\`, this one has ${stars}`;
  return globProblem(routeToGlob(pattern));
}

/** The glob the portal matches a legacy route pattern as when ENABLE_GLOB_ROUTING is on. */
export function routeToGlob(pattern: string): string {
  if (pattern.includes('**')) return pattern;
  if (pattern === '*') return '/**';
  if (pattern.endsWith('/*')) return `${pattern.slice(0, -2)}/**/*`;
  return pattern;
}

// Request paths always start with `/`, so anything else cannot match (except a leading wildcard).
function startProblem(pattern: string): string | null {
  return pattern.startsWith('/') || pattern.startsWith('*') ? null : 'must start with `/`';
}

function globProblem(pattern: string): string | null {
  let globstars = 0;
  for (const segment of pattern.split('/')) {
    if (segment === '**') globstars += 1;
    else if (countStars(segment) > 1) {
      return `segment "${segment}" may use at most one \`*\`, or be a whole-segment \`**\``;
    }
  }
  return globstars > 1 ? `at most one \`**\` is allowed, this pattern has ${globstars}` : null;
}

function countStars(text: string): number {
  return text.split('*').length - 1;
}
