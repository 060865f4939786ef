// Request bodies → typed values, as strictly as Rust's `bcs::from_bytes`: trailing bytes and
// non-minimal ULEB128 lengths are rejected, so every accepted body has exactly one encoding and
// can be stored and served verbatim. Failures carry Walrus's reasons.
import {
  parseBlobMetadata,
  parseSliverData,
  readUleb128,
  uleb128,
  type BlobMetadata,
  type SliverData,
} from '../../core/walrus/bcs.ts';
import { errors } from './api-error.ts';

/** Offset of the hash-vector length in `BlobMetadata`: variant, encoding type, u64 length. */
const METADATA_HASHES_OFFSET = 1 + 1 + 8;
const RAPTORQ_ENCODING_TYPE = 0;

export function decodeMetadataBody(body: Uint8Array): BlobMetadata {
  // RaptorQ (encoding type 0) is a known variant that walrus v1.56 refuses by name.
  if (body.length >= 2 && body[0] === 0 && body[1] === RAPTORQ_ENCODING_TYPE) {
    throw errors.unsupportedEncodingType(RAPTORQ_ENCODING_TYPE);
  }
  let metadata: BlobMetadata;
  try {
    metadata = parseBlobMetadata(body);
  } catch (cause) {
    throw errors.invalidContentType(
      `unable to decode request body as BCS BlobMetadata: ${(cause as Error).message}`,
    );
  }
  const { value, size } = readUleb128(body, METADATA_HASHES_OFFSET);
  if (size !== uleb128(value).length)
    throw errors.invalidContentType('non-canonical BCS: over-long ULEB128 length');
  return metadata;
}

export function decodeSliverBody(body: Uint8Array): SliverData {
  let sliver: SliverData;
  try {
    sliver = parseSliverData(body);
  } catch (cause) {
    throw errors.invalidContentType(
      `unable to decode request body as BCS SliverData: ${(cause as Error).message}`,
    );
  }
  const prefix = body.length - sliver.data.length - 4;
  if (prefix !== uleb128(sliver.data.length).length) {
    throw errors.invalidContentType('non-canonical BCS: over-long ULEB128 length');
  }
  return sliver;
}
