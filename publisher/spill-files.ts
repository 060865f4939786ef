// The CLI's SpillStore: one temp file per spilled item in a directory of its own,
// os.tmpdir()/floe-deploy-<pid>-<random>/, removed on close() and, should the process end
// without closing (an error, Ctrl-C through process.exit), by an exit hook.
import { rmSync } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpillError, SpillFileBase, spillStoreOver, type SpillStore } from '../core/deploy/spill.ts';

export interface FileSpillStore extends SpillStore {
  /** The directory holding the files; gone after close(). */
  readonly dir: string;
}

/** Directories still to remove at exit; one process-wide hook serves every store. */
const liveDirs = new Set<string>();
let exitHooked = false;

function removeAtExit(dir: string): void {
  liveDirs.add(dir);
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const each of liveDirs) rmSync(each, { recursive: true, force: true });
  });
}

export async function createFileSpillStore(parent: string = tmpdir()): Promise<FileSpillStore> {
  const dir = await mkdtemp(join(parent, `floe-deploy-${process.pid}-`));
  removeAtExit(dir);
  const store = spillStoreOver(
    async (name, release) => {
      const file = new DiskFile(name, release);
      await file.open(join(dir, name));
      return file;
    },
    async () => {
      await rm(dir, { recursive: true, force: true });
      liveDirs.delete(dir);
    },
  );
  return {
    dir,
    create: (name) => store.create(name),
    get bytes() {
      return store.bytes;
    },
    close: () => store.close(),
  };
}

class DiskFile extends SpillFileBase {
  #handle: FileHandle | null = null;
  #path = '';

  async open(path: string): Promise<void> {
    this.#path = path;
    // 'wx+': a leftover file of the same name is an error, never silently reused.
    this.#handle = await open(path, 'wx+');
  }

  protected async writeAt(offset: number, bytes: Uint8Array): Promise<void> {
    const handle = this.#opened();
    for (let done = 0; done < bytes.length;) {
      const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, offset + done);
      done += bytesWritten;
    }
  }

  protected async readAt(offset: number, out: Uint8Array): Promise<void> {
    const handle = this.#opened();
    for (let done = 0; done < out.length;) {
      const { bytesRead } = await handle.read(out, done, out.length - done, offset + done);
      // Within the written size the file only ends early if someone truncated it.
      if (bytesRead === 0) throw new SpillError(`${this.name}: file ended at ${offset + done}`);
      done += bytesRead;
    }
  }

  protected async discard(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    await handle?.close();
    if (this.#path) await rm(this.#path, { force: true });
  }

  #opened(): FileHandle {
    if (!this.#handle) throw new SpillError(`spill file ${this.name} is not open`);
    return this.#handle;
  }
}

/**
 * A FileSpillStore made on first use: a deploy that spills nothing (most) makes no directory, and
 * one that fails early leaves none behind. `dir` is null until then.
 */
export function lazyFileSpillStore(parent?: string): SpillStore & { readonly dir: string | null } {
  let store: Promise<FileSpillStore> | null = null;
  let made: FileSpillStore | null = null;
  let closed = false;
  const get = () =>
    (store ??= createFileSpillStore(parent).then((s) => {
      made = s;
      return s;
    }));
  return {
    get dir() {
      return made?.dir ?? null;
    },
    async create(name) {
      if (closed) throw new SpillError('the spill store is closed');
      return (await get()).create(name);
    },
    get bytes() {
      return made?.bytes ?? 0;
    },
    async close() {
      closed = true;
      if (store) await (await store).close();
    },
  };
}
