// What the hidden PDF window (pdf-window.ts) is allowed, as plain data so a unit test can check it without an
// Electron runtime. The report's HTML carries office data (names, facts typed by staff, imported text): the page
// runs none of its own script and loads nothing but the data: URLs it carries (the HTML itself, the embedded
// fonts). Its own in-memory session (no "persist:" prefix: nothing on disk, nothing shared with the main window)
// refuses every other request and every permission. The one layout step the app needs (document.fonts.ready, the
// 版记's place) is evaluated from the main process through the DevTools protocol, as the playwright-core renderer
// does, which works with the page's scripts disabled.
import type { BrowserWindowConstructorOptions } from 'electron';

/** The hidden window's own session: in memory only, separate from the main window's. */
export const PDF_PARTITION = 'zongjian-pdf';

/** Only the page's own data: URLs (the HTML, its embedded fonts and images) may load. */
export function pdfRequestAllowed(url: string): boolean {
  return url.startsWith('data:');
}

export function pdfWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    webPreferences: {
      partition: PDF_PARTITION,
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      webgl: false,
      plugins: false,
      experimentalFeatures: false,
      enableWebSQL: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
    },
  };
}
