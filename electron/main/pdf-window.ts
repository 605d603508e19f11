// The desktop app's PdfRenderer: a hidden, sandboxed window loads the report's HTML and Electron's own Chromium
// prints it (webContents.printToPDF, CSS page size and margin boxes honoured) — the engine of the print preview.
import { BrowserWindow } from 'electron';
import type { PdfRenderer } from '../../db/core/context';

export const electronPdfRenderer: PdfRenderer = {
  engine: `Electron ${process.versions.electron ?? ''} Chromium ${process.versions.chrome ?? ''}`,
  async render(html: string): Promise<Buffer> {
    const win = new BrowserWindow({
      show: false,
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
        disableBlinkFeatures: 'Auxclick',
      },
    });
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    win.webContents.on('will-navigate', (event) => event.preventDefault());
    try {
      await win.loadURL(
        `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`,
      );
      // Lay the text out, then wait for the CJK faces it needs before printing.
      await win.webContents.executeJavaScript(
        'void document.body.offsetHeight; document.fonts.ready.then(() => true)',
      );
      return Buffer.from(
        await win.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true }),
      );
    } finally {
      win.destroy();
    }
  },
};
