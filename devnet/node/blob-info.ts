// What the node knows about one blob ID from chain events, as a plain value, and the pure rules
// that turn it into answers: is it registered now, may a deletable object be confirmed, and the
// `BlobStatus` JSON (MystenLabs/walrus crates/walrus-service). Walrus keeps the same per-object view
// (`blob_info.rs`); a blob ID is live while any of its Blob objects is undeleted and unexpired.
import type { BlobStatus, EventId } from '../../core/walrus/node-types.ts';

export interface BlobObjectInfo {
  /** The Sui object ID of the `Blob`, 0x + 64 lowercase hex digits. */
  readonly objectId: string;
  readonly deletable: boolean;
  readonly registeredEpoch: number;
  /** First epoch in which the storage is no longer paid for (exclusive end). */
  readonly endEpoch: number;
  readonly certifiedEpoch: number | null;
  /** The event that last changed this object. */
  readonly event: EventId;
}

export interface BlobInfo {
  /** Set once an `InvalidBlobID` event marks the ID inconsistent; nothing is served after that. */
  readonly invalid: EventId | null;
  /** Undeleted Blob objects for this ID (deleted ones are dropped). Expired ones stay until pruned. */
  readonly objects: readonly BlobObjectInfo[];
}

export const UNKNOWN_BLOB: BlobInfo = { invalid: null, objects: [] };

/** Chain events about blobs, decoded and chain-neutral (Move `events.move` field for field). */
export type BlobEvent =
  | {
      readonly kind: 'registered';
      readonly blobId: Uint8Array;
      readonly objectId: string;
      readonly epoch: number;
      readonly endEpoch: number;
      readonly deletable: boolean;
      readonly size: number;
      readonly eventId: EventId;
    }
  | {
      readonly kind: 'certified';
      readonly blobId: Uint8Array;
      readonly objectId: string;
      readonly epoch: number;
      readonly endEpoch: number;
      readonly deletable: boolean;
      /** An extension re-certifies an already certified object with a later end epoch. */
      readonly isExtension: boolean;
      readonly eventId: EventId;
    }
  | {
      readonly kind: 'deleted';
      readonly blobId: Uint8Array;
      readonly objectId: string;
      readonly epoch: number;
      readonly eventId: EventId;
    }
  | {
      readonly kind: 'invalid';
      readonly blobId: Uint8Array;
      readonly epoch: number;
      readonly eventId: EventId;
    };

/** The next state of a blob after one event; events are idempotent so a replay changes nothing. */
export function applyBlobEvent(info: BlobInfo, event: BlobEvent): BlobInfo {
  switch (event.kind) {
    case 'registered': {
      if (info.objects.some((o) => o.objectId === event.objectId)) return info;
      const object: BlobObjectInfo = {
        objectId: event.objectId,
        deletable: event.deletable,
        registeredEpoch: event.epoch,
        endEpoch: event.endEpoch,
        certifiedEpoch: null,
        event: event.eventId,
      };
      return { ...info, objects: [...info.objects, object] };
    }
    case 'certified': {
      const existing = info.objects.find((o) => o.objectId === event.objectId);
      // A certification seen without its registration (a follower that started late) still
      // proves the object exists.
      const base: BlobObjectInfo = existing ?? {
        objectId: event.objectId,
        deletable: event.deletable,
        registeredEpoch: event.epoch,
        endEpoch: event.endEpoch,
        certifiedEpoch: null,
        event: event.eventId,
      };
      const updated: BlobObjectInfo = {
        ...base,
        endEpoch: Math.max(base.endEpoch, event.endEpoch),
        certifiedEpoch: base.certifiedEpoch ?? event.epoch,
        event: event.eventId,
      };
      return { ...info, objects: [...info.objects.filter((o) => o !== existing), updated] };
    }
    case 'deleted':
      return { ...info, objects: info.objects.filter((o) => o.objectId !== event.objectId) };
    case 'invalid':
      return info.invalid ? info : { ...info, invalid: event.eventId };
  }
}

function live(object: BlobObjectInfo, epoch: number): boolean {
  return object.endEpoch > epoch;
}

/** Registered now: not invalid and some object neither deleted nor expired. Reads need this. */
export function isRegistered(info: BlobInfo, epoch: number): boolean {
  return info.invalid === null && info.objects.some((o) => live(o, epoch));
}

/** A permanent confirmation needs a live permanent object: it can only certify one of those. */
export function hasLivePermanent(info: BlobInfo, epoch: number): boolean {
  return info.invalid === null && info.objects.some((o) => !o.deletable && live(o, epoch));
}

/** A deletable confirmation names its Blob object, which must be a live deletable one. */
export function hasLiveDeletable(info: BlobInfo, objectId: string, epoch: number): boolean {
  return (
    info.invalid === null &&
    info.objects.some((o) => o.deletable && o.objectId === objectId && live(o, epoch))
  );
}

/** `BlobStatus` as the node API returns it: camelCase variant fields, snake_case counts (§5.4). */
export function blobStatus(info: BlobInfo, epoch: number): BlobStatus {
  if (info.invalid) return { invalid: { event: info.invalid } };
  const alive = info.objects.filter((o) => live(o, epoch));
  if (alive.length === 0) return 'nonexistent';
  const deletable = alive.filter((o) => o.deletable);
  const permanent = alive.filter((o) => !o.deletable);
  const certifiedEpochs = alive.flatMap((o) => (o.certifiedEpoch === null ? [] : [o.certifiedEpoch]));
  const initialCertifiedEpoch = certifiedEpochs.length ? Math.min(...certifiedEpochs) : null;
  const deletableCounts = {
    count_deletable_total: deletable.length,
    count_deletable_certified: deletable.filter((o) => o.certifiedEpoch !== null).length,
  };
  if (permanent.length === 0) return { deletable: { initialCertifiedEpoch, deletableCounts } };
  // Walrus reports the permanent object that lives longest, and the event that last touched it.
  const longest = permanent.reduce((a, b) => (b.endEpoch > a.endEpoch ? b : a));
  return {
    permanent: {
      endEpoch: longest.endEpoch,
      isCertified: permanent.some((o) => o.certifiedEpoch !== null),
      statusEvent: longest.event,
      deletableCounts,
      initialCertifiedEpoch,
    },
  };
}

/** 0x + 64 lowercase hex digits, the form object IDs are kept in. */
export function objectIdHex(bytes: Uint8Array): string {
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
