// The one definition of how the portal is built. `npx vite` serves the portal app (portal/app) for
// development; `npm run build` (scripts/build.ts) runs `portalBuilds()`: the same app, then the
// service worker and the scripts that install it (bootstrap, register), all into dist/portal.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type InlineConfig, type UserConfig } from 'vite';
import { portalProxy } from './scripts/dev-proxy.ts';
import { lazyBrotli } from './scripts/lazy-brotli.ts';

const ROOT = import.meta.dirname;

/** Where `npm run build` writes and `npm start` / `floe portal` serve from. */
export const DIST = resolve(ROOT, 'dist/portal');

/** The scripts served under `/__floe/`, each bundled into `__floe/<name>.js`. */
const SCRIPTS = {
  sw: 'sw/sw.ts',
  bootstrap: 'portal/bootstrap/bootstrap.ts',
  register: 'portal/bootstrap/register.ts',
} as const;

// The portal reads its configuration from the portal server, not from .env files, and has no
// public/ folder; without these Vite would pick up whatever sits in the repo root.
const SHARED: UserConfig = { envDir: false, publicDir: false };

// The portal server `npx vite` forwards to (see scripts/dev-proxy.ts): by default `npm start`'s.
const PORTAL_URL = process.env['FLOE_PORTAL_URL'] ?? 'http://localhost:3000';

/** The portal app (React), rooted at portal/app, into `outDir`. */
export function appConfig(outDir: string = DIST): UserConfig {
  return {
    ...SHARED,
    root: resolve(ROOT, 'portal/app'),
    plugins: [react()],
    build: {
      outDir,
      // The worker and scripts share outDir; `npm run build` empties it once, before all builds.
      emptyOutDir: false,
      target: 'es2023',
      reportCompressedSize: false,
      // The Sui and Walrus SDKs make the app one ~700 kB chunk; that is expected, not a warning.
      chunkSizeWarningLimit: 1500,
    },
  };
}

/**
 * One entry bundled into `__floe/<name>.js` with every import inlined: a module service worker
 * may not `import()`. The decoder's .wasm stays a separate asset, fetched only when a read must
 * decode.
 */
export function scriptConfig(name: string, entry: string, outDir: string = DIST): UserConfig {
  return {
    ...SHARED,
    root: ROOT,
    plugins: [lazyBrotli()],
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
        input: { [name]: resolve(ROOT, entry) },
        output: {
          // The worker is a classic script: Chromium starts a classic service worker from its cached
          // compiled code, and a module one about 40 ms (up to 100 ms under load) later on every
          // start (measured on the page-loads visits); it imports nothing at run time either way.
          format: name === 'sw' ? 'iife' : 'es',
          entryFileNames: `__floe/${name}.js`,
          assetFileNames: '__floe/assets/[name]-[hash][extname]',
          codeSplitting: false,
        },
      },
    },
  };
}

/** Every build `npm run build` runs, in order, into `outDir` (tests build into their own folder). */
export function portalBuilds(outDir: string = DIST): InlineConfig[] {
  const out = resolve(outDir);
  const configs = [
    appConfig(out),
    ...Object.entries(SCRIPTS).map(([name, entry]) => scriptConfig(name, entry, out)),
  ];
  // Each config is complete: without `configFile: false` Vite would load this file again and merge
  // the dev server's settings in.
  return configs.map((config) => ({ ...config, configFile: false, logLevel: 'warn' }));
}

// `npx vite` (and `npx vite build`, which makes the app alone; `npm run build` makes everything).
export default defineConfig({
  ...appConfig(),
  server: { proxy: portalProxy(PORTAL_URL) },
});
