// The clients every page shares, built once from the portal's network config: the Sui client
// (`client.core` only), a `WalrusClient` for the staking state, and the committee cached per epoch.
import type { WalrusClient } from '@mysten/walrus';
import { chainCommittee, CommitteeCache } from '../../../core/serve/committee-cache.ts';
import { createChainClients } from '../../../core/sui/chain-clients.ts';
import type { SuiClient } from '../../../core/sui/client.ts';
import type { NetworkConfig } from '../../../core/sui/networks.ts';

export interface PortalServices {
  readonly network: NetworkConfig;
  readonly sui: SuiClient;
  readonly walrus: WalrusClient;
  /** The storage committee; re-read from chain at most once a minute. */
  readonly committees: CommitteeCache;
}

export function createPortalServices(network: NetworkConfig): PortalServices {
  const { sui, walrus } = createChainClients(network);
  const committees = new CommitteeCache(chainCommittee(walrus, sui, network.walrus.storageNodeUrlScheme));
  return { network, sui, walrus, committees };
}
