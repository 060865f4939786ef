import { describe, expect, it } from 'vitest';
import { serializeBlobMetadataWithId } from './bcs.ts';
import { StorageNodeClient } from './node-client.ts';
import {
  BadRequestError,
  BlobBlockedError,
  hasReason,
  NodeConnectionError,
  NodeProtocolError,
  NodeRequestAbortedError,
  NodeTimeoutError,
  NotFoundError,
  NodeServerError,
} from './node-errors.ts';
import { parseDecodingSymbols, serializeDecodingSymbols } from './symbols-bcs.ts';
import { SymbolQueryError } from './symbols-query.ts';
import { encodedBlob } from './test-support/fixtures.ts';

type Handler = (url: URL, init?: RequestInit) => Response | Promise<Response>;

function clientWith(handler: Handler, timeoutMs = 1000) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const client = new StorageNodeClient({
    url: 'http://node.test/',
    timeoutMs,
    fetch: async (input, init) => {
      calls.push({ url: input, ...(init ? { init } : {}) });
      return handler(new URL(input), init);
    },
  });
  return { client, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const aip = (status: number, reason: string, message = 'failed') =>
  json(status, {
    error: {
      code: status,
      status: 'X',
      message,
      details: [{ '@type': 'ErrorInfo', reason, domain: 'storage.walrus.space', metadata: {} }],
    },
  });

describe('storage node client', () => {
  const { encoded } = encodedBlob(10, 300);

  it('fetches and parses metadata from the right path', async () => {
    const body = serializeBlobMetadataWithId({ blobId: encoded.blobId, metadata: encoded.metadata });
    const { client, calls } = clientWith(() => new Response(body as BodyInit));
    const result = await client.getMetadata(encoded.blobId);
    expect(result.metadata).toEqual(encoded.metadata);
    expect(calls[0]!.url).toMatch(/^http:\/\/node\.test\/v1\/blobs\/[A-Za-z0-9_-]{43}\/metadata$/);
    expect(new Headers(calls[0]!.init?.headers).get('accept')).toBe('application/octet-stream');
  });

  it('sends PUT bodies as octet-stream and reads the store status', async () => {
    const { client, calls } = clientWith((url) =>
      json(url.searchParams.get('pending') ? 202 : 201, {
        success: { code: url.searchParams.get('pending') ? 202 : 201, data: 'ok' },
      }),
    );
    expect(await client.putSliver(encoded.blobId, 3, 'secondary', encoded.secondary[3]!)).toEqual({
      status: 201,
      message: 'ok',
    });
    expect(await client.putMetadata(encoded.blobId, new Uint8Array(5), { pending: true })).toEqual({
      status: 202,
      message: 'ok',
    });
    expect(calls[0]!.url).toMatch(/\/slivers\/3\/secondary$/);
    expect(calls[0]!.init?.method).toBe('PUT');
    expect(new Headers(calls[0]!.init?.headers).get('content-type')).toBe('application/octet-stream');
    expect(calls[1]!.url).toMatch(/\/metadata\?pending=true$/);
  });

  it('decodes confirmations, statuses and health from the JSON envelope', async () => {
    const { client, calls } = clientWith((url) => {
      if (url.pathname.includes('/confirmation/')) {
        return json(200, {
          success: { code: 200, data: { signed: { serializedMessage: 'AQAD', signature: 'AAEC' } } },
        });
      }
      if (url.pathname.endsWith('/status')) return json(200, { success: { code: 200, data: 'nonexistent' } });
      return json(200, { success: { code: 200, data: { epoch: 3, nodeStatus: 'Active' } } });
    });
    const confirmation = await client.getDeletableConfirmation(encoded.blobId, '0xabc', {
      waitForRegistration: true,
      waitMillis: 500,
    });
    expect(confirmation.serializedMessage).toEqual(Uint8Array.from([1, 0, 3]));
    expect(confirmation.signature).toEqual(Uint8Array.from([0, 1, 2]));
    expect(calls[0]!.url).toMatch(
      /\/confirmation\/deletable\/0xabc\?wait_for_registration=true&wait_millis=500$/,
    );
    expect(await client.getBlobStatus(encoded.blobId)).toBe('nonexistent');
    expect((await client.getHealth({ detailed: true })).epoch).toBe(3);
    expect(calls.at(-1)!.url).toMatch(/\/v1\/health\?detailed=true$/);
  });

  it('maps AIP-193 errors to classes with the reason', async () => {
    const cases: [Response, unknown, string][] = [
      [
        aip(404, 'SLIVER_NOT_FOUND', 'the requested sliver is unavailable'),
        NotFoundError,
        'SLIVER_NOT_FOUND',
      ],
      [aip(400, 'NOT_REGISTERED'), BadRequestError, 'NOT_REGISTERED'],
      [aip(451, 'FORBIDDEN_BLOB'), BlobBlockedError, 'FORBIDDEN_BLOB'],
      [new Response('boom', { status: 503 }), NodeServerError, ''],
    ];
    for (const [response, Class, reason] of cases) {
      const { client } = clientWith(() => response);
      const error = await client.getSliver(encoded.blobId, 0, 'primary').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Class);
      if (reason) expect(hasReason(error, reason)).toBe(true);
      expect((error as Error).message).toMatch(/^http:\/\/node\.test: HTTP \d{3}/);
    }
  });

  it('distinguishes unreachable, slow, aborted and malformed answers', async () => {
    const down = clientWith(() => {
      throw new TypeError('fetch failed');
    });
    await expect(down.client.getHealth()).rejects.toBeInstanceOf(NodeConnectionError);

    const hang: Handler = (_url, init) =>
      new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    await expect(clientWith(hang, 50).client.getHealth()).rejects.toBeInstanceOf(NodeTimeoutError);

    const controller = new AbortController();
    const pending = clientWith(hang, 5000).client.getHealth({ signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(NodeRequestAbortedError);

    await expect(clientWith(() => new Response('not json')).client.getHealth()).rejects.toBeInstanceOf(
      NodeProtocolError,
    );
    await expect(clientWith(() => json(200, { data: 1 })).client.getHealth()).rejects.toThrow(/envelope/);
    await expect(
      clientWith(() => new Response(new Uint8Array(3))).client.getMetadata(encoded.blobId),
    ).rejects.toBeInstanceOf(NodeProtocolError);
  });
});

describe('storage node client: symbol endpoints', () => {
  const { encoded } = encodedBlob(10, 300);

  it('asks for decoding symbols with repeated targetSlivers and returns the raw body', async () => {
    const body = serializeDecodingSymbols(
      new Map([[2, [{ axis: 'secondary' as const, index: 4, data: Uint8Array.of(1, 2) }]]]),
    );
    const { client, calls } = clientWith(() => new Response(body as BodyInit));
    const bytes = await client.getDecodingSymbols(encoded.blobId, [2, 5], 'secondary');
    expect(bytes).toEqual(body);
    expect(parseDecodingSymbols(bytes).get(2)).toEqual([
      { axis: 'secondary', index: 4, data: Uint8Array.of(1, 2) },
    ]);
    // The query the Rust client's `DecodingSymbolsFilter` serializes to.
    expect(calls[0]!.url).toMatch(
      /\/v1\/blobs\/[A-Za-z0-9_-]{43}\/decodingSymbols\?targetSlivers=2&targetSlivers=5&targetType=secondary$/,
    );
    expect(new Headers(calls[0]!.init?.headers).get('accept')).toBe('application/octet-stream');
  });

  it('asks for recovery symbols by ID or by target sliver, with an optional proof axis', async () => {
    const { client, calls } = clientWith(() => new Response(Uint8Array.of(0) as BodyInit));
    expect(
      await client.getRecoverySymbols(encoded.blobId, {
        kind: 'ids',
        ids: [
          { primary: 1, secondary: 2 },
          { primary: 3, secondary: 4 },
        ],
        proofAxis: 'secondary',
      }),
    ).toEqual(Uint8Array.of(0));
    await client.getRecoverySymbols(encoded.blobId, {
      kind: 'recovers',
      targetSliver: 72,
      targetType: 'primary',
    });
    expect(calls[0]!.url).toMatch(/\/recoverySymbols\?proofAxis=secondary&id=1-2&id=3-4$/);
    expect(calls[1]!.url).toMatch(/\/recoverySymbols\?targetSliver=72&targetType=primary$/);
  });

  it('refuses queries a node cannot answer without sending them, and classifies 503 and 400', async () => {
    const { client, calls } = clientWith((url) =>
      url.pathname.endsWith('recoverySymbols')
        ? aip(503, 'UNAVAILABLE', 'the service is currently unavailable')
        : aip(400, 'RECOVERY_SYMBOL_OUT_OF_RANGE'),
    );
    await expect(client.getDecodingSymbols(encoded.blobId, [], 'primary')).rejects.toBeInstanceOf(
      SymbolQueryError,
    );
    await expect(client.getDecodingSymbols(encoded.blobId, [70_000], 'primary')).rejects.toBeInstanceOf(
      SymbolQueryError,
    );
    expect(calls).toHaveLength(0);
    const busy = await client
      .getRecoverySymbols(encoded.blobId, { kind: 'recovers', targetSliver: 0, targetType: 'secondary' })
      .catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(NodeServerError);
    expect(hasReason(busy, 'UNAVAILABLE')).toBe(true);
    const range = await client.getDecodingSymbols(encoded.blobId, [9], 'primary').catch((e: unknown) => e);
    expect(range).toBeInstanceOf(BadRequestError);
    expect(hasReason(range, 'RECOVERY_SYMBOL_OUT_OF_RANGE')).toBe(true);
  });
});
