// Vite builds for e2e fixtures, kept in memory (`write: false`): a fixture app becomes the files to
// give `startStaticServer`, and a script entry becomes one self-contained classic script for
// `page.addInitScript`. Neither reads a Vite config file, `.env` files or a public dir.
import { dirname } from 'node:path';
import type { InlineConfig, Rolldown } from 'vite';
import { build } from 'vite';
import type { StaticFile } from './static-server.ts';

const COMMON: InlineConfig = {
  configFile: false,
  envDir: false,
  publicDir: false,
  logLevel: 'warn',
};

function outputsOf(
  result: Awaited<ReturnType<typeof build>>,
): (Rolldown.OutputChunk | Rolldown.OutputAsset)[] {
  if (!Array.isArray(result) && !('output' in result))
    throw new Error('vite build unexpectedly returned a watcher');
  return (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
}

/** Builds the app whose `index.html` is in `root`; returns its files by URL path ("/index.html"). */
export async function buildFixtureApp(
  root: string,
  options: { target?: string } = {},
): Promise<Record<string, StaticFile>> {
  const result = await build({
    ...COMMON,
    root,
    build: {
      write: false,
      minify: false,
      target: options.target ?? 'es2023',
      reportCompressedSize: false,
      modulePreload: { polyfill: false },
    },
  });
  const files: Record<string, StaticFile> = {};
  for (const item of outputsOf(result)) {
    files[`/${item.fileName}`] = { body: item.type === 'chunk' ? item.code : item.source };
  }
  return files;
}

/**
 * Bundles `entry` and everything it imports into one IIFE classic script, as `addInitScript`
 * needs (it cannot load modules).
 */
export async function bundleClassicScript(entry: string, options: { target?: string } = {}): Promise<string> {
  const result = await build({
    ...COMMON,
    root: dirname(entry),
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      write: false,
      minify: false,
      target: options.target ?? 'es2023',
      reportCompressedSize: false,
      lib: { entry, formats: ['iife'], name: '__floeE2EScript' },
    },
  });
  const chunks = outputsOf(result).filter((item) => item.type === 'chunk');
  if (chunks.length !== 1) throw new Error(`expected one chunk from ${entry}, got ${chunks.length}`);
  return chunks[0]!.code;
}
