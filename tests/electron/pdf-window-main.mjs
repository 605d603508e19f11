// An Electron main process that only renders one PDF through the app's hidden PDF window (out/main/pdf-window.js)
// and exits: for tests/electron/pdf-window.spec.ts. ZJ_HTML is the page, ZJ_OUT where the PDF goes.
/* global process, console */
// A test's own Electron main process: the one place outside electron/main that is run by Electron itself.
// eslint-disable-next-line no-restricted-imports
import { app } from 'electron';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const { electronPdfRenderer } = await import(pathToFileURL(resolve('out/main/pdf-window.js')).href);

app.whenReady().then(async () => {
  try {
    writeFileSync(process.env.ZJ_OUT, await electronPdfRenderer.render(process.env.ZJ_HTML));
    app.exit(0);
  } catch (e) {
    console.error(e);
    app.exit(1);
  }
});
