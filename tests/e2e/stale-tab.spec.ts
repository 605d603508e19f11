// A tab left open across a restart of the program: its launch token is no longer the host's. It must not keep
// calling (an old tab used to send about 230 refused requests a second, forever): after three refusals it stops,
// and says so on the whole page. Pasting the new address into the same tab brings it back to the sign-in screen.
// The API requests are counted by the host that answers them (the real HTTP host module, started on the same port
// with a new token, as a restart does).
import { once } from 'node:events';
import { test, expect, keepScreenshot, login, seedDemo, startHost } from './fixtures';
import { startHttpHost } from '../../electron/server/http-host';
import type { Dispatcher } from '../../electron/server/dispatcher';

test('an old tab after a restart stops calling and shows the full-page notice', async ({
  page,
  dataDir,
}, testInfo) => {
  test.setTimeout(120_000);
  seedDemo(dataDir);
  const first = await startHost(dataDir);
  await page.goto(first.host.url);
  // The token has left the address bar (and the history): only the route is in the fragment.
  await expect(page).toHaveURL(/#\/dashboard$/);
  await login(page, 'admin');
  await expect(page.getByRole('heading', { name: '工作台' }).first()).toBeVisible();

  // The program is closed and started again on the same port: a new token.
  first.child.kill('SIGTERM');
  await once(first.child, 'exit');
  let dispatched = 0;
  const stub = {
    dispatch: () => {
      dispatched++;
      return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'stand-in' } });
    },
    onEvent: () => () => undefined,
  } as unknown as Dispatcher;
  const restarted = await startHttpHost({
    dispatcher: stub,
    rendererDir: 'out/renderer',
    port: first.host.port,
  });
  try {
    // The person comes back to the old tab and clicks on.
    const nav = page.getByRole('navigation', { name: '主导航' });
    for (const section of ['任务清单', '信用台账', '联席会议']) {
      // The page may already have given up (and taken the navigation away) after the first refusals.
      await nav
        .getByRole('link', { name: new RegExp(`^${section}`) })
        .click({ timeout: 3000 })
        .catch(() => undefined);
    }
    const notice = page.getByRole('alert', { name: '程序已重新启动，请使用新的访问地址' });
    await expect(notice.getByRole('heading', { name: '程序已重新启动，请使用新的访问地址' })).toBeVisible();
    await expect(notice).toContainText('已停止与程序通信');
    await keepScreenshot(page, testInfo, 'stale-tab');
    expect(dispatched).toBe(0); // nothing got past the token check
    // A few refusals (some of its three may have found no host at all, while the program was down): not hundreds.
    expect(restarted.stats.refused).toBe(restarted.stats.api);
    expect(restarted.stats.api).toBeLessThanOrEqual(5);

    // A while later, with the person still moving and clicking in the tab: nothing more reaches the host.
    const before = restarted.stats.api;
    for (let i = 0; i < 10; i++) {
      await page.mouse.move(200 + i * 20, 300);
      await page.mouse.click(400, 200 + i * 10);
      await page.keyboard.press('Tab');
      await page.waitForTimeout(500);
    }
    expect(restarted.stats.api - before).toBe(0);
  } finally {
    await restarted.close();
  }

  // The new address pasted into the same tab (only the fragment changes): the tab starts afresh.
  const second = await startHost(dataDir, undefined, first.host.port);
  try {
    await page.goto(second.host.url);
    await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
    await login(page, 'admin');
    await expect(page.getByRole('heading', { name: '工作台' }).first()).toBeVisible();
  } finally {
    second.child.kill('SIGTERM');
  }
});
