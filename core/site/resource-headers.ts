// The HTTP headers stored on chain for one resource, computed as site-builder's
// `ResourceData::from_file` + `derive_http_headers` do, so a site deployed by Floe serves exactly
// what the same site deployed by site-builder would.
import { contentTypeFor } from './content-type.ts';
import { parseGlob, patternDepth } from './glob.ts';
import type { Glob } from './glob.ts';
import type { HeaderRule, SiteConfig } from './types.ts';

/** site-builder stores files uncompressed and says so; a header rule may override it for pre-compressed files. */
export const DEFAULT_CONTENT_ENCODING = 'identity';

/**
 * Headers for the resource at `path`:
 *  1. The site's rules for it (`ruleHeaders`).
 *  2. `content-encoding` and `content-type` (from the extension) are added when absent; the
 *     encoding is `defaultEncoding`: `identity`, or the coding a deploy stored the file with.
 * The map is in on-chain order, which is sorted by name: site-builder collects headers in a
 * `BTreeMap` and adds them to the resource in its iteration order. Whoever adds the quilt-patch
 * header later must keep that order to produce the same `Resource`.
 */
export function resourceHeaders(
  path: string,
  config: SiteConfig,
  defaultEncoding: string = DEFAULT_CONTENT_ENCODING,
): Map<string, string> {
  const headers = ruleHeaders(path, config);
  if (!headers.has('content-encoding')) headers.set('content-encoding', defaultEncoding);
  if (!headers.has('content-type')) headers.set('content-type', contentTypeFor(path));
  return new Map([...headers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The headers the site's own rules give `path`, names lowercased, nothing added. Of the header
 * rules whose glob matches `path`, only the deepest applies (most `/`-separated segments,
 * `patternDepth`); their maps are not merged. Among equally deep matches the one earliest in
 * `config.headers` wins, as in site-builder, whose first-in-key-order rule wins
 * (`parseWsResources` sorts rules into that order; `mergeSiteConfig` puts `ws-resources.json`
 * rules before `_headers` rules).
 */
export function ruleHeaders(path: string, config: SiteConfig): Map<string, string> {
  let best: HeaderRule | null = null;
  let bestDepth = 0;
  for (const { rule, glob, depth } of compiledRules(config.headers)) {
    if (depth > bestDepth && glob.matches(path)) {
      best = rule;
      bestDepth = depth;
    }
  }
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(best?.headers ?? {})) headers.set(name.toLowerCase(), value);
  return headers;
}

interface CompiledRule {
  readonly rule: HeaderRule;
  readonly glob: Glob;
  readonly depth: number;
}

// A deploy asks for every file of the site against the same rule list; compile it once per list.
const compiled = new WeakMap<readonly HeaderRule[], readonly CompiledRule[]>();

function compiledRules(rules: readonly HeaderRule[]): readonly CompiledRule[] {
  let result = compiled.get(rules);
  if (result === undefined) {
    result = rules.map((rule) => ({
      rule,
      glob: parseGlob(rule.pattern),
      depth: patternDepth(rule.pattern),
    }));
    compiled.set(rules, result);
  }
  return result;
}
