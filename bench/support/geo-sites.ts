// The sites the geo benchmark deploys besides examples/hello, generated from a seed so every run
// measures the same bytes: a 30-file game-like page (one document pulling every asset, as a
// browser game does) and a 200-file docs site whose pages share a theme, scripts and a search
// index. Images are real PNGs of random pixels (stored, not compressed, like photos and sprite
// sheets, which compress poorly); scripts are valid JavaScript, so the pages run as they would.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { seededRandom } from '../../devnet/geo/random.ts';

export interface GeneratedSite {
  /** Folder name under the parent directory, and the table's name for the site. */
  readonly name: string;
  /** The page a visit opens. */
  readonly page: string;
  /** `document.title` of that page once loaded. */
  readonly title: string;
  /** Resource paths the page loads (itself first). */
  readonly pageFiles: readonly string[];
  /** Every file: resource path → bytes. */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

type Random = () => number;

const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low));

/** A valid PNG of random RGB pixels, about `bytes` long (deflate level 0 keeps it that size). */
export function randomPng(random: Random, bytes: number): Uint8Array {
  const width = 64;
  const height = Math.max(1, Math.round(bytes / (width * 3 + 1)));
  const raw = new Uint8Array(height * (width * 3 + 1));
  for (let i = 0; i < raw.length; i++) raw[i] = i % (width * 3 + 1) === 0 ? 0 : (random() * 256) | 0;
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    out.set(data, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 0 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** A script of about `bytes` that defines a table of numbers, as bundled data and code do. */
function script(random: Random, name: string, bytes: number, tail = ''): Uint8Array {
  const lines = [`// ${name}: generated for the geo benchmark`];
  let size = lines[0]!.length;
  for (let row = 0; size < bytes; row++) {
    const values = Array.from({ length: 12 }, () => (random() * 1e6) | 0).join(', ');
    const line = `globalThis.${name.replace(/\W/g, '_')}_${row} = [${values}];`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(`${lines.join('\n')}\n${tail}`);
}

function style(random: Random, bytes: number): Uint8Array {
  const rules: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const rule = `.c${i} { margin: ${between(random, 0, 40)}px; color: #${between(random, 0, 0xffffff).toString(16).padStart(6, '0')}; }`;
    rules.push(rule);
    size += rule.length + 1;
  }
  return Buffer.from(`${rules.join('\n')}\n`);
}

const MARK_JS_OK = "document.body.dataset.js = 'ok';\n";

function html(title: string, head: readonly string[], body: readonly string[], fillerBytes = 0): Uint8Array {
  const words = 'walrus quilt sliver shard epoch blob site page guide node read write verify'.split(' ');
  let filler = '';
  for (let i = 0; filler.length < fillerBytes; i++) filler += `${words[i % words.length]} `;
  return Buffer.from(
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8" />\n<title>${title}</title>\n${head.join('\n')}\n</head>\n<body>\n${body.join('\n')}\n${filler ? `<p>${filler}</p>\n` : ''}</body>\n</html>\n`,
  );
}

/** 30 files, ≈ 0.9 MB: the page loads all of them. */
export function gameSite(seed = 30): GeneratedSite {
  const random = seededRandom(seed);
  const files = new Map<string, Uint8Array>();
  const styles = ['/css/game.css', '/css/hud.css'];
  const scripts = ['/js/engine.js', '/js/physics.js', '/js/audio.js', '/js/levels.js'];
  const sprites = Array.from({ length: 22 }, (_, i) => `/sprites/sprite-${String(i).padStart(2, '0')}.png`);
  for (const path of styles) files.set(path, style(random, between(random, 4_000, 12_000)));
  for (const path of scripts) files.set(path, script(random, path, between(random, 40_000, 120_000)));
  files.set('/js/main.js', script(random, 'main', 8_000, MARK_JS_OK));
  for (const path of sprites) files.set(path, randomPng(random, between(random, 12_000, 40_000)));
  const title = 'Floe bench game';
  files.set(
    '/index.html',
    html(
      title,
      [
        ...styles.map((href) => `<link rel="stylesheet" href="${href}" />`),
        ...scripts.map((src) => `<script src="${src}" defer></script>`),
        '<script type="module" src="/js/main.js"></script>',
      ],
      sprites.map((src, i) => `<img src="${src}" alt="sprite ${i}" width="64" />`),
    ),
  );
  return {
    name: 'game',
    page: '/',
    title,
    pageFiles: ['/index.html', ...styles, ...scripts, '/js/main.js', ...sprites],
    files,
  };
}

/** 200 files, ≈ 3.5 MB: 190 guide pages sharing one theme, two scripts, a search index and diagrams. */
export function docsSite(seed = 200): GeneratedSite {
  const random = seededRandom(seed);
  const files = new Map<string, Uint8Array>();
  const diagrams = Array.from({ length: 6 }, (_, i) => `/img/diagram-${i}.png`);
  files.set('/css/docs.css', style(random, 30_000));
  files.set('/js/docs.js', script(random, 'docs', 60_000, MARK_JS_OK));
  files.set('/js/search-index.js', script(random, 'search', 250_000));
  for (const path of diagrams) files.set(path, randomPng(random, between(random, 30_000, 80_000)));
  const head = [
    '<link rel="stylesheet" href="/css/docs.css" />',
    '<script src="/js/search-index.js" defer></script>',
    '<script src="/js/docs.js" defer></script>',
  ];
  const pageName = (i: number) => `/guide/page-${String(i).padStart(3, '0')}.html`;
  for (let i = 0; i < 190; i++) {
    const shown = [diagrams[i % 6]!, diagrams[(i + 2) % 6]!, diagrams[(i + 4) % 6]!];
    const links = [pageName((i + 1) % 190), pageName((i + 189) % 190)];
    files.set(
      pageName(i),
      html(
        `Guide page ${i}`,
        head,
        [
          ...links.map((href) => `<a href="${href}">${href}</a>`),
          ...shown.map((src) => `<img src="${src}" alt="diagram" width="320" />`),
        ],
        between(random, 8_000, 25_000),
      ),
    );
  }
  files.set(
    '/index.html',
    html(
      'Floe bench docs',
      head,
      Array.from({ length: 190 }, (_, i) => `<a href="${pageName(i)}">page ${i}</a>`),
    ),
  );
  const visited = 100;
  return {
    name: 'docs',
    page: pageName(visited),
    title: `Guide page ${visited}`,
    pageFiles: [
      pageName(visited),
      '/css/docs.css',
      '/js/search-index.js',
      '/js/docs.js',
      diagrams[visited % 6]!,
      diagrams[(visited + 2) % 6]!,
      diagrams[(visited + 4) % 6]!,
    ],
    files,
  };
}

/** Writes a site's files under `dir`. */
export async function writeSite(site: GeneratedSite, dir: string): Promise<void> {
  for (const [path, bytes] of site.files) {
    const file = join(dir, ...path.slice(1).split('/'));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
  }
}
