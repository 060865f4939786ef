// `blob`, `storage_resource`, `metadata` and `events`: Blob and Storage objects, blob attributes
// (the `b"metadata"` dynamic field holding a `Metadata` VecMap<String, String>) and the events
// storage nodes follow, with the layouts and abort codes of MystenLabs/walrus's Move sources.
import { ExecutionFailure, MoveAbort } from '../../move/abort.ts';
import type { NativeModule } from '../../move/registry.ts';
import type { NativeContext } from '../../exec/native-context.ts';
import { STD } from '../framework.ts';
import { emptyVecMap, vecMapInsert, vecMapRemove } from '../vec-map.ts';
import {
  abort,
  BYTES_TYPE,
  checkedUint,
  METADATA_FIELD_NAME,
  PKG,
  WALRUS_ALIASES as aliases,
  walrusType,
  type BlobValue,
  type MetadataValue,
  type StorageValue,
} from './constants.ts';
import { deriveBlobId, encodedBlobLength } from './encoding.ts';
import type { BlobPersistence } from './messages.ts';

const METADATA_TYPE = walrusType('Metadata');
const BLOB_REGISTERED = walrusType('BlobRegistered');
const BLOB_CERTIFIED = walrusType('BlobCertified');
const BLOB_DELETED = walrusType('BlobDeleted');

// ---- Blob lifecycle (called by `system`) ------------------------------------------------

/** `blob::new`: checks the storage covers the encoded blob and the ID derivation, then emits BlobRegistered. */
export function newBlob(
  ctx: NativeContext,
  args: {
    storage: StorageValue;
    blobId: bigint;
    rootHash: bigint;
    size: bigint;
    encodingType: number;
    deletable: boolean;
    registeredEpoch: number;
    nShards: number;
  },
): BlobValue {
  const { storage, registeredEpoch } = args;
  const id = ctx.newId();
  if (registeredEpoch < storage.start_epoch) throw abort('blob', 'new', 2, 'EResourceBounds');
  if (registeredEpoch >= storage.end_epoch) throw abort('blob', 'new', 2, 'EResourceBounds');
  const encodedSize = encodedBlobLength(args.size, args.encodingType, args.nShards);
  if (encodedSize > storage.storage_size) throw abort('blob', 'new', 3, 'EResourceSize');
  if (deriveBlobId(args.rootHash, args.encodingType, args.size) !== args.blobId)
    throw abort('blob', 'new', 6, 'EInvalidBlobId');
  ctx.emit(BLOB_REGISTERED, {
    epoch: registeredEpoch,
    blob_id: args.blobId,
    size: args.size,
    encoding_type: args.encodingType,
    end_epoch: storage.end_epoch,
    deletable: args.deletable,
    object_id: id,
  });
  return {
    id,
    registered_epoch: registeredEpoch,
    blob_id: args.blobId,
    size: args.size,
    encoding_type: args.encodingType,
    certified_epoch: null,
    storage,
    deletable: args.deletable,
  };
}

/** `certify_with_certified_msg`: the certificate must name this blob, its persistence and (if deletable) its object. */
export function certifyWithMessage(
  ctx: NativeContext,
  blob: BlobValue,
  currentEpoch: number,
  message: { blobId: bigint; persistence: BlobPersistence },
): void {
  const fn = 'certify_with_certified_msg';
  if (blob.blob_id !== message.blobId) throw abort('blob', fn, 6, 'EInvalidBlobId');
  if (blob.certified_epoch !== null) throw abort('blob', fn, 5, 'EAlreadyCertified');
  if (currentEpoch >= blob.storage.end_epoch) throw abort('blob', fn, 2, 'EResourceBounds');
  if (blob.deletable !== message.persistence.deletable)
    throw abort('blob', fn, 9, 'EInvalidBlobPersistenceType');
  if (blob.deletable && message.persistence.deletable && message.persistence.objectId !== blob.id)
    throw abort('blob', fn, 10, 'EInvalidBlobObject');
  blob.certified_epoch = currentEpoch;
  emitCertified(ctx, blob, false);
}

