// `encoding`/`redstuff` (encoded size of a blob) and `blob::derive_blob_id`, computed exactly as
// the Move code does, including where it aborts, because `register_blob` charges and checks the
// storage resource with these numbers.
import { blake2b } from '@noble/hashes/blake2.js';
import { abort, BYTES_PER_UNIT_SIZE, ceilDiv, checkedUint, RS2 } from './constants.ts';

const DIGEST_LEN = 32n;
const BLOB_ID_LEN = 32n;

function maxByzantine(nShards: bigint): bigint {
  return (nShards - 1n) / 3n;
}

/** `redstuff::symbol_size`: the `as u16` cast aborts once a symbol would not fit in a u16. */
function symbolSize(unencodedLength: bigint, nShards: bigint): bigint {
  const length = unencodedLength === 0n ? 1n : unencodedLength;
  const primary = nShards - 2n * maxByzantine(nShards);
  const secondary = nShards - maxByzantine(nShards);
  let size = checkedUint((length - 1n) / (primary * secondary) + 1n, 16, 'redstuff', 'symbol_size');
  if (size % 2n === 1n) size = checkedUint(size + 1n, 16, 'redstuff', 'symbol_size');
  return size;
}

/**
 * `encoding::encoded_blob_length`: n·(n·64 + 32) bytes of metadata plus n·(p + s)·symbol_size of
 * slivers. Aborts with `EInvalidEncodingType` (0) for anything but RS2.
 */
export function encodedBlobLength(unencodedLength: bigint, encodingType: number, nShards: number): bigint {
  if (encodingType !== RS2) throw abort('encoding', 'encoded_blob_length', 0, 'EInvalidEncodingType');
  const n = BigInt(nShards);
  const primary = n - 2n * maxByzantine(n);
  const secondary = n - maxByzantine(n);
  const sliversSize = checkedUint(
    (primary + secondary) * symbolSize(unencodedLength, n),
    64,
    'redstuff',
    'encoded_blob_length',
  );
  const metadataSize = n * DIGEST_LEN * 2n + BLOB_ID_LEN;
  return checkedUint(n * (sliversSize + metadataSize), 64, 'redstuff', 'encoded_blob_length');
}

/** `storage_units_from_size!`: storage is priced per started MiB. */
export function storageUnits(size: bigint): bigint {
  return ceilDiv(size, BYTES_PER_UNIT_SIZE);
}

/**
 * `blob::derive_blob_id`: Blake2b-256 of BCS(BlobIdDerivation { encoding_type: u8, size: u64,
 * root_hash: u256 }), read back as a little-endian u256 (`peel_u256`).
 */
export function deriveBlobId(rootHash: bigint, encodingType: number, size: bigint): bigint {
  const input = new Uint8Array(1 + 8 + 32);
  input[0] = encodingType;
  writeLittleEndian(input, 1, size, 8);
  writeLittleEndian(input, 9, rootHash, 32);
  return readLittleEndian(blake2b(input, { dkLen: 32 }), 0, 32);
}

function writeLittleEndian(out: Uint8Array, offset: number, value: bigint, length: number): void {
  let rest = value;
  for (let i = 0; i < length; i++) {
    out[offset + i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

export function readLittleEndian(bytes: Uint8Array, offset: number, length: number): bigint {
  let value = 0n;
  for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[offset + i]!);
  return value;
}
