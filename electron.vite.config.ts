// Builds the four parts of the app from the top-level folders:
//   main     electron/main (Electron lifecycle) + electron/host (browser host) + electron/cli (command line),
//            all Node-side and sharing db/ and shared/; dependencies stay external (better-sqlite3 is native).
//   preload  electron/preload, as CommonJS because sandboxed preloads cannot be ES modules.
//   renderer renderer/ (React), also served as-is by the browser host.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // chinese-days is bundled: its holiday table is a JSON file (shared/dates/workdays.ts), which Node's ES
      // module loader would only import with an attribute the bundler drops from an external import.
      externalizeDeps: { exclude: ['chinese-days'] },
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          host: resolve('electron/host/index.ts'),
          cli: resolve('electron/cli/index.ts'),
          // The hidden PDF window on its own, so the Electron suite can drive it in a real runtime
          // (tests/electron/pdf-window.spec.ts); the desktop app imports it from index.
          'pdf-window': resolve('electron/main/pdf-window.ts'),
          // Uploaded workbooks are parsed in a worker thread with a memory ceiling (db/core/import/worker-pool.ts).
          'import-worker': resolve('db/core/import/parse-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified: 6.1 MB of script, comments and all, parsed by every new window
      // and browser tab. Minified it is 3.1 MB, and a tab shows the sign-in screen in about 650 ms instead of 780
      // (a fresh Chromium context on the 2-core machine, 16 loads each).
      minify: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
    plugins: [react()],
  },
});
