// The folders bench/media.ts deploys, written deterministically: the reads site (a page and one
// ≈200 MiB MP4, stored as a blob of its own by `floe deploy`) and the deploy sites of
// media-sizes.ts's shapes. Returns every file's path and SHA-256 so reads can be checked byte-exact.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { prng, randomBytes } from '../../core/walrus/test-support/fixtures.ts';
import { makeTestVideo } from '../../devnet/media/test-media.ts';
import { FLAT_FILE_BYTES, SMALL_FILE_MAX_BYTES, siteShape } from './media-sizes.ts';

/** Bytes per second of makeTestVideo's default 160×120 at 10 fps. */
const VIDEO_BYTES_PER_SECOND = 309_000;

export interface WrittenFile {
  /** Resource path, e.g. `/media/big.mp4`. */
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

export interface WrittenSite {
  readonly dir: string;
  readonly files: readonly WrittenFile[];
  readonly bytes: number;
  readonly largest: number;
}

const hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function put(dir: string, path: string, bytes: Uint8Array, into: WrittenFile[]): Promise<void> {
  const file = join(dir, ...path.slice(1).split('/'));
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, bytes);
  into.push({ path, size: bytes.length, sha256: hex(bytes) });
}

function summary(dir: string, files: WrittenFile[]): WrittenSite {
  return {
    dir,
    files,
    bytes: files.reduce((n, f) => n + f.size, 0),
    largest: files.reduce((n, f) => Math.max(n, f.size), 0),
  };
}

const page = (title: string) =>
  new TextEncoder().encode(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1></body></html>\n`);

/** A video of about `bytes` (whole frames, so a little off). */
export function videoOfSize(bytes: number): Uint8Array {
  return makeTestVideo({ seconds: Math.max(1, Math.round(bytes / VIDEO_BYTES_PER_SECOND)) });
}

export const READS_VIDEO_PATH = '/media/big.mp4';

/** `/index.html` and `/media/big.mp4` of about `videoBytes`. */
export async function writeReadsSite(
  dir: string,
  videoBytes: number,
): Promise<WrittenSite & { video: WrittenFile }> {
  const files: WrittenFile[] = [];
  await put(dir, '/index.html', page('Media bench'), files);
  await put(dir, READS_VIDEO_PATH, videoOfSize(videoBytes), files);
  return { ...summary(dir, files), video: files[1]! };
}

/**
 * A deploy site of about `bytes` as siteShape says: 5 MB random files, or big MP4s plus small
 * files (half HTML text, half random bytes) four folders deep.
 */
export async function writeDeploySite(dir: string, bytes: number, seed: number): Promise<WrittenSite> {
  const shape = siteShape(bytes);
  const files: WrittenFile[] = [];
  await put(dir, '/index.html', page(`Site of ${bytes} bytes`), files);
  if (shape.kind === 'flat') {
    for (let i = 0; i < shape.files; i++) {
      await put(
        dir,
        `/files/${String(i).padStart(3, '0')}.bin`,
        randomBytes(FLAT_FILE_BYTES, seed * 1000 + i + 1),
        files,
      );
    }
    return summary(dir, files);
  }
  for (let v = 0; v < shape.videos; v++)
    await put(dir, `/media/video-${v}.mp4`, videoOfSize(shape.videoBytes), files);
  const random = prng(seed);
  for (let i = 0; i < shape.files; i++) {
    // 5 × 5 × 5 × 5 folders: ~32 files each at 20,000.
    const folders = [i % 5, Math.floor(i / 5) % 5, Math.floor(i / 25) % 5, Math.floor(i / 125) % 5];
    const base = `/${folders.map((f, level) => `l${level}-${f}`).join('/')}/f${i}`;
    const size = 1 + Math.floor(random() * SMALL_FILE_MAX_BYTES);
    const body =
      i % 2 === 0
        ? new TextEncoder().encode(`<p>file ${i}</p>\n`.repeat(Math.ceil(size / 16)).slice(0, size))
        : randomBytes(size, seed * 100_000 + i + 1);
    await put(dir, `${base}${i % 2 === 0 ? '.html' : '.bin'}`, body, files);
  }
  return summary(dir, files);
}
