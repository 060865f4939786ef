// Degraded reads recover only the missing slivers, from decoding symbols on other nodes: a file
// whose column sits on a dead node costs about one column of symbols, not its whole quilt. Lying
// symbol sources never yield wrong bytes, and when symbols cannot work the whole-blob fallback
// still does.
import { describe, expect, it } from 'vitest';
import { encodeQuilt } from '@mysten/walrus';
import { geometry, primarySliverSize, rotationOffset } from './geometry.ts';
import { WalrusReader } from './reader.ts';
import { sha256 } from './sha256.ts';
import { planRecovery } from './sliver-recovery.ts';
import { codecFor, encodedBlob, randomBytes } from './test-support/fixtures.ts';
import { expectBytes } from './test-support/bytes.ts';
import { memoryNetwork, type MemoryNetwork } from './test-support/memory-nodes.ts';

/** The member holding pair `pair` of the blob. */
function ownerOf(net: MemoryNetwork, blobId: Uint8Array, pair: number): number {
  const n = net.committee.n;
  const shard = (pair + rotationOffset(blobId, n)) % n;
  return net.committee.members.findIndex((m) => m.shards.includes(shard));
}

/** A quilt with one small file among big ones, on 10 nodes. */
function quiltSite(n: number) {
  const big = n >= 100 ? 300_000 : 20_000;
  const small = randomBytes(120, 5);
  const files = [
    { identifier: '/note.txt', contents: small },
    ...Array.from({ length: 4 }, (_, i) => ({
      identifier: `/big-${i}.bin`,
      contents: randomBytes(big, 10 + i),
    })),
  ];
  const { quilt, index } = encodeQuilt({ blobs: files, numShards: n, encodingType: 'RS2' });
  const encoded = codecFor(n).encode(quilt);
  const net = memoryNetwork(n, 10);
  net.add(encoded);
  const patchOf = (id: string) => index.patches.find((p) => p.identifier === id)!;
  return { files, encoded, net, patchOf, quiltLength: quilt.length };
}

describe('planRecovery', () => {
  const g = geometry(1000);
  it('takes symbols when enough positions are on usable nodes, rounding up to whole nodes', () => {
    const plan = planRecovery({
      g,
      type: 'secondary',
      targets: 1,
      symbolSize: 180,
      weights: Array(9).fill(100),
    });
    expect(plan.method).toBe('symbols');
    // p = 334 positions need 4 nodes of 100 shards: 400 symbols.
    expect(plan.symbolBytes).toBe(400 * 180);
    expect(plan.wholeBlobBytes).toBe(g.p * g.s * 180);
  });

  it('falls back to the whole blob when the usable nodes hold fewer than k positions', () => {
    // Rows need s = 667 symbols; 4 nodes of 100 shards hold only 400.
    const plan = planRecovery({ g, type: 'primary', targets: 1, symbolSize: 6, weights: Array(4).fill(100) });
    expect(plan.method).toBe('whole-blob');
    expect(plan.why).toMatch(/400 of the 667/);
  });
});

