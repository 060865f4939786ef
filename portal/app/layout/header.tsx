// The portal's header: the Floe name, the two top-level pages and the network being served.
import type { NetworkName } from '../../../core/sui/networks.ts';
import { Link } from '../router/link.tsx';

export function Header({ network }: { readonly network: NetworkName | null }) {
  return (
    <header className="site-header">
      <div className="header-inner">
        <Link to="/" className="brand" data-testid="brand">
          <svg className="brand-mark" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
            <path d="M3 15c3-1 5-5 9-5s6 4 9 5" />
            <path d="M3 19c3-1 5-4 9-4s6 3 9 4" />
            <path d="M8 7l4-4 4 4" />
          </svg>
          Floe
        </Link>
        <nav aria-label="Main">
          <ul className="nav-list">
            <li>
              <Link to="/" navLink data-testid="nav-home">
                Home
              </Link>
            </li>
            <li>
              <Link to="/publish" navLink data-testid="nav-publish">
                Publish
              </Link>
            </li>
            <li>
              <Link to="/network" navLink data-testid="nav-network">
                Network
              </Link>
            </li>
          </ul>
        </nav>
        {network ? (
          <span
            className="badge network-badge"
            data-testid="network-badge"
            title="The network this portal reads"
          >
            {network}
          </span>
        ) : null}
      </div>
    </header>
  );
}
