import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dictionaryModule, lazyDictionary, LazyBrotliPatchError } from './lazy-brotli.ts';

const SOURCE = readFileSync('node_modules/brotli/dec/decode.js', 'utf8');

describe('the lazy Brotli dictionary patch', () => {
  it('takes the eager init out of the module and runs it in the first decompress, once', () => {
    const patched = lazyDictionary(SOURCE);
    expect(patched).not.toMatch(/\nBrotliDictionary\.init\(\);\s*$/);
    expect(patched.match(/BrotliDictionary\.init\(\)/g)).toHaveLength(1);
    expect(patched).toContain('dictionaryState = 1;');
  });

  it('fails the build when the package changes shape', () => {
    expect(() => lazyDictionary('export function other() {}')).toThrow(LazyBrotliPatchError);
  });
  // That the patched decoder still decodes is checked where it runs: e2e/portal.spec.ts reads
  // hello's Brotli-stored files through the worker, byte for byte.
});

describe('the worker’s Brotli dictionary module', () => {
  it('hands the decoder the same bytes as the package’s own dictionary', async () => {
    const url = new URL('dec/dictionary-data.js', import.meta.resolve('brotli/decompress'));
    const { initData } = (await import(url.href)) as { initData: () => Uint8Array };
    const raw = initData();
    const code = dictionaryModule(raw);
    const module = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as {
      initData: () => Uint8Array;
    };
    expect(Buffer.from(module.initData()).equals(Buffer.from(raw))).toBe(true);
    expect(raw.length).toBe(122_784);
  });
});
