// `npm run build`: the portal app, the service worker and the scripts that install it (bootstrap,
// register) into dist/portal.
// The worker is one ES module (a module service worker may not `import()`), with the decoder's
// .wasm as a separate asset it fetches only when a read must decode.
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { build, type InlineConfig } from 'vite';

export const DIST = resolve('dist/portal');

const COMMON: InlineConfig = {
  configFile: false,
  envDir: false,
  publicDir: false,
  logLevel: 'warn',
};

/** One entry bundled into `__floe/<name>.js` with every import inlined. */
function single(name: string, entry: string, outDir: string): InlineConfig {
  return {
    ...COMMON,
    build: {
      outDir,
      emptyOutDir: false,
      target: 'es2023',
      minify: true,
      sourcemap: true,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 1500,
      modulePreload: false,
      rolldownOptions: {
        input: { [name]: resolve(entry) },
        output: {
          format: 'es',
          entryFileNames: `__floe/${name}.js`,
          assetFileNames: '__floe/assets/[name]-[hash][extname]',
          codeSplitting: false,
        },
      },
    },
  };
}

/** Builds into `outDir` (default dist/portal); tests build into their own folder. */
export async function buildPortal(outDir: string = DIST): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await build({
    ...COMMON,
    root: resolve('portal/app'),
    plugins: [react()],
    // The Sui and Walrus SDKs make the app one ~700 kB chunk; that is expected, not a warning.
    build: {
      outDir,
      emptyOutDir: false,
      target: 'es2023',
      reportCompressedSize: false,
      chunkSizeWarningLimit: 1500,
    },
  });
  await build(single('sw', 'sw/sw.ts', outDir));
  await build(single('bootstrap', 'portal/bootstrap/bootstrap.ts', outDir));
  await build(single('register', 'portal/bootstrap/register.ts', outDir));
}

if (import.meta.main) {
  const started = Date.now();
  await buildPortal();
  console.log(`built ${DIST} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
