// Every file of a site as the chain records it: path, content type, SHA-256 the portal checks the
// bytes against, the blob holding it and, for a quilt patch, its columns.
import type { SiteResource } from '../../../core/site/types.ts';
import { shorten, toHex } from '../ui/format.ts';
import { resourcePatch, type PatchColumns } from './patch-columns.ts';
import { siteOrigin } from './site-url.ts';

export interface ResourceTableProps {
  readonly resources: readonly SiteResource[];
  /** The site's subdomain label, to link each path. */
  readonly label: string;
}

export function ResourceTable({ resources, label }: ResourceTableProps) {
  if (resources.length === 0) return <p className="muted">This site has no resources.</p>;
  const origin = siteOrigin(label);
  return (
    <div className="table-wrap">
      <table className="data-table stack" data-testid="resource-table">
        <caption className="visually-hidden">Resources</caption>
        <thead>
          <tr>
            <th scope="col">Path</th>
            <th scope="col">Content type</th>
            <th scope="col">SHA-256</th>
            <th scope="col">Blob (quilt)</th>
            <th scope="col">Columns</th>
          </tr>
        </thead>
        <tbody>
          {resources.map((resource) => {
            const hash = toHex(resource.blobHash);
            const patch = resourcePatch(resource);
            return (
              <tr key={resource.path} data-testid="resource-row" data-path={resource.path}>
                <th scope="row" data-label="Path" className="mono break">
                  <a href={origin + encodeURI(resource.path)}>{resource.path}</a>
                </th>
                <td data-label="Content type" data-testid="resource-content-type">
                  {resource.headers.get('content-type') ?? <span className="muted">—</span>}
                </td>
                <td data-label="SHA-256" className="mono" title={hash} data-testid="resource-sha256">
                  {hash.slice(0, 12)}…
                </td>
                <td data-label="Blob" className="mono" title={resource.blobId} data-testid="resource-blob">
                  {shorten(resource.blobId, 8, 4)}
                </td>
                <td
                  data-label="Columns"
                  className="mono"
                  data-testid="resource-columns"
                  data-start={patch?.start}
                  data-end={patch?.end}
                  title={patch ? `columns [${patch.start}, ${patch.end})` : undefined}
                >
                  {patch ? columnText(patch) : <span className="muted">whole blob</span>}
                  {resource.range ? <RangeNote range={resource.range} /> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function columnText(patch: PatchColumns): string {
  return patch.end - patch.start === 1 ? `${patch.start}` : `${patch.start}–${patch.end - 1}`;
}

function RangeNote({ range }: { readonly range: NonNullable<SiteResource['range']> }) {
  return (
    <span className="muted">
      {' '}
      bytes {range.start?.toString() ?? '0'}–{range.end?.toString() ?? 'end'}
    </span>
  );
}
