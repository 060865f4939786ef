// The two chain clients every Node and page runtime opens for a network: the Sui client
// (`client.core` only) and a `WalrusClient` over it for the system, staking and committee state.
// Kept out of client.ts so that importing the Sui client alone does not pull in the Walrus SDK.
import { WalrusClient } from '@mysten/walrus';
import { createSuiClient, type CreateSuiClientOptions, type SuiClient } from './client.ts';
import { walrusPackageConfig, type NetworkConfig } from './networks.ts';

export interface ChainClients {
  readonly sui: SuiClient;
  /** Reads through `sui`, reaching storage nodes over the network's URL scheme. */
  readonly walrus: WalrusClient;
}

/** `options` shape the Sui client (fetch, another RPC endpoint); the WalrusClient reads through it. */
export function createChainClients(
  network: NetworkConfig,
  options: CreateSuiClientOptions = {},
): ChainClients {
  const sui = createSuiClient(network, options);
  const walrus = new WalrusClient({
    packageConfig: walrusPackageConfig(network),
    suiClient: sui,
    storageNodeUrlScheme: network.walrus.storageNodeUrlScheme,
  });
  return { sui, walrus };
}
