// Blob metadata verification (MystenLabs/walrus crates/walrus-core metadata.rs): metadata from an untrusted
// node is accepted only if the blob ID re-derived from its sliver hashes equals the requested ID.
import { blobIdToText, equalBytes } from './blob-id.ts';
import { RS2_ENCODING_TYPE, type BlobMetadata, type BlobMetadataWithId } from './bcs.ts';
import { blake2b256, leafHash, merkleRootFromLeafHashes } from './merkle.ts';
import { DIGEST_LENGTH, geometry, maxBlobSize } from './geometry.ts';

export class MetadataVerificationError extends Error {
  override name = 'MetadataVerificationError';
}

const EMPTY_DIGEST = new Uint8Array(DIGEST_LENGTH);

/** Merkle root over leaf(primary_k ‖ secondary_k) for every sliver pair k. */
export function metadataRootHash(metadata: BlobMetadata): Uint8Array {
  const pair = new Uint8Array(2 * DIGEST_LENGTH);
  const scratch = new Uint8Array(2 * DIGEST_LENGTH + 1);
  const leaves = metadata.hashes.map((h) => {
    pair.set(h.primary ?? EMPTY_DIGEST, 0);
    pair.set(h.secondary ?? EMPTY_DIGEST, DIGEST_LENGTH);
    return leafHash(pair, scratch);
  });
  return merkleRootFromLeafHashes(leaves);
}

/** blob_id = Blake2b256(u8 encoding_type ‖ u64_le unencoded_length ‖ root_hash). */
export function deriveBlobId(
  encodingType: number,
  unencodedLength: number,
  rootHash: Uint8Array,
): Uint8Array {
  const input = new Uint8Array(1 + 8 + DIGEST_LENGTH);
  input[0] = encodingType;
  new DataView(input.buffer).setBigUint64(1, BigInt(unencodedLength), true);
  input.set(rootHash, 9);
  return blake2b256(input);
}

export function blobIdOfMetadata(metadata: BlobMetadata): Uint8Array {
  return deriveBlobId(metadata.encodingType, metadata.unencodedLength, metadataRootHash(metadata));
}

/**
 * Checks untrusted metadata against the blob ID we asked for. Returns the metadata on success so
 * callers can write `const meta = verifyMetadata(...)` and never hold an unchecked value.
 */
export function verifyMetadata(blobId: Uint8Array, response: BlobMetadataWithId, n: number): BlobMetadata {
  const { metadata } = response;
  const id = blobIdToText(blobId);
  if (!equalBytes(response.blobId, blobId)) {
    throw new MetadataVerificationError(`metadata is for blob ${blobIdToText(response.blobId)}, not ${id}`);
  }
  if (metadata.encodingType !== RS2_ENCODING_TYPE) {
    throw new MetadataVerificationError(
      `metadata of ${id} has unsupported encoding type ${metadata.encodingType}`,
    );
  }
  if (metadata.hashes.length !== n) {
    throw new MetadataVerificationError(
      `metadata of ${id} has ${metadata.hashes.length} sliver-pair hashes, expected ${n}`,
    );
  }
  if (metadata.unencodedLength > maxBlobSize(geometry(n))) {
    throw new MetadataVerificationError(
      `metadata of ${id} claims ${metadata.unencodedLength} bytes, over the maximum`,
    );
  }
  if (!equalBytes(blobIdOfMetadata(metadata), blobId)) {
    throw new MetadataVerificationError(`metadata does not hash to blob ID ${id}`);
  }
  return metadata;
}
