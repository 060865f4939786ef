// A site's details: what the chain says about it (resources, quilts, routes, redirects), which
// storage nodes hold each file, and its history, which the owner can roll back.
import { useDAppKit } from '@mysten/dapp-kit-react';
import { objectIdToBase36 } from '../../../core/site/base36.ts';
import { useServices } from '../services/services-context.ts';
import { loadSite } from '../site/load-site.ts';
import { groupByBlob } from '../site/quilts.ts';
import { QuiltList } from '../site/quilt-list.tsx';
import { ResourceTable } from '../site/resource-table.tsx';
import { RedirectsTable, RoutesTable } from '../site/routing-tables.tsx';
import { SiteHistory } from '../site/site-history.tsx';
import { SiteSummary } from '../site/site-summary.tsx';
import { StorageLease } from '../site/storage-lease.tsx';
import { useRollback } from '../site/use-rollback.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { plural } from '../ui/format.ts';
import { Loading } from '../ui/loading.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';

export function SitePage({ id }: { readonly id: string }) {
  const services = useServices();
  const loaded = useAsync((signal) => loadSite(services, id, signal), [services, id]);
  const committee = useAsync(() => services.committees.get(), [services]);
  // Here, not in the History section: a rollback reloads the whole page (its resources changed)
  // and its outcome must outlive that reload.
  const rollback = useRollback(services, useDAppKit(), loaded.reload);
  useDocumentTitle(loaded.status === 'ok' ? loaded.value.site.name || id : id);

  if (loaded.status === 'loading') {
    return (
      <div className="page">
        <Loading label={`Reading ${id} from Sui…`} testId="site-loading" />
      </div>
    );
  }
  if (loaded.status === 'error') {
    return (
      <div className="page">
        <h1>Site {id}</h1>
        <ErrorMessage
          title={`Could not read this site from ${services.network.name}.`}
          error={loaded.error}
          onRetry={loaded.reload}
          testId="site-error"
        />
      </div>
    );
  }

  const { site, source } = loaded.value;
  const resources = [...site.resources.values()];
  const quilts = groupByBlob(resources).length;
  return (
    <div className="page site-page">
      <SiteSummary site={site} source={source} />
      <StorageLease site={site} />
      <SiteHistory siteId={site.id} rollback={rollback.state} onRollBack={rollback.rollBack} />

      <section aria-labelledby="resources-heading">
        <h2 id="resources-heading">
          Resources <span className="count">{resources.length}</span>
        </h2>
        <ResourceTable resources={resources} label={objectIdToBase36(site.id)} />
      </section>

      <section aria-labelledby="quilts-heading">
        <h2 id="quilts-heading">
          Quilts <span className="count">{quilts}</span>
        </h2>
        <p className="muted">
          Each file is a patch of a quilt: a run of the quilt's columns (secondary slivers). The portal
          fetches those columns from the nodes below and checks the SHA-256 on chain
          {committee.status === 'ok'
            ? ` (committee of epoch ${committee.value.epoch ?? '?'}, ${plural(committee.value.n, 'shard')}).`
            : '.'}
        </p>
        <QuiltList resources={resources} committee={committee} onRetryCommittee={committee.reload} />
      </section>

      <div className="two-col">
        <section aria-labelledby="routes-heading">
          <h2 id="routes-heading">
            Routes <span className="count">{site.routes.length}</span>
          </h2>
          <RoutesTable routes={site.routes} />
        </section>
        <section aria-labelledby="redirects-heading">
          <h2 id="redirects-heading">
            Redirects <span className="count">{site.redirects.length}</span>
          </h2>
          <RedirectsTable redirects={site.redirects} />
        </section>
      </div>
    </div>
  );
}
