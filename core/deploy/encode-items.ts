// The deploy's encode step: every item (a quilt, or a big file as a blob of its own) encoded once,
// a few at a time, keeping only its identity (blob ID, root hash, metadata, size) and a source for
// its slivers until it is uploaded. Quilts and blobs small enough to encode whole go to the
// encoder's workers and their slivers to the SliverKeeper (memory while its share allows, else the
// spill). Larger blobs go through the streaming encoder, which reads the file in pieces, spills
// what it cannot re-read from the file, and never holds the file or its slivers whole.
import { bytesSource, FileSourceError, type FileSource } from './file-source.ts';
import type { BlobMetadata } from '../walrus/bcs.ts';
import type { SliverSource } from '../walrus/sliver-source.ts';
import { encodeBlobStreaming } from '../walrus/stream-encoder.ts';
import type { DeployMemory } from './deploy-memory.ts';
import { ByteBudget, ENCODE_PEAK_FACTOR, STREAM_PEAK_FACTOR } from './memory-budget.ts';
import type { OpenFile } from './deploy-types.ts';
import type { DeployListener } from './events.ts';
import type { SliverKeeper } from './kept-slivers.ts';
import { timedPhase } from './phase.ts';
import type { SpillStore } from './spill.ts';
import type { DeployItem, EncodedItem, QuiltEncoder } from './store.ts';

export interface EncodeContext {
  readonly encoder: QuiltEncoder;
  readonly nShards: number;
  readonly readFile: (path: string) => Promise<Uint8Array>;
  /** Opens a file for piecewise reads (big blobs); without it they are read whole into memory. */
  readonly openFile?: OpenFile;
  readonly memory: DeployMemory;
  readonly keeper: SliverKeeper;
  /** Where the streaming encoder spills. */
  readonly spill: () => SpillStore;
  readonly onEvent: DeployListener;
  readonly signal?: AbortSignal;
}

/** Distinguishes the spill files of deploys sharing one store. */
let runs = 0;

/**
 * Encodes every item, `memory.lanes` at a time, in bytes of progress; returns them in input
 * order. If one fails, the sources of those already encoded are closed before the error is thrown.
 */
export async function encodeItems(ctx: EncodeContext, items: readonly DeployItem[]): Promise<EncodedItem[]> {
  const run = ++runs;
  const sizes = items.map((item) => item.files.reduce((n, f) => n + f.size, 0));
  const total = sizes.reduce((a, b) => a + b, 0);
  const out: EncodedItem[] = new Array(items.length);
  // Lanes share the encode memory: a job larger than the quilt cap (a big file alone in its
  // quilt) holds back the others rather than peak beside them.
  const budget = Number.isFinite(ctx.memory.encodeBytes) ? new ByteBudget(ctx.memory.encodeBytes) : null;
  try {
    return await timedPhase(ctx.onEvent, 'encode', total, 'bytes', async (progress) => {
      let next = 0;
      let done = 0;
      const partial = new Map<number, number>();
      const report = () => progress(done + [...partial.values()].reduce((a, b) => a + b, 0));
      let failed = false;
      const lane = async () => {
        while (!failed && next < items.length) {
          const i = next++;
          const onBytes = (bytes: number) => {
            partial.set(i, bytes);
            report();
          };
          try {
            ctx.signal?.throwIfAborted();
            const release = await budget?.acquire(encodePeak(ctx, items[i]!, sizes[i]!), ctx.signal);
            try {
              out[i] = await encodeItem(ctx, items[i]!, `floe-${run}-${items[i]!.kind}-${i}`, onBytes);
            } finally {
              release?.();
            }
          } catch (error) {
            failed = true;
            throw error;
          }
          partial.delete(i);
          done += sizes[i]!;
          report();
        }
      };
      // Every lane is waited for, so no item finishes after the cleanup below has run.
      const lanes = Math.max(1, Math.min(ctx.memory.lanes, items.length));
      const settled = await Promise.allSettled(Array.from({ length: lanes }, lane));
      const failure = settled.find((s) => s.status === 'rejected');
      if (failure) throw failure.reason;
      return out;
    });
  } catch (error) {
    await closeItems(out);
    throw error;
  }
}

