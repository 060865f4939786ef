import { afterAll, describe, expect, it } from 'vitest';
import { EncodingError, WalrusCodec } from '../core/walrus/encoding.ts';
import { encodeQuiltBlob, type QuiltFile } from '../core/walrus/quilt-encode.ts';
import { expectBytes } from '../core/walrus/test-support/bytes.ts';
import { randomBytes } from '../core/walrus/test-support/fixtures.ts';
import { EncodePool } from './encode-pool.ts';

const N = 10;

function files(seed: number): QuiltFile[] {
  return [
    { identifier: '/index.html', contents: new TextEncoder().encode(`<!doctype html><p>${seed}</p>`) },
    { identifier: '/data.bin', contents: randomBytes(30_000, seed) },
    { identifier: '/empty.txt', contents: new Uint8Array(0) },
  ];
}

describe('EncodePool', () => {
  const pool = new EncodePool(2);
  afterAll(() => pool.close());

  it('encodes quilts in worker threads exactly as in process', async () => {
    const [a, b] = await Promise.all([pool.encodeQuilt(N, files(1)), pool.encodeQuilt(N, files(2))]);
    const codec = new WalrusCodec(N);
    for (const [got, seed] of [
      [a, 1],
      [b, 2],
    ] as const) {
      const want = encodeQuiltBlob(codec, files(seed));
      expectBytes(got.encoded.blobId, want.encoded.blobId);
      expectBytes(got.encoded.rootHash, want.encoded.rootHash);
      expect(got.encoded.metadata).toEqual(want.encoded.metadata);
      expect(got.size).toBe(want.size);
      expect(got.patches).toEqual(want.patches);
      expect(got.encoded.primary).toHaveLength(N);
      for (let k = 0; k < N; k++) {
        expectBytes(got.encoded.primary[k]!, want.encoded.primary[k]!);
        expectBytes(got.encoded.secondary[k]!, want.encoded.secondary[k]!);
      }
    }
  });

  it('encodes a file as a blob of its own in a worker thread exactly as in process', async () => {
    const file = { identifier: '/video.mp4', contents: randomBytes(50_000, 9) };
    const got = await pool.encodeBlob(N, file);
    const want = new WalrusCodec(N).encode(file.contents);
    expectBytes(got.encoded.blobId, want.blobId);
    expect(got.size).toBe(50_000);
    for (let k = 0; k < N; k++) expectBytes(got.encoded.primary[k]!, want.primary[k]!);
  });

  it('reports a failed encode as an EncodingError', async () => {
    await expect(pool.encodeQuilt(0, files(3))).rejects.toThrow(/encoding failed: .*shard count/);
  });

  it('rejects queued jobs when closed, and new ones after', async () => {
    const small = new EncodePool(1);
    // The first job occupies the only worker; the other two wait in the queue.
    void small.encodeQuilt(N, files(4)).catch(() => undefined);
    const queued = [small.encodeQuilt(N, files(5)), small.encodeQuilt(N, files(6))].map((job) =>
      expect(job).rejects.toThrow(EncodingError),
    );
    await small.close();
    await Promise.all(queued);
    await expect(small.encodeQuilt(N, files(7))).rejects.toThrow(/closed/);
  });
});
