// The portal app: loads the network config from the portal server, builds the shared clients,
// then renders the header and the page for the current path.
import { DAppKitProvider } from '@mysten/dapp-kit-react';
import { useMemo } from 'react';
import { loadNetworkConfig } from './config/portal-config.ts';
import { CONFIG_PATH } from '../../core/serve/portal-protocol.ts';
import { Header } from './layout/header.tsx';
import { PageRouter } from './layout/page-router.tsx';
import { createPortalServices } from './services/portal-services.ts';
import { ServicesContext } from './services/services-context.ts';
import { createPortalDAppKit } from './wallet/dapp-kit.ts';
import { registerDevWallet } from './wallet/dev-wallet.ts';
import { ErrorMessage } from './ui/error-message.tsx';
import { Loading } from './ui/loading.tsx';
import { useAsync } from './ui/use-async.ts';
import type { NetworkConfig } from '../../core/sui/networks.ts';

export function App() {
  const config = useAsync((signal) => loadNetworkConfig(signal), []);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header network={config.status === 'ok' ? config.value.name : null} />
      {config.status === 'ok' ? <Portal network={config.value} /> : null}
      {config.status === 'loading' ? (
        <main id="main" className="main">
          <Loading label="Loading the portal's network configuration…" testId="config-loading" />
        </main>
      ) : null}
      {config.status === 'error' ? (
        <main id="main" className="main">
          <div className="page">
            <h1>The portal is not configured</h1>
            <ErrorMessage
              title="Floe could not load its network configuration, so it cannot read sites."
              error={config.error}
              onRetry={config.reload}
              testId="config-error"
            >
              <p className="small">
                The portal server answers <code>GET {CONFIG_PATH}</code> with the network it serves. Check
                that the portal server (<code>npm start</code>) is running and reachable.
              </p>
            </ErrorMessage>
          </div>
        </main>
      ) : null}
      <footer className="site-footer">
        <p>
          Floe serves static sites from Walrus and Sui. Every file is checked against its SHA-256 on chain
          before your browser shows it.
        </p>
      </footer>
    </>
  );
}

function Portal({ network }: { readonly network: NetworkConfig }) {
  const services = useMemo(() => createPortalServices(network), [network]);
  const dAppKit = useMemo(() => {
    // The development wallet must be registered before dapp-kit looks for wallets to auto-connect.
    registerDevWallet(services);
    return createPortalDAppKit(services);
  }, [services]);
  return (
    <ServicesContext value={services}>
      <DAppKitProvider dAppKit={dAppKit}>
        <PageRouter />
      </DAppKitProvider>
    </ServicesContext>
  );
}
