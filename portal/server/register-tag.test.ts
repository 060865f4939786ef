import { describe, expect, it } from 'vitest';
import { REGISTER_TAG, registerTagOffset, taggedResponse, withRegisterTag } from './register-tag.ts';

const tag = (html: string) => new TextDecoder().decode(withRegisterTag(new TextEncoder().encode(html)));
const html = (headers: Record<string, string> = {}) =>
  new Headers({ 'content-type': 'text/html; charset=utf-8', ...headers });

describe('registerTagOffset / withRegisterTag', () => {
  it('puts the tag before </head>, else </body>, else at the end, in any case of the tag name', () => {
    expect(tag('<html><head><title>t</title></head><body>x</body></html>')).toBe(
      `<html><head><title>t</title>${REGISTER_TAG}</head><body>x</body></html>`,
    );
    expect(tag('<HTML><HEAD></HEAD ><BODY></BODY></HTML>')).toBe(
      `<HTML><HEAD>${REGISTER_TAG}</HEAD ><BODY></BODY></HTML>`,
    );
    expect(tag('<p>no head</p></BODY></html>')).toBe(`<p>no head</p>${REGISTER_TAG}</BODY></html>`);
    expect(tag('<!doctype html><title>bare</title><p>hi')).toBe(
      `<!doctype html><title>bare</title><p>hi${REGISTER_TAG}`,
    );
    expect(tag('')).toBe(REGISTER_TAG);
    expect(tag('plain text, no markup')).toBe(`plain text, no markup${REGISTER_TAG}`);
  });

  it('ignores end tags inside comments, attribute values and raw text such as scripts', () => {
    const head = [
      '<head>',
      '<!-- </head> -->',
      '<meta content="a </head> in a value" data-x=\'</head>\'>',
      '<script>document.write("</head></body>")</script>',
      '<style>p::after{content:"</head>"}</style>',
      '<title>about </head> tags</title>',
      '<noscript></head></noscript>',
      '<!---->',
      '<!-->',
    ].join('');
    const doc = `${head}</head><body><textarea></body></textarea></body>`;
    expect(tag(doc)).toBe(`${head}${REGISTER_TAG}</head><body><textarea></body></textarea></body>`);
    // A raw text element ends only at its own end tag, in any case.
    const script = '<SCRIPT>let s = "</scripts></head>";</Script >';
    expect(tag(`${script}</head>`)).toBe(`${script}${REGISTER_TAG}</head>`);
    // `</headline>` and `</bodyx>` are other elements.
    expect(tag('<p></headline></bodyx></body>')).toBe(`<p></headline></bodyx>${REGISTER_TAG}</body>`);
  });

  it('prefers </head> even when a </body> comes first, and takes the first </body> otherwise', () => {
    expect(tag('</body><p></head>')).toBe(`</body><p>${REGISTER_TAG}</head>`);
    expect(tag('<p></body><p></body>')).toBe(`<p>${REGISTER_TAG}</body><p></body>`);
  });

  it('goes before markup the document never closes, where it is neither text nor inert', () => {
    expect(tag('<p>x<!-- unclosed </head>')).toBe(`<p>x${REGISTER_TAG}<!-- unclosed </head>`);
    expect(tag('<p>x<script>never closed </head>')).toBe(`<p>x${REGISTER_TAG}<script>never closed </head>`);
    expect(tag('<p>x<a href="unclosed </head>')).toBe(`<p>x${REGISTER_TAG}<a href="unclosed </head>`);
    expect(tag('<p>x<plaintext></head>')).toBe(`<p>x${REGISTER_TAG}<plaintext></head>`);
  });

  it('inserts at byte offsets, leaving multi-byte and non-UTF-8 text around it intact', () => {
    expect(tag('<head><title>Café ☕ 東京</title></head>')).toBe(
      `<head><title>Café ☕ 東京</title>${REGISTER_TAG}</head>`,
    );
    // windows-1252 bytes (é = 0xE9) are not valid UTF-8; they come out unchanged.
    const latin = new Uint8Array([
      ...new TextEncoder().encode('<p>caf'),
      0xe9,
      ...new TextEncoder().encode('</head>'),
    ]);
    const out = withRegisterTag(latin);
    expect(out.length).toBe(latin.length + REGISTER_TAG.length);
    expect(out[6]).toBe(0xe9);
    expect(Buffer.from(out.subarray(7, 7 + REGISTER_TAG.length)).toString()).toBe(REGISTER_TAG);
  });

  it('handles very large documents in one pass, wherever the end tag is', () => {
    const filler = '<div class="row"><span title="a > b">cell</span><!-- c --></div>\n'.repeat(250_000);
    expect(filler.length).toBeGreaterThan(16_000_000);
    const late = `<html><head>${filler}</head><body></body></html>`;
    expect(registerTagOffset(late)).toBe(late.indexOf('</head>'));
    const noHead = `<html>${filler}`;
    expect(registerTagOffset(noHead)).toBe(noHead.length);
    // Thousands of tags that never close: still one pass, before the first of them.
    const open = `<p>${'<a title="x'.repeat(200_000)}`;
    expect(registerTagOffset(open)).toBe(3);
    const big = withRegisterTag(new TextEncoder().encode(late));
    expect(big.length).toBe(late.length + REGISTER_TAG.length);
  });
});

