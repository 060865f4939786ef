// "Promote preview to live site": pick (or paste) a preview and the live site it is a preview of;
// the wallet signs one update that makes the live site equal to the preview, with nothing
// uploaded. A preview deploy fills in its own site, and the live one when the page knows it.
import { useCurrentAccount, useDAppKit } from '@mysten/dapp-kit-react';
import { useEffect, useState } from 'react';
import { objectIdToBase36 } from '../../../core/site/base36.ts';
import { Link } from '../router/link.tsx';
import { useServices } from '../services/services-context.ts';
import { siteUrl } from '../site/site-url.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Loading } from '../ui/loading.tsx';
import { useOwnedSites } from './use-owned-sites.ts';
import { usePromote, type PromoteOutcome } from './use-promote.ts';

export interface PromoteSuggestion {
  readonly previewId: string;
  readonly liveId: string | null;
}

export function PromoteCard({ suggestion }: { readonly suggestion: PromoteSuggestion | null }) {
  const services = useServices();
  const account = useCurrentAccount();
  const { state, promote } = usePromote(services, useDAppKit());
  // A new preview or a finished promote may have changed the list.
  const sites = useOwnedSites(services, account?.address ?? null, `${suggestion?.previewId}:${state.status}`);
  const [previewId, setPreviewId] = useState('');
  const [liveId, setLiveId] = useState('');

  useEffect(() => {
    if (!suggestion) return;
    setPreviewId(suggestion.previewId);
    if (suggestion.liveId) setLiveId(suggestion.liveId);
  }, [suggestion]);

  return (
    <section className="card" aria-labelledby="promote-heading" data-testid="promote-card">
      <div className="card-head">
        <h2 id="promote-heading">Promote a preview</h2>
      </div>
      <p className="muted">
        The live site takes the preview's files, headers, routes and redirects in one update: nothing is
        uploaded, its quilts are the preview's. Both sites must belong to the connected wallet.
      </p>
      <div className="form-row even">
        <label>
          Preview site
          <input
            data-testid="promote-preview-input"
            list="owned-previews"
            value={previewId}
            placeholder="0x… (a site deployed as preview)"
            onChange={(event) => setPreviewId(event.currentTarget.value.trim())}
          />
        </label>
        <label>
          Live site
          <input
            data-testid="promote-live-input"
            list="owned-live-sites"
            value={liveId}
            placeholder="0x…"
            onChange={(event) => setLiveId(event.currentTarget.value.trim())}
          />
        </label>
      </div>
      {sites.status === 'ok' ? (
        <>
          <datalist id="owned-previews">
            {sites.value.previews.map((site) => (
              <option key={site.id} value={site.id} label={site.name} />
            ))}
          </datalist>
          <datalist id="owned-live-sites">
            {sites.value.live.map((site) => (
              <option key={site.id} value={site.id} label={site.name} />
            ))}
          </datalist>
        </>
      ) : null}
      <button
        type="button"
        className="button"
        data-testid="promote-button"
        disabled={!account || !previewId || !liveId || state.status === 'running'}
        onClick={() => promote(previewId, liveId)}
      >
        Promote preview to live site
      </button>
      {state.status === 'running' ? (
        <Loading label="Promoting: the wallet signs the site update…" testId="promote-running" />
      ) : null}
      {state.status === 'failed' ? (
        <ErrorMessage title="Could not promote the preview." error={state.error} testId="promote-error" />
      ) : null}
      {state.status === 'done' ? <PromoteResult outcome={state.outcome} /> : null}
    </section>
  );
}

function PromoteResult({ outcome }: { readonly outcome: PromoteOutcome }) {
  const url = siteUrl(objectIdToBase36(outcome.liveId));
  return (
    <div className="result" data-testid="promote-result">
      <p data-testid="promote-summary">
        {outcome.transactions === 0
          ? 'The live site already equals the preview: nothing to do.'
          : `Promoted: ${outcome.added} added, ${outcome.changed} changed, ${outcome.removed} removed, ` +
            `${outcome.unchanged} unchanged, nothing uploaded` +
            (outcome.quiltsDeleted ? `, ${outcome.quiltsDeleted} old quilt(s) deleted.` : '.')}
      </p>
      <p>
        <a href={url} data-testid="promote-link">
          {url}
        </a>{' '}
        · <Link to={`/site/${outcome.liveId}`}>details and history</Link>
      </p>
      {outcome.warnings.length ? (
        <ul className="notes">
          {outcome.warnings.map((warning, i) => (
            <li key={i}>warning: {warning}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
