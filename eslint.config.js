// Lint: TypeScript rules, React hooks, and the architecture's boundaries: the renderer may not import
// electron/ or db/ (nor Node or Electron APIs); shared/ stays pure (no db/, electron/, renderer/, Node); only
// electron/main and electron/preload import the `electron` module (everything else runs without Electron: the
// browser host, the CLI, the tests, which use a stand-in through vi.mock).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net'];

// The `electron` module and its subpaths (electron/main, electron/renderer, electron/common), not the app's own
// electron/ folder nor packages such as electron-vite. Repeated in every block that sets no-restricted-imports,
// since a later block's options replace an earlier one's.
const noElectron = {
  paths: [
    {
      name: 'electron',
      message: 'Only electron/main and electron/preload use Electron; the rest must run without it.',
    },
  ],
  patterns: [
    {
      regex: '^electron/',
      message: 'Only electron/main and electron/preload use Electron; the rest must run without it.',
    },
  ],
};

/** esquery regex for the `electron` module's specifiers (electron/package.json, read for its version, is not one). */
const electronModule = '/^electron(\\/(main|renderer|common|utility))?$/';

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
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': ['error', noElectron],
      // The same for import('electron') and require('electron'), which no-restricted-imports does not see
      // (vi.mock('electron', …) in tests is neither: it names the module to replace, it does not load it).
      'no-restricted-syntax': [
        'error',
        {
          selector: `ImportExpression[source.value=${electronModule}]`,
          message: noElectron.paths[0].message,
        },
        {
          selector: `CallExpression[callee.name='require'][arguments.0.value=${electronModule}]`,
          message: noElectron.paths[0].message,
        },
      ],
    },
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
            ...noElectron.patterns,
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
          paths: noElectron.paths,
          patterns: [
            ...noElectron.patterns,
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
          paths: noElectron.paths,
          patterns: [
            ...noElectron.patterns,
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
