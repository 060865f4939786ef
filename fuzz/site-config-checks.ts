// Properties every parsed site config must have, whichever file it came from: each part is what
// ws-resources.json would accept, so a config that parses is one that deploys.
import { globProblem } from '../core/site/glob.ts';
import { headerNameProblem, headerValueProblem } from '../core/site/header-syntax.ts';
import { validateResourcePath } from '../core/site/paths.ts';
import { redirectPatternProblem, routePatternProblem } from '../core/site/portal-patterns.ts';
import type { SiteConfig } from '../core/site/types.ts';
import { REDIRECT_STATUSES } from '../core/site/ws-resources.ts';
import { property, showText } from './engine.ts';

export function checkConfigInvariants(config: SiteConfig, what: string): void {
  property(
    `${what}: object_id is normalized`,
    () => config.objectId === null || /^0x[0-9a-f]{64}$/.test(config.objectId),
  );
  for (const rule of config.headers) {
    property(
      `${what}: header pattern ${showText(rule.pattern, 80)} is a valid glob`,
      () => globProblem(rule.pattern) === null,
    );
    for (const [name, value] of Object.entries(rule.headers)) {
      property(`${what}: header name ${showText(name, 80)} is valid`, () => headerNameProblem(name) === null);
      property(
        `${what}: header value ${showText(value, 80)} is valid`,
        () => headerValueProblem(value) === null,
      );
    }
  }
  for (const [pattern, target] of config.routes) {
    property(
      `${what}: route pattern ${showText(pattern, 80)} is valid`,
      () => routePatternProblem(pattern) === null,
    );
    property(`${what}: route target ${showText(target, 80)} is a resource path`, () => {
      validateResourcePath(target);
    });
  }
  for (const [pattern, redirect] of config.redirects) {
    property(
      `${what}: redirect pattern ${showText(pattern, 80)} is valid`,
      () => redirectPatternProblem(pattern) === null,
    );
    property(`${what}: redirect status ${redirect.statusCode} is allowed`, () =>
      REDIRECT_STATUSES.includes(redirect.statusCode),
    );
    property(
      `${what}: redirect location ${showText(redirect.location, 80)} is a valid header value`,
      () => redirect.location !== '' && headerValueProblem(redirect.location) === null,
    );
  }
  for (const pattern of config.ignore) {
    property(
      `${what}: ignore pattern ${showText(pattern, 80)} is a valid glob`,
      () => globProblem(pattern) === null,
    );
  }
}

/** The config as ws-resources.json text, to check that what a Netlify file gives is deployable. */
export function asWsResources(config: Pick<SiteConfig, 'headers' | 'routes' | 'redirects'>): string {
  return JSON.stringify({
    headers: Object.fromEntries(config.headers.map((rule) => [rule.pattern, rule.headers])),
    routes: Object.fromEntries(config.routes),
    redirects: Object.fromEntries(
      config.redirects.map(([pattern, r]) => [pattern, { location: r.location, status_code: r.statusCode }]),
    ),
  });
}

/**
 * Rust's `String` order (UTF-8 bytes, so code points), which ws-resources.json's maps are written
 * in. Written apart from the parser's comparator, walking both strings by code point, so the check
 * does not just restate the code it checks.
 */
export function codePointOrder(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length) {
    const left = a.codePointAt(i)!;
    const right = b.codePointAt(i)!;
    if (left !== right) return left - right;
    i += left > 0xffff ? 2 : 1;
  }
  // One is a prefix of the other: the shorter comes first.
  return a.length - b.length;
}
