// Netlify / Cloudflare Pages `_redirects` files, translated to Walrus Sites routes and redirects.
// One rule per line, `from to [status][!] [conditions]`, `#` starts a comment:
//
//   /old-page      /new-page                 301
//   /docs/*        https://docs.example.com  302
//   /*             /index.html               200
//
// Status 200 (a rewrite) becomes a route, 301/302/303/307/308 a redirect; without a status a rule
// redirects with 301, as on Netlify. The portal only consults redirects and routes when no file
// exists at the path, which is Netlify's default (no shadowing), and always tries redirects before
// routes, whatever the line order; among several matches the most specific wins, not the first.
//
// Paths are written as URLs and are percent-decoded, since the portal looks up decoded paths; a
// trailing `/` is dropped because the portal drops it from requests, and `/` becomes `/index.html`.
// A splat `*` may only end the path (`/docs/*`). In a redirect it becomes the portal glob
// `/docs/**`, which matches `/docs` itself and everything below it. In a route it stays `/docs/*`,
// the portal's route syntax, which does not match `/docs` itself.
//
// What Walrus Sites cannot express is an error naming the line: `:splat` and `:placeholder`
// substitution, query-parameter and country/language/role/cookie conditions, `!` (force), proxying
// to another host with 200, domain-level rules, and statuses 404/410/451.
import { PathError, SiteConfigError } from './errors.ts';
import { headerValueProblem } from './header-syntax.ts';
import { splitLines } from './headers-file.ts';
import { validateResourcePath } from './paths.ts';
import { redirectPatternProblem, routePatternProblem } from './portal-patterns.ts';
import type { Redirect, RedirectStatus, SiteConfig } from './types.ts';
import { REDIRECT_STATUSES } from './ws-resources.ts';

export const REDIRECTS_FILE = '_redirects';

export interface RedirectsFileConfig {
  readonly routes: SiteConfig['routes'];
  readonly redirects: SiteConfig['redirects'];
}

/** Netlify's status when a rule gives none (Cloudflare Pages uses 302). */
const DEFAULT_STATUS = 301;

const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Parses a `_redirects` file; routes and redirects keep the order of their lines. */
export function parseRedirectsFile(text: string, file = REDIRECTS_FILE): RedirectsFileConfig {
  const routes: (readonly [string, string])[] = [];
  const redirects: (readonly [string, Redirect])[] = [];
  // One on-chain entry per pattern; a second rule for the same path would be dead on Netlify too.
  const patternLines = new Map<string, number>();

  for (const [index, raw] of splitLines(text).entries()) {
    const line = index + 1;
    const fail = (reason: string): never => {
      throw new SiteConfigError(reason, { file, line });
    };
    const tokens = withoutComment(raw.trim().split(/\s+/).filter(Boolean));
    if (tokens.length === 0) continue;
    const [from, to, ...rest] = tokens as [string, string | undefined, ...string[]];
    if (to === undefined) return fail('expected `from to [status]`');
    const rule = parseRule(from, to, rest, fail);

    const seen = patternLines.get(rule.pattern);
    if (seen !== undefined) fail(`a rule for ${rule.pattern} is already on line ${seen}`);
    patternLines.set(rule.pattern, line);
    if (rule.kind === 'route') routes.push([rule.pattern, rule.target]);
    else redirects.push([rule.pattern, { location: rule.location, statusCode: rule.status }]);
  }
  return { routes, redirects };
}

type Rule =
  | { readonly kind: 'route'; readonly pattern: string; readonly target: string }
  | {
      readonly kind: 'redirect';
      readonly pattern: string;
      readonly location: string;
      readonly status: RedirectStatus;
    };