/**
 * What encoding an item holds at its peak: a multiple of its bytes when encoded whole, one column
 * group (times STREAM_PEAK_FACTOR) and the n×n digest table when streamed.
 */
function encodePeak(ctx: EncodeContext, item: DeployItem, bytes: number): number {
  if (streamed(ctx, item))
    return STREAM_PEAK_FACTOR * ctx.memory.columnGroupBytes + ctx.nShards * ctx.nShards * 32;
  return ENCODE_PEAK_FACTOR * bytes;
}

function streamed(ctx: EncodeContext, item: DeployItem): boolean {
  return item.kind === 'blob' && item.files[0]!.size > ctx.memory.streamAbove;
}

/** Closes the sliver sources of `items` (holes and closed ones are fine). */
export async function closeItems(
  items: readonly (Pick<EncodedItem, 'slivers'> | undefined)[],
): Promise<void> {
  await Promise.allSettled(items.map((item) => item?.slivers.close()));
}

async function encodeItem(
  ctx: EncodeContext,
  item: DeployItem,
  name: string,
  onBytes: (bytes: number) => void,
): Promise<EncodedItem> {
  const options = ctx.signal ? { signal: ctx.signal } : {};
  if (streamed(ctx, item)) {
    // The stream encoder works on this thread; an idle encode thread would keep its WASM memory
    // (grown to its largest quilt) beside it, which the budget gives to this encode instead.
    await ctx.encoder.releaseIdle?.();
    return { kind: 'blob', ...(await streamBlob(ctx, item, name, onBytes)) };
  }
  // Files are read only now, each for the one encode that needs it.
  const files = await Promise.all(
    item.files.map(async (f) => ({ identifier: f.path, contents: await ctx.readFile(f.path) })),
  );
  if (item.kind === 'blob') {
    const { encoded, size } = await ctx.encoder.encodeBlob(ctx.nShards, files[0]!, options);
    return { kind: 'blob', encoded: identity(encoded), size, slivers: await ctx.keeper.keep(name, encoded) };
  }
  const { encoded, size, patches } = await ctx.encoder.encodeQuilt(ctx.nShards, files, options);
  return {
    kind: 'quilt',
    encoded: identity(encoded),
    size,
    patches,
    slivers: await ctx.keeper.keep(name, encoded),
  };
}

async function streamBlob(
  ctx: EncodeContext,
  item: DeployItem,
  name: string,
  onBytes: (bytes: number) => void,
): Promise<Omit<EncodedItem, 'kind'>> {
  const file = item.files[0]!;
  const source: FileSource & { close?(): Promise<void> } = ctx.openFile
    ? await ctx.openFile(file.path)
    : bytesSource(await ctx.readFile(file.path));
  try {
    // The scan hashed this size; anything else is a file edited since, whose hash would not match.
    if (source.size !== file.size) {
      throw new FileSourceError(
        `${file.path} changed since it was scanned (${file.size} → ${source.size} bytes)`,
      );
    }
    const streamed = await encodeBlobStreaming(source, ctx.nShards, ctx.spill(), {
      columnGroupBytes: ctx.memory.columnGroupBytes,
      spillName: name,
      onProgress: onBytes,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    return {
      encoded: identity(streamed),
      size: streamed.unencodedLength,
      slivers: alsoClosing(streamed.slivers, source),
    };
  } catch (error) {
    await source.close?.();
    throw error;
  }
}

/** What a deploy keeps of an encoding: never its slivers. */
function identity(encoded: { blobId: Uint8Array; rootHash: Uint8Array; metadata: BlobMetadata }) {
  return { blobId: encoded.blobId, rootHash: encoded.rootHash, metadata: encoded.metadata };
}

/** The slivers of a stream-encoded blob read the file again until uploaded: close both together. */
function alsoClosing(slivers: SliverSource, source: { close?(): Promise<void> }): SliverSource {
  return {
    read: (pair, type) => slivers.read(pair, type),
    close: async () => {
      try {
        await slivers.close();
      } finally {
        await source.close?.();
      }
    },
  };
}
