// BLS12-381 as `sui::bls12381` exposes it to Walrus (min_pk: keys in G1, signatures in G2) and
// `bls_aggregate::verify_certificate_and_weight`, which checks a storage certificate against the
// committee: signer bitmap, shard-weight threshold, then one pairing check with the aggregate key.
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { abort, type BlsCommitteeMemberValue, type BlsCommitteeValue } from './constants.ts';

/** Sui's `bls12381_min_pk_verify` hashes to G2 with the standard basic-scheme DST. */
export const BLS_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_';

const G1 = bls12_381.G1.Point;
const MIN_PK = bls12_381.longSignatures;
const SIGNATURE_LENGTH = 96;

/** `g1_to_uncompressed_g1(g1_from_bytes(key))`: what `storage_node::new` stores; throws on a bad key. */
export function uncompressedG1(publicKey: Uint8Array): Uint8Array {
  return G1.fromBytes(publicKey).toBytes(false);
}

/** Sum of G1 points given in either encoding, as a 48-byte compressed `Element<G1>`. */
export function sumG1(keys: readonly Uint8Array[]): Uint8Array {
  return keys.reduce((sum, key) => sum.add(G1.fromBytes(key)), G1.ZERO).toBytes(true);
}

/**
 * `bls12381_min_pk_verify`: false (never an abort) for malformed signatures or keys, as in Sui,
 * which is what makes a bad certificate fail with `ESigVerification` rather than a crash.
 */
export function minPkVerify(signature: Uint8Array, publicKey: Uint8Array, message: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_LENGTH) return false;
  try {
    return MIN_PK.verify(signature, MIN_PK.hash(message, BLS_DST), publicKey);
  } catch {
    return false;
  }
}

export type RequiredWeight = 'quorum' | 'one-correct-node';

/**
 * `verify_certificate_and_weight`: returns the signers' total weight (shards) or aborts with
 * `EInvalidBitmap` (0), `ENotEnoughStake` (2) or `ESigVerification` (1), checked in that order.
 */
export function verifyCertificateAndWeight(
  committee: BlsCommitteeValue,
  signature: Uint8Array,
  signersBitmap: Uint8Array,
  message: Uint8Array,
  required: RequiredWeight,
): number {
  const fn = 'verify_certificate_and_weight';
  const nMembers = committee.members.length;
  const maxBitmapBytes = Math.ceil(nMembers / 8);
  // A shorter bitmap is allowed (missing members do not sign); a longer one is not, so that every
  // signer set has exactly one encoding.
  if (signersBitmap.length > maxBitmapBytes) throw abort('bls_aggregate', fn, 0, 'EInvalidBitmap');
  let nonSignerWeight = 0;
  const nonSigners: BlsCommitteeMemberValue[] = [];
  for (let byteIndex = 0; byteIndex < maxBitmapBytes; byteIndex++) {
    const byte = signersBitmap[byteIndex] ?? 0;
    for (let bit = 0; bit < 8; bit++) {
      const index = byteIndex * 8 + bit;
      const isSigner = ((byte >> bit) & 1) === 1;
      const member = committee.members[index];
      if (!member) {
        if (isSigner) throw abort('bls_aggregate', fn, 0, 'EInvalidBitmap');
        continue;
      }
      if (!isSigner) {
        nonSignerWeight += member.weight;
        nonSigners.push(member);
      }
    }
  }
  const weight = committee.n_shards - nonSignerWeight;
  const enough =
    required === 'quorum' ? isQuorum(weight, committee.n_shards) : 3 * weight >= committee.n_shards + 1;
  if (!enough) throw abort('bls_aggregate', fn, 2, 'ENotEnoughStake');
  // The aggregate key of the signers is the committee's total key minus the non-signers' keys.
  const aggregate = G1.fromBytes(committee.total_aggregated_key.bytes).subtract(
    nonSigners.reduce((sum, m) => sum.add(G1.fromBytes(m.public_key.bytes)), G1.ZERO),
  );
  if (!minPkVerify(signature, aggregate.toBytes(true), message))
    throw abort('bls_aggregate', fn, 1, 'ESigVerification');
  return weight;
}

/** `bls_aggregate::is_quorum`: more than two thirds of the shards. */
export function isQuorum(weight: number, nShards: number): boolean {
  return 3 * weight >= 2 * nShards + 1;
}
