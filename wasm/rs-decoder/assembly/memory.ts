// Linear-memory helpers. The module has no allocator (stub runtime, nothing is ever `new`ed): the
// GF tables sit at fixed offsets after the static data, and the host lays out per-call scratch
// above `scratchBase()`, so nothing survives a call except the tables.

/** Round up to the 64-byte blocks every shard is made of. */
export function align64(value: usize): usize {
  return (value + 63) & ~(<usize>63);
}

/** Grows linear memory until `end` bytes are addressable; traps if the engine refuses. */
export function ensureMemory(end: usize): void {
  const pages = <i32>((end + 0xffff) >>> 16);
  const have = memory.size();
  if (pages > have && memory.grow(pages - have) < 0) unreachable();
}
