// Between the crate's byte layout of a symbol and the work layout of one (wide) shard.
//
// A symbol of `sym` bytes is cut into 64-byte blocks (the last one shorter); each block holds the
// low bytes of its elements in its first half and the high bytes in its second half. A work shard
// packs the elements of `count` symbols back to back, so several codewords that share an erasure
// pattern are decoded as one: the transforms act on every element position independently. Its
// blocks are always 64 bytes (32 lanes); lanes past the last element stay zero.

/** Copies the elements of `count` symbols at `src` into the zeroed shard at `dst`. */
export function pack(src: usize, sym: u32, count: u32, dst: usize): void {
  let element: u32 = 0;
  for (let c: u32 = 0; c < count; c++) {
    const base = src + <usize>c * sym;
    for (let block: u32 = 0; block < sym; block += 64) {
      const half = min<u32>(64, sym - block) >>> 1;
      const lo = base + block;
      for (let j: u32 = 0; j < half;) {
        const lane = element & 31;
        const run = min<u32>(half - j, 32 - lane);
        const at = dst + ((<usize>(element >>> 5)) << 6) + lane;
        memory.copy(at, lo + j, run);
        memory.copy(at + 32, lo + half + j, run);
        j += run;
        element += run;
      }
    }
  }
}

/** Inverse of `pack`: writes the shard's elements at `src` as `count` symbols to `dst`. */
export function unpack(src: usize, sym: u32, count: u32, dst: usize): void {
  let element: u32 = 0;
  for (let c: u32 = 0; c < count; c++) {
    const base = dst + <usize>c * sym;
    for (let block: u32 = 0; block < sym; block += 64) {
      const half = min<u32>(64, sym - block) >>> 1;
      const lo = base + block;
      for (let j: u32 = 0; j < half;) {
        const lane = element & 31;
        const run = min<u32>(half - j, 32 - lane);
        const at = src + ((<usize>(element >>> 5)) << 6) + lane;
        memory.copy(lo + j, at, run);
        memory.copy(lo + half + j, at + 32, run);
        j += run;
        element += run;
      }
    }
  }
}
