// Finds the Chromium executable for Playwright. Pure (environment and file check are injected) so
// playwright.config.ts, later e2e helpers and unit tests can all share one rule.

/** Debian's `chromium` package installs its launcher here. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Extra Chromium switches for every e2e run: headless CI as root, no GPU, no calls home. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type ChromiumEnv = Readonly<Record<string, string | undefined>>;

/**
 * The browser to launch:
 * 1. `CHROMIUM_PATH`, when set and non-empty; it must exist, since a mistyped override should fail
 *    loudly rather than silently test another browser;
 * 2. else Debian's `/usr/bin/chromium`, when it exists;
 * 3. else `undefined`, meaning Playwright's own downloaded Chromium (`npx playwright install chromium`).
 */
export function findChromium(env: ChromiumEnv, exists: (path: string) => boolean): string | undefined {
  const override = env['CHROMIUM_PATH']?.trim();
  if (override) {
    if (!exists(override)) {
      throw new Error(`CHROMIUM_PATH is set to ${override}, which does not exist`);
    }
    return override;
  }
  return exists(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}
