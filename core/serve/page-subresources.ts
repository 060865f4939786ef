// The files a page will ask for as soon as the browser parses it: its stylesheets, scripts,
// module preloads, icons and images, as far as the HTML names them. The worker starts looking them
// up and reading them the moment it has the page, while the page is still on its way to the
// browser, instead of one round trip later when the browser asks (the chain lookup and the node
// reads of a returning visit's subresources then overlap the page's own delivery and parsing).
// Only a hint: what is read this way is checked like any read, and what the HTML does not name
// is simply asked for later.

/** Attributes naming a file the browser fetches while parsing, per element. */
const ELEMENT = /<(link|script|img)\b([^>]*)>/gi;
const ATTRIBUTE = /([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;
const BASE = /<base\b[^>]*\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

/** `rel` values of a `<link>` whose target the browser fetches right away. */
const FETCHED_LINKS = new Set(['stylesheet', 'preload', 'modulepreload', 'icon']);

/** A page's head names its subresources early; past this, scanning costs more than it wins. */
export const MAX_SCANNED_CHARS = 256 * 1024;
/** More than a page's usual first burst would compete with the browser's own requests. */
export const MAX_SUBRESOURCES = 24;

/**
 * Same-origin URLs (absolute, without fragment, each once, in document order) of the files `html`
 * makes the browser fetch while parsing it, at most `limit`.
 */
export function pageSubresources(html: string, pageUrl: string, limit = MAX_SUBRESOURCES): string[] {
  const text = html.slice(0, MAX_SCANNED_CHARS);
  const page = new URL(pageUrl);
  const base = baseUrl(text, page);
  const found = new Set<string>();
  for (const [, tag, attributes] of text.matchAll(ELEMENT)) {
    if (found.size >= limit) break;
    const attrs = parseAttributes(attributes!);
    const name = tag!.toLowerCase();
    const target =
      name === 'link'
        ? (attrs.get('rel') ?? '')
            .toLowerCase()
            .split(/\s+/)
            .some((rel) => FETCHED_LINKS.has(rel))
          ? attrs.get('href')
          : undefined
        : attrs.get('src');
    const url = sameOrigin(target, base, page);
    if (url && url !== page.href) found.add(url);
  }
  return [...found];
}

function parseAttributes(text: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const [, name, double, single, bare] of text.matchAll(ATTRIBUTE)) {
    const key = name!.toLowerCase();
    if (!attrs.has(key)) attrs.set(key, decodeEntities(double ?? single ?? bare ?? ''));
  }
  return attrs;
}

/** The few entities that appear in URLs written in HTML. */
function decodeEntities(value: string): string {
  return value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

function baseUrl(text: string, page: URL): URL {
  const match = BASE.exec(text);
  const href = match ? (match[1] ?? match[2] ?? match[3]) : undefined;
  if (href === undefined) return page;
  try {
    return new URL(decodeEntities(href.trim()), page);
  } catch {
    return page;
  }
}

function sameOrigin(target: string | undefined, base: URL, page: URL): string | null {
  if (target === undefined) return null;
  const trimmed = target.trim();
  if (trimmed === '' || /^(data|javascript|blob|about):/i.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return null;
  }
  if (url.origin !== page.origin) return null;
  url.hash = '';
  return url.href;
}
