// Public Reed–Solomon encoder: byte-for-byte the recovery shards of `reed-solomon-simd` 3.1.0
// (`ReedSolomonEncoder::new(k, r, shardBytes)`, add k originals, `encode()`), which Walrus RS2 uses to expand
// a sliver's symbols to the full row/column of n symbols.
//
// Both rates work on one scratch array of GF(2^16) elements, shard-major. It is module-level and reused
// because reads call this hundreds of times in a row; the call is synchronous, so sharing is safe.

import { fft, ifft, xorShards } from './fft.ts';
import { gfTables, type GfTables } from './gf.ts';
import { elementsToShards, shardsToElements } from './layout.ts';
import { nextPowerOfTwo, useHighRate, validateParameters } from './rate.ts';
import { RsParameterError } from './errors.ts';

export { RsParameterError } from './errors.ts';

let scratch = new Uint16Array(0);
/** Larger work areas (huge symbols) are allocated per call so one big blob does not pin megabytes forever. */
const MAX_CACHED_ELEMENTS = 1 << 20;

function workspace(elements: number): Uint16Array {
  if (elements > MAX_CACHED_ELEMENTS) return new Uint16Array(elements);
  if (scratch.length < elements) scratch = new Uint16Array(elements);
  return scratch;
}

/**
 * High rate (originals ≥ recovery, roughly): the originals are cut into chunks of nextPow2(r) shards, each
 * chunk is inverse-transformed at its own skew offset and all are XOR-folded into the first chunk, which a
 * forward transform then turns into the recovery shards. Returns the scratch; recovery = shards 0..r.
 */
function encodeHighRate(
  t: GfTables,
  originals: Uint8Array,
  k: number,
  r: number,
  bytes: number,
): Uint16Array {
  const width = bytes >>> 1;
  const chunk = nextPowerOfTwo(r);
  const workCount = Math.ceil(k / chunk) * chunk;
  const work = workspace(workCount * width);
  shardsToElements(originals, 0, k, bytes, work, 0);

  const first = Math.min(k, chunk);
  work.fill(0, first * width, chunk * width);
  ifft(t, work, width, 0, chunk, first, chunk);

  let start = chunk;
  for (; start + chunk <= k; start += chunk) {
    ifft(t, work, width, start, chunk, chunk, start + chunk);
    xorShards(work, width, 0, start, chunk);
  }
  const last = k - start;
  if (start < k) {
    work.fill(0, k * width, (start + chunk) * width);
    ifft(t, work, width, start, chunk, last, start + chunk);
    xorShards(work, width, 0, start, chunk);
  }

  fft(t, work, width, 0, chunk, r, 0);
  return work;
}

/**
 * Low rate (recovery > originals, roughly): the originals fill one chunk of nextPow2(k) shards that is
 * inverse-transformed once, then copied to each recovery chunk and forward-transformed at that chunk's skew
 * offset. Returns the scratch; recovery = shards 0..r.
 */
function encodeLowRate(t: GfTables, originals: Uint8Array, k: number, r: number, bytes: number): Uint16Array {
  const width = bytes >>> 1;
  const chunk = nextPowerOfTwo(k);
  const workCount = Math.ceil(r / chunk) * chunk;
  const work = workspace(workCount * width);
  shardsToElements(originals, 0, k, bytes, work, 0);

  work.fill(0, k * width, chunk * width);
  ifft(t, work, width, 0, chunk, k, 0);
  for (let start = chunk; start < r; start += chunk) {
    work.copyWithin(start * width, 0, chunk * width);
  }

  let start = 0;
  for (; start + chunk <= r; start += chunk) fft(t, work, width, start, chunk, chunk, start + chunk);
  if (start < r) fft(t, work, width, start, chunk, r - start, start + chunk);
  return work;
}

function checkOriginals(originals: Uint8Array, originalCount: number, symbolSize: number): void {
  if (!(originals instanceof Uint8Array)) {
    throw new RsParameterError('originals must be a Uint8Array');
  }
  if (originals.length !== originalCount * symbolSize) {
    throw new RsParameterError(
      `originals must be ${originalCount} × ${symbolSize} = ${originalCount * symbolSize} bytes, got ${originals.length}`,
    );
  }
}

/**
 * The `recoveryCount` recovery shards that `reed-solomon-simd` 3.1.0 produces for `originalCount` original
 * shards of `symbolSize` bytes each, given concatenated in `originals`. Returns them concatenated
 * (recoveryCount · symbolSize bytes). Throws RsParameterError for parameters the crate would reject.
 */
export function rsEncodeRecovery(
  originals: Uint8Array,
  originalCount: number,
  recoveryCount: number,
  symbolSize: number,
): Uint8Array {
  // Validated before allocating, so bad counts throw RsParameterError rather than a RangeError.
  validateParameters(originalCount, recoveryCount, symbolSize);
  const out = new Uint8Array(recoveryCount * symbolSize);
  rsEncodeRecoveryInto(originals, originalCount, recoveryCount, symbolSize, out, 0);
  return out;
}

/**
 * `rsEncodeRecovery` into a caller's buffer at `outOffset`, for callers that encode many rows or
 * columns in a row and reuse one output buffer instead of allocating per call.
 */
export function rsEncodeRecoveryInto(
  originals: Uint8Array,
  originalCount: number,
  recoveryCount: number,
  symbolSize: number,
  out: Uint8Array,
  outOffset: number,
): void {
  validateParameters(originalCount, recoveryCount, symbolSize);
  checkOriginals(originals, originalCount, symbolSize);
  if (
    !Number.isSafeInteger(outOffset) ||
    outOffset < 0 ||
    outOffset + recoveryCount * symbolSize > out.length
  ) {
    throw new RsParameterError(
      `output of ${out.length} bytes cannot hold ${recoveryCount} recovery shards at ${outOffset}`,
    );
  }
  const t = gfTables();
  const work = useHighRate(originalCount, recoveryCount)
    ? encodeHighRate(t, originals, originalCount, recoveryCount, symbolSize)
    : encodeLowRate(t, originals, originalCount, recoveryCount, symbolSize);
  elementsToShards(work, 0, recoveryCount, symbolSize, out, outOffset);
}

/**
 * Systematic expansion to `totalCount` symbols, as Walrus expands a sliver to a full row/column: the
 * `originalCount` input symbols followed by the `totalCount − originalCount` recovery symbols
 * (totalCount · symbolSize bytes). Requires totalCount > originalCount.
 */
export function expandSymbols(
  originals: Uint8Array,
  originalCount: number,
  totalCount: number,
  symbolSize: number,
): Uint8Array {
  if (!Number.isSafeInteger(totalCount) || totalCount <= originalCount) {
    throw new RsParameterError(
      `total symbol count must be an integer greater than the original count ${originalCount}, got ${totalCount}`,
    );
  }
  const recoveryCount = totalCount - originalCount;
  validateParameters(originalCount, recoveryCount, symbolSize);
  checkOriginals(originals, originalCount, symbolSize);
  const out = new Uint8Array(totalCount * symbolSize);
  out.set(originals, 0);
  rsEncodeRecoveryInto(originals, originalCount, recoveryCount, symbolSize, out, originals.length);
  return out;
}
