import { describe, expect, it } from 'vitest';
import { contentTypeFor, DEFAULT_CONTENT_TYPE, fileExtension } from './content-type.ts';

describe('contentTypeFor', () => {
  it('uses site-builder strings for the types it knows (bare, no charset)', () => {
    const expected: Record<string, string> = {
      '/index.html': 'text/html',
      '/a.htm': 'text/html',
      '/style.css': 'text/css',
      '/app.js': 'text/javascript',
      '/mod.mjs': 'text/javascript',
      '/data.json': 'application/json',
      '/ld.jsonld': 'application/ld+json',
      '/notes.txt': 'text/plain',
      '/feed.xml': 'application/xml',
      '/logo.svg': 'image/svg+xml',
      '/a.png': 'image/png',
      '/a.jpg': 'image/jpeg',
      '/a.jpeg': 'image/jpeg',
      '/a.gif': 'image/gif',
      '/a.webp': 'image/webp',
      '/a.avif': 'image/avif',
      '/favicon.ico': 'image/vnd.microsoft.icon',
      '/a.bmp': 'image/bmp',
      '/a.tif': 'image/tiff',
      '/a.tiff': 'image/tiff',
      '/f.woff': 'font/woff',
      '/f.woff2': 'font/woff2',
      '/f.ttf': 'font/ttf',
      '/f.otf': 'font/otf',
      '/f.eot': 'application/vnd.ms-fontobject',
      '/s.mp3': 'audio/mpeg',
      '/v.mp4': 'video/mp4',
      '/v.webm': 'video/webm',
      '/s.ogg': 'video/ogg', // site-builder's choice, kept for parity
      '/s.oga': 'audio/ogg',
      '/v.ogv': 'video/ogg',
      '/s.wav': 'audio/wav',
      '/d.pdf': 'application/pdf',
      '/d.zip': 'application/zip',
      '/d.gz': 'application/gzip',
      '/d.tar': 'application/x-tar',
      '/d.csv': 'text/csv',
      '/c.ics': 'text/calendar',
      '/seg.ts': 'video/mp2t',
      '/d.7z': 'application/x-7z-compressed',
    };
    for (const [path, type] of Object.entries(expected)) expect(contentTypeFor(path), path).toBe(type);
  });

  it('knows the web types site-builder serves as octet-stream', () => {
    expect(contentTypeFor('/pkg/app_bg.wasm')).toBe('application/wasm');
    expect(contentTypeFor('/site.webmanifest')).toBe('application/manifest+json');
    expect(contentTypeFor('/app.js.map')).toBe('application/json');
    expect(contentTypeFor('/README.md')).toBe('text/markdown');
    expect(contentTypeFor('/lib.cjs')).toBe('text/javascript');
    expect(contentTypeFor('/a.flac')).toBe('audio/flac');
    expect(contentTypeFor('/a.m4a')).toBe('audio/mp4');
    expect(contentTypeFor('/a.mov')).toBe('video/quicktime');
    expect(contentTypeFor('/subs.vtt')).toBe('text/vtt');
    expect(contentTypeFor('/c.yaml')).toBe('application/yaml');
    expect(contentTypeFor('/c.yml')).toBe('application/yaml');
    expect(contentTypeFor('/c.toml')).toBe('application/toml');
  });

  it('is case-insensitive', () => {
    expect(contentTypeFor('/INDEX.HTML')).toBe('text/html');
    expect(contentTypeFor('/Photo.JPG')).toBe('image/jpeg');
    expect(contentTypeFor('/App.WASM')).toBe('application/wasm');
  });

  it('falls back to octet-stream for unknown or missing extensions', () => {
    expect(contentTypeFor('/data.unknownext')).toBe(DEFAULT_CONTENT_TYPE);
    expect(contentTypeFor('/Makefile')).toBe(DEFAULT_CONTENT_TYPE);
    expect(contentTypeFor('/.htaccess')).toBe(DEFAULT_CONTENT_TYPE);
    expect(contentTypeFor('/html')).toBe(DEFAULT_CONTENT_TYPE);
    expect(contentTypeFor('/trailing.')).toBe(DEFAULT_CONTENT_TYPE);
    expect(DEFAULT_CONTENT_TYPE).toBe('application/octet-stream');
  });

  it('only looks at the last segment', () => {
    expect(contentTypeFor('/v1.2/README')).toBe(DEFAULT_CONTENT_TYPE);
    expect(contentTypeFor('/archive.tar.gz')).toBe('application/gzip');
  });
});

describe('fileExtension', () => {
  it('behaves like Rust Path::extension, lowercased', () => {
    expect(fileExtension('/a/b.TXT')).toBe('txt');
    expect(fileExtension('/a.b.c')).toBe('c');
    expect(fileExtension('/.env')).toBeNull();
    expect(fileExtension('/noext')).toBeNull();
    expect(fileExtension('/dir.d/noext')).toBeNull();
    expect(fileExtension('/x.')).toBe('');
  });
});
