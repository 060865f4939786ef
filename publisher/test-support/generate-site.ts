// A generated site for deploy tests and benchmarks: many files in nested folders, names with
// spaces and non-ASCII characters, an empty file and optionally one large file. Deterministic for a
// seed, so a rerun produces the same bytes (and the same quilts).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { prng } from '../../core/walrus/test-support/fixtures.ts';

export interface GeneratedSite {
  readonly dir: string;
  /** Resource path → contents. */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

export interface GenerateOptions {
  readonly files: number;
  /** Size of one extra large file at /media/big video.bin (0 for none). */
  readonly largeBytes?: number;
  /** Largest ordinary file. */
  readonly maxBytes?: number;
  readonly seed?: number;
}

const FOLDERS = [
  '',
  'docs',
  'docs/guides',
  'docs/guides/advanced',
  'blog/2026',
  'assets/img',
  'assets/fonts',
  'naïve café',
  '日本語/ページ',
];
const NAMES = ['page', 'notes', 'résumé', 'read me', 'data', 'über', 'chart', 'index'];
const EXTENSIONS = [
  '.html',
  '.css',
  '.js',
  '.json',
  '.txt',
  '.svg',
  '.wasm',
  '.webmanifest',
  '.map',
  '.woff2',
];

export async function generateSite(dir: string, options: GenerateOptions): Promise<GeneratedSite> {
  const random = prng(options.seed ?? 1);
  const files = new Map<string, Uint8Array>();
  const maxBytes = options.maxBytes ?? 20_000;
  files.set(
    '/index.html',
    new TextEncoder().encode('<!doctype html><title>generated</title><h1>generated site</h1>'),
  );
  files.set('/empty.txt', new Uint8Array(0));
  if (options.largeBytes) {
    const big = new Uint8Array(options.largeBytes);
    for (let i = 0; i < big.length; i += 4096) big[i] = Math.floor(random() * 256);
    files.set('/media/big video.bin', big);
  }
  for (let i = 0; files.size < options.files; i++) {
    const folder = FOLDERS[i % FOLDERS.length]!;
    const name = `${NAMES[(i * 7) % NAMES.length]} ${i}${EXTENSIONS[i % EXTENSIONS.length]}`;
    const size = Math.floor(random() * maxBytes);
    const bytes = new Uint8Array(size);
    for (let j = 0; j < size; j++) bytes[j] = Math.floor(random() * 256);
    files.set(`/${folder ? `${folder}/` : ''}${name}`, bytes);
  }
  for (const [path, bytes] of files) {
    const file = join(dir, ...path.slice(1).split('/'));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
  }
  return { dir, files };
}
