// Lint: TypeScript rules, React hooks, and the architecture's boundaries: the renderer may not import
// electron/ or db/ (nor Node or Electron APIs); shared/ stays pure (no db/, electron/, renderer/, Node).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net'];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['electron/**/*.ts', 'db/**/*.ts', 'tests/**/*.ts', 'scripts/**/*.mjs', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // CommonJS preload for third-party tools (see scripts/no-network.cjs).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to the app only through api.invoke.' },
            { name: 'better-sqlite3', message: 'The renderer never touches the database.' },
            { name: 'kysely', message: 'The renderer never touches the database.' },
          ],
          patterns: [
            {
              group: ['**/electron/**', '**/electron'],
              message: 'renderer may not import electron/: use api.invoke',
            },
            { group: ['**/db/**', '**/db'], message: 'renderer may not import db/: use api.invoke' },
            { group: nodeBuiltins, message: 'no Node APIs in the renderer' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', '**/db/**', '**/renderer/**'],
              message: 'shared/ is the contract: it depends on nothing of the app',
            },
            { group: nodeBuiltins, message: 'shared/ runs in the renderer too: no Node APIs' },
          ],
        },
      ],
    },
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'db/ does not depend on transports or UI',
            },
          ],
        },
      ],
    },
  },
);
