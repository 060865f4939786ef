// Every certified blob the suite has deployed, with the nodes known to hold all of its slivers:
// those that signed a storage confirmation for it (a node signs only when it stores both slivers
// of every pair on its shards). A node that never confirmed — down, cut off or too slow during the
// upload — counts as not holding the blob, since devnet nodes do not recover missing slivers.
// Invariant 3 reads each blob with Floe's reader, which verifies against the blob ID.
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { blobIdFromText } from '../core/walrus/blob-id.ts';
import { StorageNodeClient } from '../core/walrus/node-client.ts';
import type { WalrusReader } from '../core/walrus/reader.ts';
import type { OwnedBlob } from '../core/walrus/writer.ts';
import type { DevnetConfig } from '../devnet/launcher/config.ts';
import { badForWrite, type Nodes } from './node-state.ts';

export interface TrackedBlob {
  readonly blobId: string;
  readonly objectId: string;
  readonly deletable: boolean;
  readonly size: number;
  /** Schedule that deployed it. */
  readonly schedule: number;
  /** Nodes that confirmed storing it. */
  readonly holders: Set<number>;
  /**
   * When its Blob object was seen gone: a deploy deletes the old quilts only replaced or removed
   * files used (core/deploy/cleanup.ts). A deleted blob is no longer expected to be readable.
   */
  deletedAt: number | null;
}

export class BlobRegistry {
  readonly #blobs = new Map<string, TrackedBlob>();

  get all(): TrackedBlob[] {
    return [...this.#blobs.values()];
  }

  of(schedule: number): TrackedBlob[] {
    return this.all.filter((b) => b.schedule === schedule);
  }

  get(blobId: string): TrackedBlob | undefined {
    return this.#blobs.get(blobId);
  }

  /**
   * Syncs with what the schedule's owner holds now: adds the certified blobs not seen before
   * (returned) and marks the schedule's blobs that are gone as deleted.
   */
  sync(owned: readonly OwnedBlob[], schedule: number): TrackedBlob[] {
    const present = new Set(owned.map((b) => b.blobId));
    for (const blob of this.of(schedule)) if (!present.has(blob.blobId)) blob.deletedAt ??= Date.now();
    const fresh: TrackedBlob[] = [];
    for (const blob of owned) {
      if (!blob.certified || this.#blobs.has(blob.blobId)) continue;
      const tracked: TrackedBlob = {
        blobId: blob.blobId,
        objectId: blob.objectId,
        deletable: blob.deletable,
        size: blob.size,
        schedule,
        holders: new Set(),
        deletedAt: null,
      };
      this.#blobs.set(blob.blobId, tracked);
      fresh.push(tracked);
    }
    return fresh;
  }
}

/**
 * Asks every node that can answer now (running, not refusing or dropping) and is not yet a known
 * holder for its confirmation of each blob; those that sign become holders.
 */
export async function refreshHolders(
  config: DevnetConfig,
  nodes: Nodes,
  blobs: readonly TrackedBlob[],
): Promise<void> {
  const asks = blobs.flatMap((blob) =>
    config.nodes.flatMap((node, i) =>
      badForWrite(nodes[i]!) || blob.holders.has(i) || blob.deletedAt !== null
        ? []
        : [{ blob, i, url: node.url }],
    ),
  );
  await Promise.all(
    asks.map(async ({ blob, i, url }) => {
      const client = new StorageNodeClient({ url, timeoutMs: 5000 });
      const id = blobIdFromText(blob.blobId);
      try {
        await (blob.deletable
          ? client.getDeletableConfirmation(id, blob.objectId)
          : client.getPermanentConfirmation(id));
        blob.holders.add(i);
      } catch {
        // Not (yet) holding everything: stays a non-holder.
      }
    }),
  );
}

export type BlobReadOutcome =
  | { readonly ok: true; readonly ms: number; readonly path: string }
  | { readonly ok: false; readonly ms: number; readonly error: string };

/** Reads the whole blob, verified against its ID, and checks its length. */
export async function readWholeBlob(reader: WalrusReader, blob: TrackedBlob): Promise<BlobReadOutcome> {
  const started = performance.now();
  try {
    const result = await reader.read({ blobId: blob.blobId, target: { kind: 'blob' } });
    const ms = performance.now() - started;
    if (result.data.length !== blob.size) {
      return { ok: false, ms, error: `read ${result.data.length} bytes; the Blob object says ${blob.size}` };
    }
    return { ok: true, ms, path: `${result.stats.path}${result.stats.decoded ? '+decode' : ''}` };
  } catch (error) {
    return {
      ok: false,
      ms: performance.now() - started,
      error: `${(error as Error).name}: ${(error as Error).message}`,
    };
  }
}

/** Whether the blob's Blob object still exists on chain (a deploy may just have deleted it). */
export async function blobObjectExists(sui: ClientWithCoreApi, blob: TrackedBlob): Promise<boolean> {
  const { objects } = await sui.core.getObjects({ objectIds: [blob.objectId] });
  return !(objects[0] instanceof Error);
}
