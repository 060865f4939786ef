// Netlify / Cloudflare Pages `_headers` files, translated to Walrus Sites header rules:
//
//   # comment
//   /assets/*
//     Cache-Control: public, max-age=31536000, immutable
//     X-Content-Type-Options: nosniff
//
// A path line starts in column 1; the header lines under it are indented. Path syntax: `*` (splat)
// matches any characters including `/`, which is exactly `*` in site-builder globs; every other
// character is literal, so glob metacharacters are escaped and `%XX` is decoded (paths are written
// as URLs, resources are stored decoded). A path ending in `/` names the folder's `index.html`, the
// file Netlify and Cloudflare serve there.
//
// One semantic difference cannot be translated: Netlify and Cloudflare merge the headers of every
// matching rule, while Walrus Sites applies only the deepest matching rule (`resourceHeaders`).
// Whatever Walrus Sites cannot express at all is an error naming the line: `:placeholder` segments,
// absolute `https://host/path` patterns, Cloudflare's `! Header` removal and `:splat` in values.
import { SiteConfigError } from './errors.ts';
import { escapeGlob } from './glob.ts';
import { headerNameProblem, headerValueProblem } from './header-syntax.ts';
import type { HeaderRule } from './types.ts';

export const HEADERS_FILE = '_headers';

interface Draft {
  readonly pattern: string;
  /** Lowercased name → the name as first written and every value given for it. */
  readonly headers: Map<string, { readonly name: string; readonly values: string[] }>;
}

/** Parses a `_headers` file into header rules, in the order their paths first appear. */
export function parseHeadersFile(text: string, file = HEADERS_FILE): HeaderRule[] {
  const drafts = new Map<string, Draft>();
  let current: { draft: Draft; line: number; headerLines: number } | null = null;

  const requireHeaders = () => {
    if (current !== null && current.headerLines === 0) {
      throw new SiteConfigError('this path has no header lines under it (header lines must be indented)', {
        file,
        line: current.line,
      });
    }
  };

  for (const [index, raw] of splitLines(text).entries()) {
    const line = index + 1;
    const fail = (reason: string): never => {
      throw new SiteConfigError(reason, { file, line });
    };
    const content = raw.trim();
    if (content === '' || content.startsWith('#')) continue;

    if (!/^\s/.test(raw)) {
      // Validate first: an unindented header line is the usual cause of a path without headers.
      const pattern = pathToGlob(content, fail);
      requireHeaders();
      const draft = drafts.get(pattern) ?? { pattern, headers: new Map() };
      drafts.set(pattern, draft);
      current = { draft, line, headerLines: 0 };
      continue;
    }

    if (current === null) return fail('header line before any path (a path line must not be indented)');
    if (content.startsWith('!')) {
      return fail(
        "`! Header` (Cloudflare's header removal) can't be expressed: Walrus Sites applies only the deepest " +
          'matching rule, so give the deeper path its own complete set of headers instead',
      );
    }
    const colon = content.indexOf(':');
    if (colon <= 0) return fail('expected `Name: value`');
    const name = content.slice(0, colon).trim();
    const value = content.slice(colon + 1).trim();
    const nameProblem = headerNameProblem(name);
    if (nameProblem !== null) fail(nameProblem);
    const valueProblem = headerValueProblem(value);
    if (valueProblem !== null) fail(`the value of ${name} ${valueProblem}`);
    if (value.includes(':splat')) {
      fail("`:splat` in a header value can't be expressed: Walrus Sites stores header values as written");
    }
    const { headers } = current.draft;
    const existing = headers.get(name.toLowerCase());
    // Netlify and Cloudflare send a header given twice for one path as one comma-separated value.
    if (existing === undefined) headers.set(name.toLowerCase(), { name, values: [value] });
    else existing.values.push(value);
    current.headerLines += 1;
  }
  requireHeaders();

  return [...drafts.values()].map((draft) => ({
    pattern: draft.pattern,
    headers: Object.fromEntries(
      [...draft.headers.values()].map(({ name, values }) => [name, values.join(', ')]),
    ),
  }));
}

/** Splits on LF, CRLF or CR and drops a leading byte-order mark. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

function pathToGlob(path: string, fail: (reason: string) => never): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || path.startsWith('//')) {
    fail(
      `absolute URL ${JSON.stringify(path)} can't be expressed: Walrus Sites header rules match the path ` +
        'only, write it as /path',
    );
  }
  if (!path.startsWith('/')) fail('expected a path starting with / (header lines must be indented)');
  if (/\s/.test(path)) fail('expected only a path on this line; put each header on its own indented line');
  const placeholder = path.split('/').find((segment) => segment.startsWith(':'));
  if (placeholder !== undefined) {
    fail(
      `placeholder \`${placeholder}\` can't be expressed: Walrus Sites header patterns have no named segments, use *`,
    );
  }
  const file = path.endsWith('/') ? `${path}index.html` : path;
  return file
    .split(/\*+/)
    .map((literal) => escapeGlob(decodePercent(literal, fail)))
    .join('*');
}

function decodePercent(text: string, fail: (reason: string) => never): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return fail(`malformed percent-encoding in ${JSON.stringify(text)}`);
  }
}