describe('reader: single-sliver recovery', () => {
  for (const n of [10, 1000]) {
    it(`n=${n}: a small file whose column is on a dead node costs one column of symbols`, async () => {
      const { files, encoded, net, patchOf } = quiltSite(n);
      const patch = patchOf('/note.txt');
      const target = { kind: 'patch' as const, start: patch.startIndex, end: patch.endIndex };
      const reader = new WalrusReader({ committee: net.committee, fetch: net.fetch });
      const sha = await sha256(files[0]!.contents);
      const healthy = await reader.read({ blobId: encoded.blobId, target, sha256: sha });
      expect(healthy.stats.path).toBe('direct');

      net.setFault(ownerOf(net, encoded.blobId, n - 1 - patch.startIndex), { kind: 'down' });
      const result = await reader.read({ blobId: encoded.blobId, target, sha256: sha });
      expectBytes(result.data, files[0]!.contents);
      expect(result.stats.path).toBe('recovered');
      expect(result.stats.recoveredSlivers).toBe(patch.endIndex - patch.startIndex);
      expect(result.stats.decoded).toBe(false);
      const g = geometry(n);
      // One request per node asked; enough nodes for p symbols, never every node.
      expect(result.stats.symbolRequests).toBeLessThanOrEqual(Math.ceil(g.p / (n / 10)) + 1);
      // About one column of symbols: a few times the healthy read, far below the quilt.
      expect(result.stats.bytes).toBeLessThan(4 * healthy.stats.bytes + 2000);
      expect(Object.keys(result.stats.recoveredFrom)).toEqual([
        net.committee.members[ownerOf(net, encoded.blobId, n - 1 - patch.startIndex)]!.url,
      ]);
    });
  }

  it('recovers rows of a plain blob with one node down, verified against the metadata', async () => {
    const n = 100;
    const { data, encoded } = encodedBlob(n, 200_000, 3);
    const net = memoryNetwork(n, 10);
    net.add(encoded);
    net.setFault(ownerOf(net, encoded.blobId, 0), { kind: 'down' });
    const reader = new WalrusReader({ committee: net.committee, fetch: net.fetch });
    for (const request of [
      { blobId: encoded.blobId },
      { blobId: encoded.blobId, sha256: await sha256(data), length: data.length },
    ]) {
      const result = await reader.read(request);
      expectBytes(result.data, data);
      expect(result.stats.path).toBe('recovered');
      expect(result.stats.decoded).toBe(false);
    }
    // A byte range needing only rows on live nodes needs no recovery at all.
    const g = geometry(n);
    const row = primarySliverSize(g, encoded.symbolSize);
    const liveRow = Array.from({ length: g.p }, (_, r) => r).find(
      (r) => ownerOf(net, encoded.blobId, r) !== ownerOf(net, encoded.blobId, 0),
    )!;
    const range = await reader.read({
      blobId: encoded.blobId,
      target: { kind: 'range', start: liveRow * row, end: liveRow * row + 10 },
    });
    expectBytes(range.data, data.subarray(liveRow * row, liveRow * row + 10));
    expect(range.stats.path).toBe('direct');
  });

  it('lying symbol sources never yield wrong bytes', async () => {
    const n = 100;
    const { files, encoded, net, patchOf } = quiltSite(n);
    const patch = patchOf('/big-1.bin');
    const target = { kind: 'patch' as const, start: patch.startIndex, end: patch.endIndex };
    const dead = ownerOf(net, encoded.blobId, n - 1 - patch.startIndex);
    net.setFault(dead, { kind: 'down' });
    for (let m = 0; m < 10; m++) if (m !== dead && m % 3 === 0) net.setFault(m, { kind: 'corrupt-symbols' });
    const reader = new WalrusReader({ committee: net.committee, fetch: net.fetch });
    for (const request of [
      { blobId: encoded.blobId, target, sha256: await sha256(files[2]!.contents) },
      { blobId: encoded.blobId, target },
    ]) {
      const result = await reader.read(request);
      expectBytes(result.data, files[2]!.contents);
      // Proven recovery symbols name a liar, and the columns are rebuilt without a whole-blob read.
      expect(result.stats.path).toBe('recovered');
      expect(result.stats.failures.some((f) => /Merkle proof/.test(f.reason))).toBe(true);
    }
  });

  it('falls back to the whole blob when nodes do not serve symbols', async () => {
    const n = 10;
    const { files, encoded, net, patchOf } = quiltSite(n);
    const patch = patchOf('/note.txt');
    const dead = ownerOf(net, encoded.blobId, n - 1 - patch.startIndex);
    for (let m = 0; m < 10; m++) net.setFault(m, m === dead ? { kind: 'down' } : { kind: 'no-symbols' });
    const reader = new WalrusReader({ committee: net.committee, fetch: net.fetch });
    const result = await reader.read({
      blobId: encoded.blobId,
      target: { kind: 'patch', start: patch.startIndex, end: patch.endIndex },
      sha256: await sha256(files[0]!.contents),
    });
    expectBytes(result.data, files[0]!.contents);
    expect(result.stats.path).toBe('fallback');
  });

  it('hedges a slow node with recovery: the read finishes long before the slow answer', async () => {
    const n = 100;
    const { files, encoded, net, patchOf } = quiltSite(n);
    const patch = patchOf('/big-0.bin');
    net.setFault(ownerOf(net, encoded.blobId, n - 1 - patch.startIndex), { kind: 'slow', ms: 10_000 });
    const reader = new WalrusReader({ committee: net.committee, fetch: net.fetch, hedgeAfterMs: 100 });
    const started = performance.now();
    const result = await reader.read({
      blobId: encoded.blobId,
      target: { kind: 'patch', start: patch.startIndex, end: patch.endIndex },
      sha256: await sha256(files[1]!.contents),
    });
    expectBytes(result.data, files[1]!.contents);
    expect(result.stats.path).toBe('recovered');
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
