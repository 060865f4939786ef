// Publish: choose a folder (picker or drag and drop), review the plan and its cost, deploy with
// live progress per phase and per storage node, and get the site's link — all in this browser,
// with the connected wallet signing. The same pipeline as `floe deploy`, so the CLI command shown
// at the end produces the same site. A deploy can go to a preview site instead, and a preview can
// be promoted to the live site, as `floe deploy --preview` and `floe promote` do.
import { useDAppKit } from '@mysten/dapp-kit-react';
import { useMemo, useState, type DragEvent } from 'react';
import { formatCoin } from '../../../core/deploy/format-coin.ts';
import type { DeployResult } from '../../../core/deploy/pipeline.ts';
import { objectIdToBase36 } from '../../../core/site/base36.ts';
import type { PreviewTarget } from '../publish/preview-target.ts';
import { PreviewOption } from '../publish/preview-option.tsx';
import { previewName, type PreviewChoice } from '../publish/preview-name.ts';
import { PromoteCard, type PromoteSuggestion } from '../publish/promote-card.tsx';
import { Link } from '../router/link.tsx';
import { siteUrl } from '../site/site-url.ts';
import { collectFromDrop, collectFromFileList, type CollectedFolder } from '../publish/collect-files.ts';
import { FIELD_LABELS } from '../publish/error-wording.ts';
import type { DeployState } from '../publish/deploy-state.ts';
import { usePublish } from '../publish/use-publish.ts';
import { useServices } from '../services/services-context.ts';
import { registerDevWallet } from '../wallet/dev-wallet.ts';
import { WalletPanel } from '../wallet/wallet-panel.tsx';

export function PublishPage() {
  const services = useServices();
  const dAppKit = useDAppKit();
  const devWallet = useMemo(() => registerDevWallet(services), [services]);
  const { state, start, confirm, cancel, reset } = usePublish(services, dAppKit as never);
  const [folder, setFolder] = useState<CollectedFolder | null>(null);
  const [folderError, setFolderError] = useState<string | null>(null);
  const [siteId, setSiteId] = useState('');
  const [epochs, setEpochs] = useState('1');
  const [previewChoice, setPreviewChoice] = useState<PreviewChoice>({ enabled: false, name: '' });
  const preview = previewName(previewChoice);
  const busy = state.stage === 'planning' || state.stage === 'review' || state.stage === 'deploying';
  const promoteSuggestion = useMemo<PromoteSuggestion | null>(
    () =>
      state.stage === 'done' && state.preview && state.result?.siteId
        ? { previewId: state.result.siteId, liveId: state.preview.liveSiteId }
        : null,
    [state.stage, state.preview, state.result],
  );

  const choose = (load: () => Promise<CollectedFolder>) => {
    setFolderError(null);
    load().then(
      (collected) => {
        setFolder(collected);
        reset();
      },
      (error: unknown) => setFolderError((error as Error).message),
    );
  };

  return (
    <div className="page publish">
      <h1>Publish a site</h1>
      <p className="lead">
        Files are packed into quilts, erasure-coded in this browser and sent straight to the storage nodes;
        your wallet signs the registration and the site. Nothing is spent before you confirm the plan.
      </p>
      <WalletPanel devWallet={devWallet} />

      <section className="card" aria-labelledby="folder-heading">
        <div className="card-head">
          <h2 id="folder-heading">Folder</h2>
        </div>
        <div
          className="drop-zone"
          data-testid="drop-zone"
          onDragOver={(event) => event.preventDefault()}
          onDrop={(event: DragEvent) => {
            event.preventDefault();
            choose(() => collectFromDrop(event.dataTransfer));
          }}
        >
          <p>Drop a folder here, or</p>
          <label className="button secondary">
            choose a folder…
            <input
              type="file"
              data-testid="folder-input"
              className="visually-hidden"
              // @ts-expect-error: webkitdirectory is a non-standard attribute every browser supports
              webkitdirectory=""
              multiple
              onChange={(event) => {
                const list = event.currentTarget.files;
                if (list) choose(() => collectFromFileList(list));
              }}
            />
          </label>
        </div>
        {folder ? (
          <p data-testid="folder-summary">
            <strong>{folder.folderName}</strong>: {folder.entries.length} files
          </p>
        ) : null}
        {folderError ? (
          <p className="error" role="alert" data-testid="folder-error">
            {folderError}
          </p>
        ) : null}
        <div className="form-row">
          <label>
            {previewChoice.enabled
              ? 'Live site (object ID, optional: for Promote)'
              : `${FIELD_LABELS.siteId} (object ID, optional)`}
            <input
              data-testid="site-id-input"
              value={siteId}
              placeholder="0x… (default: object_id in ws-resources.json, else a new site)"
              onChange={(event) => setSiteId(event.currentTarget.value.trim())}
            />
          </label>
          <label>
            {FIELD_LABELS.epochs}
            <input
              data-testid="epochs-input"
              inputMode="numeric"
              value={epochs}
              onChange={(event) => setEpochs(event.currentTarget.value)}
            />
          </label>
        </div>
        <PreviewOption choice={previewChoice} onChange={setPreviewChoice} />
        <button
          type="button"
          className="button"
          data-testid="plan-button"
          disabled={!folder || busy || preview.error !== null}
          onClick={() => {
            if (folder)
              void start(folder, {
                siteId: siteId || null,
                epochs: Number(epochs) || 1,
                preview: preview.name,
              });
          }}
        >
          Review plan
        </button>
      </section>

      <DeployView
        state={state}
        onConfirm={confirm}
        onCancel={cancel}
        folderName={folder?.folderName ?? 'dist'}
      />
      <PromoteCard suggestion={promoteSuggestion} />
    </div>
  );
}

