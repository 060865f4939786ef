// Playwright runs the browser e2e suite (e2e/**/*.spec.ts) in Chromium only. Tests start their own
// loopback servers, so there is no webServer here and nothing leaves the machine.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './e2e/support/chromium.ts';

const ci = Boolean(process.env['CI']);
const executablePath = findChromium(process.env, existsSync);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  globalTimeout: ci ? 15 * 60_000 : 0,
  fullyParallel: false,
  forbidOnly: ci,
  retries: ci ? 1 : 0,
  // The machine has 2 cores; Chromium plus the test worker already saturate them.
  workers: Math.min(2, availableParallelism()),
  reporter: 'list',
  use: {
    headless: true,
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          ...(executablePath ? { executablePath } : {}),
          args: [...CHROMIUM_ARGS],
        },
      },
    },
  ],
});
