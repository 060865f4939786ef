import { describe, expect, it } from 'vitest';
import { blobIdToText } from '../../core/walrus/blob-id.ts';
import { ApiError } from './api-error.ts';
import { parseRoute } from './routes.ts';

const ID = new Uint8Array(32).map((_, i) => i * 7);
const TEXT = blobIdToText(ID);

function error(method: string, target: string): ApiError {
  try {
    parseRoute(method, target);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error(`${method} ${target} parsed`);
}

describe('parseRoute', () => {
  it('maps every /v1 endpoint the SDK uses', () => {
    expect(parseRoute('GET', '/v1/health?detailed=true')).toEqual({ kind: 'health', detailed: true });
    expect(parseRoute('GET', `/v1/blobs/${TEXT}/metadata`)).toEqual({ kind: 'get-metadata', blobId: ID });
    expect(parseRoute('PUT', `/v1/blobs/${TEXT}/metadata?pending=true`)).toEqual({
      kind: 'put-metadata',
      blobId: ID,
      pending: true,
    });
    expect(parseRoute('GET', `/v1/blobs/${TEXT}/metadata/status`)).toEqual({
      kind: 'metadata-status',
      blobId: ID,
    });
    expect(parseRoute('GET', `/v1/blobs/${TEXT}/slivers/7/secondary`)).toEqual({
      kind: 'get-sliver',
      blobId: ID,
      pair: 7,
      type: 'secondary',
    });
    expect(parseRoute('PUT', `/v1/blobs/${TEXT}/slivers/0/primary`)).toMatchObject({
      kind: 'put-sliver',
      pending: false,
    });
    expect(parseRoute('GET', `/v1/blobs/${TEXT}/slivers/3/primary/status`)).toMatchObject({
      kind: 'sliver-status',
      pair: 3,
    });
    expect(parseRoute('GET', `/v1/blobs/${TEXT}/status`)).toEqual({ kind: 'blob-status', blobId: ID });
    expect(
      parseRoute(
        'GET',
        `/v1/blobs/${TEXT}/confirmation/permanent?wait_for_registration=true&wait_millis=250`,
      ),
    ).toEqual({
      kind: 'confirmation',
      blobId: ID,
      persistence: { kind: 'permanent' },
      waitForRegistration: true,
      waitMillis: 250,
    });
  });

  it('normalises deletable object IDs to 32 bytes', () => {
    const route = parseRoute('GET', `/v1/blobs/${TEXT}/confirmation/deletable/0xAbC`);
    const objectId = new Uint8Array(32);
    objectId[30] = 0x0a;
    objectId[31] = 0xbc;
    expect(route).toMatchObject({ persistence: { kind: 'deletable', objectId } });
  });

  it('names what is wrong', () => {
    expect([error('GET', '/v2').httpCode, error('GET', '/v2').reason]).toEqual([404, 'ROUTE_NOT_FOUND']);
    const wrongMethod = error('DELETE', `/v1/blobs/${TEXT}/metadata`);
    expect([wrongMethod.httpCode, wrongMethod.reason, wrongMethod.headers.allow]).toEqual([
      405,
      'METHOD_NOT_ALLOWED',
      'GET, PUT, OPTIONS',
    ]);
    expect(error('GET', `/v1/blobs/${TEXT.slice(1)}/metadata`).reason).toBe('INVALID_BLOB_ID');
    expect(error('GET', `/v1/blobs/${TEXT}/slivers/x/primary`).reason).toBe('INVALID_PARAMETER');
    expect(error('GET', `/v1/blobs/${TEXT}/slivers/1/both`).reason).toBe('INVALID_PARAMETER');
    expect(error('PUT', `/v1/blobs/${TEXT}/metadata?pending=1`).reason).toBe('INVALID_PARAMETER');
    expect(error('GET', `/v1/blobs/${TEXT}/confirmation/deletable/0x`).reason).toBe('INVALID_PARAMETER');
    // Large pair numbers are kept so the node can report them against n.
    expect(parseRoute('GET', `/v1/blobs/${TEXT}/slivers/70000/primary`)).toMatchObject({ pair: 70000 });
  });
});
