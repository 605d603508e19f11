// The idle lock fires for an open window: with the lock at 1 minute, a dashboard left alone (its data refreshed
// in the background by another desk's writes) is locked and shows why, while a window whose user keeps working
// stays signed in.
import type { Page } from '@playwright/test';
import { test, expect, login, keepScreenshot, invokeInPage } from './fixtures';

test('an untouched dashboard locks after a minute despite background refreshes; an active one does not', async ({
  browser,
  seeded,
}, testInfo) => {
  test.setTimeout(240_000);
  const invoke = (page: Page, name: string, args: unknown) => invokeInPage(page, name, args);

  // Each desk is its own browser (its own session).
  const idleDesk = await browser.newContext();
  const busyDesk = await browser.newContext();
  const otherDesk = await browser.newContext();
  const idle = await idleDesk.newPage();
  const busy = await busyDesk.newPage();
  const other = await otherDesk.newPage();
  for (const p of [idle, busy, other]) {
    await p.goto(seeded.url);
    await login(p, 'admin');
  }
  const set = await invoke(other, 'settings.update', { idleLockMinutes: 1 });
  expect(set.ok).toBe(true);
  await expect(idle.getByRole('heading', { name: '工作台' }).first()).toBeVisible();

  // About 70 seconds: the other desk writes every 20 s (each write refreshes the idle desk's data in the
  // background); the busy desk's user moves the mouse now and then; nobody touches the idle desk.
  let refreshes = 0;
  idle.on('request', (r) => {
    if (r.url().endsWith('/api/invoke')) refreshes++;
  });
  for (let i = 0; i < 4; i++) {
    await other.waitForTimeout(17_500);
    const w = await invoke(other, 'settings.update', { idleLockMinutes: 1 });
    expect(w.ok).toBe(true);
    await busy.mouse.move(100 + i * 10, 200);
    await busy.mouse.move(300, 220 + i * 10);
  }
  expect(refreshes).toBeGreaterThan(0); // the idle desk did talk to the app, on its own

  // The idle desk is locked: its next call (a background refresh after the last write, or a click) is refused,
  // and it shows the sign-in screen with the reason.
  // The lock screen may replace the navigation at any moment (a refresh refused), even between seeing a link and
  // clicking it: each try clicks only briefly, then looks for the sign-in screen.
  const nav = idle.getByRole('navigation', { name: '主导航' });
  const signIn = idle.getByRole('button', { name: '登录', exact: true });
  await expect(async () => {
    if (!(await signIn.isVisible()))
      await nav.getByRole('link', { name: /^任务清单/ }).click({ timeout: 1_000 });
    await expect(signIn).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(idle.getByText('长时间未操作，已自动锁定，请重新登录')).toBeVisible();
  await keepScreenshot(idle, testInfo, 'idle-lock');

  await busy
    .getByRole('navigation', { name: '主导航' })
    .getByRole('link', { name: /^任务清单/ })
    .click();
  await expect(busy.getByRole('navigation', { name: '主导航' })).toBeVisible();
  await expect(busy.getByRole('button', { name: '登录', exact: true })).toHaveCount(0);
  for (const c of [idleDesk, busyDesk, otherDesk]) await c.close();
});
