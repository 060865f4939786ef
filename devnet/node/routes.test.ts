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

  it("parses the symbol endpoints' queries as a Walrus node does", () => {
    expect(
      parseRoute(
        'GET',
        `/v1/blobs/${TEXT}/decodingSymbols?targetSlivers=3&targetSlivers=1&targetType=secondary`,
      ),
    ).toEqual({ kind: 'decoding-symbols', blobId: ID, targets: [3, 1], type: 'secondary' });
    expect(parseRoute('GET', `/v1/blobs/${TEXT}/recoverySymbols?id=4-1&id=0-2&proofAxis=primary`)).toEqual({
      kind: 'recovery-symbols',
      blobId: ID,
      filter: {
        kind: 'ids',
        ids: [
          { primary: 0, secondary: 2 },
          { primary: 4, secondary: 1 },
        ],
        proofAxis: 'primary',
      },
    });
    expect(parseRoute('GET', `/v1/blobs/${TEXT}/recoverySymbols?targetSliver=9&targetType=primary`)).toEqual({
      kind: 'recovery-symbols',
      blobId: ID,
      filter: { kind: 'recovers', targetSliver: 9, targetType: 'primary' },
    });
    // Out-of-range numbers that are still u16 reach the node, which answers against p, s or n.
    expect(
      parseRoute('GET', `/v1/blobs/${TEXT}/decodingSymbols?targetSlivers=65535&targetType=primary`),
    ).toMatchObject({
      targets: [65535],
    });
    for (const query of [
      '',
      '?targetSlivers=1,2&targetType=primary',
      '?targetSlivers=1&targetType=both',
      '?targetSlivers=65536&targetType=primary',
    ]) {
      const e = error('GET', `/v1/blobs/${TEXT}/decodingSymbols${query}`);
      expect([e.httpCode, e.reason], query).toEqual([400, 'INVALID_PARAMETER']);
    }
    expect(error('GET', `/v1/blobs/${TEXT}/recoverySymbols?id=1`).reason).toBe('INVALID_PARAMETER');
    expect(error('GET', `/v1/blobs/${TEXT}/recoverySymbols?id=1-1&proofAxis=x`).reason).toBe(
      'INVALID_PARAMETER',
    );
    expect(
      error('PUT', `/v1/blobs/${TEXT}/decodingSymbols?targetSlivers=1&targetType=primary`).httpCode,
    ).toBe(405);
    // The blob ID is checked before the query, as axum extracts the path first.
    expect(error('GET', `/v1/blobs/x/recoverySymbols`).reason).toBe('INVALID_BLOB_ID');
  });
});