/** `blob::emit_certified`: extensions report the original certification epoch, as in Move. */
export function emitCertified(ctx: NativeContext, blob: BlobValue, isExtension: boolean): void {
  // `*certified_epoch.borrow()` on none aborts in std::option; callers check certification first.
  if (blob.certified_epoch === null) throw new MoveAbort(STD, 'option', 'borrow', 0x40001, 'EOPTION_NOT_SET');
  ctx.emit(BLOB_CERTIFIED, {
    epoch: blob.certified_epoch,
    blob_id: blob.blob_id,
    end_epoch: blob.storage.end_epoch,
    deletable: blob.deletable,
    object_id: blob.id,
    is_extension: isExtension,
  });
}

export function assertCertifiedNotExpired(blob: BlobValue, currentEpoch: number): void {
  if (blob.certified_epoch === null) throw abort('blob', 'assert_certified_not_expired', 0, 'ENotCertified');
  if (currentEpoch >= blob.storage.end_epoch)
    throw abort('blob', 'assert_certified_not_expired', 2, 'EResourceBounds');
}

/** `blob::delete`: only deletable, unexpired blobs; drops attributes and returns the storage. */
export function deleteBlob(ctx: NativeContext, blob: BlobValue, epoch: number): StorageValue {
  removeMetadataIfExists(ctx, blob);
  if (!blob.deletable) throw abort('blob', 'delete', 1, 'EBlobNotDeletable');
  if (blob.storage.end_epoch <= epoch) throw abort('blob', 'delete', 2, 'EResourceBounds');
  ctx.deleteId(blob.id);
  ctx.emit(BLOB_DELETED, {
    epoch,
    blob_id: blob.blob_id,
    end_epoch: blob.storage.end_epoch,
    object_id: blob.id,
    was_certified: blob.certified_epoch !== null,
  });
  return blob.storage;
}

/** `blob::extend_with_resource`. */
export function extendWithResource(
  ctx: NativeContext,
  blob: BlobValue,
  extension: StorageValue,
  currentEpoch: number,
): void {
  assertCertifiedNotExpired(blob, currentEpoch);
  if (extension.end_epoch <= blob.storage.end_epoch)
    throw abort('blob', 'extend_with_resource', 2, 'EResourceBounds');
  fusePeriods(ctx, blob.storage, extension);
  emitCertified(ctx, blob, true);
}

// ---- Storage resources -------------------------------------------------------------------

export function createStorage(
  ctx: NativeContext,
  startEpoch: number,
  endEpoch: number,
  size: bigint,
): StorageValue {
  if (startEpoch >= endEpoch) throw abort('storage_resource', 'create_storage', 3, 'EInvalidEpochRange');
  return { id: ctx.newId(), start_epoch: startEpoch, end_epoch: endEpoch, storage_size: size };
}

function fusePeriods(ctx: NativeContext, first: StorageValue, second: StorageValue): void {
  ctx.deleteId(second.id);
  if (first.storage_size !== second.storage_size)
    throw abort('storage_resource', 'fuse_periods', 2, 'EIncompatibleAmount');
  if (first.end_epoch === second.start_epoch) {
    first.end_epoch = second.end_epoch;
  } else {
    if (first.start_epoch !== second.end_epoch)
      throw abort('storage_resource', 'fuse_periods', 1, 'EIncompatibleEpochs');
    first.start_epoch = second.start_epoch;
  }
}

function fuseAmount(ctx: NativeContext, first: StorageValue, second: StorageValue): void {
  ctx.deleteId(second.id);
  if (first.start_epoch !== second.start_epoch || first.end_epoch !== second.end_epoch)
    throw abort('storage_resource', 'fuse_amount', 1, 'EIncompatibleEpochs');
  first.storage_size = checkedUint(
    first.storage_size + second.storage_size,
    64,
    'storage_resource',
    'fuse_amount',
  );
}

// ---- Attributes --------------------------------------------------------------------------

function metadataExists(ctx: NativeContext, blob: BlobValue): boolean {
  return ctx.dynamicField.exists(blob.id, BYTES_TYPE, METADATA_FIELD_NAME);
}

