// Object IDs and digests as Sui derives them. Fresh IDs follow `ObjectID::derive_id`
// (Blake2b-256 of the RegularObjectId scope byte, the transaction digest and a creation counter);
// dynamic-field IDs come from @mysten/sui's `deriveDynamicFieldID`, the same formula as Sui.
import { blake2b } from '@noble/hashes/blake2.js';
import { fromBase58, toBase58, toHex } from '@mysten/bcs';
import { TransactionDataBuilder } from '@mysten/sui/transactions';

const REGULAR_OBJECT_ID_SCOPE = 0xf1;

export function deriveObjectId(txDigest: string, creationIndex: number): string {
  const digest = fromBase58(txDigest);
  const input = new Uint8Array(1 + digest.length + 8);
  input[0] = REGULAR_OBJECT_ID_SCOPE;
  input.set(digest, 1);
  new DataView(input.buffer).setBigUint64(1 + digest.length, BigInt(creationIndex), true);
  return `0x${toHex(blake2b(input, { dkLen: 32 }))}`;
}

/** Transaction digest: base58(Blake2b-256("TransactionData::" ‖ bytes)). */
export function transactionDigest(txBytes: Uint8Array): string {
  return TransactionDataBuilder.getDigestFromBytes(txBytes);
}

/** A stable 32-byte digest for an object state; the SDK only checks it is 32 base58 bytes. */
export function objectDigest(id: string, version: bigint, contents: Uint8Array, ownerKey: string): string {
  const encoder = new TextEncoder();
  const head = encoder.encode(`${id}:${version}:${ownerKey}:`);
  const input = new Uint8Array(head.length + contents.length);
  input.set(head);
  input.set(contents, head.length);
  return toBase58(blake2b(input, { dkLen: 32 }));
}

export function digestOf(label: string, bytes: Uint8Array): string {
  const head = new TextEncoder().encode(label);
  const input = new Uint8Array(head.length + bytes.length);
  input.set(head);
  input.set(bytes, head.length);
  return toBase58(blake2b(input, { dkLen: 32 }));
}
