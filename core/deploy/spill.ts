// Where a deploy parks encoded data it cannot keep in memory until upload: named random-access
// files in a store that removes them all on close. The CLI backs it with temp files
// (publisher/spill-files.ts), the publish page with OPFS; the in-memory store below serves tests
// and small blobs with the same contract.

export class SpillError extends Error {
  override name = 'SpillError';
}

export interface RandomAccessFile {
  readonly name: string;
  /** Bytes from 0 to the end of the furthest write; never-written gaps read as zeros. */
  readonly size: number;
  write(offset: number, bytes: Uint8Array): Promise<void>;
  /** Exactly `length` bytes at `offset`; a range past `size` is a SpillError. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Fills `target` with the bytes at `offset`, as `read` with `target.length`: for a caller that
   * frames the bytes (a sliver's BCS envelope) and would otherwise hold them twice.
   */
  readInto(offset: number, target: Uint8Array): Promise<void>;
  /** Frees the file; later reads and writes fail. Deleting twice is harmless. */
  delete(): Promise<void>;
}

export interface SpillStore {
  /** A new empty file; the name must be unused among the store's live files. */
  create(name: string): Promise<RandomAccessFile>;
  /** Bytes held by live files (the sum of their sizes). */
  readonly bytes: number;
  /** Deletes every file; the store cannot be used afterwards. */
  close(): Promise<void>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Names become file names on disk, so they are kept to one plain path segment. */
export function checkSpillName(name: string): void {
  if (!NAME.test(name)) throw new SpillError(`invalid spill file name ${JSON.stringify(name)}`);
}

export function checkSpillRange(file: string, offset: number, length: number, size?: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new SpillError(`${file}: invalid range of ${length} bytes at ${offset}`);
  }
  if (size !== undefined && offset + length > size) {
    throw new SpillError(`${file}: read of ${length} bytes at ${offset} is past its end (${size} bytes)`);
  }
}

/**
 * The bookkeeping every store shares — unique live names, their total size, deleting them all on
 * close — around `open`, which makes one implementation's file. `open` gets the function the file
 * must call once deleted, which frees its name.
 */
export function spillStoreOver(
  open: (name: string, release: () => void) => Promise<RandomAccessFile>,
  onClose: () => Promise<void> = async () => undefined,
): SpillStore {
  const files = new Map<string, RandomAccessFile | null>();
  let closed = false;
  return {
    async create(name) {
      checkSpillName(name);
      if (closed) throw new SpillError('the spill store is closed');
      if (files.has(name)) throw new SpillError(`spill file ${name} already exists`);
      // Reserved before the await, so a concurrent create of the same name is refused.
      files.set(name, null);
      try {
        const file = await open(name, () => files.delete(name));
        files.set(name, file);
        return file;
      } catch (cause) {
        files.delete(name);
        throw cause instanceof SpillError
          ? cause
          : new SpillError(`cannot create spill file ${name}`, { cause });
      }
    },
    get bytes() {
      let sum = 0;
      for (const file of files.values()) sum += file?.size ?? 0;
      return sum;
    },
    async close() {
      closed = true;
      await Promise.allSettled([...files.values()].map((file) => file?.delete()));
      await onClose();
    },
  };
}

const PAGE_BYTES = 1 << 20;

/**
 * Spill files kept in memory, in fixed pages so a growing file never copies what it holds and a
 * large write-ahead offset costs nothing until written.
 */
export function memorySpillStore(): SpillStore {
  return spillStoreOver(async (name, release) => new MemoryFile(name, release));
}

/**
 * What every store's files share: range checks, the size, and refusing use after delete. A store
 * supplies the storage primitives, which are only called with checked ranges.
 */
export abstract class SpillFileBase implements RandomAccessFile {
  readonly name: string;
  #size = 0;
  #deleted = false;
  readonly #release: () => void;

  constructor(name: string, release: () => void) {
    this.name = name;
    this.#release = release;
  }

  get size(): number {
    return this.#size;
  }

  async write(offset: number, bytes: Uint8Array): Promise<void> {
    this.#checkLive();
    checkSpillRange(this.name, offset, bytes.length);
    await this.writeAt(offset, bytes);
    this.#size = Math.max(this.#size, offset + bytes.length);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    this.#checkLive();
    checkSpillRange(this.name, offset, length, this.#size);
    const out = new Uint8Array(length);
    await this.readAt(offset, out);
    return out;
  }

  async readInto(offset: number, target: Uint8Array): Promise<void> {
    this.#checkLive();
    checkSpillRange(this.name, offset, target.length, this.#size);
    await this.readAt(offset, target);
  }

  async delete(): Promise<void> {
    if (this.#deleted) return;
    this.#deleted = true;
    this.#size = 0;
    this.#release();
    await this.discard();
  }

  protected abstract writeAt(offset: number, bytes: Uint8Array): Promise<void>;
  /** Fills `out` from `offset`; the range lies within the written size. */
  protected abstract readAt(offset: number, out: Uint8Array): Promise<void>;
  /** Frees the storage; called once. */
  protected abstract discard(): Promise<void>;

  #checkLive(): void {
    if (this.#deleted) throw new SpillError(`spill file ${this.name} was deleted`);
  }
}

class MemoryFile extends SpillFileBase {
  #pages = new Map<number, Uint8Array>();

  protected async writeAt(offset: number, bytes: Uint8Array): Promise<void> {
    for (let done = 0; done < bytes.length;) {
      const at = offset + done;
      const index = Math.floor(at / PAGE_BYTES);
      let page = this.#pages.get(index);
      if (!page) this.#pages.set(index, (page = new Uint8Array(PAGE_BYTES)));
      const within = at - index * PAGE_BYTES;
      const take = Math.min(PAGE_BYTES - within, bytes.length - done);
      page.set(bytes.subarray(done, done + take), within);
      done += take;
    }
  }

  protected async readAt(offset: number, out: Uint8Array): Promise<void> {
    for (let done = 0; done < out.length;) {
      const index = Math.floor((offset + done) / PAGE_BYTES);
      const within = offset + done - index * PAGE_BYTES;
      const take = Math.min(PAGE_BYTES - within, out.length - done);
      const page = this.#pages.get(index);
      if (page) out.set(page.subarray(within, within + take), done);
      done += take;
    }
  }

  protected async discard(): Promise<void> {
    this.#pages.clear();
  }
}
