// `npm run build`: every build vite.config.ts defines — the portal app, the service worker and the
// scripts that install it (bootstrap, register) — into dist/portal.
import { rm } from 'node:fs/promises';
import { build } from 'vite';
import { DIST, portalBuilds } from '../vite.config.ts';

export { DIST };

/** Builds into `outDir` (default dist/portal); tests build into their own folder. */
export async function buildPortal(outDir: string = DIST): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  // One after another: they share outDir, and this machine has two cores.
  for (const config of portalBuilds(outDir)) await build(config);
}

if (import.meta.main) {
  const started = Date.now();
  await buildPortal();
  console.log(`built ${DIST} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
