// The store phase: the deploy's items — packed quilts, and big files stored as blobs of their own
// (route-files.ts) — already encoded (encode-items.ts) → registered (one transaction) → uploaded to
// the nodes one item at a time, each item's slivers released as soon as it is uploaded →
// certified (one transaction). Blobs the deployer already holds are reused: a certified one that
// lives long enough is skipped entirely, a registered but uncertified one is only uploaded and
// certified. So re-running a deploy that died after its uploads sends nothing again, because
// routing, packing and encoding are deterministic.
import { blobIdToText } from '../walrus/blob-id.ts';
import type { BlobMetadata } from '../walrus/bcs.ts';
import type { EncodedBlob } from '../walrus/encoding.ts';
import type { EncodedQuilt, QuiltFile, QuiltPatchPlacement } from '../walrus/quilt-encode.ts';
import type { SliverSource } from '../walrus/sliver-source.ts';
import type { InFlightBytes, UploadResult } from '../walrus/upload.ts';
import type { OwnedBlob, Registration, WalrusWriter } from '../walrus/writer.ts';
import type { DeployListener } from './events.ts';
import type { LocalFile } from './plan.ts';
import { runPool } from '../walrus/pool.ts';
import { timedPhase } from './phase.ts';
import { uploadBytes } from './upload-bytes.ts';

/** One file encoded as a blob of its own; `size` is the file's length, registered on chain. */
export interface EncodedFileBlob {
  readonly encoded: EncodedBlob;
  readonly size: number;
}

/** Encodes quilts and standalone blobs; a worker pool in Node, Web Workers in the browser. */
export interface QuiltEncoder {
  /** `signal` lets a cancelled deploy stop an encode in flight (where the runtime can). */
  encodeQuilt(n: number, files: QuiltFile[], options?: { signal?: AbortSignal }): Promise<EncodedQuilt>;
  /** Encodes `file`'s bytes as they are, as one blob (no quilt around them). */
  encodeBlob(n: number, file: QuiltFile, options?: { signal?: AbortSignal }): Promise<EncodedFileBlob>;
  /**
   * Gives back what the encoder holds between jobs (a pool's idle threads and their WASM memory);
   * the deploy calls it once everything is encoded, before the upload needs that memory.
   */
  releaseIdle?(): Promise<void>;
}

/** Something the deploy stores: a quilt of files, or one file as a blob of its own. */
export interface DeployItem {
  readonly kind: 'quilt' | 'blob';
  /** The quilt's files, or the blob's one file. */
  readonly files: readonly LocalFile[];
}

/** What a deploy keeps of an item's encoding until it is stored: never the slivers themselves. */
export interface ItemIdentity {
  readonly blobId: Uint8Array;
  readonly rootHash: Uint8Array;
  readonly metadata: BlobMetadata;
}

/**
 * An item encoded: its identity, its unencoded `size` (registered on chain), where its slivers
 * wait for the upload (closed once uploaded), and for a quilt where each file's patch lies.
 */
export type EncodedItem = (
  { readonly kind: 'quilt'; readonly patches: readonly QuiltPatchPlacement[] } | { readonly kind: 'blob' }
) & {
  readonly encoded: ItemIdentity;
  readonly size: number;
  readonly slivers: SliverSource;
};

export interface StoreContext {
  readonly writer: Pick<WalrusWriter, 'shardMap' | 'register' | 'upload' | 'certify'>;
  readonly nShards: number;
  /** Epochs to register new quilts for. */
  readonly epochs: number;
  /** Caps the sliver bytes in flight over every upload of the deploy. */
  readonly inFlight?: InFlightBytes;
  readonly onEvent: DeployListener;
  readonly signal?: AbortSignal;
}

