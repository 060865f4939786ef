import type { ClientWithCoreApi } from '@mysten/sui/client';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { MAINNET_WALRUS_PACKAGE_CONFIG, TESTNET_WALRUS_PACKAGE_CONFIG } from '@mysten/walrus';
import { describe, expect, it, vi } from 'vitest';
import { createSuiClient, resolveWalCoinType } from './client.ts';
import {
  MAINNET,
  NetworkConfigError,
  networkFromDevnetJson,
  networkPreset,
  parseNetworkName,
  parseTransport,
  portalSiteUrl,
  TESTNET,
  walrusPackageConfig,
  withTransport,
} from './networks.ts';

const id = (byte: string) => `0x${byte.repeat(64)}`;

/** The shape `devnet/launcher` writes (DevnetConfig), trimmed to one node. */
const devnetJson = () => ({
  network: 'devnet',
  dir: '/work/main/.floe/devnet',
  rpcUrl: 'http://127.0.0.1:9000',
  grpcUrl: 'http://127.0.0.1:9000',
  faucetUrl: 'http://127.0.0.1:9000',
  aggregatorUrl: 'http://127.0.0.1:31415',
  packages: { walrusSite: id('1'), walrus: id('2'), wal: id('3'), names: id('4') },
  names: { registryId: id('8') },
  walrus: {
    systemObjectId: id('5'),
    stakingObjectId: id('6'),
    walCoinType: `${id('3')}::wal::WAL`,
    nShards: 1000,
    epoch: 1,
  },
  nodes: [{ name: 'node-0', url: 'http://127.0.0.1:1', adminUrl: '', nodeId: id('7'), shards: [0] }],
  devKey: { path: '/work/main/.floe/devnet/dev.key', address: id('8') },
});

describe('presets', () => {
  it('take the Walrus objects from @mysten/walrus and the walrus_site IDs from Published.toml', () => {
    expect(TESTNET.walrus.systemObjectId).toBe(TESTNET_WALRUS_PACKAGE_CONFIG.systemObjectId);
    expect(TESTNET.walrus.stakingObjectId).toBe(TESTNET_WALRUS_PACKAGE_CONFIG.stakingPoolId);
    expect(MAINNET.walrus.systemObjectId).toBe(MAINNET_WALRUS_PACKAGE_CONFIG.systemObjectId);
    expect(MAINNET.walrus.stakingObjectId).toBe(MAINNET_WALRUS_PACKAGE_CONFIG.stakingPoolId);
    expect(MAINNET.walrusSite.originalPackageId).toMatch(/^0x26eb7ee8/);
    expect(MAINNET.walrusSite.packageId).toMatch(/^0x5a0c509a/);
    expect(TESTNET.walrusSite.originalPackageId).toMatch(/^0xf99aee9f/);
    expect(TESTNET.walrusSite.packageId).toMatch(/^0x22b8c149/);
    expect(networkPreset('testnet')).toBe(TESTNET);
    expect(walrusPackageConfig(TESTNET)).toEqual(TESTNET_WALRUS_PACKAGE_CONFIG);
    expect(walrusPackageConfig(MAINNET)).toEqual(MAINNET_WALRUS_PACKAGE_CONFIG);
  });

  it('reach public full nodes over gRPC only', () => {
    expect(TESTNET.rpc.transport).toBe('grpc');
    expect(() => withTransport(MAINNET, 'json-rpc')).toThrow(
      'mainnet has no JSON-RPC endpoint; it offers grpc',
    );
  });

  it('parse transports', () => {
    expect(parseTransport(' gRPC ')).toBe('grpc');
    expect(parseTransport('json-rpc')).toBe('json-rpc');
    expect(() => parseTransport('http')).toThrow('unknown transport "http": expected one of grpc, json-rpc');
  });

  it('parse network names', () => {
    expect(parseNetworkName(' Testnet ')).toBe('testnet');
    expect(() => parseNetworkName('localnet')).toThrow('unknown network "localnet": expected one of devnet');
  });
});

