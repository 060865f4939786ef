import { mkdtemp, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSourceError, readPadded } from '../core/deploy/file-source.ts';
import { openFileSource } from './file-source-node.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-file-source-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 256);

async function fileWith(name: string, content: Uint8Array = bytes): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('openFileSource', () => {
  it('reads ranges of the file, cut at its end', async () => {
    const source = await openFileSource(await fileWith('plain'));
    expect(source.size).toBe(1000);
    expect(await source.read(10, 5)).toEqual(bytes.subarray(10, 15));
    expect(await source.read(990, 100)).toEqual(bytes.subarray(990));
    expect(await source.read(2000, 10)).toEqual(new Uint8Array(0));
    const padded = new Uint8Array(20);
    await readPadded(source, 995, 20, padded);
    expect(padded).toEqual(Uint8Array.from([...bytes.subarray(995), ...new Array<number>(15).fill(0)]));
    await expect(source.read(-1, 1)).rejects.toThrow(FileSourceError);
    await source.close();
    await source.close();
    await expect(source.read(0, 1)).rejects.toThrow(/closed/);
  });

  it('notices a modified file at the first read after the check interval', async () => {
    let clock = 0;
    const path = await fileWith('edited');
    const source = await openFileSource(path, { checkIntervalMs: 1000, now: () => clock });
    // Same size, new contents and mtime: within the interval the read is not checked.
    await writeFile(
      path,
      bytes.map((b) => b ^ 1),
    );
    await utimes(path, new Date(), new Date(Date.now() + 5000));
    clock = 999;
    await expect(source.read(0, 4)).resolves.toHaveLength(4);
    clock = 1000;
    await expect(source.read(0, 4)).rejects.toThrow(/edited changed during the deploy \(it was modified\)/);
    await expect(source.checkUnchanged()).rejects.toThrow(FileSourceError);
    await source.close();
  });

  it('checks on demand, and notices a truncated file as soon as a read falls short', async () => {
    const path = await fileWith('shrunk');
    const source = await openFileSource(path, { now: () => 0 });
    await expect(source.checkUnchanged()).resolves.toBeUndefined();
    await truncate(path, 500);
    await expect(source.read(400, 200)).rejects.toThrow(
      /changed during the deploy \(it ended at 500 bytes\)/,
    );
    await expect(source.checkUnchanged()).rejects.toThrow(/size went from 1000 to 500 bytes/);
    await source.close();
  });

  it('fails to open a file that is not there', async () => {
    await expect(openFileSource(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});