function parseRule(from: string, to: string, rest: readonly string[], fail: (reason: string) => never): Rule {
  if (ABSOLUTE_URL.test(from) || from.startsWith('//')) {
    fail(
      `domain-level rule ${JSON.stringify(from)} can't be expressed: Walrus Sites rules match the path only`,
    );
  }
  if (!from.startsWith('/')) fail(`${JSON.stringify(from)} must be a path starting with /`);
  if (!to.startsWith('/') && !ABSOLUTE_URL.test(to) && to.includes('=')) {
    fail(`query-parameter matching (\`${to}\`) can't be expressed: the portal ignores the query string`);
  }
  if (from.includes('?'))
    fail("query-string matching can't be expressed: the portal ignores the query string");

  const [status, force, conditions] = parseStatus(rest, fail);
  if (conditions.length > 0) {
    const condition = conditions[0]!;
    if (/^[A-Za-z]+=/.test(condition)) {
      fail(
        `condition \`${condition}\` can't be expressed: Walrus Sites portals evaluate no country, language, role or cookie conditions`,
      );
    }
    fail(`unexpected \`${condition}\` after the status`);
  }
  if (force) {
    fail(
      "`!` (force) can't be expressed: the portal always serves an existing file before it applies redirects and routes",
    );
  }
  placeholderCheck(from, 'the path', fail);
  placeholderCheck(to, 'the target', fail);
  const splat = from.indexOf('*');
  if (splat !== -1 && !(splat === from.length - 1 && from.endsWith('/*'))) {
    fail('`*` is only supported as a trailing splat (`/path/*`)');
  }
  const path = normalizeFrom(decode(from, fail));

  if (status === 200) {
    if (ABSOLUTE_URL.test(to) || to.startsWith('//')) {
      fail(
        `proxying to ${JSON.stringify(to)} can't be expressed: a route (200) can only serve a file of the same site`,
      );
    }
    if (!to.startsWith('/')) fail(`the target ${JSON.stringify(to)} must be a path starting with /`);
    if (/[?#]/.test(to)) fail("a route target is a file path; it can't carry a query string or fragment");
    const target = decode(to, fail);
    try {
      validateResourcePath(target);
    } catch (error) {
      if (error instanceof PathError) fail(`the target ${error.reason}`);
      throw error;
    }
    const problem = routePatternProblem(path);
    if (problem !== null) fail(`the path ${problem}`);
    return { kind: 'route', pattern: path, target };
  }
  if (status === 404) {
    fail(
      "status 404 can't be expressed: Walrus Sites has no custom not-found rules, but the portal serves " +
        'your /404.html with status 404 for any missing path',
    );
  }
  if (status === 410 || status === 451) {
    fail(
      `status ${status} can't be expressed: Walrus Sites rules only rewrite (200) or redirect (${REDIRECT_STATUSES.join(', ')})`,
    );
  }
  const redirectStatus = REDIRECT_STATUSES.find((code) => code === status);
  if (redirectStatus === undefined)
    fail(`status ${status} is not one of 200, ${REDIRECT_STATUSES.join(', ')}`);
  if (!to.startsWith('/') && !ABSOLUTE_URL.test(to))
    fail(`the target ${JSON.stringify(to)} must be a path or an absolute URL`);
  // The portal sends the target as the Location header, which `Headers` rejects outside Latin-1.
  const locationProblem = headerValueProblem(to);
  if (locationProblem !== null) fail(`the target ${locationProblem}`);
  const pattern = path.endsWith('/*') ? `${path.slice(0, -1)}**` : path;
  const problem = redirectPatternProblem(pattern);
  if (problem !== null) fail(`the path ${problem}`);
  // The portal answers 508 Loop Detected instead of redirecting a path to itself.
  // `/a/*` becomes the pattern `/a/**`, which ws-resources.json also refuses to redirect to itself.
  if (to === from || to === path || to === pattern) fail(`redirects ${from} to itself`);
  return { kind: 'redirect', pattern, location: to, status: redirectStatus! };
}

function parseStatus(
  rest: readonly string[],
  fail: (reason: string) => never,
): [number, boolean, readonly string[]] {
  const first = rest[0];
  if (first === undefined || !/^\d/.test(first)) return [DEFAULT_STATUS, false, rest];
  const match = /^(\d{3})(!?)$/.exec(first);
  if (match === null) return fail(`${JSON.stringify(first)} is not a status code`);
  return [Number(match[1]), match[2] === '!', rest.slice(1)];
}

// `:splat` and `:name` are substituted by Netlify; the portal passes paths and locations verbatim.
function placeholderCheck(text: string, what: string, fail: (reason: string) => never): void {
  const placeholder = /(?:^|\/|[-_.=])(:[A-Za-z_][A-Za-z0-9_]*)/.exec(text.replace(ABSOLUTE_URL, ''));
  if (placeholder !== null) {
    fail(`placeholder \`${placeholder[1]}\` in ${what} can't be expressed: the portal substitutes nothing`);
  }
}

function normalizeFrom(path: string): string {
  if (path === '/') return '/index.html';
  return path.endsWith('/') ? path.slice(0, -1) : path;
}

function decode(text: string, fail: (reason: string) => never): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return fail(`malformed percent-encoding in ${JSON.stringify(text)}`);
  }
}

function withoutComment(tokens: readonly string[]): string[] {
  const comment = tokens.findIndex((token) => token.startsWith('#'));
  return comment === -1 ? [...tokens] : tokens.slice(0, comment);
}
