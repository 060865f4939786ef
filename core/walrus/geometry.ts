// RS2 encoding geometry (MystenLabs/walrus crates/walrus-core encoding config). Everything here is pure arithmetic on the
// shard count n and the blob length, shared by the reader, the writer and the devnet nodes.

/** Symbols are 2-byte aligned for RS2 and at most u16::MAX − 1 bytes. */
export const SYMBOL_ALIGNMENT = 2;
export const MAX_SYMBOL_SIZE = 65534;
/** Bytes of one Merkle digest / blob ID. */
export const DIGEST_LENGTH = 32;

export class GeometryError extends Error {
  override name = 'GeometryError';
}

export interface Geometry {
  /** Number of shards (and sliver pairs). */
  readonly n: number;
  /** Tolerated faulty shards: ⌊(n−1)/3⌋. */
  readonly f: number;
  /** Rows of the message matrix = symbols per secondary sliver = primary source symbols. */
  readonly p: number;
  /** Columns of the message matrix = symbols per primary sliver = secondary source symbols. */
  readonly s: number;
}

export function geometry(n: number): Geometry {
  if (!Number.isInteger(n) || n < 1 || n > 0xffff) {
    throw new GeometryError(`shard count must be an integer in 1..65535, got ${n}`);
  }
  const f = Math.floor((n - 1) / 3);
  return { n, f, p: n - 2 * f, s: n - f };
}

/** Smallest even symbol size such that p·s symbols hold `length` bytes (empty blobs use 2). */
export function symbolSize(g: Geometry, length: number): number {
  assertLength(length);
  const perSymbol = Math.ceil(Math.max(length, 1) / (g.p * g.s));
  const size = Math.ceil(perSymbol / SYMBOL_ALIGNMENT) * SYMBOL_ALIGNMENT;
  if (size > MAX_SYMBOL_SIZE) {
    throw new GeometryError(
      `blob of ${length} bytes exceeds the maximum of ${maxBlobSize(g)} bytes for ${g.n} shards`,
    );
  }
  return size;
}

export function maxBlobSize(g: Geometry): number {
  return g.p * g.s * MAX_SYMBOL_SIZE;
}

/** Bytes of a primary sliver's data (one row of s symbols). */
export function primarySliverSize(g: Geometry, symbol: number): number {
  return g.s * symbol;
}

/** Bytes of a secondary sliver's data (one column of p symbols). */
export function secondarySliverSize(g: Geometry, symbol: number): number {
  return g.p * symbol;
}

/** Serialized metadata: n pairs of two 32-byte hashes plus the blob ID, as Move's redstuff module counts it. */
export function metadataLength(g: Geometry): number {
  return g.n * 2 * DIGEST_LENGTH + DIGEST_LENGTH;
}

/** The size the on-chain storage resource must cover: n copies of the metadata plus every sliver. */
export function encodedBlobLength(g: Geometry, length: number): number {
  const sym = symbolSize(g, length);
  return g.n * metadataLength(g) + g.n * (g.p + g.s) * sym;
}

/** blob_id bytes read as a big-endian integer, mod n (mapping.rs). */
export function rotationOffset(blobId: Uint8Array, n: number): number {
  let acc = 0;
  for (const b of blobId) acc = (acc * 256 + b) % n;
  return acc;
}

export function pairToShard(pair: number, offset: number, n: number): number {
  return (pair + offset) % n;
}

export function shardToPair(shard: number, offset: number, n: number): number {
  return (n + shard - offset) % n;
}

/** Sliver pair k carries primary sliver k and secondary sliver n−1−k. */
export function secondaryIndexToPair(index: number, n: number): number {
  return n - 1 - index;
}

export function pairToSecondaryIndex(pair: number, n: number): number {
  return n - 1 - pair;
}

/** Byzantine quorum of shard weight: 3·w ≥ 2n+1. */
export function isQuorum(weight: number, n: number): boolean {
  return 3 * weight >= 2 * n + 1;
}

/** At least one honest shard among w: w > f. */
export function isAboveValidity(weight: number, n: number): boolean {
  return weight > Math.floor((n - 1) / 3);
}

function assertLength(length: number): void {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new GeometryError(`blob length must be a non-negative integer, got ${length}`);
  }
}
