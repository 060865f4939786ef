// A reader shares what it learns about node speed: nodes known to be slow are asked last for
// symbols and metadata. Assertions are on which nodes were asked and in what order, never on time.
import { describe, expect, it } from 'vitest';
import { geometry, primarySliverSize, rotationOffset } from './geometry.ts';
import { NodeLatency } from './node-latency.ts';
import { WalrusReader } from './reader.ts';
import { encodedBlob } from './test-support/fixtures.ts';
import { expectBytes } from './test-support/bytes.ts';
import { memoryNetwork, type MemoryNetwork } from './test-support/memory-nodes.ts';

const N = 100;

function ownerOf(net: MemoryNetwork, blobId: Uint8Array, pair: number): number {
  const shard = (pair + rotationOffset(blobId, N)) % N;
  return net.committee.members.findIndex((m) => m.shards.includes(shard));
}

/** Members in the order the log shows them asked for `what`, each once. */
function askedFor(net: MemoryNetwork, what: RegExp): number[] {
  const hosts = net.log.filter((line) => what.test(line)).map((line) => line.split('/')[0]!);
  return [...new Set(hosts)].map((host) => Number(/^node-(\d+)\.test$/.exec(host)![1]));
}

/** An estimator that has seen every node answer in 10 ms except `slow`, which took 2 s. */
function learned(net: MemoryNetwork, slow: readonly number[]): NodeLatency {
  const latency = new NodeLatency();
  net.committee.members.forEach((m, i) => {
    for (let k = 0; k < 5; k++) latency.observe(m.url, slow.includes(i) ? 2000 : 10);
  });
  return latency;
}

function degradedBlob() {
  const { data, encoded } = encodedBlob(N, 200_000, 11);
  const net = memoryNetwork(N, 10);
  net.add(encoded);
  const down = ownerOf(net, encoded.blobId, 0);
  net.setFault(down, { kind: 'down' });
  const row = primarySliverSize(geometry(N), encoded.symbolSize);
  // Row 0 sits on the dead node, so it is recovered from other nodes' decoding symbols.
  const read = (reader: WalrusReader) =>
    reader.read({ blobId: encoded.blobId, target: { kind: 'range', start: 0, end: row } });
  return { data, encoded, net, down, row, read };
}

describe('reader: node latency', () => {
  it('asks nodes known to be slow for decoding symbols last', async () => {
    const base = degradedBlob();
    const baseline = await base.read(
      new WalrusReader({ committee: base.net.committee, fetch: base.net.fetch }),
    );
    expect(baseline.stats.path).toBe('recovered');
    const usual = askedFor(base.net, /decodingSymbols/);
    // Not every node is needed, so the usual first choices are the ones worth avoiding.
    expect(usual.length).toBeLessThan(9);
    const slow = usual.slice(0, 2);

    const { net, read, data, row } = degradedBlob();
    const latency = learned(net, slow);
    const result = await read(new WalrusReader({ committee: net.committee, fetch: net.fetch, latency }));
    expectBytes(result.data, data.subarray(0, row));
    expect(result.stats.path).toBe('recovered');
    const asked = askedFor(net, /decodingSymbols/);
    expect(asked.length).toBe(usual.length);
    for (const m of slow) expect(asked).not.toContain(m);
  });

  it('asks the fastest known node for metadata first', async () => {
    const { net, encoded, read } = degradedBlob();
    // Without knowledge the holder of pair 0 is asked first.
    const fastest = (ownerOf(net, encoded.blobId, 0) + 5) % 10;
    const latency = new NodeLatency();
    net.committee.members.forEach((m, i) => latency.observe(m.url, i === fastest ? 5 : 400));
    const result = await read(new WalrusReader({ committee: net.committee, fetch: net.fetch, latency }));
    expect(result.stats.path).toBe('recovered');
    expect(askedFor(net, /\/metadata$/)[0]).toBe(fastest);
  });

  it('collects fallback slivers from fast nodes when any will do', async () => {
    const { net, encoded, down, read, data, row } = degradedBlob();
    // Without knowledge, pairs are asked in order; the first live owner would be asked.
    const first = Array.from({ length: N }, (_, pair) => ownerOf(net, encoded.blobId, pair)).find(
      (m) => m !== down,
    )!;
    const latency = learned(net, [first]);
    const reader = new WalrusReader({
      committee: net.committee,
      fetch: net.fetch,
      latency,
      recovery: 'whole-blob',
    });
    const result = await read(reader);
    expectBytes(result.data, data.subarray(0, row));
    expect(result.stats.path).toBe('fallback');
    expect(askedFor(net, /\/slivers\/\d+\/primary$/)).not.toContain(first);
  });

  it('learns from reads: a dead node is penalised and live ones timed, for the next reader', async () => {
    const { net, down, read, encoded } = degradedBlob();
    const latency = new NodeLatency();
    let t = 0;
    const now = () => (t += 7);
    await read(new WalrusReader({ committee: net.committee, fetch: net.fetch, latency, now }));
    const nodes = latency.snapshot().nodes;
    const deadUrl = net.committee.members[down]!.url;
    expect(nodes[deadUrl]).toMatchObject({ samples: 0 });
    expect(nodes[deadUrl]!.penalty).toBeGreaterThan(0);
    const live = Object.entries(nodes).filter(([url]) => url !== deadUrl);
    expect(live.length).toBeGreaterThan(0);
    for (const [, record] of live) expect(record.samples).toBeGreaterThan(0);

    // Another reader sharing the estimator no longer asks the dead node for metadata first,
    // although it holds pair 0.
    expect(ownerOf(net, encoded.blobId, 0)).toBe(down);
    net.log.length = 0;
    await read(new WalrusReader({ committee: net.committee, fetch: net.fetch, latency }));
    expect(askedFor(net, /\/metadata$/)[0]).not.toBe(down);
  });
});