describe('taggedResponse', () => {
  const page = new TextEncoder().encode('<head></head><body>hi</body>');

  it('tags HTML of any status, fixing the length and dropping headers of the exact bytes', () => {
    for (const status of [200, 404, 503]) {
      const out = taggedResponse(
        status,
        html({ 'content-length': String(page.length), etag: '"abc"', 'cache-control': 'max-age=60' }),
        page,
      );
      expect(out, String(status)).not.toBeNull();
      expect(new TextDecoder().decode(out!.body)).toBe(`<head>${REGISTER_TAG}</head><body>hi</body>`);
      expect(out!.headers.get('content-length')).toBe(String(page.length + REGISTER_TAG.length));
      expect(out!.headers.get('etag')).toBeNull();
      expect(out!.headers.get('cache-control')).toBe('max-age=60');
      expect(out!.headers.get('vary')).toBe('sec-fetch-mode');
    }
    expect(taggedResponse(200, html({ vary: 'accept-language' }), page)!.headers.get('vary')).toBe(
      'accept-language, sec-fetch-mode',
    );
    expect(taggedResponse(200, new Headers({ 'content-type': 'TEXT/HTML' }), page)).not.toBeNull();
  });

  it('leaves alone what is not a whole HTML body a text insertion can keep intact', () => {
    expect(taggedResponse(200, new Headers({ 'content-type': 'text/plain' }), page)).toBeNull();
    expect(taggedResponse(200, new Headers({ 'content-type': 'application/xhtml+xml' }), page)).toBeNull();
    expect(taggedResponse(200, new Headers({ 'content-type': 'text/htmlx' }), page)).toBeNull();
    expect(taggedResponse(200, new Headers(), page)).toBeNull();
    expect(taggedResponse(206, html(), page)).toBeNull();
    expect(taggedResponse(200, html(), null)).toBeNull();
    expect(taggedResponse(200, html(), new Uint8Array())).toBeNull();
    expect(taggedResponse(200, html({ 'content-encoding': 'gzip' }), page)).toBeNull();
    expect(
      taggedResponse(200, new Headers({ 'content-type': 'text/html; charset=UTF-16LE' }), page),
    ).toBeNull();
    expect(taggedResponse(200, html(), new Uint8Array([0xff, 0xfe, 0x3c, 0x00]))).toBeNull();
    expect(taggedResponse(200, html(), new Uint8Array([0xfe, 0xff, 0x00, 0x3c]))).toBeNull();
  });
});
