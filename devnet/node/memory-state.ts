// In-memory BlobStateSource for tests: the same event rules as the persisted source, with
// helpers to register, certify and delete blobs or move the epoch directly.
import { blobIdToText } from '../../core/walrus/blob-id.ts';
import type { EventId } from '../../core/walrus/node-types.ts';
import { applyBlobEvent, UNKNOWN_BLOB, type BlobEvent, type BlobInfo } from './blob-info.ts';
import {
  Listeners,
  StateError,
  validateCommittee,
  type BlobStateSource,
  type CommitteeView,
  type StateChange,
} from './blob-state.ts';

export interface RegisterOptions {
  readonly objectId?: string;
  readonly deletable?: boolean;
  /** Default: 5 epochs after the current one. */
  readonly endEpoch?: number;
  readonly size?: number;
}

export class MemoryBlobState implements BlobStateSource {
  #committee: CommitteeView;
  readonly #blobs = new Map<string, BlobInfo>();
  readonly #listeners = new Listeners();
  #applied = 0;

  constructor(committee: CommitteeView) {
    this.#committee = validateCommittee(committee);
  }

  get nShards(): number {
    return this.#committee.nShards;
  }

  currentEpoch(): number {
    return this.#committee.epoch;
  }

  ownedShards(): ReadonlySet<number> {
    return new Set(this.#committee.shards);
  }

  status(blobId: Uint8Array): BlobInfo {
    return this.#blobs.get(blobIdToText(blobId)) ?? UNKNOWN_BLOB;
  }

  subscribe(listener: (change: StateChange) => void): () => void {
    return this.#listeners.add(listener);
  }

  eventProgress() {
    return { persisted: this.#applied, pending: 0 };
  }

  setCommittee(committee: CommitteeView): void {
    const next = validateCommittee(committee);
    if (next.nShards !== this.#committee.nShards) throw new StateError('the shard count never changes');
    this.#committee = next;
    this.#listeners.emit({ kind: 'committee', epoch: next.epoch });
  }

  apply(event: BlobEvent): void {
    const key = blobIdToText(event.blobId);
    this.#blobs.set(key, applyBlobEvent(this.#blobs.get(key) ?? UNKNOWN_BLOB, event));
    this.#applied++;
    this.#listeners.emit({ kind: 'blob', blobId: event.blobId, event: event.kind });
  }

  /** Registers a Blob object for `blobId`; returns its object ID. */
  register(blobId: Uint8Array, options: RegisterOptions = {}): string {
    const objectId = options.objectId ?? fakeObjectId(this.#applied + 1);
    this.apply({
      kind: 'registered',
      blobId,
      objectId,
      epoch: this.currentEpoch(),
      endEpoch: options.endEpoch ?? this.currentEpoch() + 5,
      deletable: options.deletable ?? false,
      size: options.size ?? 0,
      eventId: this.#eventId(),
    });
    return objectId;
  }

  certify(blobId: Uint8Array, objectId: string): void {
    const object = this.status(blobId).objects.find((o) => o.objectId === objectId);
    if (!object) throw new StateError(`object ${objectId} is not registered for this blob`);
    this.apply({
      kind: 'certified',
      blobId,
      objectId,
      epoch: this.currentEpoch(),
      endEpoch: object.endEpoch,
      deletable: object.deletable,
      isExtension: false,
      eventId: this.#eventId(),
    });
  }

  delete(blobId: Uint8Array, objectId: string): void {
    this.apply({ kind: 'deleted', blobId, objectId, epoch: this.currentEpoch(), eventId: this.#eventId() });
  }

  invalidate(blobId: Uint8Array): void {
    this.apply({ kind: 'invalid', blobId, epoch: this.currentEpoch(), eventId: this.#eventId() });
  }

  #eventId(): EventId {
    return { txDigest: '11111111111111111111111111111111', eventSeq: String(this.#applied) };
  }
}

/** A deterministic, well-formed object ID for tests. */
export function fakeObjectId(seed: number): string {
  return `0x${seed.toString(16).padStart(64, '0')}`;
}
