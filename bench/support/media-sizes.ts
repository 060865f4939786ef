// Pure rules of bench/media.ts's deploy table: which site sizes to run (`--sizes 200MB,1GB,2GB`),
// what each site holds, and whether the disk has room for it.

export class MediaSizesError extends Error {
  override name = 'MediaSizesError';
}

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** `"200MB,1GB"` → byte counts (decimal MB/GB, binary MiB/GiB). */
export function parseSizes(text: string): number[] {
  return text.split(',').map((part) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(part);
    const unit = UNITS[(match?.[2] || 'b').toLowerCase()];
    if (!match || unit === undefined || !(Number(match[1]) > 0))
      throw new MediaSizesError(`not a size: "${part}" (e.g. 200MB, 1GB, 2GB)`);
    return Math.round(Number(match[1]) * unit);
  });
}

/** `--sizes <list>` or `--sizes=<list>` among `args`; `fallback` when absent. */
export function sizesOption(args: readonly string[], fallback: string): number[] {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--sizes') return parseSizes(args[i + 1] ?? '');
    if (arg.startsWith('--sizes=')) return parseSizes(arg.slice('--sizes='.length));
  }
  return parseSizes(fallback);
}

/** "200 MB", "1 GB", "2.5 GB" */
export function sizeLabel(bytes: number): string {
  return bytes >= 1e9 ? `${+(bytes / 1e9).toFixed(2)} GB` : `${+(bytes / 1e6).toFixed(1)} MB`;
}

/** The flat site of the measurement, up to this size: 5 MB files only. */
const FLAT_UP_TO = 500e6;
export const FLAT_FILE_BYTES = 5_000_000;
/** The big sites' small files: this many per 2 GB, each 1 byte to 40 KB. */
const SMALL_FILES_PER_2GB = 20_000;
export const SMALL_FILE_MAX_BYTES = 40_000;

export interface SiteShape {
  readonly kind: 'flat' | 'media';
  /** 5 MB files (flat) or small files in nested folders (media). */
  readonly files: number;
  /** Big MP4s (media sites only) and the bytes each is aimed at. */
  readonly videos: number;
  readonly videoBytes: number;
}

/**
 * What a site of `bytes` holds: up to 500 MB, `bytes / 5 MB` files of 5 MB (forty for 200 MB, the
 * issue's case); above, 2 (below 1.5 GB) or 3 big MP4s plus 20,000 small files per 2 GB (about
 * 20 KB each on average) in 4-level folders, the videos taking what the small files leave.
 */
export function siteShape(bytes: number): SiteShape {
  if (bytes <= FLAT_UP_TO) {
    return {
      kind: 'flat',
      files: Math.max(1, Math.round(bytes / FLAT_FILE_BYTES)),
      videos: 0,
      videoBytes: 0,
    };
  }
  const files = Math.round((SMALL_FILES_PER_2GB * bytes) / 2e9);
  const videos = bytes < 1.5e9 ? 2 : 3;
  const smallBytes = (files * SMALL_FILE_MAX_BYTES) / 2;
  return { kind: 'media', files, videos, videoBytes: Math.max(1, Math.round((bytes - smallBytes) / videos)) };
}

/** The largest file of a site of `bytes`, before writing it. */
export function largestFile(shape: SiteShape): number {
  return shape.kind === 'flat' ? FLAT_FILE_BYTES : shape.videoBytes;
}

/**
 * Whether `freeBytes` of disk hold a deploy of a `siteBytes` site whose largest file is
 * `largestBytes`: 4.5 × the site for the nodes' encoded slivers (a 2 GB site puts ~9 GB into their
 * SQLite), 2.5 × the largest file for the deploy's spill of its slivers.
 */
export function enoughDisk(freeBytes: number, siteBytes: number, largestBytes: number): boolean {
  return freeBytes >= 4.5 * siteBytes + 2.5 * largestBytes;
}
