// The head of a site's details page: its name, object ID, owner, where to visit it, and the
// Display metadata its publisher set.
import { objectIdToBase36 } from '../../../core/site/base36.ts';
import type { OnChainSite } from '../../../core/sui/site-read.ts';
import { safeHref } from '../ui/safe-href.ts';
import type { SiteSource } from './load-site.ts';
import { siteUrl } from './site-url.ts';

export function SiteSummary({ site, source }: { readonly site: OnChainSite; readonly source: SiteSource }) {
  const base36 = objectIdToBase36(site.id);
  const nameLabel = source.kind === 'name' ? source.name.replace(/\.sui$/, '') : null;
  const { metadata } = site;
  return (
    <section className="site-summary" aria-labelledby="site-name">
      <p className="eyebrow">Site</p>
      <h1 id="site-name" data-testid="site-name">
        {site.name || <span className="muted">(unnamed site)</span>}
      </h1>
      {metadata.description ? <p className="lead">{metadata.description}</p> : null}
      <dl className="facts">
        <div>
          <dt>Visit</dt>
          <dd className="links">
            <a href={siteUrl(base36)} className="mono break" data-testid="site-link">
              {new URL(siteUrl(base36)).host}
            </a>
            {nameLabel ? (
              <a href={siteUrl(nameLabel)} className="mono" data-testid="site-name-link">
                {new URL(siteUrl(nameLabel)).host}
              </a>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Object ID</dt>
          <dd className="mono break" data-testid="site-id">
            {site.id}
          </dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd className="mono break" data-testid="site-owner">
            {site.owner ?? <span className="muted">not address-owned</span>}
          </dd>
        </div>
        <div>
          <dt>Found by</dt>
          <dd data-testid="site-source">{describeSource(source)}</dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd className="mono">{site.version}</dd>
        </div>
        {metadata.creator ? (
          <div>
            <dt>Creator</dt>
            <dd>{metadata.creator}</dd>
          </div>
        ) : null}
        <MetadataLink term="Project" value={metadata.projectUrl} />
        <MetadataLink term="Link" value={metadata.link} />
        <MetadataLink term="Image" value={metadata.imageUrl} />
      </dl>
    </section>
  );
}

function MetadataLink({ term, value }: { readonly term: string; readonly value: string | null }) {
  if (!value) return null;
  const href = safeHref(value);
  return (
    <div>
      <dt>{term}</dt>
      <dd className="break">
        {href ? (
          <a href={href} rel="noopener noreferrer nofollow" target="_blank">
            {value}
          </a>
        ) : (
          value
        )}
      </dd>
    </div>
  );
}

function describeSource(source: SiteSource): string {
  switch (source.kind) {
    case 'object-id':
      return 'its object ID';
    case 'base36':
      return 'its base36 label';
    case 'name':
      return `the name ${source.name} (expires ${new Date(source.expiresAtMs).toLocaleDateString()})`;
  }
}
