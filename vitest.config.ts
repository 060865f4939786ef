import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'core/**/*.test.ts',
      'publisher/**/*.test.ts',
      'aggregator/**/*.test.ts',
      'devnet/**/*.test.ts',
      'sw/**/*.test.ts',
      'portal/**/*.test.ts',
      'fuzz/**/*.test.ts',
      'faults/**/*.test.ts',
      'bench/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    // Encoding at n = 1000 takes seconds of WASM CPU on this 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