describe('networkFromDevnetJson', () => {
  it('builds the devnet config from devnet.json', () => {
    const network = networkFromDevnetJson(devnetJson());
    expect(network).toEqual({
      name: 'devnet',
      suiNetwork: 'localnet',
      rpc: { transport: 'grpc', url: 'http://127.0.0.1:9000' },
      rpcEndpoints: { grpc: 'http://127.0.0.1:9000', jsonRpc: 'http://127.0.0.1:9000' },
      walrusSite: { originalPackageId: id('1'), packageId: id('1') },
      walrus: {
        systemObjectId: id('5'),
        stakingObjectId: id('6'),
        walCoinType: `${id('3')}::wal::WAL`,
        storageNodeUrlScheme: 'http',
      },
      portal: { origin: 'http://localhost:3000', base36: true },
      aggregatorUrl: 'http://127.0.0.1:31415',
      faucetUrl: 'http://127.0.0.1:9000',
      devKey: { path: '/work/main/.floe/devnet/dev.key', address: id('8') },
      namesPackageId: id('4'),
      namesRegistryId: id('8'),
    });
    expect(walrusPackageConfig(network)).toEqual({ systemObjectId: id('5'), stakingPoolId: id('6') });
  });

  it('reaches the devnet over gRPC by default, and over JSON-RPC when asked', () => {
    const network = networkFromDevnetJson({ ...devnetJson(), grpcUrl: 'http://127.0.0.1:9001/' });
    expect(network.rpc).toEqual({ transport: 'grpc', url: 'http://127.0.0.1:9001' });
    expect(withTransport(network, 'json-rpc').rpc).toEqual({
      transport: 'json-rpc',
      url: 'http://127.0.0.1:9000',
    });
    expect(withTransport(network, 'grpc')).toBe(network);
  });

  it('keeps a devnet.json from before gRPC on JSON-RPC', () => {
    const json = devnetJson() as Record<string, unknown>;
    delete json.grpcUrl;
    const network = networkFromDevnetJson(json);
    expect(network.rpc).toEqual({ transport: 'json-rpc', url: 'http://127.0.0.1:9000' });
    expect(() => withTransport(network, 'grpc')).toThrow('devnet has no gRPC endpoint; it offers json-rpc');
  });

  it('normalizes short IDs and tolerates missing optional fields', () => {
    const json = devnetJson() as Record<string, unknown>;
    json.packages = { walrusSite: '0x2a' };
    delete json.devKey;
    delete json.faucetUrl;
    delete json.names;
    delete json.aggregatorUrl;
    const network = networkFromDevnetJson(json);
    expect(network.aggregatorUrl).toBeNull();
    expect(network.walrusSite.packageId).toBe(`0x${'0'.repeat(62)}2a`);
    expect(network.devKey).toBeNull();
    expect(network.faucetUrl).toBeNull();
    expect(network.namesPackageId).toBeNull();
    expect(network.namesRegistryId).toBeNull();
  });

  it.each([
    ['not an object', () => [], 'devnet.json must hold a JSON object, got an array'],
    [
      'another network',
      (j: Record<string, unknown>) => ({ ...j, network: 'testnet' }),
      'devnet.json: "network" must be "devnet", got "testnet"',
    ],
    [
      'no rpcUrl',
      (j: Record<string, unknown>) => ({ ...j, rpcUrl: undefined }),
      'devnet.json: "rpcUrl" must be a non-empty string, got nothing (the field is missing)',
    ],
    [
      'a bad rpcUrl',
      (j: Record<string, unknown>) => ({ ...j, rpcUrl: 'ws://x' }),
      'devnet.json: "rpcUrl" must be an http(s) URL, got "ws://x"',
    ],
    [
      'no walrus section',
      (j: Record<string, unknown>) => ({ ...j, walrus: null }),
      'devnet.json: "walrus" must be an object, got null',
    ],
    [
      'a bad object ID',
      (j: Record<string, unknown>) => ({ ...j, walrus: { ...(j.walrus as object), systemObjectId: 42 } }),
      'devnet.json: "walrus.systemObjectId" must be a non-empty string, got number 42',
    ],
    [
      'a non-hex object ID',
      (j: Record<string, unknown>) => ({ ...j, packages: { walrusSite: 'walrus_site' } }),
      'devnet.json: "packages.walrusSite" must be a Sui object ID (0x + hex), got "walrus_site"',
    ],
    [
      'a bad coin type',
      (j: Record<string, unknown>) => ({ ...j, walrus: { ...(j.walrus as object), walCoinType: 'WAL' } }),
      'devnet.json: "walrus.walCoinType" must be a Move type like 0x…::wal::WAL, got "WAL"',
    ],
    [
      'a dev key without a path',
      (j: Record<string, unknown>) => ({ ...j, devKey: { address: id('8') } }),
      'devnet.json: "devKey.path" must be a non-empty string',
    ],
  ])('rejects %s with a clear message', (_name, change, message) => {
    const json = (change as (j: Record<string, unknown>) => unknown)(devnetJson());
    expect(() => networkFromDevnetJson(json)).toThrow(NetworkConfigError);
    expect(() => networkFromDevnetJson(json)).toThrow(message);
  });
});

