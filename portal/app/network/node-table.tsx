// The storage committee, one row per node: its shards, what its last health check said, how many
// of its slivers reads had to recover (and its failed requests), and how fast this browser reached
// it over the last checks.
import { nodeKey, type NodeTally, type ReadTallySnapshot } from '../../../core/serve/read-tally.ts';
import type { CommitteeMember } from '../../../core/walrus/committee.ts';
import { formatMs, plural } from '../ui/format.ts';
import type { Probe } from './probe-node.ts';
import { Sparkline } from './sparkline.tsx';
import { SAMPLES_KEPT, type HealthSamples } from './use-node-health.ts';

export type NodeState = 'checking' | 'up' | 'down';

export function nodeState(samples: readonly Probe[] | undefined): NodeState {
  const last = samples?.at(-1);
  return !last ? 'checking' : last.ok ? 'up' : 'down';
}

export interface NodeTableProps {
  readonly members: readonly CommitteeMember[];
  readonly samples: HealthSamples;
  /** Read statistics by node URL, or null while not (yet) known. */
  readonly reads: ReadTallySnapshot['nodes'] | null;
}

export function NodeTable({ members, samples, reads }: NodeTableProps) {
  return (
    <div className="table-wrap">
      <table className="data-table stack" data-testid="node-table">
        <caption className="visually-hidden">Storage nodes</caption>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Shards</th>
            <th scope="col">Status</th>
            <th scope="col">Epoch</th>
            <th scope="col">Recovered</th>
            <th scope="col">Latency</th>
            <th scope="col">
              <span className="visually-hidden">Latency history</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <NodeRow
              key={member.url}
              member={member}
              samples={samples.get(member.url) ?? []}
              reads={reads ? (reads[nodeKey(member.url)] ?? NOTHING) : null}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

const NOTHING: NodeTally = { recovered: 0, failures: 0 };

function NodeRow({
  member,
  samples,
  reads,
}: {
  readonly member: CommitteeMember;
  readonly samples: readonly Probe[];
  readonly reads: NodeTally | null;
}) {
  const state = nodeState(samples);
  const last = samples.at(-1);
  return (
    <tr data-testid="node-row" data-node-url={member.url} data-status={state}>
      <th scope="row" data-label="Node">
        <span className="node-name" data-testid="node-name">
          {member.name ?? 'unnamed node'}
        </span>
        <a className="node-url mono break" href={`${member.url}/v1/health`} data-testid="node-url">
          {member.url}
        </a>
      </th>
      <td data-label="Shards" className="num" data-testid="node-shards">
        {member.shards.length}
      </td>
      <td data-label="Status">
        <span className={`status status-${state}`} data-testid="node-status" data-status={state}>
          <span className="status-dot" aria-hidden="true" />
          {state === 'checking' ? 'Checking…' : state === 'up' ? 'Up' : 'Down'}
        </span>
        {last?.ok ? (
          <span className="muted small node-state" data-testid="node-state">
            {' '}
            {last.health.nodeStatus}
          </span>
        ) : null}
        {last && !last.ok ? (
          <span className="node-error small" data-testid="node-error" title={last.error}>
            {last.error}
          </span>
        ) : null}
      </td>
      <td data-label="Epoch" className="num" data-testid="node-epoch">
        {last?.ok ? last.health.epoch : <span className="muted">—</span>}
      </td>
      <td
        data-label="Recovered"
        className="num"
        data-testid="node-recovered"
        data-recovered={reads?.recovered}
        data-failures={reads?.failures}
      >
        {reads ? (
          <>
            <span title="Slivers this node should have served that reads rebuilt from other nodes' decoding symbols">
              {reads.recovered}
            </span>
            {reads.failures > 0 ? (
              <span className="muted small node-failures" data-testid="node-failures">
                {plural(reads.failures, 'failed request')}
              </span>
            ) : null}
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td data-label="Latency" className="num" data-testid="node-latency">
        {last?.ok ? formatMs(last.ms) : <span className="muted">—</span>}
      </td>
      <td data-label="History">
        <Sparkline samples={samples} capacity={SAMPLES_KEPT} />
      </td>
    </tr>
  );
}
