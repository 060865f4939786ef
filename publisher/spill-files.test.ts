import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spillStoreContract } from '../core/deploy/test-support/spill-contract.ts';
import { createFileSpillStore } from './spill-files.ts';

let parent: string;
beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'floe-spill-test-'));
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe('createFileSpillStore', () => {
  spillStoreContract(() => createFileSpillStore(parent));

  it('keeps one file per name in its own directory and removes it on close', async () => {
    const store = await createFileSpillStore(parent);
    expect(basename(store.dir)).toMatch(new RegExp(`^floe-deploy-${process.pid}-\\w+$`));
    const file = await store.create('quilt-3');
    await file.write(0, Uint8Array.of(1, 2, 3));
    expect(await readdir(store.dir)).toEqual(['quilt-3']);
    await file.delete();
    expect(await readdir(store.dir)).toEqual([]);
    await store.create('quilt-4');
    await store.close();
    expect(existsSync(store.dir)).toBe(false);
  });

  it('defaults to the system temp directory', async () => {
    const store = await createFileSpillStore();
    expect(store.dir.startsWith(join(tmpdir(), 'floe-deploy-'))).toBe(true);
    await store.close();
  });

  it('removes its directory when the process exits without closing it', async () => {
    const script = [
      `import { createFileSpillStore } from ${JSON.stringify(join(import.meta.dirname, 'spill-files.ts'))};`,
      `const store = await createFileSpillStore(${JSON.stringify(parent)});`,
      `await (await store.create('left')).write(0, new Uint8Array(10));`,
      `console.log(store.dir);`,
      `process.exit(3);`,
    ].join('\n');
    const run = promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    const error = await run.then(
      () => null,
      (failure: unknown) => failure as { code: number; stdout: string },
    );
    expect(error?.code).toBe(3);
    const dir = error?.stdout.trim() ?? '';
    expect(dir.startsWith(parent)).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });
});
