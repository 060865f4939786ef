// The `content-type` a resource gets when no header rule sets one. Every extension site-builder knows
// (site-builder/src/site/content.rs, MDN's "common types" list) maps to the same string here, so a
// site deployed with Floe or with site-builder serves identical headers, quirks included (`.ogg` is
// `video/ogg`, `.ts` is `video/mp2t`, `.ico` is `image/vnd.microsoft.icon`). Types are bare, without
// `; charset=utf-8`, again like site-builder; browsers sniff UTF-8 from the BOM or `<meta charset>`.
//
// Two deliberate differences: the lookup is case-insensitive (site-builder serves `INDEX.HTML` as
// octet-stream), and extensions site-builder lacks get their registered type instead of
// `application/octet-stream`. `.wasm` matters most: `WebAssembly.instantiateStreaming` refuses
// anything but `application/wasm`.

/** The type of anything we cannot name; browsers download it instead of rendering it. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

// site-builder's table, complete (content.rs `try_from_extension` + `Display`).
const SITE_BUILDER_TYPES: Readonly<Record<string, string>> = {
  aac: 'audio/aac',
  abw: 'application/x-abiword',
  apng: 'image/apng',
  arc: 'application/x-freearc',
  avif: 'image/avif',
  avi: 'video/x-msvideo',
  azw: 'application/vnd.amazon.ebook',
  bin: 'application/octet-stream',
  bmp: 'image/bmp',
  bz: 'application/x-bzip',
  bz2: 'application/x-bzip2',
  cda: 'application/x-cdf',
  csh: 'application/x-csh',
  css: 'text/css',
  csv: 'text/csv',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  eot: 'application/vnd.ms-fontobject',
  epub: 'application/epub+zip',
  gz: 'application/gzip',
  gif: 'image/gif',
  htm: 'text/html',
  html: 'text/html',
  ico: 'image/vnd.microsoft.icon',
  ics: 'text/calendar',
  jar: 'application/java-archive',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  js: 'text/javascript',
  json: 'application/json',
  jsonld: 'application/ld+json',
  mid: 'audio/midi',
  midi: 'audio/midi',
  mjs: 'text/javascript',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  mpeg: 'video/mpeg',
  mpkg: 'application/vnd.apple.installer+xml',
  odp: 'application/vnd.oasis.opendocument.presentation',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odt: 'application/vnd.oasis.opendocument.text',
  oga: 'audio/ogg',
  ogv: 'video/ogg',
  ogg: 'video/ogg',
  ogx: 'application/ogg',
  opus: 'audio/opus',
  otf: 'font/otf',
  png: 'image/png',
  pdf: 'application/pdf',
  php: 'application/x-httpd-php',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  rar: 'application/vnd.rar',
  rtf: 'application/rtf',
  sh: 'application/x-sh',
  svg: 'image/svg+xml',
  tar: 'application/x-tar',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  ts: 'video/mp2t',
  ttf: 'font/ttf',
  txt: 'text/plain',
  vsd: 'application/vnd.visio',
  wav: 'audio/wav',
  weba: 'audio/webm',
  webm: 'video/webm',
  webp: 'image/webp',
  woff: 'font/woff',
  woff2: 'font/woff2',
  xhtml: 'application/xhtml+xml',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xml: 'application/xml',
  xul: 'application/vnd.mozilla.xul+xml',
  zip: 'application/zip',
  '7z': 'application/x-7z-compressed',
};

// Extensions site-builder serves as octet-stream although the web has a registered type for them.
const EXTRA_TYPES: Readonly<Record<string, string>> = {
  // Code and data
  cjs: 'text/javascript',
  map: 'application/json', // source maps are JSON (ECMA-426)
  wasm: 'application/wasm',
  webmanifest: 'application/manifest+json',
  md: 'text/markdown',
  markdown: 'text/markdown',
  yaml: 'application/yaml', // RFC 9512
  yml: 'application/yaml',
  toml: 'application/toml',
  geojson: 'application/geo+json',
  ndjson: 'application/x-ndjson',
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  xsl: 'application/xml',
  tsv: 'text/tab-separated-values',
  vcf: 'text/vcard',
  vtt: 'text/vtt',
  srt: 'application/x-subrip',
  pem: 'application/x-pem-file',
  // Images
  jpe: 'image/jpeg',
  jfif: 'image/jpeg',
  cur: 'image/x-icon',
  heic: 'image/heic',
  heif: 'image/heif',
  jxl: 'image/jxl',
  // Fonts
  ttc: 'font/collection',
  // Audio and video
  flac: 'audio/flac',
  m4a: 'audio/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  mkv: 'video/x-matroska',
  mpg: 'video/mpeg',
  '3gp': 'video/3gpp',
  '3g2': 'video/3gpp2',
  m3u8: 'application/vnd.apple.mpegurl',
  mpd: 'application/dash+xml',
  // 3D
  glb: 'model/gltf-binary',
  gltf: 'model/gltf+json',
  // Archives
  tgz: 'application/gzip',
  xz: 'application/x-xz',
  zst: 'application/zstd',
};

const TYPES: ReadonlyMap<string, string> = new Map([
  ...Object.entries(EXTRA_TYPES),
  ...Object.entries(SITE_BUILDER_TYPES),
]);

/**
 * The extension of a resource path's last segment, lowercased, as Rust's `Path::extension` finds it:
 * the part after the last `.`, where a leading dot does not count (`/.htaccess` has none).
 */
export function fileExtension(path: string): string | null {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : null;
}

/**
 * MIME type for a resource path from its extension, `application/octet-stream` when unknown.
 * site-builder falls back to the whole file name when there is no extension (so a file called
 * `html` becomes `text/html`); we don't, a file without an extension is opaque.
 */
export function contentTypeFor(path: string): string {
  const extension = fileExtension(path);
  return (extension !== null && TYPES.get(extension)) || DEFAULT_CONTENT_TYPE;
}
