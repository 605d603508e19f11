// The Electron hidden PDF window's options, as the shell builds them (electron/main/pdf-window-options.ts): checked
// as plain data, without an Electron runtime. The window itself is exercised in tests/unit/electron-main.test.ts
// (against a stand-in electron) and tests/electron/pdf-window.spec.ts (the real runtime, where installed).
import { describe, expect, it } from 'vitest';
import { PDF_PARTITION, pdfRequestAllowed, pdfWindowOptions } from '../../electron/main/pdf-window-options';

describe('the hidden PDF window options', () => {
  it('run no script of the page, sandboxed, without Node, in its own in-memory session', () => {
    const o = pdfWindowOptions();
    expect(o.show).toBe(false);
    const p = o.webPreferences!;
    expect(p.javascript).toBe(false);
    expect(p.sandbox).toBe(true);
    expect(p.contextIsolation).toBe(true);
    expect(p.nodeIntegration).toBe(false);
    expect(p.nodeIntegrationInSubFrames).toBe(false);
    expect(p.nodeIntegrationInWorker).toBe(false);
    expect(p.webSecurity).toBe(true);
    expect(p.allowRunningInsecureContent).toBe(false);
    expect(p.webviewTag).toBe(false);
    expect(p.plugins).toBe(false);
    expect(p.disableBlinkFeatures).toBe('Auxclick');
    expect(p.preload).toBeUndefined();
    expect(p.session).toBeUndefined();
    // Its own partition, not persisted ("persist:" would keep a cache and storage on disk), not the default one.
    expect(p.partition).toBe(PDF_PARTITION);
    expect(PDF_PARTITION.startsWith('persist:')).toBe(false);
    expect(PDF_PARTITION).not.toBe('');
  });

  it('load only the data: URLs the report carries', () => {
    expect(pdfRequestAllowed('data:text/html;charset=utf-8;base64,PGgxPg==')).toBe(true);
    expect(pdfRequestAllowed('data:font/woff2;base64,d09GMgAB')).toBe(true);
    for (const url of [
      'http://127.0.0.1:17300/api/invoke',
      'http://localhost/',
      'https://example.com/x.png',
      'file:///C:/Windows/win.ini',
      'file:///etc/passwd',
      'blob:null/abc',
      'ws://127.0.0.1:1/',
      'ftp://example.com/',
      'javascript:alert(1)',
      'about:blank#x',
      ' data:text/html,x',
      'DATA-evil:x',
    ])
      expect(pdfRequestAllowed(url), url).toBe(false);
  });

  it('is a fresh object each time (a caller cannot loosen the next window)', () => {
    const a = pdfWindowOptions();
    a.webPreferences!.javascript = true;
    expect(pdfWindowOptions().webPreferences!.javascript).toBe(false);
  });
});
