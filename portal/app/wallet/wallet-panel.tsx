// Connecting a wallet: every Wallet Standard wallet for this network, the connected account, and on
// the devnet the development wallet's funding button (it is a throwaway key, and says so).
import { useCurrentAccount, useDAppKit, useWallets } from '@mysten/dapp-kit-react';
import { useState } from 'react';
import { DEV_WALLET_NAME, type DevWallet } from './dev-wallet.ts';

export function WalletPanel({ devWallet }: { readonly devWallet: DevWallet | null }) {
  const dAppKit = useDAppKit();
  const wallets = useWallets();
  const account = useCurrentAccount();
  const [error, setError] = useState<string | null>(null);
  const [funding, setFunding] = useState<'idle' | 'busy' | 'done'>('idle');

  const connect = async (name: string) => {
    setError(null);
    const wallet = wallets.find((w) => w.name === name);
    if (!wallet) return;
    try {
      await dAppKit.connectWallet({ wallet });
    } catch (cause) {
      setError(`${name} did not connect: ${(cause as Error).message}`);
    }
  };

  return (
    <section className="card" aria-labelledby="wallet-heading" data-testid="wallet-panel">
      <div className="card-head">
        <h2 id="wallet-heading">Wallet</h2>
      </div>
      {account ? (
        <p>
          Signing as <code data-testid="wallet-account">{account.address}</code>{' '}
          <button type="button" className="button secondary" onClick={() => void dAppKit.disconnectWallet()}>
            Disconnect
          </button>
        </p>
      ) : wallets.length === 0 ? (
        <p>No Sui wallet is installed in this browser.</p>
      ) : (
        <ul className="wallet-list">
          {wallets.map((wallet) => (
            <li key={wallet.name}>
              <button
                type="button"
                className="button"
                data-testid="wallet-option"
                data-name={wallet.name}
                onClick={() => void connect(wallet.name)}
              >
                Connect {wallet.name}
              </button>
              {wallet.name === DEV_WALLET_NAME ? (
                <small>
                  {' '}
                  — a key stored in this browser for the local devnet only; never use it for real funds
                </small>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {devWallet && account?.address === devWallet.address ? (
        <p>
          <button
            type="button"
            className="button secondary"
            data-testid="dev-wallet-fund"
            disabled={funding === 'busy'}
            onClick={() => {
              setFunding('busy');
              devWallet.fund().then(
                () => setFunding('done'),
                (cause: unknown) => {
                  setFunding('idle');
                  setError((cause as Error).message);
                },
              );
            }}
          >
            Get devnet SUI and WAL
          </button>{' '}
          {funding === 'done' ? <small data-testid="dev-wallet-funded">funded</small> : null}
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert" data-testid="wallet-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
