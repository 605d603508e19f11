// Desktop smoke suite: the real Electron window, its security settings and menu. Runs wherever an Electron
// runtime is installed; elsewhere it reports itself skipped with the reason.
import { test, expect, _electron as electron } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findElectronRuntime } from '../../scripts/electron-runtime.mjs';

const bin = findElectronRuntime();

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
      // Sandboxed, context-isolated page: no Node in the page, only the preload's two functions.
      const page = await win.evaluate(() => {
        const g = globalThis as unknown as {
          require?: unknown;
          process?: unknown;
          zongjian?: Record<string, unknown>;
        };
        return {
          require: typeof g.require,
          process: typeof g.process,
          bridge: Object.keys(g.zongjian ?? {}).sort(),
        };
      });
      expect(page).toEqual({
        require: 'undefined',
        process: 'undefined',
        bridge: ['invoke', 'on', 'transport'],
      });
      const blocked = await win.evaluate(() =>
        fetch('https://example.com/').then(
          () => 'reached',
          () => 'blocked',
        ),
      );
      expect(blocked).toBe('blocked');
      // The dashboard's daily reminder may show a desktop notification; no other permission is granted.
      const permissions: unknown = await win.evaluate(`(async () => ({
        notifications: (await navigator.permissions.query({ name: 'notifications' })).state,
        geolocation: (await navigator.permissions.query({ name: 'geolocation' })).state,
      }))()`);
      expect(permissions).toMatchObject({ notifications: 'granted' });
      expect(permissions).not.toMatchObject({ geolocation: 'granted' });
      const menu = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((i) => i.label));
      expect(menu).toEqual(['文件', '编辑', '视图', '帮助']);
      await win.screenshot({ path: join('test-screens', 'electron-first-run.png') });
    } finally {
      await app.close();
      rmSync(appData, { recursive: true, force: true });
    }
  });
});
