// The folder the user gives the Publish page, as `assembleSite` (core/deploy/site-files.ts) wants
// it: a list of files relative to the folder plus a way to read them, backed by the browser's `File`
// objects. Two ways in: an `<input type="file" webkitdirectory>` (a FileList whose
// `webkitRelativePath`s start with the chosen folder's name) and a drag-and-drop of one folder
// (walked through the File and Directory Entries API). Either way the folder's own name is stripped,
// so `mysite/css/site.css` is deployed as `/css/site.css`, as the CLI does for `floe deploy mysite`.
import type { FileSource } from '../../../core/deploy/file-source.ts';
import { fileSourceFromBlob } from './blob-file-source.ts';
import { sha256OfBlob } from './hash-file.ts';
import { isSkippedName, isSkippedPath } from '../../../core/deploy/site-files.ts';
import type { FolderAccess, FolderEntry } from '../../../core/deploy/site-files.ts';

/** Base of the errors below, so the page can show any of them as a message for the user. */
export class CollectFilesError extends Error {
  override name = 'CollectFilesError';
}

/** The picker or the drop gave no files (a cancelled picker; Chrome also gives none for an empty folder). */
export class NothingChosenError extends CollectFilesError {
  override name = 'NothingChosenError';
  constructor() {
    super('No folder was chosen (an empty folder gives no files either).');
  }
}

/** Not exactly one folder: several items or a single file were dropped, or files were picked without their folder. */
export class NotOneFolderError extends CollectFilesError {
  override name = 'NotOneFolderError';
}

/** The folder holds no files (version-control folders and OS litter such as `.DS_Store` do not count). */
export class EmptyFolderError extends CollectFilesError {
  override name = 'EmptyFolderError';
  readonly folderName: string;
  constructor(folderName: string) {
    super(`The folder ${folderName} has no files to publish.`);
    this.folderName = folderName;
  }
}

export interface CollectedFolder {
  /** Name of the chosen folder (the default site name). */
  readonly folderName: string;
  /** Its files, relative to it, without version-control folders and OS litter. */
  readonly entries: readonly FolderEntry[];
  readonly access: FolderAccess;
  /** The bytes of a file of `entries`, for the encoder. */
  readFile(relativePath: string): Promise<Uint8Array>;
  /** A file of `entries` read a slice at a time (big files stored as blobs of their own). */
  openFile(relativePath: string): FileSource;
}

/**
 * Splits paths that start with the chosen folder's name (`mysite/css/site.css`) into that name and
 * the paths relative to it (`css/site.css`), in input order. Throws `NotOneFolderError` when a path
 * has no folder segment (files picked without `webkitdirectory`) or the paths disagree on the folder,
 * `NothingChosenError` when there are no paths.
 */
export function stripFolderName(paths: readonly string[]): { folderName: string; relativePaths: string[] } {
  if (paths.length === 0) throw new NothingChosenError();
  let folderName: string | null = null;
  const relativePaths = paths.map((path) => {
    const slash = path.indexOf('/');
    if (slash <= 0 || slash === path.length - 1) {
      throw new NotOneFolderError(`Choose a folder, not single files (got ${JSON.stringify(path)}).`);
    }
    const first = path.slice(0, slash);
    if (folderName === null) folderName = first;
    else if (first !== folderName) {
      throw new NotOneFolderError(`Choose one folder: got files of both ${folderName} and ${first}.`);
    }
    return path.slice(slash + 1);
  });
  return { folderName: folderName!, relativePaths };
}

/**
 * The folder chosen with `<input type="file" webkitdirectory>` (its `files`). Nothing is read yet;
 * async so that errors arrive as rejections, like `collectFromDrop`'s. The list is copied at
 * once, so the input may be reset right after the call.
 */
export async function collectFromFileList(files: FileList | readonly File[]): Promise<CollectedFolder> {
  const list = Array.from(files);
  const { folderName, relativePaths } = stripFolderName(list.map((file) => file.webkitRelativePath));
  return collected(
    folderName,
    list.map((file, i) => [relativePaths[i]!, file] as const),
  );
}

/**
 * The folder dropped on the page. Call it synchronously in the `drop` handler (before any `await`):
 * the browser empties `dataTransfer` once the handler returns; the entries taken from it here stay
 * readable. Exactly one folder is accepted. Dropping several items (say, the contents of `dist/`)
 * throws `NotOneFolderError` rather than guessing which is the site root and what the site is called.
 */
export async function collectFromDrop(dataTransfer: DataTransfer): Promise<CollectedFolder> {
  const roots = Array.from(dataTransfer.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry());
  if (roots.length === 0) throw new NothingChosenError();
  if (roots.length > 1) {
    throw new NotOneFolderError(`Drop one folder: ${roots.length} items were dropped.`);
  }
  const root = roots[0];
  if (!root?.isDirectory) {
    throw new NotOneFolderError(`Drop a folder, not a file${root ? ` (${root.name})` : ''}.`);
  }
  const found: (readonly [string, File])[] = [];
  await walkDirectory(root as FileSystemDirectoryEntry, root.name, found);
  if (found.length === 0) throw new EmptyFolderError(root.name);
  const { folderName, relativePaths } = stripFolderName(found.map(([path]) => path));
  return collected(
    folderName,
    found.map(([, file], i) => [relativePaths[i]!, file] as const),
  );
}

/** Adds every file under `dir` to `out` as [`prefix/…/name`, File], skipping `isSkippedName`s. */
async function walkDirectory(
  dir: FileSystemDirectoryEntry,
  prefix: string,
  out: (readonly [string, File])[],
): Promise<void> {
  for (const entry of await readAllEntries(dir)) {
    if (isSkippedName(entry.name)) continue;
    const path = `${prefix}/${entry.name}`;
    if (entry.isDirectory) await walkDirectory(entry as FileSystemDirectoryEntry, path, out);
    else if (entry.isFile) out.push([path, await fileOf(entry as FileSystemFileEntry)]);
  }
}

/** `readEntries` answers in batches (100 at a time in Chrome) and with an empty one at the end. */
async function readAllEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function collected(folderName: string, files: readonly (readonly [string, File])[]): CollectedFolder {
  const byPath = new Map(files.filter(([path]) => !isSkippedPath(path)));
  if (byPath.size === 0) throw new EmptyFolderError(folderName);
  const file = (relativePath: string): File => {
    const found = byPath.get(relativePath);
    if (!found) throw new Error(`${folderName}/${relativePath} is not a file of the chosen folder`);
    return found;
  };
  // Only the File handles are kept: bytes are read when hashed (streamed, hash-file.ts) and again
  // when encoded, whole for a file that goes into a quilt (`readFile`, below the blob threshold) or a
  // slice at a time for one stored as a blob of its own (`openFile`).
  const readFile = async (relativePath: string) => new Uint8Array(await file(relativePath).arrayBuffer());
  return {
    folderName,
    entries: [...byPath].map(([relativePath, f]) => ({ relativePath, size: f.size })),
    access: {
      readText: async (relativePath) => byPath.get(relativePath)?.text() ?? null,
      sha256: async (relativePath) => sha256OfBlob(file(relativePath)),
    },
    readFile,
    openFile: (relativePath) => fileSourceFromBlob(file(relativePath)),
  };
}
