// The node's protocol key: BLS12-381 in the min_pk setting Walrus and Sui use (public keys in G1,
// 48 bytes compressed; signatures in G2, 96 bytes), hashing messages to G2 with the basic-scheme
// DST, exactly what `bls12381_min_pk_verify` on chain and the SDK's aggregation expect (§5.5).
import { bls12_381 } from '@noble/curves/bls12-381.js';

export const BLS_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_';
export const BLS_SECRET_KEY_LENGTH = 32;

const MIN_PK = bls12_381.longSignatures;

export class BlsKeyError extends Error {
  override name = 'BlsKeyError';
}

export class BlsSigner {
  /** Compressed G1 public key (48 bytes), as registered in the node's `StorageNodeInfo`. */
  readonly publicKey: Uint8Array;
  readonly #secretKey: Uint8Array;

  constructor(secretKey: Uint8Array) {
    if (secretKey.length !== BLS_SECRET_KEY_LENGTH) {
      throw new BlsKeyError(`a BLS secret key has ${BLS_SECRET_KEY_LENGTH} bytes, got ${secretKey.length}`);
    }
    try {
      this.publicKey = MIN_PK.getPublicKey(secretKey).toBytes(true);
    } catch (cause) {
      throw new BlsKeyError(`not a valid BLS12-381 secret key: ${(cause as Error).message}`, { cause });
    }
    this.#secretKey = secretKey.slice();
  }

  /** A fresh random key. */
  static generate(): BlsSigner {
    return new BlsSigner(MIN_PK.keygen().secretKey);
  }

  get secretKey(): Uint8Array {
    return this.#secretKey.slice();
  }

  /** 96-byte compressed G2 signature over exactly `message`. */
  sign(message: Uint8Array): Uint8Array {
    return MIN_PK.sign(MIN_PK.hash(message, BLS_DST), this.#secretKey).toBytes(true);
  }
}

/** `bls12381_min_pk_verify`; false for malformed input rather than a throw. */
export function verifyBls(signature: Uint8Array, publicKey: Uint8Array, message: Uint8Array): boolean {
  try {
    return MIN_PK.verify(signature, MIN_PK.hash(message, BLS_DST), publicKey);
  } catch {
    return false;
  }
}
