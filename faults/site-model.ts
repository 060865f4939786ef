// The site each schedule deploys, as the developer's folder: a first deploy creates it, every later
// deploy step changes some files, adds and removes others, then deploys the whole folder again.
// The folder evolves the same way whatever the deploys' outcomes (a failed deploy's changes stay
// in the folder and go out with the next one), so it is a pure function of the schedule. Also
// here: what a portal must answer for a URL path given one version of the folder.
import { matchRoute, resolvePath } from '../core/serve/routing.ts';
import { prng } from '../core/walrus/test-support/fixtures.ts';

export type Folder = ReadonlyMap<string, Uint8Array>;

export interface SiteChange {
  /** Seeds the new contents and the choice of files. */
  readonly seed: number;
  readonly modify: number;
  readonly add: number;
  readonly remove: number;
  /** Caps each quilt's size so a deploy needs several quilts (null: the pipeline's default). */
  readonly maxQuiltBytes: number | null;
}

/** Always present (never removed), so routes and the 404 page always have a target. */
export const FIXED_PATHS: readonly string[] = ['/index.html', '/404.html', '/app/index.html'];
/** Every version routes `/app/*` to the app's page, as an SPA would. */
export const ROUTES: readonly (readonly [string, string])[] = [['/app/*', '/app/index.html']];
export const WS_RESOURCES_JSON = JSON.stringify({ routes: Object.fromEntries(ROUTES) });

const FOLDERS = ['', 'docs', 'assets/img', 'naïve café', '日本語/ページ', 'blog/2026/deep'];
const EXTENSIONS = ['.txt', '.bin', '.css', '.js', '.json', '.svg', '.html'];

export function applyChange(folder: Folder, change: SiteChange): Map<string, Uint8Array> {
  const random = prng(change.seed);
  const out = new Map(folder);
  if (out.size === 0) for (const path of FIXED_PATHS) out.set(path, contents(path, random));
  const removable = () => [...out.keys()].filter((p) => !FIXED_PATHS.includes(p)).sort();
  for (let i = 0; i < change.remove; i++) {
    const paths = removable();
    if (paths.length === 0) break;
    out.delete(paths[Math.floor(random() * paths.length)]!);
  }
  const existing = [...out.keys()].sort();
  for (let i = 0; i < change.modify && existing.length > 0; i++) {
    const path = existing[Math.floor(random() * existing.length)]!;
    out.set(path, contents(path, random));
  }
  for (let i = 0; i < change.add; i++) {
    const folderName = FOLDERS[Math.floor(random() * FOLDERS.length)]!;
    const ext = EXTENSIONS[Math.floor(random() * EXTENSIONS.length)]!;
    const name = `file ${Math.floor(random() * 0x1_0000_0000).toString(36)}${ext}`;
    const path = `/${folderName ? `${folderName}/` : ''}${name}`;
    out.set(path, contents(path, random));
  }
  return out;
}

/** Mostly small files (one column or two), some spanning many columns, a few large ones. */
function contents(path: string, random: () => number): Uint8Array {
  const roll = random();
  const size =
    roll < 0.08
      ? 0
      : roll < 0.6
        ? rand(random, 1, 3000)
        : roll < 0.92
          ? rand(random, 3000, 40_000)
          : rand(random, 40_000, 250_000);
  if (path.endsWith('.html')) {
    const words = Array.from({ length: Math.ceil(size / 40) }, () =>
      Math.floor(random() * 1e12).toString(36),
    );
    return new TextEncoder().encode(`<!doctype html><title>${path}</title><p>${words.join(' ')}</p>\n`);
  }
  const bytes = new Uint8Array(size);
  let x = Math.floor(random() * 0xffff_ffff) || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

function rand(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min));
}

/** What a Walrus Sites portal answers for `urlPath` on a site holding `folder`. */
export interface Expected {
  readonly status: 200 | 404;
  /** The resource served (the route target, or /404.html). */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Exact file (`/` → /index.html), else the matching route's target, else /404.html with 404. */
export function expectedFor(folder: Folder, urlPath: string): Expected {
  const path = resolvePath(urlPath);
  // The site's 404 page is a 404 however it is reached, as the walrus-sites portals answer it.
  const statusOf = (served: string) => (served === '/404.html' ? 404 : 200);
  const exact = folder.get(path);
  if (exact) return { status: statusOf(path), path, bytes: exact };
  const target = matchRoute(path, ROUTES);
  const routed = target === null ? undefined : folder.get(target);
  if (target !== null && routed) return { status: statusOf(target), path: target, bytes: routed };
  return { status: 404, path: '/404.html', bytes: folder.get('/404.html')! };
}
