import { describe, expect, it } from 'vitest';
import { geometry, primarySliverSize, rotationOffset } from './geometry.ts';
import { WalrusReader } from './reader.ts';
import { sha256 } from './sha256.ts';
import { expectBytes } from './test-support/bytes.ts';
import { encodedBlob } from './test-support/fixtures.ts';
import { memoryNetwork } from './test-support/memory-nodes.ts';

const N = 10;

/** A reader whose metadata answers wait for `release`, so the test sees what is asked meanwhile. */
function setup(length: number) {
  const { data, encoded } = encodedBlob(N, length, 3);
  const net = memoryNetwork(N, 10);
  net.add(encoded);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const fetch: typeof net.fetch = async (input, init) => {
    if (input.endsWith('/metadata')) await released;
    return net.fetch(input, init);
  };
  const reader = new WalrusReader({ committee: net.committee, fetch });
  return { data, encoded, net, reader, release, rowSize: primarySliverSize(geometry(N), encoded.symbolSize) };
}

const drain = async (body: ReadableStream<Uint8Array>) =>
  new Uint8Array(await new Response(body).arrayBuffer());

describe('a stream from byte 0 asks for its first row beside the metadata', () => {
  it('requests row 0 before the metadata has arrived, then serves it checked, once', async () => {
    const { data, net, reader, release, encoded } = setup(5000);
    const opened = reader.openStream({ blobId: encoded.blobId, sha256: await sha256(data) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(net.log.filter((p) => p.endsWith('/slivers/0/primary'))).toHaveLength(1);
    release();
    const stream = await opened;
    expectBytes(await drain(stream.body), data);
    // The early row was used: row 0 was not asked for a second time.
    expect(net.log.filter((p) => p.endsWith('/slivers/0/primary'))).toHaveLength(1);
  });

  it('drops an early row that fails the check and reads row 0 again, from symbols if need be', async () => {
    const { data, net, reader, release, encoded } = setup(5000);
    net.corruptShards([rotationOffset(encoded.blobId, N) % N]); // the shard of pair 0
    release();
    const stream = await reader.openStream({ blobId: encoded.blobId, sha256: await sha256(data) });
    expectBytes(await drain(stream.body), data);
    expect(net.log.some((p) => p.endsWith('/decodingSymbols'))).toBe(true);
  });

  it('does not fetch row 0 early for a range that starts later, nor once the metadata is known', async () => {
    const { net, reader, release, encoded, rowSize } = setup(5000);
    release();
    const later = await reader.openStream({ blobId: encoded.blobId, start: rowSize + 1 });
    await drain(later.body);
    expect(net.log.some((p) => p.endsWith('/slivers/0/primary'))).toBe(false);
    net.log.length = 0;
    const fromStart = await reader.openStream({ blobId: encoded.blobId, end: 10 });
    await drain(fromStart.body);
    expect(net.log.filter((p) => p.endsWith('/slivers/0/primary'))).toHaveLength(1);
    expect(net.log.some((p) => p.endsWith('/metadata'))).toBe(false);
  });
});
