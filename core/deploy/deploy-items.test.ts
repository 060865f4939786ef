// The deploy's items from encode to certify, with a fake encoder and writer: slivers are released
// as each item is uploaded, spilled only past the in-memory share, big blobs stream-encoded from an
// opened file, and every upload shares the deploy's in-flight cap.
import { describe, expect, it } from 'vitest';
import { blobIdToText } from '../walrus/blob-id.ts';
import { ShardMap } from '../walrus/committee.ts';
import { WalrusCodec } from '../walrus/encoding.ts';
import type { QuiltFile } from '../walrus/quilt-encode.ts';
import type { InFlightBytes, UploadableBlob, UploadResult } from '../walrus/upload.ts';
import type { OwnedBlob } from '../walrus/writer.ts';
import { UNBOUNDED_MEMORY, type DeployMemory } from './deploy-memory.ts';
import type { DeployEvent } from './events.ts';
import { encodeItems, type EncodeContext } from './encode-items.ts';
import { bytesSource } from './file-source.ts';
import { SliverKeeper } from './kept-slivers.ts';
import type { LocalFile } from './plan.ts';
import { memorySpillStore } from './spill.ts';
import { planStore, storeQuilts, type DeployItem, type EncodedItem, type QuiltEncoder } from './store.ts';

const N = 10;
const codec = new WalrusCodec(N);
const bytesOf = (length: number, seed: number) =>
  Uint8Array.from({ length }, (_, i) => (i * 7 + seed) & 0xff);

/** Files by path, each of its own bytes. */
const contents = new Map<string, Uint8Array>();
let seed = 0;
function file(path: string, size: number): LocalFile {
  contents.set(path, bytesOf(size, ++seed));
  return { path, size, sha256: new Uint8Array(32), headers: new Map() };
}

