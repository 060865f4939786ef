// Lint rules shared by every runtime; type-aware rules stay off so lint runs fast on 2 cores.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'test-results/',
      'playwright-report/',
      '.floe/',
      'coverage/',
      // Generated (git-ignored) and AssemblyScript, which has its own types and globals.
      '**/*.generated.ts',
      'wasm/*/assembly/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.es2024 } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': 'off',
    },
  },
  {
    // core/ is isomorphic: it may not reach into the other folders nor Node built-ins.
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts', 'core/**/test-support/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...[
          'self',
          'window',
          'document',
          'importScripts',
          'postMessage',
          'caches',
          'clients',
          'registration',
          'location',
          'navigator',
          'localStorage',
          'Buffer',
          'process',
        ].map((name) => ({
          name,
          message: 'core/ is isomorphic: inject this instead of reading a runtime global.',
        })),
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'core/ is isomorphic: inject I/O instead of importing Node APIs.' },
            {
              group: [
                '**/publisher/**',
                '**/portal/**',
                '**/sw/**',
                '**/devnet/**',
                '**/e2e/**',
                '**/bench/**',
                '**/fuzz/**',
                '**/faults/**',
                '**/scripts/**',
                '**/aggregator/**',
              ],
              message: 'core/ never imports from other folders.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'publisher/**',
      'devnet/**',
      'e2e/**',
      'bench/**',
      'fuzz/**',
      'faults/**',
      'scripts/**',
      '.ci/**',
      '*.config.{ts,js}',
      'core/**/*.test.ts',
      'core/**/test-support/**',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
);
