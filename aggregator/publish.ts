// The publisher side: `PUT /v1/blobs` and `PUT /v1/quilts` through Floe's write path. A blob is
// encoded here, a quilt built and encoded by the deploy pipeline's encoder (a worker pool); then,
// as the daemon decides: already certified for long enough → `alreadyCertified` and nothing is
// sent; a registration the key already holds → reused; else registered anew (WalrusWriter, or a
// permanent registration), uploaded to the nodes (upload.ts), certified, and optionally sent on.
import type { ClientWithCoreApi } from '@mysten/sui/client';
import type { WalrusClient } from '@mysten/walrus';
import type { QuiltEncoder } from '../core/deploy/store.ts';
import type { ExecuteTransaction } from '../core/sui/execute.ts';
import { blobIdToText } from '../core/walrus/blob-id.ts';
import type { Committee } from '../core/walrus/committee.ts';
import { WalrusCodec, type EncodedBlob } from '../core/walrus/encoding.ts';
import { encodedBlobLength, geometry } from '../core/walrus/geometry.ts';
import type { FetchLike } from '../core/walrus/node-client.ts';
import type { EncodedQuilt } from '../core/walrus/quilt-encode.ts';
import { quiltPatchIdToText } from '../core/walrus/quilt.ts';
import { NotEnoughConfirmationsError } from '../core/walrus/upload.ts';
import { WalrusWriter, type OwnedBlob } from '../core/walrus/writer.ts';
import { readBlobObject } from './blob-object.ts';
import { agreedBlobStatus } from './blob-status.ts';
import { registerPermanentBlob, transferBlob, type ChainSigner } from './chain-tx.ts';
import { AggregatorError, errors } from './errors.ts';
import type { QuiltUploadFile } from './multipart.ts';
import type { PublisherQuery } from './query.ts';
import { SerialQueue } from './serial-queue.ts';
import {
  alreadyCertifiedByEvent,
  alreadyCertifiedOwned,
  type BlobStoreResult,
  type QuiltStoreResult,
  type RegisterBlobOp,
} from './store-result.ts';

export interface PublisherOptions {
  readonly sui: ClientWithCoreApi;
  readonly walrus: WalrusClient;
  /** The address that signs, pays and owns (or sends on) the Blob objects. */
  readonly owner: string;
  readonly execute: ExecuteTransaction;
  /** The current write committee (with its epoch). */
  readonly committee: () => Promise<Committee>;
  /** Builds and encodes quilts off the event loop (the deploy pipeline's EncodePool). */
  readonly encoder: QuiltEncoder;
  /** Fetch for storage-node requests (default `globalThis.fetch`). */
  readonly fetch?: FetchLike;
  /** Stores that may wait behind the running one before new ones get 429 (default 8, the daemon's). */
  readonly maxWaiting?: number;
}

interface StoreItem {
  readonly encoded: EncodedBlob;
  readonly size: number;
  readonly quilt: boolean;
}

export class WalrusPublisher {
  readonly #options: PublisherOptions;
  readonly #queue: SerialQueue;
  readonly #codecs = new Map<number, WalrusCodec>();

  constructor(options: PublisherOptions) {
    this.#options = options;
    this.#queue = new SerialQueue(options.maxWaiting ?? 8);
  }

