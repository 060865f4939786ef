// The store phase: packed quilts → encoded (off the main thread) → registered (one transaction)
// → uploaded to the nodes → certified (one transaction). Quilts the deployer already holds are
// reused: a certified one that lives long enough is skipped entirely, a registered but uncertified
// one is only uploaded and certified. So re-running a deploy that died after its uploads sends
// nothing again, because packing and encoding are deterministic.
import { blobIdToText } from '../walrus/blob-id.ts';
import type { EncodedQuilt, QuiltFile } from '../walrus/quilt-encode.ts';
import type { UploadResult } from '../walrus/upload.ts';
import type { OwnedBlob, WalrusWriter } from '../walrus/writer.ts';
import type { DeployListener } from './events.ts';
import type { LocalFile } from './plan.ts';
import { timedPhase } from './phase.ts';

/** Builds and encodes one quilt; a worker pool in Node, Web Workers in the browser. */
export interface QuiltEncoder {
  /** `signal` lets a cancelled deploy stop an encode in flight (where the runtime can). */
  encodeQuilt(n: number, files: QuiltFile[], options?: { signal?: AbortSignal }): Promise<EncodedQuilt>;
}

export interface StoreContext {
  readonly writer: WalrusWriter;
  readonly encoder: QuiltEncoder;
  readonly nShards: number;
  readonly readFile: (path: string) => Promise<Uint8Array>;
  /** Epochs to register new quilts for. */
  readonly epochs: number;
  readonly onEvent: DeployListener;
  readonly signal?: AbortSignal;
}

export interface StoredQuilt {
  readonly blobId: string;
  readonly files: readonly LocalFile[];
  readonly patches: EncodedQuilt['patches'];
  readonly size: number;
  /** What happened to it: uploaded now, or reused from an earlier (possibly interrupted) run. */
  readonly outcome: 'uploaded' | 'reused-certified' | 'reused-registered';
  readonly bytesSent: number;
}

export interface StoreResult {
  readonly quilts: readonly StoredQuilt[];
  /** Reused quilts that had to be extended (added to the register transaction). */
  readonly extended: readonly { objectId: string; epochs: number }[];
  readonly transactions: number;
}

/** Encodes every quilt; returns them in input order. Two at a time bounds memory. */
export async function encodeQuilts(
  ctx: Pick<StoreContext, 'encoder' | 'nShards' | 'readFile' | 'onEvent' | 'signal'>,
  quilts: readonly (readonly LocalFile[])[],
): Promise<EncodedQuilt[]> {
  return timedPhase(ctx.onEvent, 'encode', quilts.length, 'quilts', async (progress) => {
    const out: EncodedQuilt[] = new Array(quilts.length);
    let next = 0;
    let done = 0;
    const lane = async () => {
      while (next < quilts.length) {
        const i = next++;
        ctx.signal?.throwIfAborted();
        const files = await Promise.all(
          quilts[i]!.map(async (f) => ({ identifier: f.path, contents: await ctx.readFile(f.path) })),
        );
        out[i] = await ctx.encoder.encodeQuilt(ctx.nShards, files, ctx.signal ? { signal: ctx.signal } : {});
        progress(++done);
      }
    };
    await Promise.all([lane(), lane()]);
    return out;
  });
}

/** Which encoded quilts need registering, which owned blobs are reused, and what gets extended. */
export interface StorePlan {
  readonly ids: readonly string[];
  readonly reuse: ReadonlyMap<number, OwnedBlob>;
  readonly toRegister: readonly number[];
  readonly extend: readonly { objectId: string; epochs: number; size: number }[];
}

/**
 * Decides per quilt: a blob the deployer owns that is still registered now is reused (extended
 * if certified but too short-lived); anything else is registered anew. `extend` carries the
 * plan's extensions of quilts kept by unchanged files.
 */
