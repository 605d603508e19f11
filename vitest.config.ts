import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Files that need a fresh module graph of their own: they replace modules (vi.mock / vi.doMock of electron, of
 * node:crypto, of the app core) or set the process's clock zone without putting it back. Every other file shares its
 * worker's modules with the files before it (`isolate: false`): a fresh process per file loaded the app's modules
 * again each time, which took about 40 % of the suite's CPU (SQLite run: 514 → 307 CPU-seconds, 287 → 173 s on two
 * cores). Each file still opens its own databases and the setup file runs before each one.
 */
const OWN_MODULES = [
  'tests/unit/electron-main.test.ts',
  'tests/unit/electron-preload.test.ts',
  'tests/unit/login-hardening.test.ts',
  'tests/unit/store-connection.test.ts',
  'tests/unit/reports.test.ts',
  'tests/unit/report-periods.test.ts',
];

export default defineConfig({
  test: {
    setupFiles: ['tests/unit/setup.ts'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
    // Vitest's default (one worker fewer than the cores) runs the files one at a time on a two-core CI machine,
    // while most of a file's time is spent waiting on a child process, a worker thread or the database server.
    // Two workers there let one file wait while the other runs.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: { name: 'shared', include: ['tests/unit/**/*.test.ts'], exclude: OWN_MODULES, isolate: false },
      },
      { extends: true, test: { name: 'isolated', include: OWN_MODULES, isolate: true } },
    ],
  },
});
