// The text `npm run devnet` prints once the devnet is up: where everything is, and the shape of a
// profile (stake skew, hosts, geography, faults). Pure, from devnet.json's contents.
import type { GeoLink } from '../geo/regions.ts';
import type { DevnetConfig } from './config.ts';

export function summarize(config: DevnetConfig): string {
  const counts = config.nodes.map((n) => n.shards.length).sort((a, b) => a - b);
  const equal = counts[0] === counts[counts.length - 1];
  const shards = equal
    ? `${counts[0]} shards each`
    : `shards min ${counts[0]} / median ${median(counts)} / max ${counts[counts.length - 1]}`;
  const regions = new Map<string, number>();
  for (const node of config.nodes)
    if (node.region) regions.set(node.region, (regions.get(node.region) ?? 0) + 1);
  const lines = [
    `  profile       ${config.profile ?? 'default'}`,
    `  chain RPC     ${config.grpcUrl} (gRPC-web), ${config.rpcUrl} (JSON-RPC)${
      config.directRpcUrl ? `; direct for nodes: ${config.directRpcUrl}` : ''
    }`,
    `  faucet        ${config.faucetUrl}/v2/gas`,
    `  storage nodes ${config.nodes.length} nodes, ${config.walrus.nShards} shards: ${shards} (${config.nodes[0]?.url} …)`,
    `  processes     ${config.hosts ? `${config.hosts} hosts of storage nodes` : 'one per storage node'}`,
  ];
  if (config.visitor) {
    lines.push(
      `  geography     as seen from ${config.visitor}: ${regions.size} regions (${[...regions]
        .map(([region, n]) => `${region} ${n}`)
        .join(', ')})`,
    );
  }
  if (config.links) {
    lines.push(
      `  links         chain ${describeLink(config.links.chain)}; aggregator ${describeLink(config.links.aggregator)}`,
    );
  }
  if (config.faults) {
    lines.push(
      `  faults        down: ${config.faults.down.join(', ') || 'none'}; slow (+${config.faults.slowLatencyMs} ms): ${
        config.faults.slow.join(', ') || 'none'
      } (--no-faults turns them off)`,
    );
  }
  lines.push(
    `  dev key       ${config.devKey.address} (${config.devKey.path})`,
    `  aggregator    ${config.aggregatorUrl ?? 'none'} (Walrus aggregator and publisher, paid by the dev key)`,
    `  config        ${config.dir}/devnet.json`,
    `  logs          ${config.dir}/logs/`,
    'Ctrl-C stops it; state is kept for the next start (--reset wipes it).',
  );
  return lines.join('\n');
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `30 ms RTT, 100 Mbit/s`. */
export function describeLink(link: GeoLink): string {
  return `${link.rttMs} ms RTT, ${(link.bandwidthBytesPerSec / 125_000).toFixed(0)} Mbit/s`;
}
