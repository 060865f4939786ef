// A site's routes (200 rewrites) and redirects, in on-chain order: the order they are matched in.
import type { OnChainSite } from '../../../core/sui/site-read.ts';

export function RoutesTable({ routes }: { readonly routes: OnChainSite['routes'] }) {
  if (routes.length === 0) return <p className="muted">No routes.</p>;
  return (
    <div className="table-wrap">
      <table className="data-table stack compact" data-testid="routes-table">
        <caption className="visually-hidden">Routes</caption>
        <thead>
          <tr>
            <th scope="col">Pattern</th>
            <th scope="col">Serves</th>
          </tr>
        </thead>
        <tbody>
          {routes.map(([pattern, target]) => (
            <tr key={pattern} data-testid="route-row">
              <th scope="row" data-label="Pattern" className="mono break">
                {pattern}
              </th>
              <td data-label="Serves" className="mono break">
                {target}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RedirectsTable({ redirects }: { readonly redirects: OnChainSite['redirects'] }) {
  if (redirects.length === 0) return <p className="muted">No redirects.</p>;
  return (
    <div className="table-wrap">
      <table className="data-table stack compact" data-testid="redirects-table">
        <caption className="visually-hidden">Redirects</caption>
        <thead>
          <tr>
            <th scope="col">Pattern</th>
            <th scope="col">Location</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {redirects.map(([pattern, redirect]) => (
            <tr key={pattern} data-testid="redirect-row">
              <th scope="row" data-label="Pattern" className="mono break">
                {pattern}
              </th>
              <td data-label="Location" className="mono break">
                {redirect.location}
              </td>
              <td data-label="Status" className="mono">
                {redirect.statusCode}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
