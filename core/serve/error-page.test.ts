import { describe, expect, it } from 'vitest';
import { ERROR_STATUS, errorPage, escapeHtml, MAX_ERROR_PAGE_BYTES, type PortalError } from './error-page.ts';

const SITE = '0x5ac988828a0c9842d91e6d5bdd9552ec9fcdddf11c56bf82dff6d5566685a31e';
const BLOB = 'M4hsZGQ1oCktdzegB6HnI6Mi28S2nqOPHxK-W7_4BUk';

const examples: PortalError[] = [
  { kind: 'site-not-found', label: 'no-such-site', network: 'testnet' },
  { kind: 'resource-not-found', siteId: SITE, path: '/missing.html' },
  {
    kind: 'not-enough-slivers',
    siteId: SITE,
    path: '/video.mp4',
    blobId: BLOB,
    failures: [
      { node: 'https://node-1.example:9185', reason: 'timed out after 10 s' },
      { node: 'https://node-2.example:9185', reason: 'HTTP 404: sliver not stored' },
    ],
  },
  {
    kind: 'blob-unavailable',
    siteId: SITE,
    path: '/old.html',
    blobId: BLOB,
    nodes: 61,
    shards: 702,
    n: 1000,
    checkedAt: '2026-12-07T00:00:00.000Z',
  },
  {
    kind: 'integrity',
    siteId: SITE,
    path: '/app.js',
    blobId: BLOB,
    expected: 'a'.repeat(64),
    actual: 'b'.repeat(64),
  },
  { kind: 'chain-unavailable', rpcUrl: 'https://fullnode.testnet.sui.io:443', message: 'fetch failed' },
  { kind: 'redirect-loop', siteId: SITE, path: '/loop' },
  { kind: 'invalid-path', path: '/%zz', reason: 'malformed percent-encoding' },
  { kind: 'internal', message: 'boom' },
];

const bytes = (html: string) => new TextEncoder().encode(html).length;

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes already-escaped text again (no double-decoding shortcuts)', () => {
    expect(escapeHtml('&amp; &lt;')).toBe('&amp;amp; &amp;lt;');
  });

  it('leaves everything else alone', () => {
    expect(escapeHtml('plain /path/ä 🦭 `x` =')).toBe('plain /path/ä 🦭 `x` =');
    expect(escapeHtml('')).toBe('');
  });

  it('neutralises hostile inputs', () => {
    for (const hostile of [
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      "' onmouseover='alert(1)",
      '</title><script>alert(1)</script>',
      '<!--',
      '<![CDATA[',
      '</style><svg onload=alert(1)>',
    ]) {
      const escaped = escapeHtml(hostile);
      expect(escaped).not.toMatch(/[<>"']/);
    }
  });
});

