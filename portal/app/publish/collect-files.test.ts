import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  collectFromDrop,
  collectFromFileList,
  EmptyFolderError,
  NotOneFolderError,
  NothingChosenError,
  stripFolderName,
} from './collect-files.ts';
import { WHOLE_BELOW } from './hash-file.ts';

describe('stripFolderName', () => {
  it('strips the chosen folder from every path', () => {
    expect(stripFolderName(['site/index.html', 'site/css/a.css', 'site/site/x'])).toEqual({
      folderName: 'site',
      relativePaths: ['index.html', 'css/a.css', 'site/x'],
    });
  });

  it('keeps names with spaces and Unicode', () => {
    expect(stripFolderName(['My Site é/a b.html'])).toEqual({
      folderName: 'My Site é',
      relativePaths: ['a b.html'],
    });
  });

  it('rejects no paths, paths without a folder and paths of two folders', () => {
    expect(() => stripFolderName([])).toThrow(NothingChosenError);
    expect(() => stripFolderName(['index.html'])).toThrow(NotOneFolderError);
    expect(() => stripFolderName([''])).toThrow(NotOneFolderError);
    expect(() => stripFolderName(['/index.html'])).toThrow(NotOneFolderError);
    expect(() => stripFolderName(['site/'])).toThrow(NotOneFolderError);
    expect(() => stripFolderName(['a/x', 'b/x'])).toThrow(NotOneFolderError);
  });
});

function file(relativePath: string, text: string): File {
  const result = new File([text], relativePath.split('/').pop()!);
  Object.defineProperty(result, 'webkitRelativePath', { value: relativePath });
  return result;
}

describe('collectFromFileList', () => {
  it('gives entries relative to the folder, without litter, readable and hashed', async () => {
    const folder = await collectFromFileList([
      file('site/index.html', '<p>hi</p>'),
      file('site/.git/HEAD', 'ref'),
      file('site/img/.DS_Store', ''),
      file('site/_headers', '/*\n  X: 1\n'),
    ]);
    expect(folder.folderName).toBe('site');
    expect(folder.entries).toEqual([
      { relativePath: 'index.html', size: 9 },
      { relativePath: '_headers', size: 10 },
    ]);
    expect(await folder.access.readText('_headers')).toBe('/*\n  X: 1\n');
    expect(await folder.access.readText('ws-resources.json')).toBeNull();
    expect(await folder.access.sha256('index.html')).toEqual(
      new Uint8Array(createHash('sha256').update('<p>hi</p>').digest()),
    );
    expect(new TextDecoder().decode(await folder.readFile('index.html'))).toBe('<p>hi</p>');
    await expect(folder.readFile('.git/HEAD')).rejects.toThrow(/not a file/);
  });

  it('hashes a file at the streaming cut-off to the SHA-256 of its bytes', async () => {
    const bytes = new Uint8Array(WHOLE_BELOW).fill(7, 1000, 5_000_000);
    const big = new File([bytes], 'clip.mp4');
    Object.defineProperty(big, 'webkitRelativePath', { value: 'site/clip.mp4' });
    const folder = await collectFromFileList([big]);
    expect(await folder.access.sha256('clip.mp4')).toEqual(
      new Uint8Array(createHash('sha256').update(bytes).digest()),
    );
    await expect(folder.access.sha256('other.mp4')).rejects.toThrow(/not a file/);
  });

  it('rejects an empty choice and a folder of litter only', async () => {
    await expect(collectFromFileList([])).rejects.toThrow(NothingChosenError);
    await expect(collectFromFileList([file('site/.DS_Store', '')])).rejects.toThrow(EmptyFolderError);
  });
});

// The File and Directory Entries API, faked: a directory is a record of names to texts or records.
type Tree = { [name: string]: string | Tree };

function entry(name: string, node: string | Tree): FileSystemEntry {
  if (typeof node === 'string') {
    return {
      name,
      isFile: true,
      isDirectory: false,
      file: (resolve: (file: File) => void) => resolve(new File([node], name)),
    } as unknown as FileSystemEntry;
  }
  const children = Object.entries(node).map(([child, sub]) => entry(child, sub));
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      // Two at a time, like Chrome's batches of 100, then an empty batch.
      let next = 0;
      return {
        readEntries: (resolve: (entries: FileSystemEntry[]) => void) => {
          resolve(children.slice(next, next + 2));
          next += 2;
        },
      };
    },
  } as unknown as FileSystemEntry;
}

function drop(...roots: (FileSystemEntry | null)[]): DataTransfer {
  return {
    items: [
      { kind: 'string', webkitGetAsEntry: () => null },
      ...roots.map((root) => ({ kind: 'file', webkitGetAsEntry: () => root })),
    ],
  } as unknown as DataTransfer;
}

describe('collectFromDrop', () => {
  it('walks a dropped folder in batches and strips its name', async () => {
    const folder = await collectFromDrop(
      drop(
        entry('site', {
          'index.html': 'home',
          'a.txt': 'a',
          '.git': { HEAD: 'ref' },
          css: { 'site.css': 'body{}', 'x.css': '', 'y.css': '' },
        }),
      ),
    );
    expect(folder.folderName).toBe('site');
    expect(folder.entries.map((e) => e.relativePath)).toEqual([
      'index.html',
      'a.txt',
      'css/site.css',
      'css/x.css',
      'css/y.css',
    ]);
    expect(new TextDecoder().decode(await folder.readFile('css/site.css'))).toBe('body{}');
  });

  it('accepts exactly one non-empty folder', async () => {
    await expect(collectFromDrop(drop())).rejects.toThrow(NothingChosenError);
    await expect(collectFromDrop(drop(entry('a', { x: '' }), entry('b', { y: '' })))).rejects.toThrow(
      NotOneFolderError,
    );
    await expect(collectFromDrop(drop(entry('index.html', '')))).rejects.toThrow(NotOneFolderError);
    await expect(collectFromDrop(drop(null))).rejects.toThrow(NotOneFolderError);
    await expect(collectFromDrop(drop(entry('site', { '.DS_Store': '', empty: {} })))).rejects.toThrow(
      EmptyFolderError,
    );
  });
});
