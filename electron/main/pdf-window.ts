// The desktop app's PdfRenderer: a hidden, sandboxed window loads the report's HTML and Electron's own Chromium
// prints it (webContents.printToPDF, CSS page size and margin boxes honoured) — the engine of the print preview.
// The page runs no script and loads nothing from anywhere (pdf-window-options.ts); the app's own layout step is
// evaluated through the DevTools protocol, as electron/server/pdf-renderer.ts does with playwright-core.
import { BrowserWindow, session, type WebContents } from 'electron';
import type { PdfRenderer } from '../../db/core/context';
import { IMPRINT_EVALUATE } from '../../shared/print/official-layout';
import { PDF_PARTITION, pdfRequestAllowed, pdfWindowOptions } from './pdf-window-options';

let sessionReady = false;

/** The hidden window's session refuses every request but data: URLs, and every permission. Set up once. */
function preparePdfSession(): void {
  if (sessionReady) return;
  const ses = session.fromPartition(PDF_PARTITION);
  ses.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !pdfRequestAllowed(details.url) }),
  );
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  sessionReady = true;
}

/** Runs the app's own code in the page (its own scripts stay disabled). */
async function evaluate(wc: WebContents, expression: string): Promise<void> {
  const answer = (await wc.debugger.sendCommand('Runtime.evaluate', {
    expression,
    awaitPromise: true,
    returnByValue: true,
  })) as { exceptionDetails?: { text?: string } };
  if (answer.exceptionDetails) throw new Error(`排版脚本出错：${answer.exceptionDetails.text ?? ''}`);
}

export const electronPdfRenderer: PdfRenderer = {
  engine: `Electron ${process.versions.electron ?? ''} Chromium ${process.versions.chrome ?? ''}`,
  async render(html: string): Promise<Buffer> {
    preparePdfSession();
    const win = new BrowserWindow(pdfWindowOptions());
    const wc = win.webContents;
    wc.setWindowOpenHandler(() => ({ action: 'deny' }));
    wc.on('will-navigate', (event) => event.preventDefault());
    wc.on('will-attach-webview', (event) => event.preventDefault());
    try {
      await win.loadURL(
        `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`,
      );
      wc.debugger.attach('1.3');
      // Lay the text out, then wait for the CJK faces it needs; then the 版记 at the foot of the last page.
      await evaluate(wc, 'void document.body.offsetHeight; document.fonts.ready.then(() => true)');
      await evaluate(wc, IMPRINT_EVALUATE);
      return Buffer.from(await wc.printToPDF({ preferCSSPageSize: true, printBackground: true }));
    } finally {
      win.destroy();
    }
  },
};