function addMetadata(ctx: NativeContext, blob: BlobValue, metadata: MetadataValue): void {
  if (metadataExists(ctx, blob)) throw abort('blob', 'add_metadata', 7, 'EDuplicateMetadata');
  ctx.dynamicField.add(blob.id, BYTES_TYPE, METADATA_FIELD_NAME, METADATA_TYPE, metadata);
}

function takeMetadata(ctx: NativeContext, blob: BlobValue): MetadataValue {
  if (!metadataExists(ctx, blob)) throw abort('blob', 'take_metadata', 8, 'EMissingMetadata');
  return ctx.dynamicField.remove<MetadataValue>(blob.id, BYTES_TYPE, METADATA_FIELD_NAME, METADATA_TYPE);
}

function borrowMetadata(ctx: NativeContext, blob: BlobValue): MetadataValue {
  if (!metadataExists(ctx, blob)) throw abort('blob', 'metadata', 8, 'EMissingMetadata');
  return ctx.dynamicField.borrow<MetadataValue>(blob.id, BYTES_TYPE, METADATA_FIELD_NAME, METADATA_TYPE);
}

function removeMetadataIfExists(ctx: NativeContext, blob: BlobValue): void {
  if (metadataExists(ctx, blob))
    ctx.dynamicField.remove(blob.id, BYTES_TYPE, METADATA_FIELD_NAME, METADATA_TYPE);
}

function insertOrUpdate(metadata: MetadataValue, key: string, value: string): void {
  // Move removes then inserts, so an updated key moves to the end of the map.
  if (metadata.metadata.contents.some((e) => e.key === key)) vecMapRemove(metadata.metadata, key);
  vecMapInsert(metadata.metadata, key, value);
}

function removeIfExists(metadata: MetadataValue, key: string): string | null {
  if (!metadata.metadata.contents.some((e) => e.key === key)) return null;
  return vecMapRemove(metadata.metadata, key).value;
}

const referenceReturn = (name: string) => () => {
  // A transaction cannot hold a reference across commands; Sui rejects such calls the same way.
  throw new ExecutionFailure('InvalidPublicFunctionReturnType', `${name} returns a reference`, { idx: 0 });
};

const blobGetter = (field: keyof BlobValue, returns: string) => ({
  parameters: ['&Blob'],
  returns: [returns],
  run: (_ctx: NativeContext, [b]: unknown[]) => [(b as BlobValue)[field]],
});

