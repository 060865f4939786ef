// Build-time changes to the `brotli` package's decoder for the service worker, both measured with
// a CPU profile of a restarted worker (page-loads bench visit):
// - its decode.js unpacks the 122 KB static dictionary as a side effect of being imported, so
//   every worker start paid for it, even for sites with no compressed file: the call moves into
//   the first `decompress()` (the dictionary's own unpacking calls `decompress` too, hence the
//   state that keeps it from recursing);
// - its browser build ships the dictionary Brotli-compressed and decodes it in plain JavaScript,
//   63 ms of a cold worker; the worker gets it as base64 of the raw bytes instead (94 KB more
//   script, a few ms to decode), taken at build time from the package's Node build.
import type { Plugin } from 'vite';

const DICTIONARY_MODULE = '\0floe:brotli-dictionary';

const EAGER_INIT = /\nBrotliDictionary\.init\(\);\s*$/;
const DECOMPRESS = 'export function decompress(buffer, output_size) {';

export class LazyBrotliPatchError extends Error {
  override readonly name = 'LazyBrotliPatchError';
}

/** decode.js with its dictionary unpacked on first use; throws if the file no longer looks as expected. */
export function lazyDictionary(code: string): string {
  if (!EAGER_INIT.test(code) || !code.includes(DECOMPRESS)) {
    throw new LazyBrotliPatchError(
      'brotli/dec/decode.js changed: it no longer ends in BrotliDictionary.init() or has decompress(); update scripts/lazy-brotli.ts',
    );
  }
  return code
    .replace(EAGER_INIT, '\n')
    .replace(
      DECOMPRESS,
      `let dictionaryState = 0;\n${DECOMPRESS}\n  if (dictionaryState === 0) {\n    dictionaryState = 1;\n    BrotliDictionary.init();\n    dictionaryState = 2;\n  }`,
    );
}

/** The dictionary module the worker gets: raw bytes as base64, decoded on first use. */
export function dictionaryModule(raw: Uint8Array): string {
  const base64 = Buffer.from(raw).toString('base64');
  return [
    `const DATA = ${JSON.stringify(base64)};`,
    'export function initData() {',
    "  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(DATA);",
    '  const text = atob(DATA);',
    '  const out = new Uint8Array(text.length);',
    '  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);',
    '  return out;',
    '}',
  ].join('\n');
}

export function lazyBrotli(): Plugin {
  return {
    name: 'floe:lazy-brotli-dictionary',
    // Before Vite's resolver, which would map #dictionary-data to the compressed browser build.
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === '#dictionary-data' && importer && /[\\/]brotli[\\/]dec[\\/]/.test(importer))
        return DICTIONARY_MODULE;
      return null;
    },
    async load(id) {
      if (id !== DICTIONARY_MODULE) return null;
      // The package's Node build holds the dictionary as plain bytes (a file its exports do not
      // name, so it is imported by URL, next to the decoder).
      const url = new URL('dec/dictionary-data.js', import.meta.resolve('brotli/decompress'));
      const { initData } = (await import(url.href)) as { initData: () => Uint8Array };
      return dictionaryModule(initData());
    },
    transform(code, id) {
      if (!/[\\/]brotli[\\/]dec[\\/]decode\.js$/.test(id.split('?')[0]!)) return null;
      return { code: lazyDictionary(code), map: null };
    },
  };
}
