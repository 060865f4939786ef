// A site's History: every version newest first, read from the chain's transactions, with what
// each changed and whether it can still come back. The owner's connected wallet can roll back to
// a restorable version, in one update with nothing uploaded.
import { useCurrentAccount } from '@mysten/dapp-kit-react';
import type { SiteVersion } from '../../../core/deploy/history.ts';
import type { OnChainSite } from '../../../core/sui/site-read.ts';
import { Link } from '../router/link.tsx';
import { useServices } from '../services/services-context.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Loading } from '../ui/loading.tsx';
import { RollbackStatus } from './rollback-status.tsx';
import type { RollbackState } from './use-rollback.ts';
import { useSiteHistory } from './use-site-history.ts';
import { VersionItem } from './version-item.tsx';
import { canRollBack, versionState } from './version-state.ts';

export interface SiteHistoryProps {
  readonly siteId: string;
  readonly rollback: RollbackState;
  readonly onRollBack: (live: OnChainSite, target: SiteVersion) => void;
}

export function SiteHistory({ siteId, rollback, onRollBack }: SiteHistoryProps) {
  const services = useServices();
  const account = useCurrentAccount();
  const history = useSiteHistory(services, siteId);
  const count = history.status === 'ok' ? history.value.versions.length : null;
  return (
    <section aria-labelledby="history-heading" data-testid="site-history">
      <h2 id="history-heading">History {count !== null ? <span className="count">{count}</span> : null}</h2>
      <RollbackStatus state={rollback} />
      {history.status === 'loading' ? (
        <Loading label="Reading the site's transactions from Sui…" testId="history-loading" />
      ) : null}
      {history.status === 'error' ? (
        <ErrorMessage
          title="Could not read this site's history."
          error={history.error}
          onRetry={history.reload}
          testId="history-error"
        />
      ) : null}
      {history.status === 'ok' ? (
        <>
          <p className="muted">
            A version is only pointers into quilts, so one whose quilts are all still stored can come back
            without uploading anything. Deploys keep the last few versions' quilts.
            {history.value.live.owner && !account ? (
              <>
                {' '}
                To roll back, connect the owner's wallet on the <Link to="/publish">Publish</Link> page.
              </>
            ) : null}
          </p>
          <ol className="versions" reversed>
            {[...history.value.versions].reverse().map((version) => {
              const { versions, live, missing } = history.value;
              const state = versionState(version, versions[versions.length - 1]!.number, missing);
              const allowed = canRollBack(state, account?.address ?? null, live.owner);
              return (
                <VersionItem
                  key={version.number}
                  version={version}
                  state={state}
                  busy={rollback.status === 'running'}
                  onRollBack={allowed ? () => onRollBack(live, version) : null}
                />
              );
            })}
          </ol>
        </>
      ) : null}
    </section>
  );
}
