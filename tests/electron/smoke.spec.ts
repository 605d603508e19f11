// Desktop smoke suite: the real Electron window, its security settings and menu. Runs wherever an Electron
// runtime is installed; elsewhere it reports itself skipped with the reason.
import { test, expect, _electron as electron } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

function electronBinary(): { path?: string; reason?: string } {
  try {
    const p = require('electron') as unknown as string;
    return existsSync(p) ? { path: p } : { reason: `no Electron runtime: ${p} does not exist` };
  } catch (e) {
    return { reason: `no Electron runtime on this machine (${String((e as Error).message).split('\n')[0]})` };
  }
}

const bin = electronBinary();

test.describe('Electron desktop window', () => {
  test.skip(!bin.path, `Electron runtime not available: ${bin.reason ?? ''}`);

  test('opens the window with sandboxing, shows first-run setup, and blocks outbound requests', async () => {
    const appData = mkdtempSync(join(tmpdir(), 'zj-electron-'));
    const app = await electron.launch({
      executablePath: bin.path!,
      args: ['.', '--no-sandbox'],
      env: { ...process.env, ZONGJIAN_DATA: join(appData, 'data') },
    });
    try {
      const win = await app.firstWindow();
      await expect(win.getByRole('heading', { name: '欢迎使用综合监管工作台' })).toBeVisible();
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0]!;
        const p = w.webContents.getLastWebPreferences();
        return {
          sandbox: p?.sandbox,
          contextIsolation: p?.contextIsolation,
          nodeIntegration: p?.nodeIntegration,
        };
      });
      expect(prefs).toEqual({ sandbox: true, contextIsolation: true, nodeIntegration: false });
      expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
        'undefined',
      );
      const blocked = await win.evaluate(() =>
        fetch('https://example.com/').then(
          () => 'reached',
          () => 'blocked',
        ),
      );
      expect(blocked).toBe('blocked');
      const menu = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((i) => i.label));
      expect(menu).toEqual(['文件', '编辑', '视图', '帮助']);
      await win.screenshot({ path: join('test-results', 'screens', 'electron-first-run.png') });
    } finally {
      await app.close();
      rmSync(appData, { recursive: true, force: true });
    }
  });
});
