// The blobs (quilts) a site's files live in and, for each file, the storage nodes that hold its
// columns: exactly the nodes the service worker asks for that file.
import { ShardMap, type Committee } from '../../../core/walrus/committee.ts';
import type { SiteResource } from '../../../core/site/types.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatRanges, plural, shorten } from '../ui/format.ts';
import { Loading } from '../ui/loading.tsx';
import type { AsyncState } from '../ui/use-async.ts';
import { resourcePatch } from './patch-columns.ts';
import { blobOffset, groupByBlob, patchHolders, type PatchHolder, type QuiltGroup } from './quilts.ts';

export interface QuiltListProps {
  readonly resources: readonly SiteResource[];
  readonly committee: AsyncState<Committee>;
  readonly onRetryCommittee: () => void;
}

export function QuiltList({ resources, committee, onRetryCommittee }: QuiltListProps) {
  const groups = groupByBlob(resources);
  if (groups.length === 0) return <p className="muted">No blobs: the site has no resources.</p>;
  let map: ShardMap | null = null;
  let mapError: Error | null = null;
  if (committee.status === 'ok') {
    try {
      map = new ShardMap(committee.value);
    } catch (error) {
      mapError = error as Error;
    }
  }
  return (
    <>
      {committee.status === 'loading' ? (
        <Loading label="Loading the storage committee…" testId="committee-loading" />
      ) : null}
      {committee.status === 'error' ? (
        <ErrorMessage
          title="Could not load the storage committee from Sui, so the nodes per patch are unknown."
          error={committee.error}
          onRetry={onRetryCommittee}
          testId="committee-error"
        />
      ) : null}
      {mapError ? <ErrorMessage title="The committee on chain is inconsistent." error={mapError} /> : null}
      <div className="quilts">
        {groups.map((group) => (
          <QuiltCard key={group.blobId} group={group} map={map} />
        ))}
      </div>
    </>
  );
}

function QuiltCard({ group, map }: { readonly group: QuiltGroup; readonly map: ShardMap | null }) {
  const offset = map ? blobOffset(group.blobId, map.n) : null;
  const rows = group.resources.map((resource) => {
    const patch = resourcePatch(resource);
    const holders = map && offset !== null && patch ? patchHolders(map, offset, patch) : null;
    return { resource, patch, holders };
  });
  const serving = new Map<number, PatchHolder>();
  for (const row of rows) for (const holder of row.holders ?? []) serving.set(holder.memberIndex, holder);
  const headingId = `quilt-${group.blobId}`;
  return (
    <article
      className="card quilt"
      aria-labelledby={headingId}
      data-testid="quilt"
      data-blob-id={group.blobId}
    >
      <div className="card-head">
        <h3 id={headingId} className="mono break" title={group.blobId}>
          {shorten(group.blobId, 12, 6)}
        </h3>
        <span className="badge" data-testid="quilt-file-count">
          {plural(group.resources.length, 'file')}
        </span>
      </div>
      <p className="muted small">
        {offset !== null ? <>Rotation offset {offset}. </> : null}
        {serving.size > 0 ? (
          <>
            Patches served by {plural(serving.size, 'node')}:{' '}
            {[...serving.values()]
              .sort((a, b) => a.memberIndex - b.memberIndex)
              .map((h) => h.name)
              .join(', ')}
            .
          </>
        ) : null}
      </p>
      <div className="table-wrap">
        <table className="data-table stack compact">
          <caption className="visually-hidden">Patches of blob {group.blobId}</caption>
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Columns</th>
              <th scope="col">Nodes (shard)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ resource, patch, holders }) => (
              <tr key={resource.path} data-testid="patch-row" data-path={resource.path}>
                <th scope="row" data-label="Path" className="mono break">
                  {resource.path}
                </th>
                <td data-label="Columns" className="mono">
                  {patch ? (
                    formatRanges(range(patch.start, patch.end))
                  ) : (
                    <span className="muted">whole blob</span>
                  )}
                </td>
                <td data-label="Nodes" data-testid="patch-nodes">
                  <Holders holders={holders} known={map !== null} isPatch={patch !== null} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}

function Holders(props: {
  readonly holders: readonly PatchHolder[] | null;
  readonly known: boolean;
  readonly isPatch: boolean;
}) {
  if (!props.isPatch) return <span className="muted">any p primary slivers</span>;
  if (!props.known || !props.holders) return <span className="muted">…</span>;
  return (
    <ul className="holders">
      {props.holders.map((holder) => (
        <li key={holder.memberIndex} data-node-url={holder.url} title={holder.url}>
          <span className="holder-name">{holder.name}</span>{' '}
          <span className="muted mono">({formatRanges(holder.shards)})</span>
        </li>
      ))}
    </ul>
  );
}

function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}
