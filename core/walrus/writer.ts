// Floe's write path for encoded blobs: register them on chain in one transaction, upload metadata
// and slivers to the nodes (upload.ts), then certify them in one transaction with the nodes' BLS
// confirmations. Chain-side Move calls and the certificate (BLS aggregation) come from
// `@mysten/walrus`; encoding happens elsewhere (worker threads / Web Workers), so this file only
// moves bytes and signs. Blobs the owner already holds are reused, which makes re-runs resumable.
import { bcs } from '@mysten/sui/bcs';
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { Transaction, type TransactionObjectArgument } from '@mysten/sui/transactions';
import { toBase64 } from '@mysten/bcs';
import type { WalrusClient } from '@mysten/walrus';
import type { ExecuteTransaction } from '../sui/execute.ts';
import { blobIdFromU256, blobIdToText } from './blob-id.ts';
import { ShardMap, type Committee } from './committee.ts';
import type { EncodedBlob } from './encoding.ts';
import type { FetchLike } from './node-client.ts';
import {
  uploadBlob,
  type InFlightBytes,
  type NodeUploadProgress,
  type UploadableBlob,
  type UploadResult,
} from './upload.ts';

export class TransactionFailedError extends Error {
  override name = 'TransactionFailedError';
}

/** A Walrus `Blob` object owned by the writer. */
export interface OwnedBlob {
  readonly objectId: string;
  readonly blobId: string;
  readonly size: number;
  readonly certified: boolean;
  readonly endEpoch: number;
  readonly deletable: boolean;
}

/** The Move layout of `blob::Blob` (BCS is positional; @mysten/walrus keeps its copy private). */
export const BlobObjectBcs = bcs.struct('Blob', {
  id: bcs.Address,
  registered_epoch: bcs.u32(),
  blob_id: bcs.u256(),
  size: bcs.u64(),
  encoding_type: bcs.u8(),
  certified_epoch: bcs.option(bcs.u32()),
  storage: bcs.struct('Storage', {
    id: bcs.Address,
    start_epoch: bcs.u32(),
    end_epoch: bcs.u32(),
    storage_size: bcs.u64(),
  }),
  deletable: bcs.bool(),
});

export interface WriterOptions {
  readonly walrus: WalrusClient;
  readonly sui: ClientWithCoreApi;
  readonly owner: string;
  readonly execute: ExecuteTransaction;
  readonly committee: Committee;
  readonly fetch?: FetchLike;
  readonly signal?: AbortSignal;
}

export interface Registration {
  /** Only the identity is registered; the slivers may already be elsewhere (spilled). */
  readonly encoded: Pick<EncodedBlob, 'blobId' | 'rootHash'>;
  readonly size: number;
  /** Marks the blob as a quilt (`_walrusBlobType` attribute), as the official tools do. */
  readonly quilt?: boolean;
}

export class WalrusWriter {
  readonly #options: WriterOptions;
  readonly shardMap: ShardMap;

  constructor(options: WriterOptions) {
    this.#options = options;
    this.shardMap = new ShardMap(options.committee);
  }

