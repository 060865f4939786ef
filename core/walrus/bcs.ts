// BCS layouts of the storage-node wire types (MystenLabs/walrus crates/walrus-core: metadata, encoding and messages).
// Schemas are built with @mysten/bcs so they round-trip with the official SDK; the sliver parser
// below is a zero-copy fast path for the reader, which handles hundreds of slivers per read.
// They are Floe's own because @mysten/walrus (1.2) keeps its layouts internal: its package exports
// only its index, which offers no BCS types (`blobIdFromInt`/`blobIdToInt` are all of its BCS).
import { bcs, type BcsType } from '@mysten/bcs';
import { decodeExact } from '../sui/decode-exact.ts';
import { BcsDecodeError, readUleb128, StrictBcsReader, uleb128 } from './bcs-reader.ts';

// The primitives moved to bcs-reader.ts; most callers import them from here with the layouts.
export { BcsDecodeError, readUleb128, uleb128 } from './bcs-reader.ts';

export const SliverDataBcs = bcs.struct('SliverData', {
  symbols: bcs.struct('Symbols', { data: bcs.byteVector(), symbol_size: bcs.u16() }),
  index: bcs.u16(),
});

export const MerkleNodeBcs = bcs.enum('MerkleNode', { Empty: null, Digest: bcs.bytes(32) });

export const SliverPairMetadataBcs = bcs.struct('SliverPairMetadata', {
  primary_hash: MerkleNodeBcs,
  secondary_hash: MerkleNodeBcs,
});

/** Serde tags: RedStuffRaptorQ = 0 (rejected since walrus v1.56), RS2 = 1. */
export const EncodingTypeBcs = bcs.enum('EncodingType', { RedStuffRaptorQ: null, RS2: null });
export const RS2_ENCODING_TYPE = 1;

export const BlobMetadataV1Bcs = bcs.struct('BlobMetadataV1', {
  encoding_type: EncodingTypeBcs,
  unencoded_length: bcs.u64(),
  hashes: bcs.vector(SliverPairMetadataBcs),
});

export const BlobMetadataBcs = bcs.enum('BlobMetadata', { V1: BlobMetadataV1Bcs });

/** Body of GET /metadata; PUT /metadata sends only `BlobMetadataBcs`. */
export const BlobMetadataWithIdBcs = bcs.struct('BlobMetadataWithId', {
  blob_id: bcs.bytes(32),
  metadata: BlobMetadataBcs,
});

/** Intent of a storage confirmation: BLOB_CERT_MSG, version 0, app STORAGE. */
export const BLOB_CERT_INTENT = { type: 1, version: 0, appId: 3 } as const;

export const BlobPersistenceTypeBcs = bcs.enum('BlobPersistenceType', {
  Permanent: null,
  Deletable: bcs.struct('Deletable', { object_id: bcs.bytes(32) }),
});

export const StorageConfirmationBcs = bcs.struct('StorageConfirmation', {
  intent_type: bcs.u8(),
  intent_version: bcs.u8(),
  intent_app_id: bcs.u8(),
  epoch: bcs.u32(),
  blob_id: bcs.bytes(32),
  blob_persistence_type: BlobPersistenceTypeBcs,
});

/** `ProtocolMessageCertificate`: signer indices into the committee, the message, the aggregate G2 signature. */
export const CertificateBcs = bcs.struct('ProtocolMessageCertificate', {
  signers: bcs.vector(bcs.u16()),
  serialized_message: bcs.byteVector(),
  signature: bcs.byteVector(),
});

/** Our decoded views; hashes are raw 32-byte digests or null for `Empty`. */
export interface SliverData {
  /** The sliver's symbols back to back (a view into the response buffer, not a copy). */
  readonly data: Uint8Array;
  readonly symbolSize: number;
  readonly index: number;
}

export interface SliverPairHashes {
  readonly primary: Uint8Array | null;
  readonly secondary: Uint8Array | null;
}

