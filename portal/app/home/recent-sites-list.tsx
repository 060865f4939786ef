// The sites opened from this page before, newest first, each linking to the site and its details.
import { Link } from '../router/link.tsx';
import { routePath } from '../router/routes.ts';
import { siteUrl } from '../site/site-url.ts';
import { shorten } from '../ui/format.ts';
import type { RecentSite } from './recent-sites.ts';

const KIND_LABEL: Record<RecentSite['kind'], string> = {
  'object-id': 'object ID',
  base36: 'base36',
  name: 'name',
};

export interface RecentSitesListProps {
  readonly sites: readonly RecentSite[];
  readonly onClear: () => void;
  readonly now?: number;
}

export function RecentSitesList({ sites, onClear, now = Date.now() }: RecentSitesListProps) {
  return (
    <section className="card" aria-labelledby="recent-heading" data-testid="recent-sites">
      <div className="card-head">
        <h2 id="recent-heading">Recently visited</h2>
        {sites.length > 0 ? (
          <button type="button" className="button link-button" onClick={onClear}>
            Clear
          </button>
        ) : null}
      </div>
      {sites.length === 0 ? (
        <p className="muted">Sites you open from here are listed here, in this browser only.</p>
      ) : (
        <ul className="recent-list">
          {sites.map((site) => (
            <li
              key={site.label}
              className="recent-item"
              data-testid="recent-site-row"
              data-label={site.label}
            >
              <div className="recent-main">
                <a className="mono recent-label" href={siteUrl(site.label)} title={site.label}>
                  {shorten(site.label, 18, 8)}
                </a>
                <span className="badge">{KIND_LABEL[site.kind]}</span>
              </div>
              <div className="recent-meta">
                {site.input !== site.label ? (
                  <span className="muted mono" title={site.input}>
                    {shorten(site.input, 14, 6)}
                  </span>
                ) : null}
                <span className="muted">{timeAgo(site.openedAt, now)}</span>
                <Link to={routePath({ name: 'site', id: site.label })} data-testid="recent-site-details">
                  Details
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

function timeAgo(then: number, now: number): string {
  const seconds = Math.round((then - now) / 1000);
  if (Math.abs(seconds) < 60) return RELATIVE.format(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return RELATIVE.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return RELATIVE.format(hours, 'hour');
  return RELATIVE.format(Math.round(hours / 24), 'day');
}