describe('errorPage', () => {
  it('uses the agreed status for each kind', () => {
    expect(examples.map((e) => [e.kind, errorPage(e).status])).toEqual([
      ['site-not-found', 404],
      ['resource-not-found', 404],
      ['not-enough-slivers', 503],
      ['blob-unavailable', 404],
      ['integrity', 422],
      ['chain-unavailable', 503],
      ['redirect-loop', 508],
      ['invalid-path', 400],
      ['internal', 500],
    ]);
    expect(Object.keys(ERROR_STATUS).sort()).toEqual(examples.map((e) => e.kind).sort());
  });

  it.each(examples.map((e) => [e.kind, e] as const))('%s: a small self-contained page', (kind, info) => {
    const { html, status } = errorPage(info);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`<body data-floe-error="${kind}">`);
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain(`<title>${status} `);
    expect(html).toMatch(/<h1>[^<]+<\/h1>/);
    expect(html).toContain('<h2>What you can do</h2>');
    expect(html).toContain('<style>');
    // No scripts, no external resources.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|\bsrc=|href="(?!\/")|url\(|@import/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(bytes(html)).toBeLessThan(MAX_ERROR_PAGE_BYTES);
  });

  it('shows the details of each failure', () => {
    const [site, resource, slivers, gone, integrity, chain, loop, path, internal] = examples.map(
      (e) => errorPage(e).html,
    );
    expect(site).toContain('<code>no-such-site</code>');
    expect(site).toContain('testnet');
    expect(resource).toContain(`<code>${SITE}</code>`);
    expect(resource).toContain('<code>/missing.html</code>');
    expect(resource).toContain('<a href="/">');
    expect(slivers).toContain(`<code>${BLOB}</code>`);
    expect(slivers).toContain('Nodes that failed (2)');
    expect(slivers).toContain(
      '<tr><td><code>https://node-1.example:9185</code></td><td>timed out after 10 s</td></tr>',
    );
    expect(slivers).toContain('HTTP 404: sliver not stored');
    expect(gone).toContain('<code>/old.html</code>');
    expect(gone).toContain('61 storage nodes holding 702 of 1000 shards answered that they do not store it');
    expect(gone).toContain('<code>2026-12-07T00:00:00.000Z</code>');
    expect(integrity).toContain(`<code>${'a'.repeat(64)}</code>`);
    expect(integrity).toContain(`<code>${'b'.repeat(64)}</code>`);
    expect(chain).toContain('<code>https://fullnode.testnet.sui.io</code>');
    expect(chain).toContain('<code>fetch failed</code>');
    expect(loop).toContain('<code>/loop</code>');
    expect(path).toContain('<code>/%zz</code>');
    expect(path).toContain('malformed percent-encoding');
    expect(internal).toContain('<code>boom</code>');
  });

  it('caps the node table', () => {
    const failures = Array.from({ length: 1000 }, (_, i) => ({ node: `node-${i}`, reason: 'refused' }));
    const { html } = errorPage({
      kind: 'not-enough-slivers',
      siteId: SITE,
      path: '/a',
      blobId: BLOB,
      failures,
    });
    expect(html).toContain('Nodes that failed (1000)');
    expect(html.match(/<tr><td>/g)).toHaveLength(5);
    expect(html).toContain('node-4');
    expect(html).not.toContain('node-5<');
    expect(html).toContain('…and 995 more.');
    // No table at all without failures.
    expect(
      errorPage({ kind: 'not-enough-slivers', siteId: SITE, path: '/a', blobId: BLOB, failures: [] }).html,
    ).not.toContain('<table>');
  });

  it('says, when the worker shows it, that offline copies are unverified and how long they are kept', () => {
    const info = { kind: 'chain-unavailable', rpcUrl: 'https://rpc.example.com', message: 'x' } as const;
    expect(errorPage(info).html).not.toContain('offline copy');
    const { html } = errorPage({ ...info, offlineCopyHours: 24 });
    expect(html).toContain('pages it opened in the last 24 hours from an offline copy');
    expect(html).toContain('not checked against the chain');
  });

  it('never prints RPC credentials', () => {
    const { html } = errorPage({
      kind: 'chain-unavailable',
      rpcUrl: 'https://user:secret@rpc.example.com/v2/API-KEY-123?token=SECRET',
      message: 'request to https://rpc.example.com/v2/API-KEY-123?token=SECRET failed, reason: ECONNRESET',
    });
    expect(html).not.toMatch(/secret|API-KEY|token/i);
    expect(html).toContain('<code>https://rpc.example.com</code>');
    expect(html).toContain('request to https://rpc.example.com/… failed, reason: ECONNRESET');
    expect(errorPage({ kind: 'chain-unavailable', rpcUrl: 'not a url', message: 'x' }).html).toContain(
      '(not a URL)',
    );
    expect(errorPage({ kind: 'internal', message: 'GET https://h.example/key/abc: 500' }).html).toContain(
      'GET https://h.example/…: 500',
    );
    expect(errorPage({ kind: 'internal', message: 'see https://h.example/.' }).html).toContain(
      'see https://h.example.',
    );
    expect(errorPage({ kind: 'internal', message: '(https://h.example:8443/a)' }).html).toContain(
      '(https://h.example:8443/…)',
    );
  });

  const hostile = [
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    '</title><script>x</script>',
    '</style><script>x</script>',
    '<!-- ',
  ].join('&');

  const hostileCases: PortalError[] = [
    { kind: 'site-not-found', label: hostile, network: hostile },
    { kind: 'resource-not-found', siteId: hostile, path: hostile },
    {
      kind: 'not-enough-slivers',
      siteId: hostile,
      path: hostile,
      blobId: hostile,
      failures: Array.from({ length: 20 }, () => ({ node: hostile, reason: hostile })),
    },
    {
      kind: 'integrity',
      siteId: hostile,
      path: hostile,
      blobId: hostile,
      expected: hostile,
      actual: hostile,
    },
    { kind: 'chain-unavailable', rpcUrl: hostile, message: hostile },
    { kind: 'redirect-loop', siteId: hostile, path: hostile },
    { kind: 'invalid-path', path: hostile, reason: hostile },
    { kind: 'internal', message: hostile },
  ];

  it.each(hostileCases.map((e) => [e.kind, e] as const))(
    '%s: escapes every interpolated string',
    (_kind, info) => {
      const { html } = errorPage(info);
      expect(html).not.toMatch(/<script|<img|<svg/i);
      // Attribute breakouts: every `"` and `'` in the input arrives as an entity.
      expect(html).not.toMatch(/onerror=alert\(1\)>|onload=alert\(1\)>/);
      expect(html).not.toContain('<!-- ');
      // Only the page's own tags remain.
      const tags = new Set([...html.matchAll(/<\/?([a-z0-9!]+)/gi)].map((m) => m[1]!.toLowerCase()));
      for (const tag of tags) {
        expect([
          '!doctype',
          'html',
          'head',
          'meta',
          'title',
          'style',
          'body',
          'main',
          'p',
          'h1',
          'h2',
          'dl',
          'dt',
          'dd',
          'code',
          'a',
          'table',
          'tr',
          'th',
          'td',
          'b',
        ]).toContain(tag);
      }
      expect(html.match(/<title>/g)).toHaveLength(1);
      expect(html.match(/<\/style>/g)).toHaveLength(1);
    },
  );

  it('stays under 4 KB for the longest and most expensive inputs', () => {
    const worst = [
      '"'.repeat(5000), // 6 bytes each once escaped
      '🦭'.repeat(3000), // 4 bytes per code point
      '\uD800'.repeat(3000), // lone surrogates: 3 bytes each as U+FFFD
      `/${'a'.repeat(2047)}`,
    ];
    for (const text of worst) {
      const failures = Array.from({ length: 1000 }, () => ({ node: text, reason: text }));
      const cases: PortalError[] = [
        { kind: 'site-not-found', label: text, network: text },
        { kind: 'resource-not-found', siteId: text, path: text },
        { kind: 'not-enough-slivers', siteId: text, path: text, blobId: text, failures },
        {
          kind: 'blob-unavailable',
          siteId: text,
          path: text,
          blobId: text,
          nodes: 1e15,
          shards: 1e15,
          n: 1e15,
          checkedAt: text,
        },
        { kind: 'integrity', siteId: text, path: text, blobId: text, expected: text, actual: text },
        { kind: 'chain-unavailable', rpcUrl: text, message: text },
        { kind: 'redirect-loop', siteId: text, path: text },
        { kind: 'invalid-path', path: text, reason: text },
        { kind: 'internal', message: text },
      ];
      for (const info of cases) {
        const { html } = errorPage(info);
        expect(bytes(html), `${info.kind} with ${text.slice(0, 4)}…`).toBeLessThan(MAX_ERROR_PAGE_BYTES);
        expect(html).toContain('…');
        // A cut never splits an entity or a surrogate pair.
        expect(html).not.toMatch(/&[a-z#0-9]*…/);
        if (text.startsWith('🦭')) expect(html).not.toMatch(/[\uD800-\uDBFF]…/);
      }
    }
  });

  it('renders an unknown kind from an untyped caller as an internal error', () => {
    const page = errorPage({ kind: 'bogus' } as unknown as PortalError);
    expect(page.status).toBe(500);
    expect(page.html).toContain('data-floe-error="internal"');
    expect(page.html).toContain('unknown error kind bogus');
  });
});
