import { describe, expect, it } from 'vitest';
import { ShardMap } from './committee.ts';
import { geometry } from './geometry.ts';
import { StorageNodeClient } from './node-client.ts';
import { NodeLatency } from './node-latency.ts';
import { ReadSession } from './read-session.ts';
import { encodedBlob } from './test-support/fixtures.ts';
import { memoryNetwork } from './test-support/memory-nodes.ts';

function session(options: { metadata?: boolean; keepFetched?: boolean }) {
  const { encoded } = encodedBlob(10, 5000, 3);
  const net = memoryNetwork(10, 10);
  net.add(encoded);
  const clients = net.committee.members.map((m) => new StorageNodeClient({ url: m.url, fetch: net.fetch }));
  const s = new ReadSession({
    blobId: encoded.blobId,
    g: geometry(10),
    map: new ShardMap(net.committee),
    clients,
    signal: undefined,
    timeoutMs: 1000,
    metadataStaggerMs: 100,
    latency: new NodeLatency(),
    ...(options.metadata ? { metadata: encoded.metadata } : {}),
    ...(options.keepFetched === undefined ? {} : { keepFetched: options.keepFetched }),
  });
  return { s, net, encoded };
}

describe('ReadSession options', () => {
  it('uses metadata it was given without asking a node', async () => {
    const { s, net, encoded } = session({ metadata: true });
    expect(await s.metadata()).toBe(encoded.metadata);
    expect(net.log).toHaveLength(0);
  });

  it('keeps fetched slivers by default and not with keepFetched: false', async () => {
    const kept = session({});
    expect(await kept.s.fetchSliver(0, 'primary')).toBeDefined();
    expect(kept.s.fetched).toHaveLength(1);
    const streamed = session({ keepFetched: false });
    expect(await streamed.s.fetchSliver(0, 'primary')).toBeDefined();
    expect(streamed.s.fetched).toHaveLength(0);
    expect(streamed.s.sliverRequests).toBe(1);
  });
});
