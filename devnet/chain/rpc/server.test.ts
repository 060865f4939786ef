import { afterEach, describe, expect, it } from 'vitest';
import { RpcError } from './errors.ts';
import { KEEP_ALIVE_MS, startRpcServer, type RpcServer } from './server.ts';
import type { RpcMethods } from './types.ts';

const methods: RpcMethods = {
  echo: (params) => params,
  slow: async ([ms]) => {
    await new Promise((resolve) => setTimeout(resolve, Number(ms)));
    return 'done';
  },
  big: () => 2n ** 64n,
  nothing: () => undefined,
  typed: () => {
    throw new RpcError(-32002, 'custom failure', { hint: 42 });
  },
  boom: () => {
    throw new TypeError('kaboom');
  },
};

const servers: RpcServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(maxBodyBytes?: number): Promise<string> {
  const server = await startRpcServer({ port: 0, methods, ...(maxBodyBytes ? { maxBodyBytes } : {}) });
  servers.push(server);
  return server.url;
}

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const call = (method: string, params: unknown[] = [], id: number | string = 1) => ({
  jsonrpc: '2.0',
  id,
  method,
  params,
});

describe('JSON-RPC server', () => {
  it('answers a single call with CORS on the response', async () => {
    const url = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await post(url, call('echo', ['a', 1], 'x'));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 'x', result: ['a', 1] });
  });

  it('answers a batch in order, skipping notifications', async () => {
    const url = await start();
    const res = await post(url, [
      call('slow', [30], 1),
      { jsonrpc: '2.0', method: 'echo', params: [] },
      call('missing', [], 2),
      call('echo', [3], 3),
    ]);
    expect(await res.json()).toEqual([
      { jsonrpc: '2.0', id: 1, result: 'done' },
      { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'Method not found' } },
      { jsonrpc: '2.0', id: 3, result: [3] },
    ]);
  });

  it('answers a preflight with 204 and permissive CORS headers', async () => {
    const url = await start();
    const res = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://site.localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,client-sdk-type,client-request-method',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('POST, GET, OPTIONS');
  });

  it('reports unknown methods with -32601', async () => {
    const url = await start();
    const body = await (await post(url, call('toString'))).json();
    expect(body).toEqual({ jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'Method not found' } });
  });

  it('reports unparsable bodies with -32700', async () => {
    const url = await start();
    const res = await post(url, '{"jsonrpc": "2.0", "method": ');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
  });

  it('answers a POST to a target URL parsing refuses (`//`) instead of dropping the connection', async () => {
    const url = await start();
    for (const path of ['//', '/////', '//%E2%80%8B/']) {
      const res = await post(`${url}${path}`, call('echo', [path]));
      expect(res.status, path).toBe(200);
      expect(await res.json(), path).toEqual({ jsonrpc: '2.0', id: 1, result: [path] });
    }
  });

  it('reports malformed requests with -32600 and bad params with -32602', async () => {
    const url = await start();
    expect(await (await post(url, [])).json()).toMatchObject({ error: { code: -32600 } });
    expect(await (await post(url, { id: 1, method: 'echo' })).json()).toMatchObject({
      id: 1,
      error: { code: -32600 },
    });
    expect(await (await post(url, [7])).json()).toMatchObject([{ id: null, error: { code: -32600 } }]);
    expect(
      await (await post(url, { jsonrpc: '2.0', id: 4, method: 'echo', params: { a: 1 } })).json(),
    ).toMatchObject({
      id: 4,
      error: { code: -32602 },
    });
  });

  it('maps RpcError to its code and data, other exceptions to -32603', async () => {
    const url = await start();
    expect(await (await post(url, call('typed'))).json()).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32002, message: 'custom failure', data: { hint: 42 } },
    });
    expect(await (await post(url, call('boom'))).json()).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32603, message: 'kaboom' },
    });
  });

  it('sends bigints as decimal strings and undefined as null', async () => {
    const url = await start();
    expect(await (await post(url, call('big'))).json()).toMatchObject({ result: '18446744073709551616' });
    expect(await (await post(url, call('nothing'))).json()).toEqual({ jsonrpc: '2.0', id: 1, result: null });
  });

  it('answers 204 to a lone notification', async () => {
    const url = await start();
    const res = await post(url, { jsonrpc: '2.0', method: 'echo', params: [] });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('refuses bodies over the size cap with 413', async () => {
    const url = await start(1024);
    const res = await post(url, call('echo', ['x'.repeat(4096)]));
    expect(res.status).toBe(413);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toMatchObject({ error: { code: -32600 } });
    // The server is still healthy afterwards.
    expect((await post(url, call('echo', [1]))).status).toBe(200);
  });

  it('serves a health check and rejects other verbs', async () => {
    const url = await start();
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(url, { method: 'PUT', body: '{}' })).status).toBe(405);
  });

  it('keeps idle connections for 65 s, so a client blocked for seconds does not reuse a closed socket', async () => {
    // With Node's default 5 s, the SDK's first POST after encoding a large blob (synchronous WASM,
    // > 5 s at 100 MB) went out on a socket the server had closed: "fetch failed: other side closed".
    const url = await start();
    const res = await post(url, call('echo', [1]));
    expect(KEEP_ALIVE_MS).toBe(65_000);
    expect(res.headers.get('keep-alive')).toBe(`timeout=${KEEP_ALIVE_MS / 1000}`);
    await res.arrayBuffer();
  });

  it('stops accepting connections after close', async () => {
    const server = await startRpcServer({ methods });
    await server.close();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});
