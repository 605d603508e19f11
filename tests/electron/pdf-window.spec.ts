// The hidden PDF window in a real Electron runtime: a report page carrying hostile markup runs none of its
// scripts and reaches nothing, not even a server on this machine, and the PDF still carries its text.
// Skipped (with the reason) where no Electron runtime exists; the options themselves are unit-tested in
// tests/unit/pdf-window-options.test.ts and tests/unit/electron-main.test.ts.
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findElectronRuntime } from '../../scripts/electron-runtime.mjs';
import { pdfFlatText } from '../pdf-measure';

const bin = findElectronRuntime();

test.describe('Electron hidden PDF window', () => {
  test.skip(!bin.path, `Electron runtime not available: ${bin.reason ?? ''}`);

  test('runs none of the page’s scripts and fetches nothing, even from this machine', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end('x');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const out = join(mkdtempSync(join(tmpdir(), 'zj-epdf-')), 'out.pdf');
    try {
      const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
        <link rel="stylesheet" href="${url}/style.css"></head><body>
        <p id="t">原始内容</p>
        <img src="${url}/pixel.png">
        <iframe src="${url}/frame"></iframe>
        <script>document.getElementById('t').textContent = '脚本已执行'; fetch('${url}/leak');
          new Image().src = '${url}/beacon';</script>
        </body></html>`;
      const child = spawn(bin.path!, ['tests/electron/pdf-window-main.mjs', '--no-sandbox'], {
        env: { ...process.env, ZJ_HTML: html, ZJ_OUT: out },
        stdio: 'inherit',
      });
      const [code] = (await once(child, 'exit')) as [number];
      expect(code).toBe(0);
      const text = pdfFlatText(out);
      expect(text).toContain('原始内容');
      expect(text).not.toContain('脚本已执行');
      expect(hits).toBe(0);
    } finally {
      server.close();
    }
  });
});