export function planStore(
  encoded: readonly EncodedQuilt[],
  ownedBlobs: ReadonlyMap<string, OwnedBlob>,
  currentEpoch: number,
  endEpoch: number,
  extend: readonly { objectId: string; epochs: number; size: number }[],
): StorePlan {
  const ids = encoded.map((q) => blobIdToText(q.encoded.blobId));
  const reuse = new Map<number, OwnedBlob>();
  const toRegister: number[] = [];
  const extendAll = [...extend];
  ids.forEach((id, i) => {
    const owned = ownedBlobs.get(id);
    if (owned && owned.endEpoch > currentEpoch) {
      reuse.set(i, owned);
      if (
        owned.certified &&
        owned.endEpoch < endEpoch &&
        !extendAll.some((e) => e.objectId === owned.objectId)
      ) {
        extendAll.push({ objectId: owned.objectId, epochs: endEpoch - owned.endEpoch, size: owned.size });
      }
    } else {
      toRegister.push(i);
    }
  });
  return { ids, reuse, toRegister, extend: extendAll };
}

/** Registers, uploads and certifies encoded quilts as `plan` says. */
export async function storeQuilts(
  ctx: StoreContext,
  quilts: readonly (readonly LocalFile[])[],
  encoded: readonly EncodedQuilt[],
  plan: StorePlan,
): Promise<StoreResult> {
  const { ids, toRegister } = plan;
  const blobs = new Map<number, OwnedBlob>(plan.reuse);
  const extendAll = plan.extend.map(({ objectId, epochs }) => ({ objectId, epochs }));
  let transactions = 0;

  if (toRegister.length || extendAll.length) {
    await timedPhase(ctx.onEvent, 'register', 1, 'transactions', async (progress) => {
      const created = await ctx.writer.register(
        toRegister.map((i) => ({ encoded: encoded[i]!.encoded, size: encoded[i]!.size, quilt: true })),
        ctx.epochs,
        extendAll,
      );
      for (const i of toRegister) {
        const blob = created.get(ids[i]!);
        if (!blob) throw new Error(`registration of quilt ${ids[i]} did not create a Blob object`);
        blobs.set(i, blob);
      }
      transactions++;
      progress(1);
    });
  }

  const pending = encoded.map((_, i) => i).filter((i) => !blobs.get(i)!.certified);
  const uploads = new Map<number, UploadResult>();
  if (pending.length) {
    const slivers = pending.length * (2 * ctx.nShards + 2 * ctx.writer.shardMap.committee.members.length);
    await timedPhase(ctx.onEvent, 'upload', slivers, 'slivers', async (progress) => {
      let base = 0;
      for (const i of pending) {
        const perNode = new Map<number, number>();
        const result = await ctx.writer.upload(encoded[i]!.encoded, blobs.get(i)!, (p) => {
          perNode.set(p.index, p.done);
          ctx.onEvent({
            type: 'node',
            node: p.node,
            done: p.done,
            total: p.total,
            ...(p.error ? { error: p.error } : {}),
          });
          progress(base + [...perNode.values()].reduce((a, b) => a + b, 0));
        });
        base += 2 * ctx.nShards + 2 * ctx.writer.shardMap.committee.members.length;
        uploads.set(i, result);
        for (const [node, reason] of result.failures) {
          ctx.onEvent({ type: 'note', level: 'warn', message: `node ${node} failed: ${reason}` });
        }
      }
    });
    await timedPhase(ctx.onEvent, 'certify', 1, 'transactions', async (progress) => {
      await ctx.writer.certify(pending.map((i) => ({ blob: blobs.get(i)!, upload: uploads.get(i)! })));
      transactions++;
      progress(1);
    });
  }

  return {
    quilts: encoded.map((q, i) => ({
      blobId: ids[i]!,
      files: quilts[i]!,
      patches: q.patches,
      size: q.size,
      outcome: uploads.has(i)
        ? toRegister.includes(i)
          ? 'uploaded'
          : 'reused-registered'
        : 'reused-certified',
      bytesSent: uploads.get(i)?.bytesSent ?? 0,
    })),
    extended: extendAll,
    transactions,
  };
}