export interface StoredQuilt {
  readonly kind: DeployItem['kind'];
  readonly blobId: string;
  readonly files: readonly LocalFile[];
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

/**
 * Items uploaded at once. One, as before budgets: several at once hid each item's wait for
 * confirmations, but multiplied the requests every node serves, and on a loaded machine nodes then
 * missed the grace period after quorum and were left without their slivers (reads needed
 * recovery). The in-flight cap holds whatever this is.
 */
const UPLOADS_AT_ONCE = 1;

/** Which encoded quilts need registering, which owned blobs are reused, and what gets extended. */
export interface StorePlan {
  readonly ids: readonly string[];
  readonly reuse: ReadonlyMap<number, OwnedBlob>;
  readonly toRegister: readonly number[];
  readonly extend: readonly { objectId: string; epochs: number; size: number }[];
  /**
   * Items whose blob ID an earlier item already has (two identical big files, or two quilts of
   * the same files), by the index of that earlier item: they share its Blob object, upload and
   * certificate. Registering or certifying one blob twice would abort the transaction.
   */
  readonly sameAs: ReadonlyMap<number, number>;
}

/**
 * Decides per item: a blob the deployer owns that is still registered now is reused (extended
 * if certified but too short-lived); anything else is registered anew. `extend` carries the
 * plan's extensions of blobs kept by unchanged files.
 */
export function planStore(
  encoded: readonly Pick<EncodedItem, 'encoded'>[],
  ownedBlobs: ReadonlyMap<string, OwnedBlob>,
  currentEpoch: number,
  endEpoch: number,
  extend: readonly { objectId: string; epochs: number; size: number }[],
): StorePlan {
  const ids = encoded.map((q) => blobIdToText(q.encoded.blobId));
  const reuse = new Map<number, OwnedBlob>();
  const toRegister: number[] = [];
  const extendAll = [...extend];
  const firstOf = new Map<string, number>();
  const sameAs = new Map<number, number>();
  ids.forEach((id, i) => {
    const first = firstOf.get(id);
    if (first !== undefined) {
      sameAs.set(i, first);
      return;
    }
    firstOf.set(id, i);
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
  return { ids, reuse, toRegister, extend: extendAll, sameAs };
}

/**
 * Registers, uploads and certifies encoded items as `plan` says: quilts and blobs together, in one
 * register and one certify transaction.
 */
export async function storeQuilts(
  ctx: StoreContext,
  quilts: readonly (readonly LocalFile[])[],
  encoded: readonly EncodedItem[],
  plan: StorePlan,
): Promise<StoreResult> {
  const { ids, toRegister } = plan;
  const blobs = new Map<number, OwnedBlob>(plan.reuse);
  const extendAll = plan.extend.map(({ objectId, epochs }) => ({ objectId, epochs }));
  let transactions = 0;

  if (toRegister.length || extendAll.length) {
    await timedPhase(ctx.onEvent, 'register', 1, 'transactions', async (progress) => {
      const created = await ctx.writer.register(registrations(encoded, toRegister), ctx.epochs, extendAll);
      for (const i of toRegister) {
        const blob = created.get(ids[i]!);
        if (!blob)
          throw new Error(`registration of ${encoded[i]!.kind} ${ids[i]} did not create a Blob object`);
        blobs.set(i, blob);
      }
      transactions++;
      progress(1);
    });
  }

  for (const [i, first] of plan.sameAs) blobs.set(i, blobs.get(first)!);
  const pending = encoded.map((_, i) => i).filter((i) => !plan.sameAs.has(i) && !blobs.get(i)!.certified);
  // Slivers nobody will upload are let go before the uploads need the room.
  await Promise.all(encoded.map((item, i) => (pending.includes(i) ? null : item.slivers.close())));
  const uploads = new Map<number, UploadResult>();
  if (pending.length) {
    const sizes = pending.map((i) => uploadBytes(encoded[i]!.encoded.metadata, ctx.writer.shardMap));
    const total = sizes.reduce((n, size) => n + size.total, 0);
    await timedPhase(ctx.onEvent, 'upload', total, 'bytes', async (progress) => {
      // Bytes sent per pending item; an item's share stays at its total once it is done.
      const sent = new Map<number, number>();
      const report = () => progress([...sent.values()].reduce((a, b) => a + b, 0));
      let failed = false;
      await runPool(
        [...pending.entries()],
        UPLOADS_AT_ONCE,
        async ([k, i]) => {
          const item = encoded[i]!;
          const size = sizes[k]!;
          const perNode = new Map<number, number>();
          const blob = { ...item.encoded, readSliver: item.slivers.read.bind(item.slivers) };
          const onNode = (p: NodeProgress) => {
            perNode.set(p.index, size.sentBy(p.index, p.done));
            ctx.onEvent({
              type: 'node',
              node: p.node,
              done: p.done,
              total: p.total,
              ...(p.error ? { error: p.error } : {}),
            });
            sent.set(
              k,
              [...perNode.values()].reduce((a, b) => a + b, 0),
            );
            report();
          };
          try {
            const result = await ctx.writer.upload(blob, blobs.get(i)!, onNode, ctx.inFlight);
            uploads.set(i, result);
            for (const [node, reason] of result.failures) {
              ctx.onEvent({ type: 'note', level: 'warn', message: `node ${node} failed: ${reason}` });
            }
          } catch (error) {
            failed = true;
            throw error;
          }
          // Its slivers are on the nodes now; the certificate needs only the confirmations.
          await item.slivers.close();
          sent.set(k, size.total);
          report();
        },
        () => failed,
      );
    });
    await timedPhase(ctx.onEvent, 'certify', 1, 'transactions', async (progress) => {
      await ctx.writer.certify(pending.map((i) => ({ blob: blobs.get(i)!, upload: uploads.get(i)! })));
      transactions++;
      progress(1);
    });
  }

  return {
    quilts: encoded.map((q, i) => ({
      kind: q.kind,
      blobId: ids[i]!,
      files: quilts[i]!,
      size: q.size,
      outcome: uploads.has(i)
        ? toRegister.includes(i)
          ? 'uploaded'
          : 'reused-registered'
        : plan.sameAs.has(i)
          ? uploads.has(plan.sameAs.get(i)!)
            ? 'uploaded'
            : 'reused-certified'
          : 'reused-certified',
      bytesSent: uploads.get(i)?.bytesSent ?? 0,
    })),
    extended: extendAll,
    transactions,
  };
}

/** What the register transaction creates for `indices`: quilts carry the quilt attribute, blobs not. */
export function registrations(
  encoded: readonly Pick<EncodedItem, 'kind' | 'encoded' | 'size'>[],
  indices: readonly number[],
): Registration[] {
  return indices.map((i) => {
    const item = encoded[i]!;
    return { encoded: item.encoded, size: item.size, quilt: item.kind === 'quilt' };
  });
}

type NodeProgress = Parameters<NonNullable<Parameters<WalrusWriter['upload']>[2]>>[0];
