// Storage confirmations (MystenLabs/walrus crates/walrus-service, `node.rs::compute_storage_confirmation`): the
// node signs the 40- or 72-byte `StorageConfirmation` for its current epoch only when the blob is
// registered with the requested persistence and both slivers of every pair on every shard it owns
// are stored. Signing costs a hash to G2 and a scalar multiplication, so signatures are cached
// per message (the message already includes the epoch).
import { toBase64 } from '@mysten/bcs';
import { serializeStorageConfirmation, type BlobPersistence } from '../../core/walrus/bcs.ts';
import { errors } from './api-error.ts';
import { hasLiveDeletable, hasLivePermanent, objectIdHex } from './blob-info.ts';
import type { BlobStateSource } from './blob-state.ts';
import type { BlsSigner } from './bls.ts';
import { pairsOnShards } from './shards.ts';
import type { NodeStore } from './store.ts';

export interface ConfirmationRequest {
  readonly blobId: Uint8Array;
  readonly persistence: BlobPersistence;
  readonly waitForRegistration: boolean;
  readonly waitMillis: number | undefined;
  /** Ends a registration wait early (the client went away). */
  readonly signal?: AbortSignal;
}

/** `ApiSuccess<StorageConfirmation>` data: std base64 of the message and the 96-byte signature. */
export interface SignedConfirmationJson {
  readonly signed: { readonly serializedMessage: string; readonly signature: string };
}

export interface ConfirmerOptions {
  readonly store: NodeStore;
  readonly state: BlobStateSource;
  readonly signer: BlsSigner;
  readonly maxWaitMs: number;
  /** Writes still landing for the blob (a pending upload being flushed), awaited before counting. */
  readonly settled: (blobId: Uint8Array) => Promise<void> | undefined;
}

const SIGNATURE_CACHE_ENTRIES = 1024;

export class Confirmer {
  readonly #options: ConfirmerOptions;
  readonly #signatures = new Map<string, Uint8Array>();
  readonly #unsubscribe: () => void;

  constructor(options: ConfirmerOptions) {
    this.#options = options;
    // A new epoch means new messages; the old signatures are of no further use.
    this.#unsubscribe = options.state.subscribe((change) => {
      if (change.kind === 'committee') this.#signatures.clear();
    });
  }

  close(): void {
    this.#unsubscribe();
  }

  async confirm(request: ConfirmationRequest): Promise<SignedConfirmationJson> {
    const { state, maxWaitMs } = this.#options;
    const { blobId, persistence } = request;
    const eligible = () => {
      const info = state.status(blobId);
      const epoch = state.currentEpoch();
      return persistence.kind === 'permanent'
        ? hasLivePermanent(info, epoch)
        : hasLiveDeletable(info, objectIdHex(persistence.objectId), epoch);
    };
    if (!eligible() && request.waitForRegistration) {
      await this.#waitFor(eligible, Math.min(request.waitMillis ?? maxWaitMs, maxWaitMs), request.signal);
    }
    if (!eligible()) throw errors.notRegistered();
    await this.#options.settled(blobId);
    const missing = this.#missingSlivers(blobId);
    if (missing > 0) throw errors.missingSlivers(missing);
    const message = serializeStorageConfirmation({ epoch: state.currentEpoch(), blobId, persistence });
    return { signed: { serializedMessage: toBase64(message), signature: toBase64(this.#sign(message)) } };
  }

  #missingSlivers(blobId: Uint8Array): number {
    const { store, state } = this.#options;
    let missing = 0;
    for (const pair of pairsOnShards(blobId, state.ownedShards(), state.nShards)) {
      if (!store.hasSliver(blobId, pair, 'primary')) missing++;
      if (!store.hasSliver(blobId, pair, 'secondary')) missing++;
    }
    return missing;
  }

  #sign(message: Uint8Array): Uint8Array {
    const key = toBase64(message);
    let signature = this.#signatures.get(key);
    if (!signature) {
      signature = this.#options.signer.sign(message);
      this.#signatures.set(key, signature);
      if (this.#signatures.size > SIGNATURE_CACHE_ENTRIES) {
        this.#signatures.delete(this.#signatures.keys().next().value!);
      }
    }
    return signature;
  }

  /** Resolves once `condition` holds after a state change, after `ms`, or on abort. */
  #waitFor(condition: () => boolean, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      const unsubscribe = this.#options.state.subscribe(() => {
        if (condition()) done();
      });
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