  async storeBlob(data: Uint8Array, query: PublisherQuery): Promise<BlobStoreResult> {
    checkQuery(query);
    return this.#queue.run(() =>
      this.#guard(async () => {
        const committee = await this.#options.committee();
        const encoded = this.#codec(committee.n).encode(data);
        return this.#store(committee, { encoded, size: data.length, quilt: false }, query);
      }),
    );
  }

  async storeQuilt(files: readonly QuiltUploadFile[], query: PublisherQuery): Promise<QuiltStoreResult> {
    checkQuery(query);
    return this.#queue.run(() =>
      this.#guard(async () => {
        const committee = await this.#options.committee();
        let quilt: EncodedQuilt;
        try {
          quilt = await this.#options.encoder.encodeQuilt(
            committee.n,
            files.map((f) => ({ identifier: f.identifier, contents: f.contents, tags: f.tags })),
          );
        } catch (error) {
          // As the daemon: whatever keeps the files from forming a quilt is the request's fault.
          throw errors.malformedRequest(`failed to construct quilt: ${(error as Error).message}`);
        }
        const blobStoreResult = await this.#store(
          committee,
          { encoded: quilt.encoded, size: quilt.size, quilt: true },
          query,
        );
        const quiltId = quilt.encoded.blobId;
        return {
          blobStoreResult,
          storedQuiltBlobs: quilt.patches.map((p) => ({
            identifier: p.identifier,
            quiltPatchId: quiltPatchIdToText({ quiltId, start: p.start, end: p.end }),
            range: [p.start, p.end] as const,
          })),
        };
      }),
    );
  }

  async #store(committee: Committee, item: StoreItem, query: PublisherQuery): Promise<BlobStoreResult> {
    const { sui, walrus, owner, execute } = this.#options;
    const fetch = this.#options.fetch;
    const blobId = blobIdToText(item.encoded.blobId);
    const target = (committee.epoch ?? 0) + query.epochs;
    const encodedLength = encodedBlobLength(geometry(committee.n), item.size);
    const deletable = query.persistence === 'deletable';

    // Anyone's permanent certified blob serves a permanent request (deletable ones can vanish).
    if (!deletable && !query.force) {
      const status = await agreedBlobStatus(committee, item.encoded.blobId, fetch ? { fetch } : {});
      if (typeof status === 'object' && status !== null && 'permanent' in status) {
        const { isCertified, endEpoch, statusEvent } = status.permanent;
        if (isCertified && endEpoch >= target) return alreadyCertifiedByEvent(blobId, statusEvent, endEpoch);
      }
    }

    const writer = new WalrusWriter({ walrus, sui, owner, execute, committee, ...(fetch ? { fetch } : {}) });
    const owned = (await writer.ownedBlobs()).get(blobId);
    const usable = owned && owned.deletable === deletable && owned.endEpoch >= target ? owned : undefined;
    if (usable?.certified && !query.force)
      return alreadyCertifiedOwned(blobId, usable.objectId, usable.endEpoch);

    let blob: OwnedBlob;
    let resourceOperation: RegisterBlobOp;
    let cost = 0;
    if (usable && !usable.certified) {
      blob = usable;
      resourceOperation = { reuseRegistration: { encodedLength } };
    } else {
      const signer: ChainSigner = { sui, walrus, owner, execute };
      blob = deletable
        ? (await writer.register([item], query.epochs)).get(blobId)!
        : await registerPermanentBlob(signer, item, query.epochs);
      resourceOperation = { registerFromScratch: { encodedLength, epochsAhead: query.epochs } };
      cost = Number((await walrus.storageCost(item.size, query.epochs)).totalCost);
    }
    const upload = await writer.upload(item.encoded, blob);
    await writer.certify([{ blob, upload }]);
    if (query.postStore.kind === 'send') {
      await transferBlob({ sui, walrus, owner, execute }, blob.objectId, query.postStore.address);
    }
    const blobObject = await readBlobObject(sui, blob.objectId);
    return { newlyCreated: { blobObject, resourceOperation, cost } };
  }

  /** Failures as the daemon reports them: too few confirmations is 504, the rest internal. */
  async #guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof AggregatorError) throw error;
      if (error instanceof NotEnoughConfirmationsError) throw errors.notEnoughConfirmations();
      throw errors.internal((error as Error)?.message ?? String(error));
    }
  }

  #codec(n: number): WalrusCodec {
    let codec = this.#codecs.get(n);
    if (!codec) this.#codecs.set(n, (codec = new WalrusCodec(n)));
    return codec;
  }
}

function checkQuery(query: PublisherQuery): void {
  if (query.epochs < 1) throw errors.malformedRequest('epochs must be at least 1');
  if (query.postStore.kind === 'share') {
    throw errors.malformedRequest('this publisher cannot share blobs (`share=true`); use send_object_to');
  }
}