const blob: NativeModule = {
  address: PKG,
  name: 'blob',
  aliases,
  structs: {
    Blob: {
      abilities: ['key', 'store'],
      fields: [
        ['id', 'UID'],
        ['registered_epoch', 'u32'],
        ['blob_id', 'u256'],
        ['size', 'u64'],
        ['encoding_type', 'u8'],
        ['certified_epoch', 'Option<u32>'],
        ['storage', 'Storage'],
        ['deletable', 'bool'],
      ],
    },
    BlobIdDerivation: {
      abilities: ['drop'],
      fields: [
        ['encoding_type', 'u8'],
        ['size', 'u64'],
        ['root_hash', 'u256'],
      ],
    },
  },
  functions: {
    object_id: blobGetter('id', 'ID'),
    registered_epoch: blobGetter('registered_epoch', 'u32'),
    blob_id: blobGetter('blob_id', 'u256'),
    size: blobGetter('size', 'u64'),
    encoding_type: blobGetter('encoding_type', 'u8'),
    is_deletable: blobGetter('deletable', 'bool'),
    certified_epoch: {
      parameters: ['&Blob'],
      returns: ['&Option<u32>'],
      run: referenceReturn('blob::certified_epoch'),
    },
    storage: { parameters: ['&Blob'], returns: ['&Storage'], run: referenceReturn('blob::storage') },
    end_epoch: {
      parameters: ['&Blob'],
      returns: ['u32'],
      run: (_ctx, [b]) => [(b as BlobValue).storage.end_epoch],
    },
    encoded_size: {
      parameters: ['&Blob', 'u16'],
      returns: ['u64'],
      run: (_ctx, [b, n]) => {
        const value = b as BlobValue;
        return [encodedBlobLength(value.size, value.encoding_type, n as number)];
      },
    },
    derive_blob_id: {
      parameters: ['u256', 'u8', 'u64'],
      returns: ['u256'],
      run: (_ctx, [root, encoding, size]) => [
        deriveBlobId(root as bigint, encoding as number, size as bigint),
      ],
    },
    burn: {
      parameters: ['Blob'],
      returns: [],
      run: (ctx, [b]) => {
        const value = b as BlobValue;
        removeMetadataIfExists(ctx, value);
        ctx.deleteId(value.id);
        ctx.deleteId(value.storage.id);
        return [];
      },
    },
    add_metadata: {
      parameters: ['&mut Blob', 'Metadata'],
      returns: [],
      run: (ctx, [b, m]) => {
        addMetadata(ctx, b as BlobValue, m as MetadataValue);
        return [];
      },
    },
    add_or_replace_metadata: {
      parameters: ['&mut Blob', 'Metadata'],
      returns: ['Option<Metadata>'],
      run: (ctx, [b, m]) => {
        const value = b as BlobValue;
        const old = metadataExists(ctx, value) ? takeMetadata(ctx, value) : null;
        addMetadata(ctx, value, m as MetadataValue);
        return [old];
      },
    },
    take_metadata: {
      parameters: ['&mut Blob'],
      returns: ['Metadata'],
      run: (ctx, [b]) => [takeMetadata(ctx, b as BlobValue)],
    },
    insert_or_update_metadata_pair: {
      parameters: ['&mut Blob', 'String', 'String'],
      returns: [],
      run: (ctx, [b, key, value]) => {
        const target = b as BlobValue;
        // `metadata_or_create`: the first attribute creates the field.
        if (!metadataExists(ctx, target)) addMetadata(ctx, target, { metadata: emptyVecMap() });
        insertOrUpdate(borrowMetadata(ctx, target), key as string, value as string);
        return [];
      },
    },
    remove_metadata_pair: {
      parameters: ['&mut Blob', '&String'],
      returns: ['String', 'String'],
      run: (ctx, [b, key]) => {
        const entry = vecMapRemove(borrowMetadata(ctx, b as BlobValue).metadata, key as string);
        return [entry.key, entry.value];
      },
    },
    remove_metadata_pair_if_exists: {
      parameters: ['&mut Blob', '&String'],
      returns: ['Option<String>'],
      run: (ctx, [b, key]) => {
        const value = b as BlobValue;
        if (!metadataExists(ctx, value)) return [null];
        return [removeIfExists(borrowMetadata(ctx, value), key as string)];
      },
    },
  },
};

const storageGetter = (field: 'start_epoch' | 'end_epoch' | 'storage_size', returns: string) => ({
  parameters: ['&Storage'],
  returns: [returns],
  run: (_ctx: NativeContext, [s]: unknown[]) => [(s as StorageValue)[field]],
});

