// The pages the portal and the service worker answer with when they cannot serve a site's file.
// Each says what failed, why, the details an operator needs (which nodes failed and how, which hash
// was expected), and what the reader can do. The walrus-sites portal's pages give one generic line
// per case (MystenLabs/walrus-sites portal); the IPFS service-worker gateway's show providers and a retry,
// which users found helpful.
//
// Every page is self-contained (inline CSS, no scripts, no external resources; a CSP meta tag
// enforces that even if escaping were ever wrong), is marked `noindex` so crawlers of the portal do
// not index failures, carries `data-floe-error="<kind>"` on <body>, and stays under
// `MAX_ERROR_PAGE_BYTES` whatever the input: every interpolated string is escaped and cut to a
// byte budget, and the node table is capped.

import { MAX_REQUEST_PATH_BYTES } from '../site/paths.ts';

export type PortalError =
  | { kind: 'site-not-found'; label: string; network: string }
  | { kind: 'resource-not-found'; siteId: string; path: string }
  | {
      kind: 'not-enough-slivers';
      siteId: string;
      path: string;
      blobId: string;
      failures: readonly { node: string; reason: string }[];
    }
  | {
      kind: 'blob-unavailable';
      siteId: string;
      path: string;
      blobId: string;
      /** Storage nodes that answered that they do not store it, the shards they hold, of `n`. */
      nodes: number;
      shards: number;
      n: number;
      /** When the nodes were asked (ISO 8601). */
      checkedAt: string;
    }
  | { kind: 'integrity'; siteId: string; path: string; blobId: string; expected: string; actual: string }
  | {
      kind: 'chain-unavailable';
      rpcUrl: string;
      message: string;
      /** Set by the worker, which keeps unverified offline copies this long (none for this page). */
      offlineCopyHours?: number;
    }
  | { kind: 'redirect-loop'; siteId: string; path: string }
  | { kind: 'invalid-path'; path: string; reason: string }
  | { kind: 'internal'; message: string };

export type PortalErrorKind = PortalError['kind'];

/** The HTTP status of each error page. */
export const ERROR_STATUS: Readonly<Record<PortalErrorKind, number>> = {
  'site-not-found': 404,
  'resource-not-found': 404,
  'not-enough-slivers': 503,
  'blob-unavailable': 404,
  integrity: 422,
  'chain-unavailable': 503,
  'redirect-loop': 508,
  'invalid-path': 400,
  internal: 500,
};

/** No error page is larger than this many bytes of UTF-8. */
export const MAX_ERROR_PAGE_BYTES = 4096;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * `text` made safe as HTML text and as a quoted attribute value: `& < > " '` become entities.
 * Nothing else needs escaping in those two contexts (never use it inside <script>, <style>, a
 * comment, an unquoted attribute or a URL attribute).
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** The page for `info`: its HTTP status and a complete HTML document. */
export function errorPage(info: PortalError): { status: number; html: string } {
  const page = content(info);
  const status = ERROR_STATUS[page.kind];
  return { status, html: render(page.kind, status, page) };
}

// ---- content ------------------------------------------------------------------------------------

interface Page {
  readonly kind: PortalErrorKind;
  readonly title: string;
  /** Trusted HTML: interpolated values already went through `field`. */
  readonly summary: string;
  readonly details: readonly (readonly [label: string, html: string])[];
  readonly table?: string;
  readonly advice: string;
}

// Byte budgets of interpolated values, after escaping. Real values are far shorter (object IDs are
// 66 characters, blob IDs 43); the budgets only bound what a hostile site or name can make us print.
const ID = 100;
const PATH = 300;
const TEXT = 400;
const MAX_NODE_ROWS = 5;