describe('portalSiteUrl', () => {
  it('puts the label in front of the portal host', () => {
    expect(portalSiteUrl(networkFromDevnetJson(devnetJson()), 'abc123')).toBe(
      'http://abc123.localhost:3000/',
    );
    expect(portalSiteUrl(MAINNET, 'snowreads')).toBe('https://snowreads.wal.app/');
  });
});

describe('createSuiClient', () => {
  it('uses gRPC everywhere by default, and JSON-RPC on the devnet when asked', () => {
    const devnet = createSuiClient(networkFromDevnetJson(devnetJson()));
    expect(devnet).toBeInstanceOf(SuiGrpcClient);
    expect(devnet.network).toBe('localnet');
    const jsonRpc = createSuiClient(withTransport(networkFromDevnetJson(devnetJson()), 'json-rpc'));
    expect(jsonRpc).toBeInstanceOf(SuiJsonRpcClient);
    const testnet = createSuiClient(TESTNET);
    expect(testnet).toBeInstanceOf(SuiGrpcClient);
    expect(testnet.network).toBe('testnet');
    expect(createSuiClient(MAINNET)).toBeInstanceOf(SuiGrpcClient);
  });

  it('sends JSON-RPC through the injected fetch', async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
      Response.json({ jsonrpc: '2.0', id: 1, result: '1000' }),
    );
    const client = createSuiClient(withTransport(networkFromDevnetJson(devnetJson()), 'json-rpc'), {
      fetch: fetch as unknown as typeof globalThis.fetch,
    });
    await expect(client.core.getReferenceGasPrice()).resolves.toEqual({ referenceGasPrice: '1000' });
    expect(String(fetch.mock.calls[0]![0])).toBe('http://127.0.0.1:9000');
  });
});

describe('resolveWalCoinType', () => {
  it('returns the pinned type without a request', async () => {
    const network = networkFromDevnetJson(devnetJson());
    await expect(resolveWalCoinType({} as ClientWithCoreApi, network)).resolves.toBe(`${id('3')}::wal::WAL`);
  });

  it('reads it from staking::stake_with_pool where it is not pinned', async () => {
    const walrusPackage = id('9');
    const core = {
      getObject: vi.fn(async () => ({ object: { type: `${walrusPackage}::system::System` } })),
      getMoveFunction: vi.fn(async () => ({
        function: {
          parameters: [
            {
              reference: 'mutable',
              body: { $kind: 'datatype', datatype: { typeName: 'x', typeParameters: [] } },
            },
            {
              reference: null,
              body: {
                $kind: 'datatype',
                datatype: {
                  typeName: '0x2::coin::Coin',
                  typeParameters: [
                    { $kind: 'datatype', datatype: { typeName: '0xabc::wal::WAL', typeParameters: [] } },
                  ],
                },
              },
            },
          ],
        },
      })),
    };
    const client = { core } as unknown as ClientWithCoreApi;
    await expect(resolveWalCoinType(client, TESTNET)).resolves.toBe(`0x${'0'.repeat(61)}abc::wal::WAL`);
    expect(core.getObject).toHaveBeenCalledWith({ objectId: TESTNET.walrus.systemObjectId });
    expect(core.getMoveFunction).toHaveBeenCalledWith({
      packageId: walrusPackage,
      moduleName: 'staking',
      name: 'stake_with_pool',
    });
  });
});
