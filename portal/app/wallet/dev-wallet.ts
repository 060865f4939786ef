// The devnet's development wallet: a throwaway Ed25519 key kept in this browser's localStorage and
// funded by the devnet faucet, offered as a Wallet Standard wallet named so nobody mistakes it for
// a real one. Only registered when the portal serves a devnet (a network with a faucet).
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { registerWallet } from '@mysten/wallet-standard';
import type { PortalServices } from '../services/portal-services.ts';
import { KeypairWallet } from './keypair-wallet.ts';

export const DEV_WALLET_NAME = 'Floe devnet wallet (development key)';

/** SUI and WAL a funding grants (in MIST and FROST): plenty for many deploys. */
const GRANT = { sui: 100_000_000_000n, wal: 100_000_000_000n };

export interface DevWallet {
  readonly address: string;
  /** Asks the devnet faucet for SUI and WAL. */
  fund(): Promise<void>;
}

let registered: DevWallet | null = null;

export function registerDevWallet(services: PortalServices): DevWallet | null {
  const faucet = services.network.faucetUrl;
  if (!faucet || services.network.name !== 'devnet') return null;
  if (registered) return registered;
  const storageKey = `floe.devWallet.${services.network.rpc.url}`;
  let secret = localStorage.getItem(storageKey);
  if (!secret) {
    secret = new Ed25519Keypair().getSecretKey();
    localStorage.setItem(storageKey, secret);
  }
  const keypair = Ed25519Keypair.fromSecretKey(secret);
  registerWallet(
    new KeypairWallet({
      keypair,
      client: services.sui,
      chain: `sui:${services.network.suiNetwork}`,
      name: DEV_WALLET_NAME,
    }),
  );
  const address = keypair.toSuiAddress();
  registered = {
    address,
    async fund() {
      const response = await fetch(new URL('/floe/fund', faucet), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ recipient: address, sui: GRANT.sui.toString(), wal: GRANT.wal.toString() }),
      });
      if (!response.ok)
        throw new Error(`the devnet faucet answered ${response.status}: ${await response.text()}`);
    },
  };
  return registered;
}
