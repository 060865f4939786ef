import { describe, expect, it } from 'vitest';
import { SpillError } from '../../../core/deploy/spill.ts';
import { spillStoreContract } from '../../../core/deploy/test-support/spill-contract.ts';
import { openOpfsSpillStore, type OpfsAccess, type OpfsDirAccess } from './spill-opfs.ts';
import { SpillQuotaError } from './spill-quota.ts';

/** An OPFS in memory: directories of growable files, Web Locks as a set, a settable quota. */
class FakeOpfs implements OpfsAccess {
  readonly dirs = new Map<string, Map<string, Uint8Array>>();
  readonly locks = new Set<string>();
  withLocks = true;
  quota: number | null = 1 << 30;
  clock = Date.UTC(2026, 0, 10);

  async listDirs() {
    return [...this.dirs.keys()];
  }

  async makeDir(name: string): Promise<OpfsDirAccess> {
    if (!this.dirs.has(name)) this.dirs.set(name, new Map());
    const files = this.dirs.get(name)!;
    return {
      create: async (file) => {
        if (files.has(file)) throw new SpillError(`${file} exists`);
        files.set(file, new Uint8Array(0));
        return {
          write: async (offset, bytes) => {
            const used = [...this.dirs.values()].flatMap((d) => [...d.values()]);
            const total = used.reduce((sum, f) => sum + f.length, 0);
            const grown = Math.max(0, offset + bytes.length - files.get(file)!.length);
            if (this.quota !== null && total + grown > this.quota) {
              throw new DOMException('full', 'QuotaExceededError');
            }
            let data = files.get(file)!;
            if (grown > 0) {
              const bigger = new Uint8Array(data.length + grown);
              bigger.set(data);
              data = bigger;
            }
            data.set(bytes, offset);
            files.set(file, data);
          },
          read: async (offset, out) => out.set(files.get(file)!.subarray(offset, offset + out.length)),
          close: async () => undefined,
        };
      },
      remove: async (file) => void files.delete(file),
    };
  }

  async removeDir(name: string) {
    this.dirs.delete(name);
  }

  async lock(name: string) {
    if (!this.withLocks) return null;
    this.locks.add(name);
    return () => void this.locks.delete(name);
  }

  async heldLocks() {
    return this.withLocks ? [...this.locks] : null;
  }

  async available() {
    if (this.quota === null) return null;
    const used = [...this.dirs.values()].flatMap((d) => [...d.values()]);
    return this.quota - used.reduce((sum, f) => sum + f.length, 0);
  }

  now() {
    return this.clock;
  }
}

describe('openOpfsSpillStore', () => {
  spillStoreContract(() => openOpfsSpillStore(new FakeOpfs()));

  it('keeps its files in a directory of its own, removed with its lock on close', async () => {
    const opfs = new FakeOpfs();
    const store = await openOpfsSpillStore(opfs);
    expect(store.dirName).toMatch(/^floe-deploy-[0-9a-z]+-[0-9a-f]{16}$/);
    const file = await store.create('quilt-0');
    await file.write(0, Uint8Array.of(1, 2, 3));
    expect(opfs.dirs.get(store.dirName)?.get('quilt-0')).toEqual(Uint8Array.of(1, 2, 3));
    expect(opfs.locks).toEqual(new Set([store.dirName]));
    await store.close();
    expect(opfs.dirs.size).toBe(0);
    expect(opfs.locks.size).toBe(0);
  });

  it('removes directories whose lock nobody holds, and leaves live ones and other names', async () => {
    const opfs = new FakeOpfs();
    const live = await openOpfsSpillStore(opfs);
    opfs.dirs.set('floe-deploy-abc-00ff', new Map([['x', new Uint8Array(9)]]));
    opfs.dirs.set('my-notes', new Map());
    const next = await openOpfsSpillStore(opfs);
    expect([...opfs.dirs.keys()].sort()).toEqual([live.dirName, next.dirName, 'my-notes'].sort());
    await live.close();
    await next.close();
  });

  it('without Web Locks, removes only directories older than the limit', async () => {
    const opfs = new FakeOpfs();
    opfs.withLocks = false;
    const day = 24 * 60 * 60 * 1000;
    const old = `floe-deploy-${(opfs.clock - day - 1).toString(36)}-01`;
    const recent = `floe-deploy-${(opfs.clock - day + 1000).toString(36)}-02`;
    opfs.dirs.set(old, new Map());
    opfs.dirs.set(recent, new Map());
    const store = await openOpfsSpillStore(opfs);
    expect(opfs.dirs.has(old)).toBe(false);
    expect(opfs.dirs.has(recent)).toBe(true);
    await store.close();
    const again = await openOpfsSpillStore(opfs, { staleAfterMs: 500 });
    expect(opfs.dirs.has(recent)).toBe(false);
    await again.close();
  });

  it('refuses a spill larger than the estimate before it starts, and maps a full quota', async () => {
    const opfs = new FakeOpfs();
    opfs.quota = 1000;
    const store = await openOpfsSpillStore(opfs);
    await store.ensureRoom(1000);
    const refused = await store.ensureRoom(1001).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SpillQuotaError);
    expect(refused).toMatchObject({ needed: 1001, available: 1000 });
    const file = await store.create('blob-0');
    await file.write(0, new Uint8Array(600));
    const full = await file.write(600, new Uint8Array(500)).catch((error: unknown) => error);
    expect(full).toBeInstanceOf(SpillQuotaError);
    expect(full).toBeInstanceOf(SpillError);
    expect(full).toMatchObject({ needed: 500, available: 400 });
    expect(file.size).toBe(600);
    opfs.quota = null;
    await expect(store.ensureRoom(2 ** 40)).resolves.toBeUndefined();
    await store.close();
  });

  it('wraps other OPFS failures as SpillErrors and releases the lock when it cannot start', async () => {
    const opfs = new FakeOpfs();
    opfs.makeDir = async () => {
      throw new DOMException('no', 'SecurityError');
    };
    await expect(openOpfsSpillStore(opfs)).rejects.toThrow(SpillError);
    expect(opfs.locks.size).toBe(0);
  });
});
