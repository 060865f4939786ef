// One version in a site's History: when, by whom, what changed (the paths behind each count a
// click away), how many quilts it needs, whether it can come back, and for the owner the button
// that brings it back.
import type { SiteVersion } from '../../../core/deploy/history.ts';
import { plural, shorten } from '../ui/format.ts';
import type { VersionState } from './version-state.ts';

export interface VersionItemProps {
  readonly version: SiteVersion;
  readonly state: VersionState;
  /** Null hides the button (not the owner, or not restorable). */
  readonly onRollBack: (() => void) | null;
  readonly busy: boolean;
}

export function VersionItem({ version, state, onRollBack, busy }: VersionItemProps) {
  const { added, changed, removed } = version;
  const changes = added.length + changed.length + removed.length;
  return (
    <li className="version" data-testid="site-version" data-version={version.number} data-state={state}>
      <div className="version-head">
        <strong className="mono">v{version.number}</strong>
        <span>
          {version.timestampMs === null ? 'time unknown' : new Date(version.timestampMs).toLocaleString()}
        </span>
        <span className="muted">
          by{' '}
          <code title={version.sender} data-testid="version-sender">
            {shorten(version.sender)}
          </code>
        </span>
        <span className="mono" data-testid="version-changes" title="added, changed, removed">
          +{added.length} ~{changed.length} −{removed.length}
        </span>
        <span className="muted">{plural(version.quilts.length, 'quilt')}</span>
        <span className={`badge version-state state-${state.replace(/ /g, '-')}`} data-testid="version-state">
          {state}
        </span>
        {onRollBack ? (
          <button
            type="button"
            className="button secondary"
            data-testid="rollback-button"
            disabled={busy}
            onClick={onRollBack}
          >
            Roll back to v{version.number}
          </button>
        ) : null}
      </div>
      {changes > 0 ? (
        <details className="version-paths">
          <summary>{plural(changes, 'path')}</summary>
          <PathList label="added" paths={added} />
          <PathList label="changed" paths={changed} />
          <PathList label="removed" paths={removed} />
        </details>
      ) : null}
    </li>
  );
}

function PathList({ label, paths }: { readonly label: string; readonly paths: readonly string[] }) {
  if (paths.length === 0) return null;
  return (
    <p className="small" data-testid={`version-${label}`}>
      <span className="muted">{label}: </span>
      {paths.map((path, i) => (
        <span key={path}>
          {i > 0 ? ', ' : null}
          <code>{path}</code>
        </span>
      ))}
    </p>
  );
}
