import { describe, expect, it } from 'vitest';
import { WalrusCodec, EncodingError } from '../walrus/encoding.ts';
import { createEncodeHandler, type EncodeReply, type EncodeRequest } from '../walrus/encode-transfer.ts';
import { encodeQuiltBlob, type QuiltFile } from '../walrus/quilt-encode.ts';
import { QuiltEncodePool } from './quilt-encode-pool.ts';
import type { PoolWorkerEvents } from './worker-pool.ts';

const files: QuiltFile[] = [{ identifier: '/index.html', contents: new TextEncoder().encode('<p>hi</p>') }];

/** Workers that run the real encode handler in process, answering on the next turn. */
function inProcessPool(onPost: (request: EncodeRequest, events: PoolWorkerEvents<EncodeReply>) => void) {
  return new QuiltEncodePool({
    size: 1,
    spawn: (events) => ({ post: (request) => onPost(request, events), terminate: () => undefined }),
  });
}

describe('QuiltEncodePool', () => {
  it('returns the quilt a worker encoded, unpacked from its reply', async () => {
    const handle = createEncodeHandler();
    const pool = inProcessPool((request, events) =>
      queueMicrotask(() => events.reply(handle(request).reply)),
    );
    const got = await pool.encodeQuilt(10, files);
    const want = encodeQuiltBlob(new WalrusCodec(10), files);
    expect(got.encoded.metadata).toEqual(want.encoded.metadata);
    expect(got.patches).toEqual(want.patches);
    expect(pool.size).toBe(1);
  });

  it('returns a file a worker encoded as a blob of its own', async () => {
    const handle = createEncodeHandler();
    const pool = inProcessPool((request, events) =>
      queueMicrotask(() => events.reply(handle(request).reply)),
    );
    const got = await pool.encodeBlob(10, files[0]!);
    const want = new WalrusCodec(10).encode(files[0]!.contents);
    expect(got.encoded.metadata).toEqual(want.metadata);
    expect(got.size).toBe(files[0]!.contents.length);
  });

  it('reports failed encodes, crashes and a closed pool as EncodingErrors', async () => {
    let crash = false;
    const pool = inProcessPool((request, events) =>
      queueMicrotask(() =>
        crash
          ? events.crash('exited with code 1')
          : events.reply({ id: request.id, ok: false, message: 'shard count 0' }),
      ),
    );
    await expect(pool.encodeQuilt(0, files)).rejects.toThrow(
      new EncodingError('encoding failed: shard count 0'),
    );
    crash = true;
    await expect(pool.encodeQuilt(10, files)).rejects.toThrow(
      new EncodingError('encode worker crashed: exited with code 1'),
    );
    await pool.close();
    await expect(pool.encodeQuilt(10, files)).rejects.toThrow(new EncodingError('encode pool is closed'));
  });

  it('gives every request its own id', async () => {
    const ids: number[] = [];
    const handle = createEncodeHandler();
    const pool = inProcessPool((request, events) => {
      ids.push(request.id);
      queueMicrotask(() => events.reply(handle(request).reply));
    });
    await pool.encodeQuilt(10, files);
    await pool.encodeQuilt(10, files);
    expect(new Set(ids).size).toBe(2);
  });
});
