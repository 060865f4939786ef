// The network this portal reads from: the chain endpoint, the Walrus epoch and shard count, and
// every storage node with its health and latency as measured from this browser.
import { useServices } from '../services/services-context.ts';
import { NodeTable, nodeState } from '../network/node-table.tsx';
import { POLL_INTERVAL_MS, SAMPLES_KEPT, useNodeHealth } from '../network/use-node-health.ts';
import { useReadStats } from '../network/use-read-stats.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Loading } from '../ui/loading.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';

export function NetworkPage() {
  const services = useServices();
  const { network } = services;
  const committee = useAsync(() => services.committees.get(), [services]);
  // Bytes stored network-wide (encoded size of every live blob) against the committee's capacity.
  const storage = useAsync(async () => {
    const state = await services.walrus.systemState();
    return { used: BigInt(state.used_capacity_size), total: BigInt(state.total_capacity_size) };
  }, [services]);
  const members =
    committee.status === 'ok'
      ? [...committee.value.members].sort((a, b) =>
          (a.name ?? a.url).localeCompare(b.name ?? b.url, 'en', { numeric: true }),
        )
      : [];
  const samples = useNodeHealth(members.map((m) => m.url));
  const reads = useReadStats();
  useDocumentTitle('Network');

  const states = members.map((m) => nodeState(samples.get(m.url)));
  const up = states.filter((s) => s === 'up').length;
  const checked = states.filter((s) => s !== 'checking').length;

  return (
    <div className="page network-page">
      <h1>Network</h1>
      <dl className="stats">
        <div>
          <dt>Network</dt>
          <dd data-testid="network-name">{network.name}</dd>
        </div>
        <div>
          <dt>Walrus epoch</dt>
          <dd data-testid="network-epoch">
            {committee.status === 'ok' ? (committee.value.epoch ?? '?') : '…'}
          </dd>
        </div>
        <div>
          <dt>Shards</dt>
          <dd data-testid="network-shards">{committee.status === 'ok' ? committee.value.n : '…'}</dd>
        </div>
        <div>
          <dt>Stored</dt>
          <dd data-testid="network-storage">
            {storage.status === 'ok'
              ? `${formatStorage(storage.value.used)} of ${formatStorage(storage.value.total)}`
              : '…'}
          </dd>
        </div>
        <div>
          <dt>Nodes up</dt>
          <dd data-testid="network-nodes-up">
            {committee.status === 'ok' && checked > 0 ? `${up} / ${members.length}` : '…'}
          </dd>
        </div>
      </dl>
      <p className="muted small">
        Sui {network.rpc.transport === 'grpc' ? 'gRPC' : 'JSON-RPC'} at{' '}
        <span className="mono break" data-testid="network-rpc">
          {network.rpc.url}
        </span>
        . Each node's <code>/v1/health</code> is checked from this browser every {POLL_INTERVAL_MS / 1000} s;
        the line shows the last {SAMPLES_KEPT} checks.
      </p>
      {network.aggregatorUrl ? (
        <p className="muted small">
          Walrus aggregator and publisher (HTTP API) at{' '}
          <span className="mono break" data-testid="network-aggregator">
            {network.aggregatorUrl}
          </span>
          , for tools and apps that read through one. Floe does not: it reads and verifies slivers from the
          nodes itself.
        </p>
      ) : null}
      <p className="muted small" data-testid="read-stats-note">
        <em>Recovered</em> counts the slivers of each node that reads rebuilt from other nodes' decoding
        symbols because the node did not serve them, and its failed requests, since the portal started: reads
        by this portal's server and as reported by visitors' browsers, so shown for information only.
        {reads ? (
          <>
            {' '}
            Reads so far: <span data-testid="reads-direct">{reads.reads.direct}</span> direct,{' '}
            <span data-testid="reads-recovered">{reads.reads.recovered}</span> with recovered slivers,{' '}
            <span data-testid="reads-fallback">{reads.reads.fallback}</span> through the fallback (any p
            primary slivers).
          </>
        ) : null}
      </p>

      <section aria-labelledby="nodes-heading">
        <h2 id="nodes-heading">
          Storage nodes {committee.status === 'ok' ? <span className="count">{members.length}</span> : null}
        </h2>
        {committee.status === 'loading' ? <Loading label="Reading the committee from Sui…" /> : null}
        {committee.status === 'error' ? (
          <ErrorMessage
            title={`Could not read the storage committee of ${network.name} from ${network.rpc.url}.`}
            error={committee.error}
            onRetry={committee.reload}
            testId="committee-error"
          />
        ) : null}
        {committee.status === 'ok' ? (
          <NodeTable members={members} samples={samples} reads={reads?.nodes ?? null} />
        ) : null}
      </section>
    </div>
  );
}

/** Encoded bytes as the largest fitting binary unit. */
function formatStorage(bytes: bigint): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
