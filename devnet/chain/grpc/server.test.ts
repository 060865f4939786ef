// The gRPC-web endpoint with stand-in services, driven by the SDK's own clients (both wire
// formats), raw fetch (what a browser or a broken client sends), and JSON-RPC on the same port.
import { afterEach, describe, expect, it } from 'vitest';
import { GrpcStatusCode, GrpcTypes, RpcError, SuiGrpcClient } from '@mysten/sui/grpc';
import { startRpcServer, type RpcServer } from '../rpc/server.ts';
import { encodeFrame } from './framing.ts';
import { createGrpcWebHandler, type GrpcWebHandlerOptions } from './server.ts';
import type { GrpcService } from './service.ts';
import { GrpcStatusError, notFound } from './status.ts';

const servers: RpcServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

const ledger: GrpcService = {
  descriptor: GrpcTypes.LedgerService,
  handlers: {
    GetServiceInfo: (): GrpcTypes.GetServiceInfoResponse => ({ chainId: 'test-chain', epoch: 7n }),
    GetObject: (request: GrpcTypes.GetObjectRequest): GrpcTypes.GetObjectResponse => {
      if (request.objectId === '0x1') return { object: { objectId: '0x1', version: 3n } };
      if (request.objectId === 'boom') throw new TypeError('kaboom: 100% broken');
      throw notFound(`Object ${request.objectId} not found`);
    },
  },
};

const subscriptions: GrpcService = {
  descriptor: GrpcTypes.SubscriptionService,
  handlers: {
    async *SubscribeCheckpoints(
      request: GrpcTypes.SubscribeCheckpointsRequest,
    ): AsyncIterable<GrpcTypes.SubscribeCheckpointsResponse> {
      for (let cursor = 1n; cursor <= 3n; cursor++) yield { cursor };
      // A read mask with paths asks for a failure after the messages, to test mid-stream statuses.
      if (request.readMask?.paths.length) throw new GrpcStatusError(GrpcStatusCode.ABORTED, 'stream over');
    },
  },
};

async function start(options: GrpcWebHandlerOptions = {}): Promise<string> {
  const server = await startRpcServer({
    methods: { echo: (params) => params },
    grpc: createGrpcWebHandler([ledger, subscriptions], options),
  });
  servers.push(server);
  return server.url;
}

const client = (baseUrl: string, format: 'text' | 'binary' = 'text') =>
  new SuiGrpcClient({ network: 'localnet', baseUrl, format });

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RpcError)) throw new Error(`expected an RpcError, got ${String(error)}`);
  return error;
}

