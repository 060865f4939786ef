// Which files of a site folder are not uploaded.
import { parseGlob } from './glob.ts';
import type { Glob } from './glob.ts';
import type { SiteConfig } from './types.ts';

/**
 * The configuration files at the site root. They configure the deploy and are never uploaded
 * themselves (site-builder likewise skips its `ws-resources.json`). Only the root copies count: a
 * `/docs/_headers` is an ordinary file.
 */
export const CONFIG_FILES: readonly string[] = ['/ws-resources.json', '/_headers', '/_redirects'];

/** Whether the resource path `path` is one of `CONFIG_FILES`. */
export function isConfigFile(path: string): boolean {
  return CONFIG_FILES.includes(path);
}

/**
 * Whether an `ignore` glob of `config` matches the resource path `path` (site-builder globs, so
 * `/private/*` covers everything below `/private/`). Does not cover `isConfigFile`; check both.
 */
export function isIgnored(path: string, config: SiteConfig): boolean {
  return compiledIgnore(config.ignore).some((glob) => glob.matches(path));
}

const compiled = new WeakMap<readonly string[], readonly Glob[]>();

function compiledIgnore(patterns: readonly string[]): readonly Glob[] {
  let result = compiled.get(patterns);
  if (result === undefined) {
    result = patterns.map(parseGlob);
    compiled.set(patterns, result);
  }
  return result;
}
