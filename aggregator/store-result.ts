// The publisher's answers, shaped as the daemon serializes them (MystenLabs/walrus walrus-sdk
// `node_client/responses.rs`: `BlobStoreResult`, `QuiltStoreResult`, `RegisterBlobOp`; serde
// camelCase variants and fields). The OpenAPI document spells some fields in snake_case; the daemon
// sends camelCase, and clients (the TS SDK's publisher examples, walrus-sites tools) read that.
import type { EventId } from '../core/walrus/node-types.ts';
import type { BlobObjectJson } from './blob-object.ts';

export type RegisterBlobOp =
  | { readonly registerFromScratch: { readonly encodedLength: number; readonly epochsAhead: number } }
  | { readonly reuseRegistration: { readonly encodedLength: number } };

export type BlobStoreResult =
  | {
      readonly newlyCreated: {
        readonly blobObject: BlobObjectJson;
        readonly resourceOperation: RegisterBlobOp;
        /** WAL (in FROST) paid for storage and the write, gas excluded. */
        readonly cost: number;
      };
    }
  | {
      /** `event` for a permanent blob certified by anyone, `object` for one the publisher owns. */
      readonly alreadyCertified:
        | { readonly blobId: string; readonly event: EventId; readonly endEpoch: number }
        | { readonly blobId: string; readonly object: string; readonly endEpoch: number };
    };

export interface StoredQuiltPatch {
  readonly identifier: string;
  readonly quiltPatchId: string;
  /** The patch's columns `[start, end)`. */
  readonly range: readonly [number, number];
}

export interface QuiltStoreResult {
  readonly blobStoreResult: BlobStoreResult;
  readonly storedQuiltBlobs: readonly StoredQuiltPatch[];
}

export function alreadyCertifiedByEvent(blobId: string, event: EventId, endEpoch: number): BlobStoreResult {
  // Key order as serde writes it: blob ID, the flattened event, end epoch.
  return {
    alreadyCertified: { blobId, event: { txDigest: event.txDigest, eventSeq: event.eventSeq }, endEpoch },
  };
}

export function alreadyCertifiedOwned(blobId: string, objectId: string, endEpoch: number): BlobStoreResult {
  return { alreadyCertified: { blobId, object: objectId, endEpoch } };
}