function content(info: PortalError): Page {
  switch (info.kind) {
    case 'site-not-found':
      return {
        kind: info.kind,
        title: 'Site not found',
        summary: `No Walrus Site is known by this name on ${field(info.network, 40)}: it is neither a site's object ID in base36 nor a SuiNS name that points to a site.`,
        details: [
          ['Name', code(info.label, 200)],
          ['Network', code(info.network, 40)],
        ],
        advice:
          'Check the address for typos. A SuiNS name needs its <code>walrus_site_id</code> set to the site; if it was set a moment ago, retry in a minute. The site may also live on another network.',
      };
    case 'resource-not-found':
      return {
        kind: info.kind,
        title: 'Page not found',
        summary:
          'This site has no file at this address, no redirect or route for it, and no <code>/404.html</code> page of its own.',
        details: [
          ['Site', code(info.siteId, ID)],
          ['Path', code(info.path, PATH)],
        ],
        advice: 'Check the link, or start from the <a href="/">home page</a> of the site.',
      };
    case 'not-enough-slivers':
      return {
        kind: info.kind,
        title: 'File temporarily unavailable',
        summary:
          'The file is recorded on Sui, but too few Walrus storage nodes answered with their parts of it to rebuild it.',
        details: [
          ['Site', code(info.siteId, ID)],
          ['Path', code(info.path, PATH)],
          ['Blob', code(info.blobId, ID)],
        ],
        table: nodeTable(info.failures),
        advice:
          'Retry in a few minutes: nodes may be restarting or the network changing epoch. If it keeps failing, the blob may have expired; tell the site owner.',
      };
    case 'blob-unavailable':
      return {
        kind: info.kind,
        title: 'File no longer stored',
        summary:
          'The site still lists this file on Sui, but Walrus no longer stores it: its storage period ended or its owner deleted it.',
        details: [
          ['Site', code(info.siteId, ID)],
          ['Path', code(info.path, PATH)],
          ['Blob', code(info.blobId, ID)],
          [
            'Evidence',
            field(
              `${info.nodes} storage nodes holding ${info.shards} of ${info.n} shards answered that they do not store it`,
              160,
            ),
          ],
          ['Checked', code(info.checkedAt, 40)],
        ],
        advice:
          'Only the site owner can bring it back, by publishing the site again. Retrying will not help: more than a third of the shards answered, more than Walrus lets faulty nodes hold.',
      };
    case 'integrity':
      return {
        kind: info.kind,
        title: 'File failed verification',
        summary:
          'The bytes received for this file do not match the SHA-256 hash the site recorded on Sui, so they were not shown to you.',
        details: [
          ['Site', code(info.siteId, ID)],
          ['Path', code(info.path, PATH)],
          ['Blob', code(info.blobId, ID)],
          ['Expected', code(info.expected, 160)],
          ['Received', code(info.actual, 160)],
        ],
        advice:
          'Retry: other storage nodes will be asked. If it keeps failing, the site was published with a wrong hash; tell the site owner.',
      };
    case 'chain-unavailable':
      return {
        kind: info.kind,
        title: 'Sui network unreachable',
        summary:
          'The portal could not read the site from the Sui full node, so it cannot tell which files the site has.',
        details: [
          ['Full node', code(originOf(info.rpcUrl), 160)],
          ['Error', code(redactUrls(info.message), TEXT)],
        ],
        advice:
          'Retry in a minute. If you run this portal and it persists, check its RPC endpoint.' +
          (info.offlineCopyHours === undefined
            ? ''
            : ` While the network cannot be reached, this browser shows pages it opened in the last ${Math.round(info.offlineCopyHours)} hours from an offline copy, marked <code>x-floe-stale</code>: such a copy is not checked against the chain. There is none of this page.`),
      };
    case 'redirect-loop':
      return {
        kind: info.kind,
        title: 'Redirect loop',
        summary: 'The site redirects this address to itself, so following it would never end.',
        details: [
          ['Site', code(info.siteId, ID)],
          ['Path', code(info.path, PATH)],
        ],
        advice: 'Only the site owner can fix this, in the <code>redirects</code> of the site configuration.',
      };
    case 'invalid-path':
      return {
        kind: info.kind,
        title: 'Invalid address',
        summary: 'The path of this address cannot be read as a file name.',
        details: [
          ['Path', code(info.path, PATH)],
          ['Problem', code(info.reason, TEXT)],
        ],
        advice: `Check the link: a path is at most ${MAX_REQUEST_PATH_BYTES} bytes, and a <code>%</code> must be followed by two hex digits that encode UTF-8.`,
      };
    case 'internal':
      return {
        kind: info.kind,
        title: 'Something went wrong',
        summary: 'The portal hit an unexpected error while answering this request.',
        details: [['Error', code(redactUrls(info.message), TEXT)]],
        advice: 'Retry. If it keeps happening, report it to whoever runs this portal.',
      };
    default: {
      // Only reachable from untyped callers.
      const unknown = info as { kind?: unknown };
      return content({ kind: 'internal', message: `unknown error kind ${String(unknown.kind)}` });
    }
  }
}