const storageResource: NativeModule = {
  address: PKG,
  name: 'storage_resource',
  aliases,
  structs: {
    Storage: {
      abilities: ['key', 'store'],
      fields: [
        ['id', 'UID'],
        ['start_epoch', 'u32'],
        ['end_epoch', 'u32'],
        ['storage_size', 'u64'],
      ],
    },
  },
  functions: {
    start_epoch: storageGetter('start_epoch', 'u32'),
    end_epoch: storageGetter('end_epoch', 'u32'),
    size: storageGetter('storage_size', 'u64'),
    split_by_epoch: {
      parameters: ['&mut Storage', 'u32', '&mut TxContext'],
      returns: ['Storage'],
      run: (ctx, [s, epoch]) => {
        const storage = s as StorageValue;
        const split = epoch as number;
        if (!(split > storage.start_epoch && split < storage.end_epoch))
          throw abort('storage_resource', 'split_by_epoch', 0, 'EInvalidEpoch');
        const end = storage.end_epoch;
        storage.end_epoch = split;
        return [{ id: ctx.newId(), start_epoch: split, end_epoch: end, storage_size: storage.storage_size }];
      },
    },
    split_by_size: {
      parameters: ['&mut Storage', 'u64', '&mut TxContext'],
      returns: ['Storage'],
      run: (ctx, [s, size]) => {
        const storage = s as StorageValue;
        const split = size as bigint;
        if (storage.storage_size < split)
          throw abort('storage_resource', 'split_by_size', 2, 'EIncompatibleAmount');
        const rest = storage.storage_size - split;
        storage.storage_size = split;
        return [
          {
            id: ctx.newId(),
            start_epoch: storage.start_epoch,
            end_epoch: storage.end_epoch,
            storage_size: rest,
          },
        ];
      },
    },
    fuse_periods: {
      parameters: ['&mut Storage', 'Storage'],
      returns: [],
      run: (ctx, [a, b]) => {
        fusePeriods(ctx, a as StorageValue, b as StorageValue);
        return [];
      },
    },
    fuse_amount: {
      parameters: ['&mut Storage', 'Storage'],
      returns: [],
      run: (ctx, [a, b]) => {
        fuseAmount(ctx, a as StorageValue, b as StorageValue);
        return [];
      },
    },
    fuse: {
      parameters: ['&mut Storage', 'Storage'],
      returns: [],
      run: (ctx, [a, b]) => {
        const first = a as StorageValue;
        const second = b as StorageValue;
        if (first.start_epoch === second.start_epoch) fuseAmount(ctx, first, second);
        else fusePeriods(ctx, first, second);
        return [];
      },
    },
    destroy: {
      parameters: ['Storage'],
      returns: [],
      run: (ctx, [s]) => {
        ctx.deleteId((s as StorageValue).id);
        return [];
      },
    },
  },
};

const metadata: NativeModule = {
  address: PKG,
  name: 'metadata',
  aliases,
  structs: {
    Metadata: { abilities: ['drop', 'store'], fields: [['metadata', 'VecMap<String, String>']] },
  },
  functions: {
    new: { parameters: [], returns: ['Metadata'], run: () => [{ metadata: emptyVecMap() }] },
    insert_or_update: {
      parameters: ['&mut Metadata', 'String', 'String'],
      returns: [],
      run: (_ctx, [m, key, value]) => {
        insertOrUpdate(m as MetadataValue, key as string, value as string);
        return [];
      },
    },
    remove: {
      parameters: ['&mut Metadata', '&String'],
      returns: ['String', 'String'],
      run: (_ctx, [m, key]) => {
        const entry = vecMapRemove((m as MetadataValue).metadata, key as string);
        return [entry.key, entry.value];
      },
    },
    remove_if_exists: {
      parameters: ['&mut Metadata', '&String'],
      returns: ['Option<String>'],
      run: (_ctx, [m, key]) => [removeIfExists(m as MetadataValue, key as string)],
    },
  },
};

const event = (fields: readonly (readonly [string, string])[]) => ({
  abilities: ['copy', 'drop'] as const,
  fields,
});

const events: NativeModule = {
  address: PKG,
  name: 'events',
  aliases,
  structs: {
    BlobRegistered: event([
      ['epoch', 'u32'],
      ['blob_id', 'u256'],
      ['size', 'u64'],
      ['encoding_type', 'u8'],
      ['end_epoch', 'u32'],
      ['deletable', 'bool'],
      ['object_id', 'ID'],
    ]),
    BlobCertified: event([
      ['epoch', 'u32'],
      ['blob_id', 'u256'],
      ['end_epoch', 'u32'],
      ['deletable', 'bool'],
      ['object_id', 'ID'],
      ['is_extension', 'bool'],
    ]),
    BlobDeleted: event([
      ['epoch', 'u32'],
      ['blob_id', 'u256'],
      ['end_epoch', 'u32'],
      ['object_id', 'ID'],
      ['was_certified', 'bool'],
    ]),
    InvalidBlobID: event([
      ['epoch', 'u32'],
      ['blob_id', 'u256'],
    ]),
    EpochChangeStart: event([['epoch', 'u32']]),
    EpochChangeDone: event([['epoch', 'u32']]),
    ShardsReceived: event([
      ['epoch', 'u32'],
      ['shards', 'vector<u16>'],
    ]),
    EpochParametersSelected: event([['next_epoch', 'u32']]),
  },
};

export const BLOB_MODULES: readonly NativeModule[] = [blob, storageResource, metadata, events];
