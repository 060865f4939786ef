import { describe, expect, it } from 'vitest';
import { pageSubresources } from './page-subresources.ts';

const PAGE = 'http://hello.localhost:3000/docs/index.html';

describe('pageSubresources', () => {
  it('names the stylesheets, scripts, preloads, icons and images a page fetches while parsing', () => {
    const html = `<!doctype html><html><head>
      <link rel="stylesheet" href="/css/site.css">
      <link rel='preload' href='fonts/a.woff2' as='font'>
      <link rel=modulepreload href=./js/dep.js>
      <link rel="icon shortcut" href="/favicon.ico">
      <link rel="canonical" href="/docs/">
      <link rel="next" href="page-2.html">
      <script type="module" src="/js/main.js?v=2#x"></script>
      </head><body><img alt="a &amp; b" src="../images/photo.png"><a href="/other.html">x</a></body></html>`;
    expect(pageSubresources(html, PAGE)).toEqual([
      'http://hello.localhost:3000/css/site.css',
      'http://hello.localhost:3000/docs/fonts/a.woff2',
      'http://hello.localhost:3000/docs/js/dep.js',
      'http://hello.localhost:3000/favicon.ico',
      'http://hello.localhost:3000/js/main.js?v=2',
      'http://hello.localhost:3000/images/photo.png',
    ]);
  });

  it('leaves out other origins, data and script URLs, the page itself and repeats', () => {
    const html = `<script src="https://cdn.example/lib.js"></script><script src="//cdn.example/x.js"></script>
      <img src="data:image/png;base64,AAAA"><script src="javascript:alert(1)"></script>
      <img src="index.html"><img src="/a.png"><img src="/a.png#top"><img src="">`;
    expect(pageSubresources(html, PAGE)).toEqual(['http://hello.localhost:3000/a.png']);
  });

  it('resolves against <base href>, and stops at the limit', () => {
    const html = `<base href="/static/">${Array.from({ length: 40 }, (_, i) => `<img src="i${i}.png">`).join('')}`;
    const urls = pageSubresources(html, PAGE, 5);
    expect(urls).toHaveLength(5);
    expect(urls[0]).toBe('http://hello.localhost:3000/static/i0.png');
  });

  it('takes any text without failing: nothing named, nothing found', () => {
    expect(pageSubresources('not html <img src=', PAGE)).toEqual([]);
    expect(pageSubresources('<img src="http://[bad">', PAGE)).toEqual([]);
  });
});
