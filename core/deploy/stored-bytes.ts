// The compressed bytes of a site's files, kept from the scan (which compresses them to learn their
// hash and size) until the encode that stores them. Held in memory they grew with the site — up to
// 64 MiB per file, all files at once — so past a share of the budget they are appended to a spill
// file, with only their offsets in memory. Spilled rather than compressed again at encode time:
// Brotli at quality 11 runs at a few MB/s, so recompressing would cost as much CPU as the scan
// did, and bytes compressed from a file edited since the scan would no longer match the hash the
// site records; reading them back from the spill costs one sequential read each.
import type { RandomAccessFile, SpillStore } from './spill.ts';

export interface StoredBytes {
  has(path: string): boolean;
  /** Files held. */
  readonly size: number;
  /** Their bytes together. */
  readonly bytes: number;
  /** Keeps `bytes` for `path` (once per path). */
  put(path: string, bytes: Uint8Array): Promise<void>;
  /** A copy of what was kept for `path`, the caller's to keep or hand over (transfer). */
  read(path: string): Promise<Uint8Array>;
}

export interface StoredBytesOptions {
  /** Bytes held in memory before the rest go to the spill. @default no limit */
  readonly memoryBytes?: number;
  /** Where the rest go; asked for only once something is spilled. Required with `memoryBytes`. */
  readonly spill?: () => SpillStore;
}

export class StoredBytesError extends Error {
  override name = 'StoredBytesError';
}

let files = 0;

export function storedBytes(options: StoredBytesOptions = {}): StoredBytes {
  const limit = options.memoryBytes ?? Number.POSITIVE_INFINITY;
  const inMemory = new Map<string, Uint8Array>();
  const spilled = new Map<string, { offset: number; length: number }>();
  let held = 0;
  let total = 0;
  let end = 0;
  let file: Promise<RandomAccessFile> | null = null;
  const spillFile = () => {
    if (!options.spill) throw new StoredBytesError('stored bytes exceed memory and there is no spill');
    return (file ??= options.spill().create(`stored-bytes-${++files}`));
  };
  return {
    has: (path) => inMemory.has(path) || spilled.has(path),
    get size() {
      return inMemory.size + spilled.size;
    },
    get bytes() {
      return total;
    },
    async put(path, bytes) {
      if (inMemory.has(path) || spilled.has(path)) throw new StoredBytesError(`${path} is kept already`);
      total += bytes.length;
      if (held + bytes.length <= limit) {
        held += bytes.length;
        // Kept as a copy of its own when it is a view of a larger buffer: node:zlib hands back
        // each Brotli output as a view of a 64 KiB chunk, so keeping 20,000 small files' outputs
        // as they came held about 64 KiB each (157 MiB on a 2 GB site) against a share counted
        // in their lengths.
        inMemory.set(path, bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice());
        return;
      }
      // The range is taken before the write, so concurrent puts append side by side.
      const at = { offset: end, length: bytes.length };
      end += bytes.length;
      spilled.set(path, at);
      await (await spillFile()).write(at.offset, bytes);
    },
    async read(path) {
      const bytes = inMemory.get(path);
      if (bytes) return bytes.slice();
      const at = spilled.get(path);
      if (!at) throw new StoredBytesError(`nothing is kept for ${path}`);
      return (await spillFile()).read(at.offset, at.length);
    },
  };
}
