import { describe, expect, it } from 'vitest';
import { blobIdToText } from '../core/walrus/blob-id.ts';
import { quiltPatchIdToText } from '../core/walrus/quilt.ts';
import { AggregatorError, DaemonApiError, MethodNotAllowedError, RouteNotFoundError } from './errors.ts';
import { parseRoute, type Route } from './routes.ts';

const ID_BYTES = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
const ID = blobIdToText(ID_BYTES);
const PATCH = quiltPatchIdToText({ quiltId: ID_BYTES, start: 3, end: 5 });
const OBJECT = `0x${'ab'.repeat(32)}`;
const both = { publisher: true };

function ok(method: string, target: string, options = both): Route {
  const route = parseRoute(method, target, options);
  if (route instanceof AggregatorError) throw new Error(`refused: ${route.message}`);
  return route;
}

function refused(method: string, target: string, options = both) {
  const route = parseRoute(method, target, options);
  if (!(route instanceof AggregatorError)) throw new Error(`accepted as ${route.kind}`);
  return { error: route, answer: route.answer() };
}

describe('parseRoute', () => {
  it('routes every read of the daemon, HEAD like GET', () => {
    expect(ok('GET', `/v1/blobs/${ID}`)).toMatchObject({ kind: 'blob', head: false, blobId: ID_BYTES });
    expect(ok('HEAD', `/v1/blobs/${ID}`)).toMatchObject({ kind: 'blob', head: true });
    expect(ok('GET', `/v1/blobs/${ID}/byte-range?start=5&length=10`)).toMatchObject({
      kind: 'byte-range',
      range: { start: 5n, length: 10n },
    });
    expect(ok('GET', `/v1/blobs/by-object-id/${OBJECT}`)).toMatchObject({
      kind: 'blob-by-object-id',
      objectId: OBJECT,
    });
    expect(ok('GET', `/v1/blobs/by-quilt-patch-id/${PATCH}`)).toMatchObject({
      kind: 'patch-by-id',
      patch: { quiltId: ID_BYTES, start: 3, end: 5 },
    });
    expect(ok('GET', `/v1/quilts/${ID}/patches`)).toMatchObject({ kind: 'list-patches', quiltId: ID_BYTES });
    expect(ok('GET', '/status')).toEqual({ kind: 'status' });
  });

  it('percent-decodes a patch identifier, so it may hold slashes and any text', () => {
    expect(ok('GET', `/v1/blobs/by-quilt-id/${ID}/docs%2Fcaf%C3%A9%20menu.html`)).toMatchObject({
      kind: 'patch-by-identifier',
      identifier: 'docs/café menu.html',
    });
    // Invalid escapes stay as they are; `+` is not a space in a path.
    expect(ok('GET', `/v1/blobs/by-quilt-id/${ID}/100%25+%zz`)).toMatchObject({ identifier: '100%+%zz' });
    const bad = refused('GET', `/v1/blobs/by-quilt-id/${ID}/%FF`);
    expect(bad.answer).toMatchObject({ status: 400, body: 'Invalid URL: Invalid UTF-8 in `identifier`' });
  });

  it('normalizes short object IDs and accepts an absolute-form target', () => {
    expect(ok('GET', '/v1/blobs/by-object-id/0x2')).toMatchObject({ objectId: `0x${'0'.repeat(63)}2` });
    expect(ok('GET', `http://example.test/v1/blobs/${ID}?strict_consistency_check=true`)).toMatchObject({
      kind: 'blob',
      read: { strictConsistencyCheck: true, skipConsistencyCheck: false },
    });
  });

  it('answers a malformed ID with the 400 text of the daemon, naming the parameter', () => {
    expect(refused('GET', '/v1/blobs/xyz').answer).toEqual({
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'Invalid URL: Cannot parse `blob_id` with value `xyz`: failed to parse a blob ID',
    });
    // A blob ID with unused bits set is not canonical, so not an ID.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const noncanonical = `${ID.slice(0, 42)}${alphabet[alphabet.indexOf(ID.at(-1)!) | 1]}`;
    expect(refused('GET', `/v1/blobs/${noncanonical}`).answer.status).toBe(400);
    expect(refused('GET', `/v1/quilts/${ID.slice(1)}/patches`).answer.body).toContain('`quilt_id`');
    expect(refused('GET', `/v1/blobs/by-quilt-patch-id/${ID}`).answer.body).toContain('`quilt_patch_id`');
    expect(refused('GET', '/v1/blobs/by-object-id/0xzz').answer.body).toBe(
      'Invalid URL: Cannot parse `blob_object_id` with value `0xzz`: Unable to parse AccountAddress (must be hex string of length 32)',
    );
    // The static segment wins: this is a malformed object ID, not a blob ID.
    expect(refused('GET', '/v1/blobs/by-object-id/byte-range').answer.body).toContain('`blob_object_id`');
  });

  it('refuses unknown query fields on the reads that take a query, and ignores queries elsewhere', () => {
    expect(refused('GET', `/v1/blobs/${ID}?x=1`).answer.body).toBe(
      'Failed to deserialize query string: unknown field `x`, expected `strict_consistency_check` or `skip_consistency_check`',
    );
    const both = refused('GET', `/v1/blobs/${ID}?strict_consistency_check=true&skip_consistency_check=true`);
    expect(both.error).toBeInstanceOf(DaemonApiError);
    expect(JSON.parse(both.answer.body)).toMatchObject({
      error: { status: 'INVALID_ARGUMENT', code: 400, details: [{ reason: 'INVALID_CONSISTENCY_CHECK' }] },
    });
    expect(ok('GET', `/v1/blobs/by-quilt-patch-id/${PATCH}?anything=1`).kind).toBe('patch-by-id');
    expect(refused('GET', `/v1/blobs/${ID}/byte-range?start=1`).answer.body).toBe(
      'Failed to deserialize query string: missing field `length`',
    );
  });

  it('has 404 for unknown paths and 405 with Allow for known ones', () => {
    for (const path of [
      '/',
      '/v1',
      '/v1/blobs/',
      `/v1/blobs/${ID}/`,
      '/v1alpha/blobs/concat',
      `/V1/blobs/${ID}`,
    ]) {
      const { error, answer } = refused('GET', path);
      expect(error, path).toBeInstanceOf(RouteNotFoundError);
      expect(answer).toEqual({ status: 404, headers: {}, body: '' });
    }
    const wrong = refused('POST', `/v1/blobs/${ID}`);
    expect(wrong.error).toBeInstanceOf(MethodNotAllowedError);
    expect(wrong.answer).toEqual({ status: 405, headers: { allow: 'GET,HEAD' }, body: '' });
    expect(refused('GET', '/v1/blobs').answer).toMatchObject({ status: 405, headers: { allow: 'PUT' } });
  });

  it('has the publisher routes only when there is a publisher', () => {
    expect(ok('PUT', '/v1/blobs?epochs=3')).toMatchObject({ kind: 'put-blob', query: { epochs: 3 } });
    expect(ok('PUT', '/v1/quilts')).toMatchObject({ kind: 'put-quilt', query: { epochs: 1 } });
    expect(refused('PUT', '/v1/blobs', { publisher: false }).error).toBeInstanceOf(RouteNotFoundError);
    expect(refused('PUT', '/v1/quilts', { publisher: false }).error).toBeInstanceOf(RouteNotFoundError);
  });

  it('treats every OPTIONS request as a CORS preflight', () => {
    expect(ok('OPTIONS', '/anything/at/all')).toEqual({ kind: 'preflight' });
  });
});