function nodeTable(failures: readonly { node: string; reason: string }[]): string {
  if (failures.length === 0) return '';
  const rows = failures
    .slice(0, MAX_NODE_ROWS)
    .map((f) => `<tr><td>${code(f.node, 64)}</td><td>${field(f.reason, 128)}</td></tr>`)
    .join('');
  const more = failures.length - MAX_NODE_ROWS;
  const rest = more > 0 ? `<p>…and ${more} more.</p>` : '';
  return `<h2>Nodes that failed (${failures.length})</h2><table><tr><th>Node</th><th>Reason</th></tr>${rows}</table>${rest}`;
}

// ---- rendering ----------------------------------------------------------------------------------

const CSS =
  ':root{color-scheme:light dark;font:16px/1.5 system-ui,sans-serif}body{margin:0;padding:2rem 1rem}' +
  'main{max-width:44rem;margin:auto}h1{font-size:1.6rem;margin:0 0 1rem}h2{font-size:1.05rem;margin:1.5rem 0 .5rem}' +
  '.s{margin:0;opacity:.65}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}' +
  'dt{opacity:.65}dd{margin:0;min-width:0}code{font:.85rem ui-monospace,monospace;overflow-wrap:anywhere}' +
  'table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;vertical-align:top;' +
  'padding:.25rem .5rem;border-bottom:1px solid #8884;overflow-wrap:anywhere}';

function render(kind: PortalErrorKind, status: number, page: Page): string {
  const details = page.details.map(([label, html]) => `<dt>${label}</dt><dd>${html}</dd>`).join('');
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="robots" content="noindex">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<title>${status} ${page.title}</title><style>${CSS}</style></head>` +
    `<body data-floe-error="${escapeHtml(kind)}"><main>` +
    `<p class="s">Error ${status}</p><h1>${page.title}</h1><p>${page.summary}</p>` +
    `<dl>${details}</dl>${page.table ?? ''}` +
    `<h2>What you can do</h2><p>${page.advice}</p>` +
    '</main></body></html>'
  );
}

function code(text: string, maxBytes: number): string {
  return `<code>${field(text, maxBytes)}</code>`;
}

/** `text` escaped, then cut so it takes at most `maxBytes` of UTF-8 (an ellipsis marks the cut). */
function field(text: string, maxBytes: number): string {
  const escaped = escapeHtml(text);
  if (escaped.length * 3 <= maxBytes) return escaped; // fast path: no UTF-16 unit exceeds 3 bytes
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const piece = escapeHtml(char);
    const size = utf8Length(piece);
    if (bytes + size > maxBytes - ELLIPSIS_BYTES) return `${out}…`;
    out += piece;
    bytes += size;
  }
  return out;
}

const ELLIPSIS_BYTES = 3;

// Bytes of `piece` in UTF-8 as TextEncoder writes it (a lone surrogate becomes U+FFFD, 3 bytes).
function utf8Length(piece: string): number {
  let bytes = 0;
  for (const char of piece) {
    const cp = char.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * Just the scheme and host of `url`: RPC providers put API keys in the path, the query or the
 * userinfo, and this page is public.
 */
function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(not a URL)';
  }
}

/** `text` with every http(s) URL cut to its origin (see `originOf`). */
function redactUrls(text: string): string {
  // Punctuation right after a URL usually belongs to the sentence (`… at https://x/y: timeout`).
  return text.replace(/\bhttps?:\/\/[^\s"'<>]*[^\s"'<>.,;:!?)\]]/gi, (url) => {
    const origin = originOf(url);
    if (origin === '(not a URL)') return '[URL]';
    return origin.length < url.replace(/\/$/, '').length ? `${origin}/…` : origin;
  });
}