/** Encodes in process; counts jobs running at once. */
function fakeEncoder(): QuiltEncoder & { peak: number; released: number } {
  let running = 0;
  const encoder = {
    peak: 0,
    released: 0,
    async releaseIdle() {
      encoder.released++;
    },
    async encodeQuilt(n: number, files: QuiltFile[]) {
      running++;
      encoder.peak = Math.max(encoder.peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      const quilt = concat(files.map((f) => f.contents));
      return { encoded: new WalrusCodec(n).encode(quilt), size: quilt.length, patches: [] };
    },
    async encodeBlob(n: number, one: QuiltFile) {
      return { encoded: new WalrusCodec(n).encode(one.contents), size: one.contents.length };
    },
  };
  return encoder;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

function context(memory: Partial<DeployMemory>, extra: Partial<EncodeContext> = {}) {
  const spill = memorySpillStore();
  let spillAsked = 0;
  const full = { ...UNBOUNDED_MEMORY, ...memory };
  const getSpill = () => {
    spillAsked++;
    return spill;
  };
  const encoder = fakeEncoder();
  const events: DeployEvent[] = [];
  const ctx: EncodeContext = {
    encoder,
    nShards: N,
    readFile: async (path) => contents.get(path)!.slice(),
    memory: full,
    keeper: new SliverKeeper(full.inMemorySlivers, getSpill),
    spill: getSpill,
    onEvent: (event) => events.push(event),
    ...extra,
  };
  return { ctx, spill, encoder, events, spillAsked: () => spillAsked };
}

const quilts = (count: number, size: number): DeployItem[] =>
  Array.from({ length: count }, (_, i) => ({ kind: 'quilt', files: [file(`/q${i}.bin`, size)] }));

/** A writer that records the order of what it is asked, reading every sliver of each upload. */
function fakeWriter(items: () => readonly EncodedItem[]) {
  const log: string[] = [];
  const inFlights = new Set<InFlightBytes | undefined>();
  const committee = new ShardMap({
    n: N,
    members: [0, 1].map((m) => ({ url: `http://node${m}`, shards: [0, 1, 2, 3, 4].map((s) => s * 2 + m) })),
  });
  const owned = (blobId: string, certified: boolean): OwnedBlob => ({
    objectId: `0x${blobId}`,
    blobId,
    size: 1,
    certified,
    endEpoch: 99,
    deletable: true,
  });
  const writer = {
    shardMap: committee,
    async register(regs: readonly { encoded: { blobId: Uint8Array } }[]) {
      log.push(`register ${regs.length}`);
      return new Map(
        regs.map((r) => [blobIdToText(r.encoded.blobId), owned(blobIdToText(r.encoded.blobId), false)]),
      );
    },
    async upload(
      blob: UploadableBlob,
      _owned: OwnedBlob,
      onNode?: (p: { index: number; node: string; done: number; total: number }) => void,
      inFlight?: InFlightBytes,
    ): Promise<UploadResult> {
      const id = blobIdToText(blob.blobId);
      const index = items().findIndex((item) => blobIdToText(item.encoded.blobId) === id);
      log.push(`upload ${index}`);
      inFlights.add(inFlight);
      if (!('readSliver' in blob)) throw new Error('expected slivers read on demand');
      let bytesSent = 0;
      for (let pair = 0; pair < N; pair++) {
        for (const type of ['primary', 'secondary'] as const)
          bytesSent += (await blob.readSliver(pair, type)).length;
      }
      // Later items take longer, so uploads running together finish one after another.
      await new Promise((resolve) => setTimeout(resolve, 10 * index));
      for (const [i, m] of committee.committee.members.entries()) {
        onNode?.({ index: i, node: m.url, done: 2 + 2 * m.shards.length, total: 2 + 2 * m.shards.length });
      }
      return { confirmations: [], confirmedShards: N, failures: new Map(), bytesSent };
    },
    async certify(list: readonly unknown[]) {
      log.push(`certify ${list.length}`);
    },
  };
  return { writer, log, inFlights };
}

/** Wraps each item's sliver source so the test sees when it is closed. */
function watchCloses(items: EncodedItem[], log: string[]): EncodedItem[] {
  return items.map((item, i) => ({
    ...item,
    slivers: {
      read: (pair, type) => item.slivers.read(pair, type),
      close: async () => {
        log.push(`close ${i}`);
        await item.slivers.close();
      },
    },
  }));
}

describe('deploy items', () => {
  it('keeps a small site in memory: nothing spilled, encodes in order, lanes respected', async () => {
    const { ctx, spill, encoder, events, spillAsked } = context({ lanes: 2, inMemorySlivers: 64 << 20 });
    const items = quilts(5, 3000);
    const encoded = await encodeItems(ctx, items);
    expect(encoded.map((e) => e.size)).toEqual(items.map(() => 3000));
    expect(encoder.peak).toBe(2);
    expect(spillAsked()).toBe(0);
    expect(spill.bytes).toBe(0);
    // Progress in bytes of the files, ending at their total.
    expect(events[0]).toEqual({ type: 'phase', phase: 'encode', total: 15000, unit: 'bytes' });
    expect(events.filter((e) => e.type === 'progress').at(-1)).toMatchObject({ done: 15000 });
  });

  it('runs encodes side by side only while their estimated peaks fit the encode share', async () => {
    const { ctx, encoder } = context({ lanes: 2, encodeBytes: 12 * 3000 * 1.5 });
    await encodeItems(ctx, quilts(4, 3000));
    expect(encoder.peak).toBe(1);
  });

  it('spills items past the in-memory share and releases each one as soon as it is uploaded', async () => {
    const { ctx, spill } = context({ lanes: 1, inMemorySlivers: 1 });
    const encoded = await encodeItems(ctx, quilts(3, 3000));
    expect(spill.bytes).toBeGreaterThan(0);
    const spilledPerItem = spill.bytes / 3;

    let watched: EncodedItem[] = [];
    const { writer, log, inFlights } = fakeWriter(() => watched);
    watched = watchCloses(encoded, log);
    const plan = planStore(watched, new Map(), 1, 2, []);
    const spillAfterUpload: number[] = [];
    const onEvent = (event: DeployEvent) => {
      if (event.type === 'progress' && event.phase === 'upload') spillAfterUpload.push(spill.bytes);
    };
    const inFlight = { acquire: async () => () => undefined };
    const stored = await storeQuilts(
      { writer, nShards: N, epochs: 1, inFlight, onEvent },
      watched.map(() => []),
      watched,
      plan,
    );
    expect(log[0]).toBe('register 3');
    expect(log.at(-1)).toBe('certify 3');
    for (const i of [0, 1, 2]) {
      expect(log.indexOf(`upload ${i}`)).toBeGreaterThan(0);
      expect(log.indexOf(`close ${i}`)).toBeGreaterThan(log.indexOf(`upload ${i}`));
    }
    expect(spill.bytes).toBe(0);
    // Each item's spill file went as soon as that item was uploaded, not all at the end.
    expect(spillAfterUpload.at(-1)).toBe(0);
    expect(spillAfterUpload.some((bytes) => bytes > 0 && bytes < spilledPerItem * 3)).toBe(true);
    // One cap shared by every upload.
    expect([...inFlights]).toEqual([inFlight]);
    expect(stored.quilts.map((q) => q.outcome)).toEqual(['uploaded', 'uploaded', 'uploaded']);
  });

  it('counts the upload in bytes: metadata to every node and every sliver once', async () => {
    const { ctx } = context({});
    const encoded = await encodeItems(ctx, quilts(2, 2000));
    let watched: EncodedItem[] = [];
    const { writer } = fakeWriter(() => watched);
    watched = encoded;
    const events: DeployEvent[] = [];
    const stored = await storeQuilts(
      { writer, nShards: N, epochs: 1, onEvent: (e) => events.push(e) },
      [[], []],
      encoded,
      planStore(encoded, new Map(), 1, 2, []),
    );
    const start = events.find((e) => e.type === 'phase' && e.phase === 'upload');
    const last = events.filter((e) => e.type === 'progress' && e.phase === 'upload').at(-1);
    expect(start).toMatchObject({ unit: 'bytes' });
    expect(last).toMatchObject({ done: (start as { total: number }).total });
    // The fake sends slivers only; the total adds the metadata each of the two nodes gets.
    const slivers = stored.quilts.reduce((n, q) => n + q.bytesSent, 0);
    expect((start as { total: number }).total).toBeGreaterThan(slivers);
  });

  it('registers, uploads and certifies a blob ID once when two items have it (identical files)', async () => {
    const { ctx } = context({});
    const two = quilts(2, 2000);
    // The first item's files once more: a separate item with the same blob ID.
    const [a, b, copy] = await encodeItems(ctx, [...two, two[0]!]);
    expect(copy!.encoded.blobId).toEqual(a!.encoded.blobId);
    const log: string[] = [];
    const items = watchCloses([a!, b!, copy!], log);
    const { writer, log: writes } = fakeWriter(() => items);
    const stored = await storeQuilts(
      { writer, nShards: N, epochs: 1, onEvent: () => undefined },
      [[], [], []],
      items,
      planStore(items, new Map(), 1, 2, []),
    );
    expect(writes).toEqual(['register 2', 'upload 0', 'upload 1', 'certify 2']);
    expect(stored.quilts.map((q) => q.outcome)).toEqual(['uploaded', 'uploaded', 'uploaded']);
    expect(stored.quilts[2]!.bytesSent).toBe(0);
    // The copy's slivers are let go without being sent.
    expect(log).toContain('close 2');
  });

  it('closes the slivers of items it does not upload (certified ones held already)', async () => {
    const { ctx } = context({});
    const encoded = await encodeItems(ctx, quilts(2, 2000));
    const log: string[] = [];
    let watched: EncodedItem[] = [];
    const { writer } = fakeWriter(() => watched);
    watched = watchCloses(encoded, log);
    const id = blobIdToText(watched[1]!.encoded.blobId);
    const held = { objectId: '0x1', blobId: id, size: 1, certified: true, endEpoch: 99, deletable: true };
    await storeQuilts(
      { writer, nShards: N, epochs: 1, onEvent: () => undefined },
      [[], []],
      watched,
      planStore(watched, new Map([[id, held]]), 1, 2, []),
    );
    expect(log).toEqual(['close 1', 'close 0']);
  });

  it('stream-encodes a blob above the limit from the opened file, byte-exact, and closes the file with its slivers', async () => {
    const big = file('/video.mp4', 40_000);
    let closed = 0;
    const { ctx, spill, encoder } = context(
      { streamAbove: 10_000, columnGroupBytes: 4096 },
      {
        openFile: async (path) => ({
          ...bytesSource(contents.get(path)!),
          close: async () => {
            closed++;
          },
        }),
        readFile: async () => {
          throw new Error('a streamed blob is never read whole');
        },
      },
    );
    const [item] = await encodeItems(ctx, [{ kind: 'blob', files: [big] }]);
    // The encode threads' memory was given back for the stream encode on this thread.
    expect(encoder.released).toBe(1);
    const want = codec.encode(contents.get('/video.mp4')!);
    expect(item!.encoded.blobId).toEqual(want.blobId);
    expect(item!.size).toBe(40_000);
    expect(spill.bytes).toBeGreaterThan(0);
    for (const pair of [0, 4, 9]) {
      expect(await item!.slivers.read(pair, 'primary')).toEqual(want.primary[pair]);
      expect(await item!.slivers.read(pair, 'secondary')).toEqual(want.secondary[pair]);
    }
    await item!.slivers.close();
    expect(closed).toBe(1);
    expect(spill.bytes).toBe(0);
  });

  it('closes what it encoded when an item fails, and stops starting new ones', async () => {
    const { ctx, spill } = context({ lanes: 1, inMemorySlivers: 1 });
    const failing: QuiltEncoder = {
      encodeQuilt: async (n, files) => {
        if (files[0]!.identifier === '/q1.bin') throw new Error('boom');
        return ctx.encoder.encodeQuilt(n, files);
      },
      encodeBlob: (n, f) => ctx.encoder.encodeBlob(n, f),
    };
    await expect(encodeItems({ ...ctx, encoder: failing }, quilts(3, 2000))).rejects.toThrow('boom');
    expect(spill.bytes).toBe(0);
  });
});