  /** Every Blob object the owner holds, keyed by blob ID (the longest-lived one per ID). */
  ownedBlobs(): Promise<Map<string, OwnedBlob>> {
    return listOwnedBlobs(this.#options.walrus, this.#options.sui, this.#options.owner);
  }

  /**
   * Registers `items` (deletable, like site-builder's quilts) for `epochs` epochs and extends
   * `extend` blobs by `epochs`, in one transaction; returns the new Blob objects by blob ID.
   */
  async register(
    items: readonly Registration[],
    epochs: number,
    extend: readonly { objectId: string; epochs: number }[] = [],
  ): Promise<Map<string, OwnedBlob>> {
    if (items.length === 0 && extend.length === 0) return new Map();
    const created = await this.#run(await this.registerTransaction(items, epochs, extend), 'register blobs');
    const objects = await this.#readBlobs(created);
    return new Map(objects.map((b) => [b.blobId, b]));
  }

  /** The transaction `register` sends (also used to estimate its gas in a dry run). */
  async registerTransaction(
    items: readonly Registration[],
    epochs: number,
    extend: readonly { objectId: string; epochs: number }[] = [],
  ): Promise<Transaction> {
    const { walrus, owner } = this.#options;
    const tx = new Transaction();
    tx.setSender(owner);
    const blobs: TransactionObjectArgument[] = [];
    for (const { encoded, size, quilt } of items) {
      blobs.push(
        await tx.add(
          walrus.registerBlob({
            size,
            epochs,
            blobId: blobIdToText(encoded.blobId),
            rootHash: encoded.rootHash,
            deletable: true,
            ...(quilt ? { attributes: { _walrusBlobType: 'quilt' } } : {}),
          }),
        ),
      );
    }
    for (const { objectId, epochs: more } of extend) {
      tx.add(walrus.extendBlob({ blobObjectId: objectId, epochs: more }));
    }
    if (blobs.length) tx.transferObjects(blobs, owner);
    return tx;
  }

  /**
   * Uploads one registered blob to the nodes and returns their confirmations. Its slivers may be
   * read as their requests go out (`readSliver`); `inFlight`, shared between uploads, caps the
   * sliver bytes being sent at once.
   */
  upload(
    encoded: UploadableBlob,
    blob: OwnedBlob,
    onNode?: (progress: NodeUploadProgress) => void,
    inFlight?: InFlightBytes,
  ): Promise<UploadResult> {
    return uploadBlob({
      committee: this.shardMap,
      encoded,
      ...(inFlight ? { inFlight } : {}),
      deletableObjectId: blob.deletable ? blob.objectId : null,
      ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
      ...(this.#options.signal ? { signal: this.#options.signal } : {}),
      ...(onNode ? { onNode } : {}),
    });
  }

  /** Certifies uploaded blobs in one transaction. */
  async certify(items: readonly { blob: OwnedBlob; upload: UploadResult }[]): Promise<void> {
    if (items.length === 0) return;
    const tx = new Transaction();
    tx.setSender(this.#options.owner);
    for (const { blob, upload } of items) {
      tx.add(
        this.#options.walrus.certifyBlob({
          blobId: blob.blobId,
          blobObjectId: blob.objectId,
          deletable: blob.deletable,
          confirmations: upload.confirmations.map((c) =>
            c ? { serializedMessage: toBase64(c.serializedMessage), signature: toBase64(c.signature) } : null,
          ),
        }),
      );
    }
    await this.#run(tx, 'certify blobs');
  }

  /** Executes `tx`, fails clearly on an abort, and returns the IDs of the objects it created. */
  async #run(tx: Transaction, what: string): Promise<string[]> {
    this.#options.signal?.throwIfAborted();
    const { digest } = await this.#options.execute(tx);
    const result = await this.#options.sui.core.waitForTransaction({
      digest,
      include: { effects: true },
    });
    const executed = result.Transaction ?? result.FailedTransaction;
    if (!executed.status.success) {
      throw new TransactionFailedError(`${what} failed (${digest}): ${executed.status.error.message}`);
    }
    return executed.effects.changedObjects.filter((c) => c.idOperation === 'Created').map((c) => c.objectId);
  }

  async #readBlobs(ids: readonly string[]): Promise<OwnedBlob[]> {
    if (ids.length === 0) return [];
    const type = await this.#options.walrus.getBlobType();
    const out: OwnedBlob[] = [];
    for (let i = 0; i < ids.length; i += 50) {
      const { objects } = await this.#options.sui.core.getObjects({
        objectIds: ids.slice(i, i + 50),
        include: { content: true },
      });
      for (const object of objects) {
        if (object instanceof Error) throw object;
        if (object.type === type) out.push(parseBlob(object.objectId, object.content));
      }
    }
    return out;
  }
}

/** Every Walrus Blob object `owner` holds, keyed by blob ID (certified and longest-lived first). */
export async function listOwnedBlobs(
  walrus: WalrusClient,
  sui: ClientWithCoreApi,
  owner: string,
): Promise<Map<string, OwnedBlob>> {
  const type = await walrus.getBlobType();
  const result = new Map<string, OwnedBlob>();
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof sui.core.listOwnedObjects<{ content: true }>>> =
      await sui.core.listOwnedObjects({
        owner,
        type,
        include: { content: true },
        ...(cursor ? { cursor } : {}),
      });
    for (const object of page.objects) {
      const blob = parseBlob(object.objectId, object.content);
      const known = result.get(blob.blobId);
      if (!known || rank(blob) > rank(known)) result.set(blob.blobId, blob);
    }
    cursor = page.hasNextPage ? page.cursor : null;
  } while (cursor);
  return result;
}

function parseBlob(objectId: string, content: Uint8Array): OwnedBlob {
  const b = BlobObjectBcs.parse(content);
  return {
    objectId,
    blobId: blobIdToText(blobIdFromU256(BigInt(b.blob_id))),
    size: Number(b.size),
    certified: b.certified_epoch !== null,
    endEpoch: b.storage.end_epoch,
    deletable: b.deletable,
  };
}

/** Prefer certified blobs, then the one that lives longest. */
function rank(blob: OwnedBlob): number {
  return (blob.certified ? 1e9 : 0) + blob.endEpoch;
}
