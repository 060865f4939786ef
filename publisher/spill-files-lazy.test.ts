import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lazyFileSpillStore } from './spill-files.ts';

const parent = await mkdtemp(join(tmpdir(), 'floe-lazy-spill-'));
afterAll(() => rm(parent, { recursive: true, force: true }));

describe('lazyFileSpillStore', () => {
  it('makes no directory until something is spilled, and removes it on close', async () => {
    const unused = lazyFileSpillStore(parent);
    await unused.close();
    expect(await readdir(parent)).toEqual([]);

    const store = lazyFileSpillStore(parent);
    expect(store.dir).toBeNull();
    const file = await store.create('a');
    await file.write(0, new Uint8Array([1, 2, 3]));
    expect(store.bytes).toBe(3);
    const dir = store.dir!;
    expect(existsSync(dir)).toBe(true);
    await store.close();
    expect(existsSync(dir)).toBe(false);
    await expect(store.create('b')).rejects.toThrow(/closed/);
  });
});
