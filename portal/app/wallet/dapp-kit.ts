// dapp-kit for the portal: Wallet Standard wallets on the network the portal serves, built on the
// portal's own Sui client (JSON-RPC on the devnet, gRPC elsewhere), and the execute function the
// deploy pipeline takes, signing with whichever wallet is connected.
import { createDAppKit, type DAppKit } from '@mysten/dapp-kit-core';
import type { ExecuteTransaction } from '../../../core/sui/execute.ts';
import type { PortalServices } from '../services/portal-services.ts';

export function createPortalDAppKit(services: PortalServices): DAppKit {
  const network = services.network.suiNetwork;
  return createDAppKit({
    networks: [network],
    defaultNetwork: network,
    createClient: () => services.sui,
    slushWalletConfig: null,
    // Floe's own development wallet (dev-wallet.ts) is labelled as such; no anonymous burner.
    enableBurnerWallet: false,
    autoConnect: true,
  }) as unknown as DAppKit;
}

export class WalletNotConnectedError extends Error {
  override name = 'WalletNotConnectedError';
}

/** Signs and executes with the connected wallet; the wallet may show its own approval prompt. */
export function walletExecutor(dAppKit: DAppKit): ExecuteTransaction {
  return async (tx) => {
    const account = dAppKit.stores.$connection.get().account;
    if (!account) throw new WalletNotConnectedError('connect a wallet to deploy');
    tx.setSenderIfNotSet(account.address);
    const result = await dAppKit.signAndExecuteTransaction({ transaction: tx });
    return {
      digest: (result.$kind === 'Transaction' ? result.Transaction : result.FailedTransaction).digest,
    };
  };
}
