// Live updates between tabs ("today" is 2026-11-22 on the demo district): one tab shows the 工作台, another an
// institution's credit profile; in a third a 科员 records a 责令整改 for that institution whose deadline has already
// passed. Without any reload, the 工作台 counts one more overdue matter (and the bell one more) and the credit
// profile shows the new 监督检查结果 entry: the write's change event reached every tab, which re-read what it
// touched.
import type { Page } from '@playwright/test';
import { test, expect, keepScreenshot, login, TEST_NOW, type AppHost } from './fixtures';

/** Another tab of the same browser: opened from the printed address, and signed in on its own (each tab has its
 *  own session), then at `path`. */
async function openTab(page: Page, host: AppHost, path: string, user: string): Promise<Page> {
  const tab = await page.context().newPage();
  await tab.clock.setFixedTime(new Date(TEST_NOW));
  await tab.goto(`${host.url}&route=${encodeURIComponent(path)}`);
  await login(tab, user);
  await expect(tab).toHaveURL(new RegExp(`#${path.replace(/[/]/g, '\\/')}$`));
  return tab;
}

/** Set on a page to prove later that it was never reloaded. */
const mark = (page: Page) =>
  page.evaluate(() => ((globalThis as unknown as { liveMark: number }).liveMark = 1));
const marked = (page: Page) => page.evaluate(() => (globalThis as unknown as { liveMark?: number }).liveMark);

test('a write in one tab updates the 工作台 and the credit profile open in other tabs, without reload', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(120_000);
  // Tab A: the 工作台.
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await expect(page.getByRole('heading', { name: '工作台' })).toBeVisible();
  const due = page.getByRole('region', { name: '待办与逾期' });
  const overdueText = due.getByText(/^已逾期 \d+ 项$/);
  await expect(overdueText).toBeVisible();
  const overdue = Number(/(\d+)/.exec(await overdueText.innerText())![1]);
  const bell = page.getByRole('button', { name: /^提醒：\d+ 项逾期或今日到期$/ });
  const urgent = Number(/(\d+)/.exec((await bell.getAttribute('aria-label'))!)![1]);
  await due.getByLabel('范围').selectOption({ label: '全部' });
  await due.getByLabel('类别').selectOption({ label: '责令整改复查' });
  const shownText = due.getByText(/^显示 \d+ 项/);
  await expect(shownText).toBeVisible();
  const rectify = Number(/(\d+)/.exec(await shownText.innerText())![1]);

  // Tab A2: an institution's credit profile (same browser, its own session).
  const profile = await openTab(page, seeded, '/credit/institution/1', 'keyuan');
  const heading = profile.getByRole('heading', { level: 1 });
  await expect(heading).not.toBeEmpty();
  const name = await heading.innerText();
  const entries = profile.locator('ol.timeline > li');
  await expect(entries.first()).toBeVisible();
  const before = await entries.count();
  const resultEntries = entries.filter({ hasText: '监督检查结果' }).filter({ hasText: '2026-11-20' });
  await expect(resultEntries).toHaveCount(0);
  await mark(page);
  await mark(profile);

  // Tab B: a 责令整改 for that institution, its deadline (yesterday) already passed.
  const writer = await openTab(page, seeded, '/enforcement/inspections', 'keyuan');
  await writer.getByRole('button', { name: '录入检查结果' }).click();
  const dialog = writer.getByRole('dialog', { name: '录入检查结果', exact: true });
  await dialog.getByLabel('监管对象').fill(name);
  await dialog.getByLabel('检查日期').fill('2026-11-20');
  await dialog.getByLabel('组长').selectOption({ index: 1 });
  await dialog.getByRole('group', { name: '组员（检查组至少 2 人）' }).getByRole('checkbox').first().check();
  // The checked items come from the 抽查事项清单, each with how it was checked (the record's 检查结果 and 后续处置措施
  // follow the 双随机 model: a problem tracked to correction is graded 责令整改 in the credit ledger).
  await dialog.getByLabel('添加抽查事项').selectOption({ label: '医疗废物处置' });
  await dialog.getByLabel('医疗废物处置：检查方式').selectOption({ label: '实地检查' });
  await dialog.getByLabel('医疗废物处置：发现的问题').fill('暂存点未上锁');
  await dialog.getByLabel('检查发现').fill('医疗废物暂存点未上锁。');
  await dialog.getByRole('combobox', { name: /^检查结果/ }).selectOption({ label: '发现问题待后续处理' });
  await dialog.getByLabel('后续处置措施').selectOption({ label: '责令改正并跟踪' });
  await dialog.getByLabel('整改期限').fill('2026-11-21');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText(/^检查记录第 \d+ 号已保存$/)).toBeVisible();
  await expect(dialog.getByTestId('inspection-credit')).toContainText('监督检查结果');
  await dialog.getByRole('button', { name: '关闭' }).last().click();
  // The writing tab's own list shows it at once (its answer carried the change).
  const grid = writer.locator('[data-grid="enforcement-inspections"]');
  const saved = grid.getByRole('row').filter({ hasText: name }).filter({ hasText: '2026-11-20' });
  await expect(saved).toContainText('整改逾期未复查');

  // Tab A: one more overdue matter, and the bell counts it; no reload.
  await expect(due.getByText(`已逾期 ${overdue + 1} 项`, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: `提醒：${urgent + 1} 项逾期或今日到期` })).toBeVisible();
  await expect(due.getByText(`显示 ${rectify + 1} 项`)).toBeVisible();
  await expect(
    due.locator('[data-grid="dashboard-due"] .ag-row').filter({ hasText: `${name} 整改复查` }),
  ).not.toHaveCount(0);
  expect(await marked(page)).toBe(1);
  await keepScreenshot(page, testInfo, 'live-dashboard');

  // Tab A2: the new ledger entry, no reload.
  await expect(entries).toHaveCount(before + 1);
  await expect(resultEntries).toHaveCount(1);
  await expect(resultEntries).toContainText('责令整改');
  await expect(profile.getByTestId('tier-summary')).toContainText('监督检查结果“责令整改” 2026-11-20');
  expect(await marked(profile)).toBe(1);
  await profile.bringToFront();
  await keepScreenshot(profile, testInfo, 'live-credit-profile');
});

test('eight tabs of one browser all stay usable and all hear a write made in one of them', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(150_000);
  // A browser keeps at most six connections to a host: were every tab to hold its own event stream, the seventh
  // tab could not even load. One tab holds the stream and relays to the others.
  await page.goto(seeded.url);
  await login(page, 'admin');
  const tabs = [page];
  for (let i = 1; i < 8; i++) tabs.push(await openTab(page, seeded, '/dashboard', 'admin'));
  for (const tab of tabs) await expect(tab.locator('.brand-office')).toHaveText('绍兴市越城区卫生健康局');

  const writer = tabs[7]!;
  await writer
    .getByRole('navigation', { name: '主导航' })
    .getByRole('link', { name: /^系统设置/ })
    .click();
  await writer.getByRole('tab', { name: '单位信息' }).click();
  await writer.getByLabel('单位名称').fill('绍兴市越城区卫生健康局（测试）');
  await writer.getByRole('button', { name: '保存单位信息' }).click();
  await expect(writer.getByText('单位信息已保存')).toBeVisible();

  for (const tab of tabs)
    await expect(tab.locator('.brand-office')).toHaveText('绍兴市越城区卫生健康局（测试）');
  await tabs[0]!.bringToFront();
  await keepScreenshot(tabs[0]!, testInfo, 'live-eight-tabs');
});
