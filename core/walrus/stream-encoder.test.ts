import { describe, expect, it } from 'vitest';
import { bytesSource, type FileSource } from '../deploy/file-source.ts';
import { memorySpillStore } from '../deploy/spill.ts';
import { serializeBlobMetadata } from './bcs.ts';
import { geometry, symbolSize } from './geometry.ts';
import { encodedSliverSource, SliverSourceError } from './sliver-source.ts';
import { encodeBlobStreaming, type StreamEncodedBlob } from './stream-encoder.ts';
import { streamLayout } from './stream-layout.ts';
import { expectBytes } from './test-support/bytes.ts';
import { codecFor, prng, randomBytes } from './test-support/fixtures.ts';

/** Equal to walrus-wasm in everything a node or the chain sees: identity, metadata, every sliver. */
async function expectSameAsWasm(n: number, data: Uint8Array, streamed: StreamEncodedBlob): Promise<void> {
  const wasm = codecFor(n).encode(data);
  expect(streamed.blobId).toEqual(wasm.blobId);
  expect(streamed.rootHash).toEqual(wasm.rootHash);
  expect(streamed.symbolSize).toBe(wasm.symbolSize);
  expect(streamed.unencodedLength).toBe(data.length);
  expectBytes(serializeBlobMetadata(streamed.metadata), serializeBlobMetadata(wasm.metadata));
  for (let pair = 0; pair < n; pair++) {
    expectBytes(await streamed.slivers.read(pair, 'primary'), wasm.primary[pair]!);
    expectBytes(await streamed.slivers.read(pair, 'secondary'), wasm.secondary[pair]!);
  }
}

/** Group sizes that split the passes unevenly (3 rows/columns a group) or not at all. */
function groupBytes(n: number, length: number, perGroup: number): number {
  return perGroup * n * symbolSize(geometry(n), length) + 1;
}

describe('encodeBlobStreaming', () => {
  for (const n of [4, 10, 100]) {
    const { p, s } = geometry(n);
    const random = prng(n);
    const lengths = [
      0,
      1,
      p * s * 2 - 1,
      p * s * 2,
      p * s * 2 + 1,
      ...Array.from({ length: 3 }, () => 1 + Math.floor(random() * p * s * 40)),
    ];
    it(`equals walrus-wasm at n=${n} for lengths ${lengths.join(', ')}`, async () => {
      for (const [i, length] of lengths.entries()) {
        const data = randomBytes(length, n * 100 + i + 1);
        const spill = memorySpillStore();
        const streamed = await encodeBlobStreaming(bytesSource(data), n, spill, {
          columnGroupBytes: groupBytes(n, length, i % 2 === 0 ? 3 : n),
        });
        await expectSameAsWasm(n, data, streamed);
        expect(spill.bytes).toBe(streamLayout(n, length).spillBytes);
        await streamed.slivers.close();
        expect(spill.bytes).toBe(0);
      }
    });
  }

  it('equals walrus-wasm for a 1 MiB blob at n=1000, spilling all but the systematic rows', async () => {
    const data = randomBytes((1 << 20) + 12_345, 7);
    const spill = memorySpillStore();
    const reports: number[] = [];
    const streamed = await encodeBlobStreaming(bytesSource(data), 1000, spill, {
      columnGroupBytes: 40 * 1000 * symbolSize(geometry(1000), data.length),
      onProgress: (done, total) => {
        expect(total).toBe(data.length);
        reports.push(done);
      },
    });
    await expectSameAsWasm(1000, data, streamed);
    // All 1000 columns of 334 symbols and 666 repair rows of 667: about 3.5× the padded blob.
    const layout = streamLayout(1000, data.length);
    expect(spill.bytes).toBe(layout.spillBytes);
    expect(spill.bytes / (334 * layout.rowBytes)).toBeCloseTo(3.49, 2);
    expect(reports.at(-1)).toBe(data.length);
    expect(reports).toEqual([...reports].sort((a, b) => a - b));
    await streamed.slivers.close();
  });

  it('serves slivers by pair until closed', async () => {
    const data = randomBytes(500, 9);
    const encoded = codecFor(10).encode(data);
    const streamed = await encodeBlobStreaming(bytesSource(data), 10, memorySpillStore(), {
      columnGroupBytes: 1 << 20,
    });
    const inMemory = encodedSliverSource(encoded);
    expect(await streamed.slivers.read(9, 'secondary')).toEqual(await inMemory.read(9, 'secondary'));
    await expect(streamed.slivers.read(10, 'primary')).rejects.toThrow(SliverSourceError);
    await expect(inMemory.read(10, 'primary')).rejects.toThrow(SliverSourceError);
    await streamed.slivers.close();
    await expect(streamed.slivers.read(0, 'primary')).rejects.toThrow(/closed/);
  });

  it('reads each sliver back with one read: systematic rows from the file, the rest from the spill', async () => {
    const data = randomBytes(20_000, 11);
    const reads: [number, number][] = [];
    const counted: FileSource = {
      size: data.length,
      read: async (offset, length) => {
        reads.push([offset, length]);
        return bytesSource(data).read(offset, length);
      },
    };
    const streamed = await encodeBlobStreaming(counted, 10, memorySpillStore(), {
      columnGroupBytes: 1 << 20,
    });
    const layout = streamLayout(10, data.length);
    reads.length = 0;
    for (let pair = 0; pair < 10; pair++) await streamed.slivers.read(pair, 'secondary');
    expect(reads).toEqual([]);
    for (let pair = 9; pair >= 0; pair--) await streamed.slivers.read(pair, 'primary');
    const rows = [3, 2, 1, 0].map((row) => [
      row * layout.rowBytes,
      Math.min(layout.rowBytes, data.length - row * layout.rowBytes),
    ]);
    expect(reads).toEqual(rows);
    await streamed.slivers.close();
  });

  it('gives the event loop turns while it encodes', async () => {
    const data = randomBytes(400_000, 13);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const before = performance.now();
    // One group per pass and a memory spill: without turns no timer could fire until the end.
    const streamed = await encodeBlobStreaming(bytesSource(data), 100, memorySpillStore(), {
      columnGroupBytes: 1 << 30,
    });
    const elapsed = performance.now() - before;
    clearInterval(timer);
    // A turn every 10 ms of work; allow for a loaded machine.
    expect(ticks).toBeGreaterThan(0);
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(elapsed / 40));
    await streamed.slivers.close();
  });

  it('stops when aborted and removes its spill file', async () => {
    const controller = new AbortController();
    const spill = memorySpillStore();
    const data = randomBytes(50_000, 3);
    const run = encodeBlobStreaming(bytesSource(data), 10, spill, {
      columnGroupBytes: 1,
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('stop')),
    });
    await expect(run).rejects.toThrow('stop');
    expect(spill.bytes).toBe(0);
    await expect(spill.create('stream-again')).resolves.toBeDefined();
  });

  it('fails, without a spill file left, when the file is shorter than it claims', async () => {
    const spill = memorySpillStore();
    const data = randomBytes(10_000, 5);
    const liar = { size: 20_000, read: bytesSource(data).read };
    await expect(encodeBlobStreaming(liar, 10, spill, { columnGroupBytes: 1 << 20 })).rejects.toThrow(
      /did the file change/,
    );
    expect(spill.bytes).toBe(0);
  });
});
