// The portal's built files (dist/portal): the app, and under __floe/ the worker, its WASM and the
// bootstrap script. Paths are resolved inside the folder only.
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { contentTypeFor } from '../../core/site/content-type.ts';

export interface StaticFile {
  readonly body: Uint8Array;
  readonly contentType: string;
}

export async function readStatic(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = normalize(join(root, decoded));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return null;
  const type = contentTypeFor(file);
  return {
    body: await readFile(file),
    contentType: /^(text\/|application\/(javascript|json))/.test(type) ? `${type}; charset=utf-8` : type,
  };
}
