// How shard bytes map to GF(2^16) elements in `reed-solomon-simd`.
//
// The crate is SIMD-oriented: a shard is cut into 64-byte blocks, and inside a block the first 32 bytes are
// the low bytes and the last 32 bytes the high bytes of 32 consecutive elements. A shard whose length is not
// a multiple of 64 ends with a shorter block of L bytes (L even) that is split the same way at its middle:
// L/2 low bytes followed by L/2 high bytes. (The crate zero-pads that block to 64 bytes internally and moves
// the high half back before handing out recovery shards, which amounts to exactly this rule.)
//
// So the rule for every block, full or final, is "first half = low bytes, second half = high bytes". It is
// *not* little-endian u16 pairs unless the shard is 2 bytes long. Since the code acts independently on each
// element position, only the pairing of bytes matters, and it is the same for originals and recovery shards.

/**
 * Reads `count` shards of `shardBytes` bytes from `src` (starting at byte `srcOffset`) into `dst` as
 * elements, shard after shard, `shardBytes / 2` elements each, starting at element `dstOffset`.
 */
export function shardsToElements(
  src: Uint8Array,
  srcOffset: number,
  count: number,
  shardBytes: number,
  dst: Uint16Array,
  dstOffset: number,
): void {
  if (shardBytes === 2) {
    // Single tiny block: a plain little-endian u16 per shard.
    for (let i = 0, s = srcOffset; i < count; i++, s += 2) {
      dst[dstOffset + i] = (src[s] ?? 0) | ((src[s + 1] ?? 0) << 8);
    }
    return;
  }
  let d = dstOffset;
  for (let shard = 0, base = srcOffset; shard < count; shard++, base += shardBytes) {
    for (let block = 0; block < shardBytes; block += 64) {
      const half = Math.min(64, shardBytes - block) >>> 1;
      const lo = base + block;
      const hi = lo + half;
      for (let j = 0; j < half; j++) dst[d++] = (src[lo + j] ?? 0) | ((src[hi + j] ?? 0) << 8);
    }
  }
}

/** Inverse of `shardsToElements`: writes `count` shards' worth of elements back as bytes. */
export function elementsToShards(
  src: Uint16Array,
  srcOffset: number,
  count: number,
  shardBytes: number,
  dst: Uint8Array,
  dstOffset: number,
): void {
  if (shardBytes === 2) {
    for (let i = 0, d = dstOffset; i < count; i++, d += 2) {
      const v = src[srcOffset + i] ?? 0;
      dst[d] = v & 0xff;
      dst[d + 1] = v >>> 8;
    }
    return;
  }
  let s = srcOffset;
  for (let shard = 0, base = dstOffset; shard < count; shard++, base += shardBytes) {
    for (let block = 0; block < shardBytes; block += 64) {
      const half = Math.min(64, shardBytes - block) >>> 1;
      const lo = base + block;
      const hi = lo + half;
      for (let j = 0; j < half; j++) {
        const v = src[s++] ?? 0;
        dst[lo + j] = v & 0xff;
        dst[hi + j] = v >>> 8;
      }
    }
  }
}