export interface BlobMetadata {
  readonly encodingType: number;
  readonly unencodedLength: number;
  readonly hashes: readonly SliverPairHashes[];
}

export interface BlobMetadataWithId {
  readonly blobId: Uint8Array;
  readonly metadata: BlobMetadata;
}

export type BlobPersistence = { kind: 'permanent' } | { kind: 'deletable'; objectId: Uint8Array };

export interface StorageConfirmation {
  readonly epoch: number;
  readonly blobId: Uint8Array;
  readonly persistence: BlobPersistence;
}

/** Parses BCS `SliverData` without copying the symbol bytes. */
export function parseSliverData(bytes: Uint8Array): SliverData {
  const { value: length, size } = readUleb128(bytes, 0);
  const end = size + length;
  if (end + 4 !== bytes.length) {
    throw new BcsDecodeError(
      `SliverData of ${bytes.length} bytes declares ${length} data bytes (expected ${bytes.length - size - 4})`,
    );
  }
  const symbolSize = bytes[end]! | (bytes[end + 1]! << 8);
  const index = bytes[end + 2]! | (bytes[end + 3]! << 8);
  if (symbolSize === 0) throw new BcsDecodeError('SliverData has symbol size 0');
  return { data: bytes.subarray(size, end), symbolSize, index };
}

export function serializeSliverData(sliver: SliverData): Uint8Array {
  const { frame, data } = sliverDataFrame(sliver.data.length, sliver.symbolSize, sliver.index);
  data.set(sliver.data);
  return frame;
}

/**
 * A `SliverData` envelope for `dataLength` bytes of symbols, its length prefix and trailer
 * written, and `data`, the view of `frame` to fill with the symbols: a sliver read from disk goes
 * straight into the bytes the upload sends, instead of being read and then copied into them.
 */
export function sliverDataFrame(
  dataLength: number,
  symbolSize: number,
  index: number,
): { frame: Uint8Array; data: Uint8Array } {
  const prefix = uleb128(dataLength);
  const frame = new Uint8Array(prefix.length + dataLength + 4);
  frame.set(prefix, 0);
  const end = prefix.length + dataLength;
  frame[end] = symbolSize & 0xff;
  frame[end + 1] = symbolSize >> 8;
  frame[end + 2] = index & 0xff;
  frame[end + 3] = index >> 8;
  return { frame, data: frame.subarray(prefix.length, end) };
}

/** BCS size of a `SliverData` with `dataLength` bytes of symbols. */
export function sliverDataBcsSize(dataLength: number): number {
  return uleb128(dataLength).length + dataLength + 4;
}

export function parseBlobMetadata(bytes: Uint8Array): BlobMetadata {
  const reader = new StrictBcsReader(bytes, 'BlobMetadata');
  const metadata = readMetadata(reader);
  reader.finish();
  return metadata;
}

export function parseBlobMetadataWithId(bytes: Uint8Array): BlobMetadataWithId {
  const reader = new StrictBcsReader(bytes, 'BlobMetadataWithId');
  const blobId = reader.bytes(32).slice();
  const metadata = readMetadata(reader);
  reader.finish();
  return { blobId, metadata };
}

export function serializeBlobMetadata(metadata: BlobMetadata): Uint8Array {
  return BlobMetadataBcs.serialize(toMetadataBcs(metadata)).toBytes();
}

export function serializeBlobMetadataWithId(value: BlobMetadataWithId): Uint8Array {
  return BlobMetadataWithIdBcs.serialize({
    blob_id: value.blobId,
    metadata: toMetadataBcs(value.metadata),
  }).toBytes();
}

export function serializeStorageConfirmation(message: StorageConfirmation): Uint8Array {
  return StorageConfirmationBcs.serialize({
    intent_type: BLOB_CERT_INTENT.type,
    intent_version: BLOB_CERT_INTENT.version,
    intent_app_id: BLOB_CERT_INTENT.appId,
    epoch: message.epoch,
    blob_id: message.blobId,
    blob_persistence_type:
      message.persistence.kind === 'permanent'
        ? { Permanent: true }
        : { Deletable: { object_id: message.persistence.objectId } },
  }).toBytes();
}

