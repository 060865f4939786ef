// Seeds and tokens of the site-config and path targets: valid ws-resources.json, _headers and
// _redirects files and site paths, and the fragments their mutators splice in.
import { readFileSync } from 'node:fs';
import { HEADERS_FILE_EXAMPLE, REDIRECTS_FILE_EXAMPLE } from '../core/site/test-support/netlify-files.ts';

function repoText(path: string): string {
  return readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
}

export const OBJECT_ID = '0x5ac988828a0c9842d91e6d5bdd9552ec9fcdddf11c56bf82dff6d5566685a31e';

export const WS_RESOURCES_SEEDS = (): string[] => [
  repoText('examples/hello/ws-resources.json'),
  `{
  "headers": {
    "/index.html": { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "max-age=0" },
    "/**/*.svg": { "Content-Type": "image/svg+xml" },
    "/[a-z]*.t?t": { "X-Robots-Tag": "noindex", "Link": "</a.css>; rel=preload" },
    "*": {}
  },
  "routes": { "/*": "/index.html", "/docs/*": "/docs/index.html", "*": "/caf\\u00e9.html" },
  "redirects": {
    "/old/**": { "location": "https://example.com/new?x=1#f", "status_code": 308 },
    "/a*b": { "status_code": 302, "location": "/b" },
    "/c": { "location": "/d", "status_code": 301, "extra": null }
  },
  "metadata": {
    "link": "https://x.test",
    "image_url": null,
    "description": "d\\u00e9j\\u00e0 vu \\ud83d\\ude00 \\"quoted\\"",
    "project_url": "p",
    "creator": "c"
  },
  "site_name": "A \\"quoted\\" name",
  "object_id": "0x2",
  "ignore": ["/drafts/**", "*.bak", "/[!a]?.tmp", "/[]]"]
}
`,
  '{}',
  `\ufeff{"object_id": "${OBJECT_ID.slice(2)}", "site_name": null, "headers": null, "routes": {}, "redirects": {"/x": {"location": "/y", "status_code": 307}}}`,
  '{"metadata": {"link": "l", "creator": null}, "ignore": [], "routes": {"/a/*/b": "/b.html"}}',
  '[{"headers": {"/": {"X": "1e3"}}}, 1.5e-3, -0, true, false, null, "\\u0041"]',
];

export const WS_TOKENS: readonly string[] = [
  '"headers"',
  '"routes"',
  '"redirects"',
  '"metadata"',
  '"site_name"',
  '"object_id"',
  '"ignore"',
  '"location"',
  '"status_code"',
  '"link"',
  '"image_url"',
  '"description"',
  '"project_url"',
  '"creator"',
  '"Content-Type"',
  '"x-wal-quilt-patch-internal-id"',
  '": "',
  '": {',
  '": [',
  '"/*"',
  '"/**"',
  '"/a/**/b"',
  '{"location": "/x", "status_code": 301}',
  `"${OBJECT_ID}"`,
  '"0x"',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
  '{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":',
  '\\uD83D\\uDE00',
  '\\uDE00',
  '1.0',
  '1e2',
  '3.01e2',
];

export const HEADERS_SEEDS = (): string[] => [
  HEADERS_FILE_EXAMPLE,
  '/a\n  Link: </x.css>; rel=preload\n  link: </y.js>; rel=preload\n/b\n  X: 1\n/a\n  X-More: yes\n',
  '/docs/\r\n  Content-Type: text/plain; charset=utf-8\r\n/caf%C3%A9/[x]?*.html\r\n  X-Test: a:b\r\n',
  '\ufeff/**/x\n\tX-A: 1\n/%2A/y/\n\tX-B: \u00e9\n',
  '',
];

export const HEADER_TOKENS: readonly string[] = [
  '\n/',
  '\n  ',
  '\n\t',
  ': ',
  'Cache-Control',
  'X-Frame-Options',
  'x-wal-quilt-patch-internal-id',
  '! X-Remove',
  ':splat',
  '/:id/',
  'https://example.com/',
  '[',
  ']',
  '[!]',
  '%5B',
  '%5D',
];

export const REDIRECTS_SEEDS = (): string[] => [
  REDIRECTS_FILE_EXAMPLE,
  ['/ /home 302', '/docs/ /documentation', '/my%20page /my-page', '/caf%C3%A9/* /cafe.html 200'].join('\n'),
  '\r\n  # c\n\t/a\t\t/b   302   # old link\r\n',
  '/a https://x.test/b?c=1#d%20e',
  '/news/*  /blog/:splat  301\n/a /b 200!\n/c /d 404\n/e /f 302 Country=us\n/g?x=1 /h\n',
  '',
];

export const REDIRECT_TOKENS: readonly string[] = [
  ' 200',
  ' 301',
  ' 302',
  ' 404',
  ' 410',
  '!',
  ' Country=us',
  ' /',
  '/*',
  '/**',
  ':splat',
  ':id',
  'https://example.com/',
  '//cdn.example',
  '?q=1',
  '#frag',
  '\n/a /b\n',
];

export const PATH_SEEDS = (): string[] => [
  '/index.html',
  'a/b/c.txt',
  '/caf\u00e9/\u00fcber uns.html',
  'dir\\sub\\file.js',
  '/a/./b',
  '/a/../b',
  '/',
  '/dir/',
  '/%41%2F%zz',
  '/my%20page/',
  '/\ud83d\ude00.png',
  `/${'x'.repeat(2047)}`,
  `/${'\u00e9'.repeat(1023)}`,
];

export const PATH_TOKENS: readonly string[] = [
  '/',
  '//',
  '/.',
  '/..',
  '\\',
  '%',
  '%2',
  '%C3%A9',
  '%ED%A0%80',
  '%F4%90%80%80',
  'index.html',
  '.well-known',
];