function DeployView(props: {
  readonly state: DeployState;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  readonly folderName: string;
}) {
  const { state } = props;
  if (state.stage === 'idle') return null;
  return (
    <section className="card" aria-labelledby="deploy-heading" aria-live="polite">
      <div className="card-head">
        <h2 id="deploy-heading">Deploy</h2>
        <span className="badge" data-testid="deploy-stage">
          {state.stage}
        </span>
      </div>
      <Phases state={state} />
      {state.stage === 'review' && state.result ? (
        <Plan result={state.result} onConfirm={props.onConfirm} onCancel={props.onCancel} />
      ) : null}
      {state.stage === 'deploying' || state.stage === 'planning' ? (
        <button
          type="button"
          className="button secondary"
          data-testid="cancel-button"
          onClick={props.onCancel}
        >
          Cancel
        </button>
      ) : null}
      {state.stage === 'done' && state.result ? (
        <Result result={state.result} preview={state.preview} folderName={props.folderName} />
      ) : null}
      {state.stage === 'failed' ? (
        <p className="error" role="alert" data-testid="deploy-error">
          {state.error}
        </p>
      ) : null}
      {state.stage === 'cancelled' ? (
        <p data-testid="deploy-cancelled">
          Cancelled. The site on chain was not changed; run it again to resume.
        </p>
      ) : null}
      {state.notes.length ? (
        <ul className="notes">
          {state.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function Phases({ state }: { readonly state: DeployState }) {
  return (
    <>
      <ol className="phases" data-testid="phases">
        {state.phases.map((p) => (
          <li key={p.phase} data-testid="phase" data-phase={p.phase} data-done={p.ms !== null ? 'yes' : 'no'}>
            <span className="phase-name">{p.phase}</span>
            <progress max={Math.max(p.total, 1)} value={p.ms !== null ? Math.max(p.total, 1) : p.done} />
            <span className="small">
              {p.unit === 'bytes'
                ? `${Math.round(p.done / 1024)} / ${Math.round(p.total / 1024)} KiB`
                : `${p.done} / ${p.total} ${p.unit}`}
              {p.ms !== null ? ` · ${(p.ms / 1000).toFixed(1)} s` : ''}
            </span>
          </li>
        ))}
      </ol>
      {state.nodes.length ? (
        <table className="table node-progress">
          <thead>
            <tr>
              <th>Storage node</th>
              <th>Sent</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {state.nodes.map((n) => (
              <tr
                key={n.node}
                data-testid="node-progress"
                data-status={n.error ? 'failed' : n.done >= n.total ? 'done' : 'busy'}
              >
                <td>
                  <code>{n.node}</code>
                </td>
                <td>
                  {n.done} / {n.total}
                </td>
                <td>{n.error ? `failed: ${n.error}` : n.done >= n.total ? 'confirmed' : 'uploading'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

function Plan(props: {
  readonly result: DeployResult;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  const { plan, cost } = props.result;
  const newQuilts = props.result.quilts.filter((q) => q.outcome === 'planned').length;
  return (
    <div className="plan" data-testid="plan">
      <h3>Plan for {props.result.siteId ?? 'a new site'}</h3>
      <dl className="plan-grid">
        <dt>New or changed</dt>
        <dd data-testid="plan-upload">{plan.upload.length}</dd>
        <dt>Unchanged</dt>
        <dd data-testid="plan-unchanged">{plan.unchanged.length}</dd>
        <dt>Headers only</dt>
        <dd data-testid="plan-rewrite">{plan.rewrite.length}</dd>
        <dt>Removed</dt>
        <dd data-testid="plan-remove">{plan.remove.length}</dd>
        <dt>Quilts to upload</dt>
        <dd data-testid="plan-quilts">{newQuilts}</dd>
        <dt>Cost</dt>
        <dd data-testid="plan-cost">
          {formatCoin(cost.wal)} WAL · {cost.suiEstimated ? '~' : ''}
          {formatCoin(cost.sui)} SUI
        </dd>
      </dl>
      <button type="button" className="button" data-testid="deploy-button" onClick={props.onConfirm}>
        Deploy
      </button>{' '}
      <button
        type="button"
        className="button secondary"
        data-testid="decline-button"
        onClick={props.onCancel}
      >
        Cancel
      </button>
    </div>
  );
}

function Result(props: {
  readonly result: DeployResult;
  readonly preview: PreviewTarget | null;
  readonly folderName: string;
}) {
  const { result, preview, folderName } = props;
  const id = result.siteId!;
  const base36 = objectIdToBase36(id);
  const url = siteUrl(base36);
  const command = preview
    ? `npx floe deploy ./${folderName} --preview ${preview.name} --yes`
    : `npx floe deploy ./${folderName} --site ${id} --yes`;
  const what = preview ? `Preview "${preview.name}"` : 'Site';
  return (
    <div className="result" data-testid="result">
      <h3>
        {what} {result.created ? 'created' : 'updated'}
      </h3>
      <p>
        <a href={url} data-testid="result-link">
          {url}
        </a>{' '}
        ·{' '}
        <Link to={`/site/${id}`} data-testid="result-details-link">
          details and history
        </Link>
      </p>
      {preview ? (
        <p className="muted" data-testid="result-preview">
          A separate site named <strong>{preview.siteName}</strong>; the live site is unchanged until you
          promote this preview below.
        </p>
      ) : null}
      <dl className="plan-grid">
        <dt>Object ID</dt>
        <dd>
          <code data-testid="result-site-id">{id}</code>
        </dd>
        <dt>Base36</dt>
        <dd>
          <code>{base36}</code>
        </dd>
        <dt>Uploaded</dt>
        <dd data-testid="result-uploaded">
          {result.uploaded} files in {result.quilts.filter((q) => q.outcome === 'uploaded').length} quilt(s),{' '}
          {Math.round(result.bytesUploaded / 1024)} KiB
        </dd>
      </dl>
      <p>The same deploy from CI:</p>
      <pre>
        <code data-testid="cli-command">{command}</code>
      </pre>
      <button
        type="button"
        className="button secondary"
        onClick={() => void navigator.clipboard?.writeText(command)}
      >
        Copy command
      </button>
    </div>
  );
}