export function parseStorageConfirmation(bytes: Uint8Array): StorageConfirmation {
  const parsed = decodeWhole(StorageConfirmationBcs, bytes, 'StorageConfirmation');
  if (
    parsed.intent_type !== BLOB_CERT_INTENT.type ||
    parsed.intent_version !== BLOB_CERT_INTENT.version ||
    parsed.intent_app_id !== BLOB_CERT_INTENT.appId
  ) {
    throw new BcsDecodeError(
      `not a storage confirmation: intent (${parsed.intent_type}, ${parsed.intent_version}, ${parsed.intent_app_id})`,
    );
  }
  const persistence: BlobPersistence =
    parsed.blob_persistence_type.$kind === 'Permanent'
      ? { kind: 'permanent' }
      : { kind: 'deletable', objectId: Uint8Array.from(parsed.blob_persistence_type.Deletable.object_id) };
  return { epoch: parsed.epoch, blobId: Uint8Array.from(parsed.blob_id), persistence };
}

export interface Certificate {
  readonly signers: readonly number[];
  readonly serializedMessage: Uint8Array;
  readonly signature: Uint8Array;
}

export function serializeCertificate(cert: Certificate): Uint8Array {
  return CertificateBcs.serialize({
    signers: [...cert.signers],
    serialized_message: cert.serializedMessage,
    signature: cert.signature,
  }).toBytes();
}

export function parseCertificate(bytes: Uint8Array): Certificate {
  const parsed = decodeWhole(CertificateBcs, bytes, 'ProtocolMessageCertificate');
  return {
    signers: parsed.signers,
    serializedMessage: Uint8Array.from(parsed.serialized_message),
    signature: Uint8Array.from(parsed.signature),
  };
}

/**
 * Hand-written metadata reader: metadata arrives from untrusted nodes (66 KB at n = 1000), so it
 * is parsed with strict bounds checks and without building intermediate objects.
 */
function readMetadata(reader: StrictBcsReader): BlobMetadata {
  const version = reader.u8();
  if (version !== 0) reader.fail(`unknown BlobMetadata variant ${version}`);
  const encodingType = reader.u8();
  if (encodingType !== RS2_ENCODING_TYPE) reader.fail(`unsupported encoding type ${encodingType}`);
  const low = reader.u32();
  const high = reader.u32();
  const unencodedLength = high * 0x1_0000_0000 + low;
  if (!Number.isSafeInteger(unencodedLength)) reader.fail('unencoded length too large');
  // Smallest pair: two `Empty` nodes.
  const count = reader.count(2);
  const hashes: SliverPairHashes[] = [];
  for (let i = 0; i < count; i++)
    hashes.push({ primary: reader.merkleNode(), secondary: reader.merkleNode() });
  return { encodingType, unencodedLength, hashes };
}

function toMetadataBcs(metadata: BlobMetadata) {
  const node = (hash: Uint8Array | null) => (hash ? { Digest: hash } : { Empty: true });
  return {
    V1: {
      encoding_type: metadata.encodingType === RS2_ENCODING_TYPE ? { RS2: true } : { RedStuffRaptorQ: true },
      unencoded_length: BigInt(metadata.unencodedLength),
      hashes: metadata.hashes.map((pair) => ({
        primary_hash: node(pair.primary),
        secondary_hash: node(pair.secondary),
      })),
    },
  } as const;
}

/** Parses `bytes` as exactly one value of `type`; trailing bytes are an error, as in Rust's bcs. */
function decodeWhole<T, I>(type: BcsType<T, I>, bytes: Uint8Array, what: string): T {
  return decodeExact(
    type,
    bytes,
    (reason, cause) => new BcsDecodeError(`malformed ${what}: ${reason}`, { cause }),
  );
}
