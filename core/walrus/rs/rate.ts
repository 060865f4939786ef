// Parameter limits and the high-rate / low-rate choice of `reed-solomon-simd`'s DefaultRate.
//
// The two rates compute *different* recovery shards for the same input once more than one chunk is
// involved, so matching Walrus means reproducing the crate's selection rule exactly, not picking whichever
// would be faster here.

import { RsParameterError } from './errors.ts';
import { GF_ORDER } from './gf.ts';

/** Smallest power of two ≥ x (x ≥ 1). */
export function nextPowerOfTwo(x: number): number {
  let p = 1;
  while (p < x) p *= 2;
  return p;
}

/** Throws RsParameterError unless the crate's ReedSolomonEncoder::new would accept these parameters. */
export function validateParameters(originalCount: number, recoveryCount: number, shardBytes: number): void {
  if (!Number.isSafeInteger(originalCount) || originalCount < 1 || originalCount > GF_ORDER) {
    throw new RsParameterError(`original count must be an integer in 1..${GF_ORDER}, got ${originalCount}`);
  }
  if (!Number.isSafeInteger(recoveryCount) || recoveryCount < 1 || recoveryCount > GF_ORDER) {
    throw new RsParameterError(`recovery count must be an integer in 1..${GF_ORDER}, got ${recoveryCount}`);
  }
  // Whichever rate is used, the padded chunk of the smaller side plus the larger side must fit in the field.
  const smallerPow2 = Math.min(nextPowerOfTwo(originalCount), nextPowerOfTwo(recoveryCount));
  const larger = Math.max(originalCount, recoveryCount);
  if (smallerPow2 + larger > GF_ORDER) {
    throw new RsParameterError(
      `unsupported shard counts: ${originalCount} original + ${recoveryCount} recovery exceed GF(2^16) limits`,
    );
  }
  if (!Number.isSafeInteger(shardBytes) || shardBytes < 2 || shardBytes % 2 !== 0) {
    throw new RsParameterError(`shard size must be a positive even number of bytes, got ${shardBytes}`);
  }
}

/**
 * DefaultRate's choice (parameters already validated). Different padded sizes: use the rate whose chunk is
 * the smaller side. Equal padded sizes: the crate deliberately takes high rate when originals ≤ recovery and
 * low rate otherwise (it decodes faster that way). With a single chunk both rates appear to agree, but we
 * mirror the rule anyway rather than depend on that.
 */
export function useHighRate(originalCount: number, recoveryCount: number): boolean {
  const originalPow2 = nextPowerOfTwo(originalCount);
  const recoveryPow2 = nextPowerOfTwo(recoveryCount);
  if (originalPow2 !== recoveryPow2) return originalPow2 > recoveryPow2;
  return originalCount <= recoveryCount;
}
