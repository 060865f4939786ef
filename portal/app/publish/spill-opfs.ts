// The publish page's SpillStore: spill files in the Origin Private File System, in a directory of
// its own, `floe-deploy-<time>-<random>`, removed on close(). A tab that crashes or is closed
// mid-deploy cannot remove its directory, so each new store first removes the ones nobody holds:
// every live store holds a Web Lock named after its directory, and the browser releases a lock
// when its tab or worker goes away, so a directory without a held lock is litter at once, with no
// guess about how long a deploy may take. Where Web Locks are missing, age stands in: directories
// older than a day. The OPFS itself sits behind `OpfsAccess` (opfs-access.ts has the browser's),
// so this logic is tested against a fake.
import { SpillError, SpillFileBase, spillStoreOver, type SpillStore } from '../../../core/deploy/spill.ts';
import { isQuotaExceeded, SpillQuotaError } from './spill-quota.ts';

/** One open OPFS file; ranges are checked by the caller. */
export interface OpfsFileAccess {
  write(offset: number, bytes: Uint8Array): Promise<void>;
  /** Fills `out` with the bytes at `offset`, which were written before. */
  read(offset: number, out: Uint8Array): Promise<void>;
  /** Releases the file's handle; the file stays. */
  close(): Promise<void>;
}

export interface OpfsDirAccess {
  /** Creates file `name`, which must not exist yet, and opens it. */
  create(name: string): Promise<OpfsFileAccess>;
  remove(name: string): Promise<void>;
}

/** What the store needs of the OPFS root, Web Locks and the storage estimate. */
export interface OpfsAccess {
  /** Names of the directories at the OPFS root. */
  listDirs(): Promise<string[]>;
  /** Creates (or opens) directory `name` at the root. */
  makeDir(name: string): Promise<OpfsDirAccess>;
  /** Removes directory `name` and everything in it; a missing one is not an error. */
  removeDir(name: string): Promise<void>;
  /** Holds an exclusive Web Lock `name` until the returned function is called; null without Web Locks. */
  lock(name: string): Promise<(() => void) | null>;
  /** Names of the Web Locks held in this origin now; null without Web Locks. */
  heldLocks(): Promise<readonly string[] | null>;
  /** Bytes this origin may still store (`quota - usage` of `navigator.storage.estimate()`), or null. */
  available(): Promise<number | null>;
  now(): number;
}

export interface OpfsSpillStore extends SpillStore {
  /** The store's directory at the OPFS root; gone after close(). */
  readonly dirName: string;
  /**
   * Throws a SpillQuotaError when the origin cannot take `bytes` more, so a deploy that would
   * fill the quota stops before it encodes rather than halfway through its spill.
   */
  ensureRoom(bytes: number): Promise<void>;
}

export interface OpfsSpillOptions {
  /** Age after which another store's directory is removed when Web Locks are missing. @default one day */
  readonly staleAfterMs?: number;
}

const PREFIX = 'floe-deploy-';
const DIR_NAME = /^floe-deploy-([0-9a-z]+)-[0-9a-f]+$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export async function openOpfsSpillStore(
  access: OpfsAccess,
  { staleAfterMs = DAY_MS }: OpfsSpillOptions = {},
): Promise<OpfsSpillStore> {
  const dirName = `${PREFIX}${access.now().toString(36)}-${randomHex()}`;
  // The lock comes before the directory, so any directory another store lists has its lock held.
  const unlock = await access.lock(dirName);
  try {
    await removeStaleDirs(access, staleAfterMs);
    const dir = await access.makeDir(dirName);
    const store = spillStoreOver(
      async (name, release) => new OpfsFile(name, release, dir, await dir.create(name), access),
      async () => {
        try {
          await access.removeDir(dirName);
        } finally {
          unlock?.();
        }
      },
    );
    // Extends the store object itself, which keeps its `bytes` getter.
    return Object.assign(store, {
      dirName,
      ensureRoom: async (bytes: number) => {
        const available = await access.available();
        if (available !== null && bytes > available) throw new SpillQuotaError(bytes, available);
      },
    });
  } catch (cause) {
    unlock?.();
    throw cause instanceof SpillError ? cause : new SpillError('cannot open the spill directory', { cause });
  }
}

/**
 * Removes the directories of stores that are gone. Listed before the locks are asked for: a
 * directory that exists already had its lock, so it is either in the list of held locks or
 * its store has ended.
 */
async function removeStaleDirs(access: OpfsAccess, staleAfterMs: number): Promise<void> {
  const dirs = (await access.listDirs()).filter((name) => DIR_NAME.test(name));
  if (dirs.length === 0) return;
  const held = await access.heldLocks();
  const now = access.now();
  const stale = dirs.filter((name) =>
    held ? !held.includes(name) : now - parseInt(DIR_NAME.exec(name)![1]!, 36) > staleAfterMs,
  );
  // Another tab may be removing the same litter, or still hold a file open: neither stops this deploy.
  await Promise.allSettled(stale.map((name) => access.removeDir(name)));
}

function randomHex(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

class OpfsFile extends SpillFileBase {
  readonly #dir: OpfsDirAccess;
  readonly #file: OpfsFileAccess;
  readonly #access: OpfsAccess;

  constructor(
    name: string,
    release: () => void,
    dir: OpfsDirAccess,
    file: OpfsFileAccess,
    access: OpfsAccess,
  ) {
    super(name, release);
    this.#dir = dir;
    this.#file = file;
    this.#access = access;
  }

  protected async writeAt(offset: number, bytes: Uint8Array): Promise<void> {
    try {
      await this.#file.write(offset, bytes);
    } catch (cause) {
      if (!isQuotaExceeded(cause)) throw new SpillError(`${this.name}: write failed`, { cause });
      const available = await this.#access.available().catch(() => null);
      throw new SpillQuotaError(bytes.length, available ?? 0, { cause });
    }
  }

  protected async readAt(offset: number, out: Uint8Array): Promise<void> {
    try {
      await this.#file.read(offset, out);
    } catch (cause) {
      throw cause instanceof SpillError ? cause : new SpillError(`${this.name}: read failed`, { cause });
    }
  }

  protected async discard(): Promise<void> {
    try {
      await this.#file.close();
    } finally {
      await this.#dir.remove(this.name);
    }
  }
}