describe('gRPC-web server', () => {
  for (const format of ['text', 'binary'] as const) {
    it(`answers unary calls in the ${format} format`, async () => {
      const grpc = client(await start(), format);
      const { response } = await grpc.ledgerService.getServiceInfo({});
      expect(response).toMatchObject({ chainId: 'test-chain', epoch: 7n });
      const { response: got } = await grpc.ledgerService.getObject({ objectId: '0x1' });
      expect(got.object).toMatchObject({ objectId: '0x1', version: 3n });
    });
  }

  it("answers a handler's status trailers-only, with the message the SDK decodes", async () => {
    const url = await start();
    const error = await rejection(client(url).ledgerService.getObject({ objectId: '0x9' }).response);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Object 0x9 not found');
    // On the wire: HTTP 200, no body, the status in the headers (percent-encoded).
    const raw = await fetch(`${url}/sui.rpc.v2.LedgerService/GetObject`, {
      method: 'POST',
      headers: { 'content-type': 'application/grpc-web+proto' },
      body: encodeFrame(0, GrpcTypes.GetObjectRequest.toBinary({ objectId: '0x9' })),
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('grpc-status')).toBe(String(GrpcStatusCode.NOT_FOUND));
    expect(raw.headers.get('grpc-message')).toBe('Object 0x9 not found');
    expect((await raw.arrayBuffer()).byteLength).toBe(0);
  });

  it('answers any other failure as INTERNAL with its message', async () => {
    const error = await rejection(
      client(await start()).ledgerService.getObject({ objectId: 'boom' }).response,
    );
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe('kaboom: 100% broken');
  });

  it('answers UNIMPLEMENTED for a method without a handler and for an unknown service', async () => {
    const grpc = client(await start());
    const method = await rejection(grpc.ledgerService.getEpoch({}).response);
    expect(method.code).toBe('UNIMPLEMENTED');
    expect(method.message).toMatch(/sui\.rpc\.v2\.LedgerService\/GetEpoch/);
    const service = await rejection(
      grpc.stateService.getBalance({ owner: '0x1', coinType: '0x2::sui::SUI' }).response,
    );
    expect(service.code).toBe('UNIMPLEMENTED');
    expect(service.message).toMatch(/unknown service sui\.rpc\.v2\.StateService/);
  });

  for (const format of ['text', 'binary'] as const) {
    it(`streams one data frame per message, then the status (${format})`, async () => {
      const grpc = client(await start(), format);
      const ok = grpc.subscriptionService.subscribeCheckpoints({});
      const cursors: bigint[] = [];
      for await (const message of ok.responses) cursors.push(message.cursor!);
      expect(cursors).toEqual([1n, 2n, 3n]);
      expect((await ok.status).code).toBe('OK');

      const failing = grpc.subscriptionService.subscribeCheckpoints({ readMask: { paths: ['cursor'] } });
      const received: bigint[] = [];
      const error = await rejection(
        (async () => {
          for await (const message of failing.responses) received.push(message.cursor!);
        })(),
      );
      expect(received).toEqual([1n, 2n, 3n]);
      expect(error.code).toBe('ABORTED');
      expect(error.message).toBe('stream over');
    });
  }

  it('rejects a malformed frame as INTERNAL and an undecodable message as INVALID_ARGUMENT', async () => {
    const url = await start();
    const post = (body: Uint8Array<ArrayBuffer>) =>
      fetch(`${url}/sui.rpc.v2.LedgerService/GetObject`, {
        method: 'POST',
        headers: { 'content-type': 'application/grpc-web' },
        body,
      });
    const truncated = await post(Uint8Array.from([0, 0, 0, 0, 9, 1]));
    expect(truncated.headers.get('grpc-status')).toBe(String(GrpcStatusCode.INTERNAL));
    // Field 1 (object_id) as a length-delimited value that runs past the end.
    const garbage = await post(encodeFrame(0, Uint8Array.from([10, 50, 1])));
    expect(garbage.headers.get('grpc-status')).toBe(String(GrpcStatusCode.INVALID_ARGUMENT));
    expect(decodeURIComponent(garbage.headers.get('grpc-message')!)).toMatch(
      /sui\.rpc\.v2\.GetObjectRequest/,
    );
  });

  it('refuses a body over the limit with RESOURCE_EXHAUSTED', async () => {
    const grpc = client(await start({ maxBodyBytes: 64 }));
    const error = await rejection(
      grpc.ledgerService.getObject({ objectId: `0x${'a'.repeat(100)}` }).response,
    );
    expect(error.code).toBe('RESOURCE_EXHAUSTED');
  });

  it('lets a browser preflight the SDK headers and read statuses and metadata', async () => {
    const url = await start({ metadata: () => ({ 'x-sui-chain-id': 'test-chain' }) });
    const preflight = await fetch(`${url}/sui.rpc.v2.LedgerService/GetServiceInfo`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers':
          'content-type,x-grpc-web,x-user-agent,x-sui-client-protocol-version',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const allowed = preflight.headers.get('access-control-allow-headers')!.split(/,\s*/);
    expect(allowed).toEqual(
      expect.arrayContaining([
        'content-type',
        'x-grpc-web',
        'x-user-agent',
        'grpc-timeout',
        'x-sui-client-protocol-version',
      ]),
    );
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');

    const raw = await fetch(`${url}/sui.rpc.v2.LedgerService/GetObject`, {
      method: 'POST',
      headers: { 'content-type': 'application/grpc-web-text', origin: 'http://localhost:5173' },
      body: Buffer.from(encodeFrame(0, GrpcTypes.GetObjectRequest.toBinary({ objectId: '0x9' }))).toString(
        'base64',
      ),
    });
    expect(raw.headers.get('access-control-allow-origin')).toBe('*');
    const exposed = raw.headers.get('access-control-expose-headers')!.split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['grpc-status', 'grpc-message', 'x-sui-chain-id']));
    expect(raw.headers.get('x-sui-chain-id')).toBe('test-chain');
    expect(raw.headers.get('content-type')).toBe('application/grpc-web-text+proto');
  });

  it('keeps serving JSON-RPC and its preflights on the same port', async () => {
    const url = await start();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo', params: ['x'] }),
    });
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, result: ['x'] });
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('*');
  });

  it('answers HTTP 415 to a grpc-web flavour it does not speak', async () => {
    const url = await start();
    const res = await fetch(`${url}/sui.rpc.v2.LedgerService/GetServiceInfo`, {
      method: 'POST',
      headers: { 'content-type': 'application/grpc-web+json' },
      body: '{}',
    });
    expect(res.status).toBe(415);
  });
});
