import { describe, expect, it } from 'vitest';
import {
  addAttributeHeaders,
  blobResponseHeaders,
  CACHE_CONTROL,
  DEFAULT_ALLOWED_HEADERS,
  patchResponseHeaders,
  type RequestView,
} from './blob-responses.ts';

const GET: RequestView = { method: 'GET', accept: null, contentType: null };
const ALLOWED = new Set(DEFAULT_ALLOWED_HEADERS);

describe('blob response headers', () => {
  it('sets nosniff, a day of caching and the blob ID as ETag, and no content type of its own', () => {
    expect(Object.fromEntries(blobResponseHeaders({ ...GET, accept: '*/*' }, 'ID'))).toEqual({
      'x-content-type-options': 'nosniff',
      'cache-control': CACHE_CONTROL,
      etag: 'ID',
    });
  });

  it("mirrors an Accept without wildcards, else a GET's Content-Type", () => {
    expect(blobResponseHeaders({ ...GET, accept: 'image/png' }, 'ID').get('content-type')).toBe('image/png');
    expect(blobResponseHeaders({ ...GET, accept: 'text/html,*/*;q=0.8' }, 'ID').has('content-type')).toBe(
      false,
    );
    expect(blobResponseHeaders({ ...GET, contentType: 'text/css' }, 'ID').get('content-type')).toBe(
      'text/css',
    );
    expect(
      blobResponseHeaders({ method: 'HEAD', accept: null, contentType: 'text/css' }, 'ID').has(
        'content-type',
      ),
    ).toBe(false);
  });

  it('adds allowed, valid attributes without replacing headers already set', () => {
    const headers = blobResponseHeaders({ ...GET, accept: 'text/plain' }, 'ID');
    addAttributeHeaders(
      headers,
      [
        ['Content-Type', 'text/html'],
        ['Content-Disposition', 'attachment'],
        ['ETag', 'forged'],
        ['X-Not-Allowed', 'x'],
        ['bad name', 'x'],
        ['link', 'bad\nvalue'],
        ['', 'empty'],
      ],
      ALLOWED,
    );
    expect(headers.get('content-type')).toBe('text/plain');
    expect(headers.get('content-disposition')).toBe('attachment');
    expect(headers.get('etag')).toBe('ID');
    expect(headers.has('x-not-allowed')).toBe(false);
    expect(headers.has('link')).toBe(false);
    addAttributeHeaders(headers, [['X-Not-Allowed', 'now']], null);
    expect(headers.get('x-not-allowed')).toBe('now');
  });

  it('names a quilt patch by identifier (any text) and its quilt ID as ETag', () => {
    const headers = patchResponseHeaders(
      GET,
      'QUILT',
      { identifier: 'café.txt', tags: { 'content-type': 'text/plain', colour: 'blue' } },
      ALLOWED,
    );
    expect(Object.fromEntries(headers)).toMatchObject({
      etag: 'QUILT',
      'content-type': 'text/plain',
      'x-quilt-patch-identifier': 'café.txt',
    });
    expect(headers.has('colour')).toBe(false);
  });
});
