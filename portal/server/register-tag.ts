// The one tag the portal adds to a site's HTML when its server answers a first visit: a module
// script that installs Floe's service worker once the page has loaded, so the visitor sees the
// site's own page at once and every later request is verified in the browser. The tag goes where
// it works in any HTML: before the head's end tag, else the body's, else at the end. Those end tags
// are looked for as the browser's parser would see them, skipping comments, attribute values and
// the text of elements such as <script> and <title>: a `</head>` inside a script's string is not
// the head's end, and a tag put there would end that script early.
import { REGISTER_SCRIPT_PATH } from '../../core/serve/portal-protocol.ts';

export const REGISTER_TAG = `<script type="module" src="${REGISTER_SCRIPT_PATH}"></script>`;

const TAG_BYTES = new TextEncoder().encode(REGISTER_TAG);

/**
 * Elements whose content the parser reads as text up to their own end tag (with scripting on, as
 * in a browser that runs the tag at all, <noscript> is one of them).
 */
const RAW_TEXT = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'noscript',
]);

/** A comment's start, or a start or end tag's name. */
const MARKUP = /<(?:(!--)|(\/?)([a-zA-Z][^\s/>]*))/g;
/** What ends a tag, or starts a quoted attribute value (which may hold `>`). */
const TAG_SPECIAL = /[>"']/g;

/**
 * Where the tag goes in `html`, read one character per byte (latin1) so that offsets are byte
 * offsets in any ASCII-compatible encoding: before the first `</head>` outside comments and raw
 * text, else before the first such `</body>`, else at the end. When the document ends inside
 * markup (an unclosed comment, tag or <script>), before that markup.
 */
export function registerTagOffset(html: string): number {
  let bodyEnd = -1;
  MARKUP.lastIndex = 0;
  for (let match = MARKUP.exec(html); match; match = MARKUP.exec(html)) {
    const at = match.index;
    if (match[1]) {
      // `<!-->` and `<!--->` are whole (empty) comments, hence the search from `<!`'s end.
      const close = html.indexOf('-->', at + 2);
      if (close < 0) return at;
      MARKUP.lastIndex = close + 3;
      continue;
    }
    const name = match[3]!.toLowerCase();
    const afterTag = tagEnd(html, MARKUP.lastIndex);
    if (afterTag < 0) return at;
    if (match[2]) {
      if (name === 'head') return at;
      if (name === 'body' && bodyEnd < 0) bodyEnd = at;
      MARKUP.lastIndex = afterTag;
      continue;
    }
    // Everything after <plaintext> is text: a tag there would show, not run.
    if (name === 'plaintext') return at;
    if (RAW_TEXT.has(name)) {
      const close = endTagOf(name);
      close.lastIndex = afterTag;
      if (!close.test(html)) return at;
      MARKUP.lastIndex = close.lastIndex;
      continue;
    }
    MARKUP.lastIndex = afterTag;
  }
  return bodyEnd >= 0 ? bodyEnd : html.length;
}

/** The offset after the `>` that ends the tag whose attributes start at `from`, or -1. */
function tagEnd(html: string, from: number): number {
  TAG_SPECIAL.lastIndex = from;
  for (let match = TAG_SPECIAL.exec(html); match; match = TAG_SPECIAL.exec(html)) {
    if (match[0] === '>') return match.index + 1;
    const close = html.indexOf(match[0], match.index + 1);
    if (close < 0) return -1;
    TAG_SPECIAL.lastIndex = close + 1;
  }
  return -1;
}

const END_TAGS = new Map<string, RegExp>();

/** Matches `</name` as it ends raw text (followed by space, `/` or `>`), any case. */
function endTagOf(name: string): RegExp {
  let pattern = END_TAGS.get(name);
  if (!pattern) {
    pattern = new RegExp(`</${name}[\\s/>]`, 'gi');
    END_TAGS.set(name, pattern);
  }
  return pattern;
}

/** `body` with the tag inserted (see `registerTagOffset`). */
export function withRegisterTag(body: Uint8Array): Uint8Array {
  const offset = registerTagOffset(
    Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1'),
  );
  const out = new Uint8Array(body.length + TAG_BYTES.length);
  out.set(body.subarray(0, offset), 0);
  out.set(TAG_BYTES, offset);
  out.set(body.subarray(offset), offset + TAG_BYTES.length);
  return out;
}

/**
 * Headers that describe the site's bytes exactly: wrong once the tag is in. Without them the
 * browser takes the tagged page as it is.
 */
const DESCRIBE_EXACT_BYTES = ['etag', 'content-md5', 'digest', 'content-digest', 'repr-digest'];

/**
 * The response to send for a first visit's document with the tag in, or null when this response
 * is not one to alter: not HTML, no full body (HEAD, a range), or bytes a text insertion would
 * corrupt (a content coding such as gzip, or UTF-16).
 */
export function taggedResponse(
  status: number,
  headers: Headers,
  body: Uint8Array | null,
): { headers: Headers; body: Uint8Array } | null {
  if (!body || body.length === 0 || status === 206) return null;
  const type = (headers.get('content-type') ?? '').toLowerCase();
  if (!/^\s*text\/html\s*(;|$)/.test(type) || /charset\s*=\s*"?utf-16/.test(type)) return null;
  if (headers.has('content-encoding')) return null;
  if ((body[0] === 0xfe && body[1] === 0xff) || (body[0] === 0xff && body[1] === 0xfe)) return null;
  const tagged = withRegisterTag(body);
  const out = new Headers(headers);
  for (const name of DESCRIBE_EXACT_BYTES) out.delete(name);
  out.set('content-length', String(tagged.length));
  // The same URL fetched by a script (not a navigation) is answered without the tag.
  const vary = out.get('vary');
  if (vary?.trim() !== '*') out.set('vary', vary ? `${vary}, sec-fetch-mode` : 'sec-fetch-mode');
  return { headers: out, body: tagged };
}
