// The CLI's FileSource: positioned reads of a file on disk, so a big file is encoded and uploaded
// without ever being held whole. Its slivers are read from it again during the upload, long after
// it was hashed and encoded, so a file edited in between would make the nodes reject slivers that
// no longer match the registered metadata — a confusing "not enough confirmations". The source
// therefore remembers the file's size and mtime when opened and refuses to go on once they change.
import { open, type FileHandle } from 'node:fs/promises';
import { checkRange, FileSourceError, type FileSource } from '../core/deploy/file-source.ts';

export interface NodeFileSourceOptions {
  /**
   * The file is checked (one fstat) after a read only if this long has passed since the last
   * check, so a burst of small reads costs one fstat, not one each.
   * @default 1000
   */
  readonly checkIntervalMs?: number;
  /** Milliseconds on a monotonic clock; injected by tests. @default performance.now */
  readonly now?: () => number;
}

export interface NodeFileSource extends FileSource {
  readonly path: string;
  /** Checks the file now, whenever it was last checked; a FileSourceError if it changed. */
  checkUnchanged(): Promise<void>;
  /** Closes the file; later reads fail. Closing twice is harmless. */
  close(): Promise<void>;
}

interface Identity {
  readonly size: bigint;
  readonly mtimeNs: bigint;
}

export async function openFileSource(
  path: string,
  options: NodeFileSourceOptions = {},
): Promise<NodeFileSource> {
  const handle = await open(path, 'r');
  try {
    const opened = await identityOf(handle);
    return new DiskFileSource(path, handle, opened, options);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function identityOf(handle: FileHandle): Promise<Identity> {
  const stats = await handle.stat({ bigint: true });
  return { size: stats.size, mtimeNs: stats.mtimeNs };
}

class DiskFileSource implements NodeFileSource {
  readonly path: string;
  readonly size: number;
  readonly #handle: FileHandle;
  readonly #opened: Identity;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #checkedAt: number;
  #closed = false;

  constructor(path: string, handle: FileHandle, opened: Identity, options: NodeFileSourceOptions) {
    this.path = path;
    this.size = Number(opened.size);
    this.#handle = handle;
    this.#opened = opened;
    this.#intervalMs = options.checkIntervalMs ?? 1000;
    this.#now = options.now ?? (() => performance.now());
    this.#checkedAt = this.#now();
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    checkRange(offset, length);
    if (this.#closed) throw new FileSourceError(`${this.path} is closed`);
    const expected = Math.max(0, Math.min(length, this.size - offset));
    const out = new Uint8Array(expected);
    for (let done = 0; done < expected;) {
      const { bytesRead } = await this.#handle.read(out, done, expected - done, offset + done);
      // Short of the size seen at open: the file was truncated.
      if (bytesRead === 0) throw this.#changed(`it ended at ${offset + done} bytes`);
      done += bytesRead;
    }
    // Checked after reading, so bytes read before a change noticed here are never returned.
    if (this.#now() - this.#checkedAt >= this.#intervalMs) await this.checkUnchanged();
    return out;
  }

  async checkUnchanged(): Promise<void> {
    if (this.#closed) throw new FileSourceError(`${this.path} is closed`);
    const now = await identityOf(this.#handle);
    this.#checkedAt = this.#now();
    if (now.size !== this.#opened.size) {
      throw this.#changed(`its size went from ${this.#opened.size} to ${now.size} bytes`);
    }
    if (now.mtimeNs !== this.#opened.mtimeNs) throw this.#changed('it was modified');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#handle.close();
  }

  #changed(how: string): FileSourceError {
    return new FileSourceError(`${this.path} changed during the deploy (${how}); deploy again`);
  }
}
