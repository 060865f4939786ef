// Walrus `Blob` objects on chain: read by object ID (a Blob, or a SharedBlob wrapping one) with
// their attributes, for `GET /v1/blobs/by-object-id/{id}`, and shown in the publisher's JSON the way
// the daemon serializes `walrus_sui::types::move_structs::Blob` (camelCase, encoding "RS2").
import { bcs } from '@mysten/sui/bcs';
import { ObjectError, type ClientWithCoreApi } from '@mysten/sui/client';
import { normalizeSuiObjectId, parseStructTag } from '@mysten/sui/utils';
import type { WalrusClient } from '@mysten/walrus';
import { blobIdFromU256, blobIdToText } from '../core/walrus/blob-id.ts';
import { BlobObjectBcs } from '../core/walrus/writer.ts';
import { errors } from './errors.ts';

// The Move layout of `blob::Blob` is Floe's (writer.ts): @mysten/walrus keeps its copy private, and
// its object loader caches objects, which would show a certified blob as uncertified.
const BlobBcs = BlobObjectBcs;

const SharedBlobBcs = bcs.struct('SharedBlob', {
  id: bcs.Address,
  blob: BlobBcs,
  funds: bcs.struct('Balance', { value: bcs.u64() }),
});

/** A Blob object as the daemon's JSON shows it. */
export interface BlobObjectJson {
  readonly id: string;
  readonly registeredEpoch: number;
  readonly blobId: string;
  readonly size: number;
  readonly encodingType: 'RS2';
  readonly certifiedEpoch: number | null;
  readonly storage: {
    readonly id: string;
    readonly startEpoch: number;
    readonly endEpoch: number;
    readonly storageSize: number;
  };
  readonly deletable: boolean;
}

export interface BlobWithAttributes {
  readonly blob: BlobObjectJson;
  /** The blob's `metadata` attributes, or null when it has none. */
  readonly attributes: Readonly<Record<string, string>> | null;
}

export interface ChainReader {
  readonly sui: ClientWithCoreApi;
  readonly walrus: WalrusClient;
}

/**
 * The Blob behind `objectId` (a Blob or a SharedBlob) and its attributes. An object that does not
 * exist is the daemon's BLOB_NOT_FOUND; one of another type is an internal error, as there.
 */
export async function readBlobWithAttributes(
  chain: ChainReader,
  objectId: string,
): Promise<BlobWithAttributes> {
  const { objects } = await chain.sui.core.getObjects({ objectIds: [objectId], include: { content: true } });
  const object = objects[0]!;
  if (object instanceof ObjectError && (object.reason === 'notFound' || object.reason === 'deleted')) {
    throw errors.blobNotFound();
  }
  if (object instanceof Error) throw object;
  const blobType = await chain.walrus.getBlobType();
  let blob: BlobObjectJson;
  if (sameType(object.type, blobType)) {
    blob = blobJson(BlobBcs.parse(object.content));
  } else if (sameType(object.type, blobType.replace(/::blob::Blob$/, '::shared_blob::SharedBlob'))) {
    blob = blobJson(SharedBlobBcs.parse(object.content).blob);
  } else {
    throw errors.internal(`object ${objectId} is a ${object.type}, not a Walrus Blob or SharedBlob`);
  }
  return { blob, attributes: await readAttributes(chain, blob.id) };
}

/** The current state of Blob objects the publisher just created or changed (no cache). */
export async function readBlobObject(sui: ClientWithCoreApi, objectId: string): Promise<BlobObjectJson> {
  const { object } = await sui.core.getObject({ objectId, include: { content: true } });
  return blobJson(BlobBcs.parse(object.content));
}

async function readAttributes(
  chain: ChainReader,
  blobObjectId: string,
): Promise<Readonly<Record<string, string>> | null> {
  try {
    return await chain.walrus.readBlobAttributes({ blobObjectId });
  } catch (error) {
    // No `metadata` dynamic field: a blob without attributes.
    if (error instanceof ObjectError && error.reason === 'notFound') return null;
    throw error;
  }
}

function blobJson(b: ReturnType<typeof BlobBcs.parse>): BlobObjectJson {
  return {
    id: normalizeSuiObjectId(b.id),
    registeredEpoch: b.registered_epoch,
    blobId: blobIdToText(blobIdFromU256(BigInt(b.blob_id))),
    size: Number(b.size),
    encodingType: 'RS2',
    certifiedEpoch: b.certified_epoch ?? null,
    storage: {
      id: normalizeSuiObjectId(b.storage.id),
      startEpoch: b.storage.start_epoch,
      endEpoch: b.storage.end_epoch,
      storageSize: Number(b.storage.storage_size),
    },
    deletable: b.deletable,
  };
}

function sameType(a: string, b: string): boolean {
  try {
    const x = parseStructTag(a);
    const y = parseStructTag(b);
    return (
      normalizeSuiObjectId(x.address) === normalizeSuiObjectId(y.address) &&
      x.module === y.module &&
      x.name === y.name
    );
  } catch {
    return false;
  }
}
