import { describe, expect, it } from 'vitest';
import { encodeQuilt } from '@mysten/walrus';
import { geometry, maxBlobSize, primarySliverSize, rotationOffset } from './geometry.ts';
import { WalrusReader, type ReadRequest } from './reader.ts';
import { sha256 } from './sha256.ts';
import { codecFor, encodedBlob, prng, randomBytes } from './test-support/fixtures.ts';
import { memoryNetwork } from './test-support/memory-nodes.ts';
import { NotEnoughSliversError } from './read-errors.ts';
import { expectBytes } from './test-support/bytes.ts';

const NODES: Record<number, number> = { 7: 7, 10: 10, 100: 10, 1000: 10 };

function setup(n: number, length: number, seed = 1) {
  const { data, encoded } = encodedBlob(n, length, seed);
  const net = memoryNetwork(n, NODES[n]!);
  net.add(encoded);
  const reader = new WalrusReader({ committee: net.committee, fetch: net.fetch });
  return { data, encoded, net, reader };
}

describe('reader: whole blobs and ranges', () => {
  for (const n of [7, 10, 100, 1000]) {
    const g = geometry(n);
    const row = primarySliverSize(g, 2);
    // 1 MiB and 8 MiB where the geometry allows them; the largest possible blob where it does not.
    const sizes = [0, 1, row, row + 1, ...[1 << 20, 8 << 20].map((size) => Math.min(size, maxBlobSize(g)))];
    for (const length of new Set(sizes)) {
      it(`n=${n}: ${length} bytes, verified by SHA-256 and by metadata`, async () => {
        const { data, encoded, reader } = setup(n, length);
        const byHash = await reader.read({ blobId: encoded.blobId, sha256: await sha256(data), length });
        expectBytes(byHash.data, data);
        expect(byHash.stats.path).toBe('direct');
        expect(byHash.stats.verification).toBe('sha256');
        const rows = Math.ceil(length / primarySliverSize(g, encoded.symbolSize));
        expect(byHash.stats.sliverRequests).toBe(rows);
        expect(byHash.stats.requests).toBe(rows);

        const byMetadata = await reader.read({ blobId: encoded.blobId });
        expectBytes(byMetadata.data, data);
        expect(byMetadata.stats.path).toBe('direct');
        expect(byMetadata.stats.requests).toBe(rows + 1); // + metadata
      });
    }
  }

  it('reads random byte ranges of a 1 MiB blob at n=100 and n=1000', async () => {
    for (const n of [100, 1000]) {
      const { data, encoded, reader } = setup(n, 1 << 20);
      const random = prng(n);
      for (let i = 0; i < 12; i++) {
        const a = Math.floor(random() * data.length);
        const b = Math.min(data.length, a + Math.floor(random() * 70_000));
        const { data: got, stats } = await reader.read({
          blobId: encoded.blobId,
          target: { kind: 'range', start: a, end: b },
          ...(i % 2 ? { sha256: await sha256(data.subarray(a, b)), length: data.length } : {}),
        });
        expectBytes(got, data.subarray(a, b));
        expect(stats.path).toBe('direct');
      }
      const empty = await reader.read({
        blobId: encoded.blobId,
        target: { kind: 'range', start: 5, end: 5 },
      });
      expect(empty.data).toEqual(new Uint8Array(0));
    }
  });

  it('reads a 1 KiB blob at n=1000 with exactly one request', async () => {
    const { data, encoded, reader, net } = setup(1000, 1024);
    net.log.length = 0;
    const result = await reader.read({ blobId: encoded.blobId, sha256: await sha256(data), length: 1024 });
    expectBytes(result.data, data);
    expect(result.stats.requests).toBe(1);
    expect(result.stats.sliverRequests).toBe(1);
    expect(net.log).toHaveLength(1);
    expect(net.log[0]).toMatch(/\/slivers\/0\/primary$/);
  });

  it('rejects bad requests before touching the network', async () => {
    const { encoded, reader, net } = setup(10, 1000);
    net.log.length = 0;
    await expect(
      reader.read({ blobId: encoded.blobId, target: { kind: 'range', start: 5, end: 2 } }),
    ).rejects.toThrow(/invalid byte range/);
    await expect(reader.read({ blobId: encoded.blobId, sha256: new Uint8Array(3) })).rejects.toThrow(
      /32 bytes/,
    );
    await expect(reader.read({ blobId: 'not-a-blob-id' })).rejects.toThrow(/43 URL-safe base64/);
    expect(net.log).toHaveLength(0);
    await expect(
      reader.read({ blobId: encoded.blobId, target: { kind: 'range', start: 0, end: 1001 } }),
    ).rejects.toThrow(/exceeds the blob's 1000 bytes/);
  });
});

describe('reader: quilt patches', () => {
  for (const n of [7, 10, 100, 1000]) {
    it(`n=${n}: reads every patch by ID and by identifier`, async () => {
      const files = [
        { identifier: '/index.html', contents: randomBytes(1024, 11) },
        { identifier: '/empty.txt', contents: new Uint8Array(0) },
        { identifier: '/one.bin', contents: randomBytes(1, 12) },
        {
          identifier: '/assets/app.js',
          contents: randomBytes(n === 7 ? 3000 : 40_000, 13),
          tags: { 'content-type': 'text/javascript' },
        },
      ];
      const { quilt, index } = encodeQuilt({ blobs: files, numShards: n, encodingType: 'RS2' });
      const encoded = codecFor(n).encode(quilt);
      const net = memoryNetwork(n, NODES[n]!);
      net.add(encoded);
      const reader = new WalrusReader({ committee: net.committee, fetch: net.fetch });
      for (const patch of index.patches) {
        const file = files.find((f) => f.identifier === patch.identifier)!;
        const byId = await reader.read({
          blobId: encoded.blobId,
          target: { kind: 'patch', start: patch.startIndex, end: patch.endIndex },
          sha256: await sha256(file.contents),
        });
        expectBytes(byId.data, file.contents);
        expect(byId.patch?.identifier).toBe(file.identifier);
        expect(byId.patch?.tags).toEqual(file.tags ?? {});
        expect(byId.stats.path).toBe('direct');
        // Only the patch's own columns were fetched.
        expect(byId.stats.sliverRequests).toBe(patch.endIndex - patch.startIndex);

        const byName = await reader.read({
          blobId: encoded.blobId,
          target: { kind: 'identifier', identifier: patch.identifier },
        });
        expectBytes(byName.data, file.contents);
        expect(byName.stats.path).toBe('direct');
      }
      await expect(
        reader.read({ blobId: encoded.blobId, target: { kind: 'identifier', identifier: '/nope' } }),
      ).rejects.toThrow(/no patch named "\/nope"/);
    });
  }

  it('reads a 1 KiB site file at n=1000 with exactly one sliver request', async () => {
    // Beside a larger file (as on any real site) the quilt's columns exceed 1 KiB.
    const contents = randomBytes(1024, 21);
    const blobs = [
      { identifier: '/index.html', contents },
      { identifier: '/bundle.js', contents: randomBytes(2_000_000, 22) },
    ];
    const { quilt, index } = encodeQuilt({ blobs, numShards: 1000, encodingType: 'RS2' });
    const encoded = codecFor(1000).encode(quilt);
    const net = memoryNetwork(1000, 10);
    net.add(encoded);
    const reader = new WalrusReader({ committee: net.committee, fetch: net.fetch });
    const patch = index.patches.find((p) => p.identifier === '/index.html')!;
    expect(patch.endIndex - patch.startIndex).toBe(1);
    const result = await reader.read({
      blobId: encoded.blobId,
      target: { kind: 'patch', start: patch.startIndex, end: patch.endIndex },
      sha256: await sha256(contents),
    });
    expectBytes(result.data, contents);
    expect(result.stats.requests).toBe(1);
  });
});

describe('reader: further patches of a quilt', () => {
  function photoQuilt() {
    const files = [
      { identifier: '/index.html', contents: randomBytes(1024, 31) },
      { identifier: '/photo.png', contents: randomBytes(12_000, 32) },
    ];
    const { quilt, index } = encodeQuilt({ blobs: files, numShards: 1000, encodingType: 'RS2' });
    const encoded = codecFor(1000).encode(quilt);
    const net = memoryNetwork(1000, 10);
    net.add(encoded);
    // Each request notes how many answers had come back before it was sent.
    const sent: { url: string; answered: number }[] = [];
    let answered = 0;
    const fetch: typeof net.fetch = async (input, init) => {
      sent.push({ url: String(input), answered });
      try {
        return await net.fetch(input, init);
      } finally {
        answered++;
      }
    };
    const reader = new WalrusReader({ committee: net.committee, fetch });
    const read = async (identifier: string, checked: boolean) => {
      const file = files.find((f) => f.identifier === identifier)!;
      const patch = index.patches.find((p) => p.identifier === identifier)!;
      const result = await reader.read({
        blobId: encoded.blobId,
        target: { kind: 'patch', start: patch.startIndex, end: patch.endIndex },
        ...(checked ? { sha256: await sha256(file.contents) } : {}),
      });
      expectBytes(result.data, file.contents);
      return { columns: patch.endIndex - patch.startIndex, result };
    };
    return { sent, read, answered: () => answered, reader, encoded, index };
  }

  it("warms the nodes around a page's patch: a neighbouring file's reads go to nodes already asked, once", async () => {
    const quilt = photoQuilt();
    const page = quilt.index.patches.find((p) => p.identifier === '/index.html')!;
    quilt.reader.warmQuiltNeighbours(quilt.encoded.blobId, page.startIndex, page.endIndex);
    const warmed = new Set(
      quilt.sent.filter((r) => r.url.endsWith('/v1/health')).map((r) => new URL(r.url).origin),
    );
    expect(warmed.size).toBeGreaterThan(0);
    expect(warmed.size).toBeLessThanOrEqual(12);
    // Asked again moments later, it sends nothing: the connections are still open.
    const sentBefore = quilt.sent.length;
    quilt.reader.warmQuiltNeighbours(quilt.encoded.blobId, page.startIndex, page.endIndex);
    expect(quilt.sent.length).toBe(sentBefore);
    // The photo's columns sit next to the page's: every node its read asks was warmed.
    await quilt.read('/photo.png', true);
    const asked = quilt.sent
      .slice(sentBefore)
      .filter((r) => r.url.includes('/slivers/'))
      .map((r) => new URL(r.url).origin);
    expect(asked.length).toBeGreaterThan(0);
    for (const origin of asked) expect(warmed).toContain(origin);
  });

  it('asks for all columns of a later patch at once, its symbol size known from a checked one', async () => {
    const quilt = photoQuilt();
    await quilt.read('/index.html', true);
    const before = quilt.answered();
    const start = quilt.sent.length;
    const { columns, result } = await quilt.read('/photo.png', true);
    expect(columns).toBeGreaterThan(5);
    expect(result.stats.sliverRequests).toBe(columns);
    // Not one column waited for another's answer.
    expect(quilt.sent.slice(start).every((r) => r.answered === before)).toBe(true);
  });

  it('without a checked patch of the quilt, asks for one column first to learn the size', async () => {
    const quilt = photoQuilt();
    const { columns } = await quilt.read('/photo.png', true);
    expect(quilt.sent).toHaveLength(columns);
    expect(quilt.sent[0]!.answered).toBe(0);
    expect(quilt.sent.slice(1).every((r) => r.answered === 1)).toBe(true);
  });
});

describe('reader: failures', () => {
  const f1000 = geometry(1000).f;

  it('survives 2f missing shards at n=1000 through the fallback, and fails clearly at 2f+1', async () => {
    const { data, encoded, net, reader } = setup(1000, 1 << 20);
    // Drop the shards of the first 2f pairs: many systematic rows are gone.
    const offset = rotationOffset(encoded.blobId, 1000);
    const shards = Array.from({ length: 2 * f1000 }, (_, pair) => (pair + offset) % 1000);
    net.dropShards(shards);
    const result = await reader.read({
      blobId: encoded.blobId,
      sha256: await sha256(data),
      length: data.length,
    });
    expectBytes(result.data, data);
    expect(result.stats.path).toBe('fallback');
    expect(result.stats.decoded).toBe(true);

    net.dropShards([(2 * f1000 + offset) % 1000]);
    const failure = reader.read({ blobId: encoded.blobId });
    await expect(failure).rejects.toBeInstanceOf(NotEnoughSliversError);
    await expect(failure).rejects.toThrow(/333 of 334 verified primary slivers.*SLIVER_NOT_FOUND/s);
  });

  for (const n of [7, 10, 100]) {
    it(`n=${n}: with 2f shards on dead nodes it still reads blobs and patches, and fails clearly at 2f+1`, async () => {
      const g = geometry(n);
      const { data, encoded, net, reader } = setup(n, 50_000);
      const files = [
        { identifier: '/index.html', contents: randomBytes(3000, 41) },
        { identifier: '/app.js', contents: randomBytes(9000, 42) },
      ];
      const quilt = codecFor(n).encode(
        encodeQuilt({ blobs: files, numShards: n, encodingType: 'RS2' }).quilt,
      );
      net.add(quilt);
      // Take down whole nodes (each holds a run of shards), then single shards, up to exactly 2f.
      let down = 0;
      for (let m = 0; m < net.committee.members.length; m++) {
        const shards = net.committee.members[m]!.shards;
        if (down + shards.length > 2 * g.f) break;
        net.setFault(m, { kind: 'down' });
        down += shards.length;
      }
      const spare = Array.from({ length: n }, (_, s) => s).slice(down);
      net.dropShards(spare.slice(0, 2 * g.f - down));

      const blob = await reader.read({ blobId: encoded.blobId });
      expectBytes(blob.data, data);
      expect(blob.stats.path).toBe('fallback');
      // Recovery keeps at most p − verified requests in flight: about p requests plus one per failure.
      const directRows = Math.ceil(data.length / primarySliverSize(g, encoded.symbolSize));
      expect(blob.stats.sliverRequests).toBeLessThanOrEqual(directRows + g.p + blob.stats.failures.length);
      for (const file of files) {
        const patch = await reader.read({
          blobId: quilt.blobId,
          target: { kind: 'identifier', identifier: file.identifier },
        });
        expectBytes(patch.data, file.contents);
      }

      net.dropShards([spare[2 * g.f - down]!]);
      const error = (await reader.read({ blobId: encoded.blobId }).catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(new RegExp(`${g.p - 1} of ${g.p} verified primary slivers`));
      // Failures are grouped per node with a short reason, so the message stays readable.
      expect(error.message).toMatch(/http:\/\/node-0\.test: (\d+× )?unreachable/);
      expect(error.message.length).toBeLessThan(1500);
    });
  }

  for (const n of [10, 1000]) {
    it(`n=${n}: a node returning corrupted slivers never yields wrong bytes`, async () => {
      const { data, encoded, net, reader } = setup(n, 1 << 20);
      // The node holding row 0, which every whole-blob read needs.
      const liar = net.committee.members.findIndex((m) =>
        m.shards.includes(rotationOffset(encoded.blobId, n)),
      );
      net.setFault(liar, { kind: 'corrupt' });
      const requests: ReadRequest[] = [
        { blobId: encoded.blobId, sha256: await sha256(data), length: data.length },
        { blobId: encoded.blobId },
      ];
      for (const request of requests) {
        const result = await reader.read(request);
        expectBytes(result.data, data);
        // The liar's row is rebuilt from other nodes' symbols once the metadata names it.
        expect(result.stats.path).toBe('recovered');
        expect(
          result.stats.failures.some(
            (f) => f.node === `http://node-${liar}.test` || f.reason === 'SHA-256 mismatch',
          ),
        ).toBe(true);
      }
    });
  }

  it('corrupted quilt columns are detected and the patch is recovered', async () => {
    const contents = randomBytes(30_000, 31);
    const { quilt, index } = encodeQuilt({
      blobs: [{ identifier: '/a.bin', contents }],
      numShards: 100,
      encodingType: 'RS2',
    });
    const encoded = codecFor(100).encode(quilt);
    const net = memoryNetwork(100, 10);
    net.add(encoded);
    const reader = new WalrusReader({ committee: net.committee, fetch: net.fetch });
    const patch = index.patches[0]!;
    for (let m = 0; m < 10; m++) net.setFault(m, { kind: 'corrupt' });
    // Every node lies: nothing can be verified, and nothing wrong is returned.
    await expect(
      reader.read({
        blobId: encoded.blobId,
        target: { kind: 'patch', start: patch.startIndex, end: patch.endIndex },
        sha256: await sha256(contents),
      }),
    ).rejects.toThrow(NotEnoughSliversError);
    // One lying node: detected by SHA-256, repaired from honest nodes.
    for (let m = 1; m < 10; m++) net.setFault(m, undefined);
    const result = await reader.read({
      blobId: encoded.blobId,
      target: { kind: 'patch', start: patch.startIndex, end: patch.endIndex },
      sha256: await sha256(contents),
    });
    expectBytes(result.data, contents);
    expect(result.stats.path).toBe('recovered');
  });

  it('skips nodes serving metadata that does not match the blob ID', async () => {
    const { data, encoded, net, reader } = setup(10, 5000);
    for (let m = 0; m < 9; m++) net.setFault(m, { kind: 'bad-metadata' });
    const result = await reader.read({ blobId: encoded.blobId });
    expectBytes(result.data, data);
    expect(result.stats.failures.filter((f) => f.what === 'metadata').length).toBeGreaterThan(0);
  });

  it('treats a slow node as missing after the timeout', async () => {
    const { data, encoded, net } = setup(10, 5000);
    const reader = new WalrusReader({
      committee: net.committee,
      fetch: net.fetch,
      timeoutMs: 150,
      hedgeAfterMs: Infinity,
    });
    for (let m = 0; m < 10; m++) {
      if (net.committee.members[m]!.shards.includes(rotationOffset(encoded.blobId, 10))) {
        net.setFault(m, { kind: 'slow', ms: 5000 });
      }
    }
    const result = await reader.read({
      blobId: encoded.blobId,
      sha256: await sha256(data),
      length: data.length,
    });
    expectBytes(result.data, data);
    expect(result.stats.path).toBe('recovered');
    expect(result.stats.failures.some((f) => /timed out/.test(f.reason))).toBe(true);
  });

  it('hedges a slow node: recovery starts before the timeout and the first verified answer wins', async () => {
    const { data, encoded, net } = setup(10, 5000);
    const reader = new WalrusReader({
      committee: net.committee,
      fetch: net.fetch,
      timeoutMs: 20_000,
      hedgeAfterMs: 100,
    });
    const slow = net.committee.members.findIndex((m) =>
      m.shards.includes(rotationOffset(encoded.blobId, 10)),
    );
    net.setFault(slow, { kind: 'slow', ms: 10_000 });
    const result = await reader.read({
      blobId: encoded.blobId,
      sha256: await sha256(data),
      length: data.length,
    });
    expectBytes(result.data, data);
    // The slow node would have answered correctly after 10 s; recovery won long before.
    expect(result.stats.path).toBe('recovered');
    expect(result.stats.failures.some((f) => /timed out/.test(f.reason))).toBe(false);
  });

  it('reports an unknown blob clearly', async () => {
    const { net, reader } = setup(10, 100);
    const other = encodedBlob(10, 101).encoded;
    await expect(reader.read({ blobId: other.blobId })).rejects.toThrow(
      /no storage node returned valid metadata.*METADATA_NOT_FOUND/s,
    );
    expect(net.log.length).toBe(10);
  });
});
