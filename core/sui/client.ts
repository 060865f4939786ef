// The Sui client for a network. Floe talks to the chain only through `client.core`, which both
// transports implement: gRPC-web by default everywhere, since public full nodes no longer serve
// JSON-RPC (the devnet serves both, on one port), and JSON-RPC where it is asked for.
import type { ClientWithCoreApi, SuiClientTypes } from '@mysten/sui/client';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { JsonRpcHTTPTransport, SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { normalizeStructTag, parseStructTag } from '@mysten/sui/utils';
import type { NetworkConfig } from './networks.ts';

export type SuiClient = SuiJsonRpcClient | SuiGrpcClient;

export interface CreateSuiClientOptions {
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Another RPC endpoint of the same network (e.g. a paid provider). @default network.rpc.url */
  readonly url?: string;
}

export function createSuiClient(network: NetworkConfig, options: CreateSuiClientOptions = {}): SuiClient {
  const url = options.url ?? network.rpc.url;
  if (network.rpc.transport === 'json-rpc') {
    return new SuiJsonRpcClient({
      network: network.suiNetwork,
      transport: new JsonRpcHTTPTransport({ url, ...(options.fetch ? { fetch: options.fetch } : {}) }),
    });
  }
  return new SuiGrpcClient({
    network: network.suiNetwork,
    baseUrl: url,
    // Binary frames, not the transport's default base64 text: a third fewer bytes per answer, and
    // both Sui's full nodes (tonic-web) and the devnet accept either.
    format: 'binary',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/**
 * The WAL coin type: the network's pinned one, else read from chain the way `WalrusClient` does
 * (the coin parameter of `<walrus>::staking::stake_with_pool`, the package taken from the System
 * object's type).
 */
export async function resolveWalCoinType(client: ClientWithCoreApi, network: NetworkConfig): Promise<string> {
  if (network.walrus.walCoinType) return network.walrus.walCoinType;
  const { object } = await client.core.getObject({ objectId: network.walrus.systemObjectId });
  const packageId = parseStructTag(object.type).address;
  const { function: fn } = await client.core.getMoveFunction({
    packageId,
    moduleName: 'staking',
    name: 'stake_with_pool',
  });
  const coin = datatype(fn.parameters[1]?.body);
  const wal = datatype(coin?.typeParameters[0]);
  if (!wal) {
    throw new Error(
      `cannot find the WAL coin type: ${packageId}::staking::stake_with_pool has no Coin<T> as its second parameter`,
    );
  }
  return normalizeStructTag(wal.typeName);
}

function datatype(body: SuiClientTypes.OpenSignatureBody | undefined) {
  return body?.$kind === 'datatype' ? body.datatype : null;
}
