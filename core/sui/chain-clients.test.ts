import { SuiGrpcClient } from '@mysten/sui/grpc';
import { WalrusClient } from '@mysten/walrus';
import { describe, expect, it, vi } from 'vitest';
import { createChainClients } from './chain-clients.ts';
import { TESTNET, type NetworkConfig } from './networks.ts';

describe('createChainClients', () => {
  it("builds the network's Sui client and a WalrusClient that reads through it", async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
      Response.json({ jsonrpc: '2.0', id: 1, error: { code: -32000, message: 'stop here' } }),
    );
    // JSON-RPC, whose transport takes a fetch: testnet's constants behind a test endpoint.
    const network: NetworkConfig = { ...TESTNET, rpc: { transport: 'json-rpc', url: 'http://unused.test' } };
    const { sui, walrus } = createChainClients(network, {
      url: 'http://rpc.test',
      fetch: fetch as unknown as typeof globalThis.fetch,
    });
    expect(sui.network).toBe('testnet');
    expect(walrus).toBeInstanceOf(WalrusClient);
    // The Walrus system object is read with the Sui client above: its fetch, its endpoint.
    await expect(walrus.systemObject()).rejects.toThrow();
    expect(fetch).toHaveBeenCalled();
    expect(String(fetch.mock.calls[0]![0])).toBe('http://rpc.test');
  });

  it('uses gRPC unless the network asks for JSON-RPC', () => {
    expect(createChainClients(TESTNET).sui).toBeInstanceOf(SuiGrpcClient);
  });
});
