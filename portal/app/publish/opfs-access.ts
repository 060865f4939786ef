// The browser's side of the OPFS spill (spill-opfs.ts). In a dedicated worker a file is opened
// with a FileSystemSyncAccessHandle: synchronous, in-place reads and writes at any offset, the
// fast path. The page itself has no sync handles, so there a file is written through one
// `createWritable()` stream kept open while writes come, and read from a `getFile()` snapshot once
// that stream is closed (Chromium writes such a stream to a swap file and swaps it in on close, so
// its bytes are invisible until then; reopening with `keepExistingData` copies the file, which is
// why writes are batched into one stream rather than one per write).
import { SpillError } from '../../../core/deploy/spill.ts';
import type { OpfsAccess, OpfsDirAccess, OpfsFileAccess } from './spill-opfs.ts';

/** The WebWorker lib's FileSystemSyncAccessHandle; the portal is typechecked with the DOM lib. */
interface SyncAccessHandle {
  read(buffer: Uint8Array, options: { at: number }): number;
  write(buffer: Uint8Array, options: { at: number }): number;
  close(): void;
}

interface SyncCapableHandle extends FileSystemFileHandle {
  createSyncAccessHandle(): Promise<SyncAccessHandle>;
}

export function browserOpfsAccess(): OpfsAccess {
  let root: Promise<FileSystemDirectoryHandle> | null = null;
  const getRoot = () => (root ??= navigator.storage.getDirectory());
  return {
    async listDirs() {
      const names: string[] = [];
      for await (const name of (await getRoot()).keys()) names.push(name);
      return names;
    },
    async makeDir(name) {
      return directoryAccess(await (await getRoot()).getDirectoryHandle(name, { create: true }));
    },
    async removeDir(name) {
      await ignoreNotFound((await getRoot()).removeEntry(name, { recursive: true }));
    },
    async lock(name) {
      if (!navigator.locks) return null;
      return new Promise((granted) => {
        void navigator.locks.request(
          name,
          { mode: 'exclusive' },
          () => new Promise<void>((release) => granted(release)),
        );
      });
    },
    async heldLocks() {
      if (!navigator.locks) return null;
      const { held = [] } = await navigator.locks.query();
      return held.flatMap((lock) => (lock.name ? [lock.name] : []));
    },
    async available() {
      const { quota, usage } = await navigator.storage.estimate();
      return quota === undefined ? null : Math.max(0, quota - (usage ?? 0));
    },
    now: () => Date.now(),
  };
}

function directoryAccess(dir: FileSystemDirectoryHandle): OpfsDirAccess {
  return {
    async create(name) {
      const exists = await dir.getFileHandle(name).then(
        () => true,
        () => false,
      );
      if (exists) throw new SpillError(`spill file ${name} already exists on disk`);
      const handle = await dir.getFileHandle(name, { create: true });
      return 'createSyncAccessHandle' in handle
        ? syncFile(await (handle as SyncCapableHandle).createSyncAccessHandle())
        : new WritableFile(handle);
    },
    async remove(name) {
      await ignoreNotFound(dir.removeEntry(name));
    },
  };
}

function syncFile(handle: SyncAccessHandle): OpfsFileAccess {
  return {
    async write(offset, bytes) {
      for (let done = 0; done < bytes.length;) {
        done += handle.write(bytes.subarray(done), { at: offset + done });
      }
    },
    async read(offset, out) {
      for (let done = 0; done < out.length;) {
        const got = handle.read(out.subarray(done), { at: offset + done });
        if (got === 0) throw new SpillError(`spill file ended at ${offset + done}`);
        done += got;
      }
    },
    async close() {
      handle.close();
    },
  };
}

class WritableFile implements OpfsFileAccess {
  readonly #handle: FileSystemFileHandle;
  #writable: FileSystemWritableFileStream | null = null;
  #snapshot: File | null = null;
  // A writable stream takes one write at a time, and a read must wait for the writes before it.
  #queue: Promise<unknown> = Promise.resolve();

  constructor(handle: FileSystemFileHandle) {
    this.#handle = handle;
  }

  write(offset: number, bytes: Uint8Array): Promise<void> {
    return this.#serial(async () => {
      this.#snapshot = null;
      this.#writable ??= await this.#handle.createWritable({ keepExistingData: true });
      // Past the end the stream pads with zeros, as a spill file's gaps must read.
      await this.#writable.write({ type: 'write', position: offset, data: bytes as Uint8Array<ArrayBuffer> });
    });
  }

  read(offset: number, out: Uint8Array): Promise<void> {
    return this.#serial(async () => {
      await this.#commit();
      this.#snapshot ??= await this.#handle.getFile();
      const bytes = await this.#snapshot.slice(offset, offset + out.length).arrayBuffer();
      if (bytes.byteLength !== out.length) {
        throw new SpillError(`spill file ended at ${offset + bytes.byteLength}`);
      }
      out.set(new Uint8Array(bytes));
    });
  }

  close(): Promise<void> {
    return this.#serial(async () => {
      const writable = this.#writable;
      this.#writable = null;
      this.#snapshot = null;
      // The file is removed next, so what was written need not be kept.
      await writable?.abort();
    });
  }

  async #commit(): Promise<void> {
    const writable = this.#writable;
    this.#writable = null;
    await writable?.close();
  }

  #serial<T>(run: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(run);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}

async function ignoreNotFound(removal: Promise<void>): Promise<void> {
  try {
    await removal;
  } catch (error) {
    if (!(error instanceof DOMException && error.name === 'NotFoundError')) throw error;
  }
}
