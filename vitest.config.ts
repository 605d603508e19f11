import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    setupFiles: ['tests/unit/setup.ts'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
    // Vitest's default (one worker fewer than the cores) runs the files one at a time on a two-core CI machine,
    // while most of a file's time is spent waiting on a child process, a worker thread or the database server.
    // Two workers there let one file wait while the other runs.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
