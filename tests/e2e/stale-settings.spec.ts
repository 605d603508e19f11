// No lost updates for what has no version of its own (多人协同): the office's 业务规则 are saved by compare-and-set.
// The administrator has the 业务规则 page open at one desk and types a new reporting deadline; at another desk
// (another browser: its own tab, token and session) the rules are changed and saved. The first desk's save is
// refused naming who saved and when, keeps what was typed, lists the other desk's rule beside it, and a second
// save overwrites on purpose.
import type { Page } from '@playwright/test';
import { test, expect, invokeInPage, keepScreenshot, login, openSection, TEST_NOW } from './fixtures';

async function openRules(page: Page): Promise<void> {
  await openSection(page, '系统设置');
  await page.getByRole('tab', { name: '业务规则' }).click();
  await expect(page.getByRole('button', { name: '保存业务规则' })).toBeVisible();
}

test('业务规则: a save from a page opened before another desk saved is refused, keeps the typed rule, and a second save overwrites', async ({
  page,
  browser,
  seeded,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(seeded.url);
  await login(page, 'admin');
  await openRules(page);
  // This desk starts typing: 5 working days after the quarter (not saved yet).
  await page.getByRole('radio', { name: '季度结束后第 N 个工作日' }).check();
  await page.getByLabel('N（工作日）').fill('5');

  // Another desk opens the same page and saves 8 working days.
  const other = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const desk2 = await other.newPage();
  await desk2.clock.setFixedTime(new Date(TEST_NOW));
  await desk2.goto(seeded.url);
  await login(desk2, 'admin');
  await openRules(desk2);
  await desk2.getByRole('radio', { name: '季度结束后第 N 个工作日' }).check();
  await desk2.getByLabel('N（工作日）').fill('8');
  await desk2.getByRole('button', { name: '保存业务规则' }).click();
  await expect(desk2.getByText('业务规则已保存')).toBeVisible();

  // This desk saves from what it opened: refused, naming who saved and when; the typed 5 stays.
  await page.getByRole('button', { name: '保存业务规则' }).click();
  const alert = page.getByRole('alert').filter({ hasText: '该记录已被' });
  await expect(alert).toContainText('该记录已被系统管理员于 09:00 修改');
  await expect(page.getByLabel('N（工作日）')).toHaveValue('5');
  const comparison = page.getByTestId('stale-comparison');
  await expect(comparison).toContainText('系统管理员（admin）');
  const row = comparison.getByRole('row').filter({ hasText: '工作清单进展报送期限' });
  await expect(row).toContainText('季度结束后第 8 个工作日');
  await expect(row).toContainText('季度结束后第 5 个工作日');
  // Only what differs is listed.
  await expect(comparison.getByRole('row').filter({ hasText: '转报书面回复期限' })).toHaveCount(0);
  const stored = await invokeInPage<{ checklistReportDeadline: { rule: string; days?: number } }>(
    page,
    'settings.get',
    {},
  );
  expect(stored.ok && stored.value!.checklistReportDeadline).toEqual({
    rule: 'workingDaysAfterQuarter',
    days: 8,
  });
  await alert.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'stale-settings-conflict');

  // Having compared, this desk keeps its 5 and saves knowingly.
  await page.getByRole('button', { name: '仍以我的内容保存' }).click();
  await expect(page.getByText('业务规则已保存')).toBeVisible();
  await expect(comparison).toHaveCount(0);
  await expect(page.getByRole('button', { name: '保存业务规则' })).toBeVisible();
  const after = await invokeInPage<{ checklistReportDeadline: { rule: string; days?: number } }>(
    page,
    'settings.get',
    {},
  );
  expect(after.ok && after.value!.checklistReportDeadline).toEqual({
    rule: 'workingDaysAfterQuarter',
    days: 5,
  });
  await other.close();
});

test('工作日历: adjusting a day another desk adjusted meanwhile is refused with its arrangement shown; saving again overwrites', async ({
  page,
  browser,
  seeded,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(seeded.url);
  await login(page, 'admin');
  await openSection(page, '基础数据');
  await page.getByRole('tab', { name: '工作日历' }).click();
  await page.getByRole('button', { name: '2026-12-30 工作日' }).click();
  const day = page.getByRole('dialog', { name: '调整 2026-12-30' });
  await day.getByLabel('名称').fill('年终休息');

  const other = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const desk2 = await other.newPage();
  await desk2.clock.setFixedTime(new Date(TEST_NOW));
  await desk2.goto(seeded.url);
  await login(desk2, 'admin');
  await openSection(desk2, '基础数据');
  await desk2.getByRole('tab', { name: '工作日历' }).click();
  await desk2.getByRole('button', { name: '2026-12-30 工作日' }).click();
  const day2 = desk2.getByRole('dialog', { name: '调整 2026-12-30' });
  await day2.getByLabel('名称').fill('区政府统一安排休息');
  await day2.getByRole('button', { name: '保存' }).click();
  await expect(desk2.getByRole('button', { name: '2026-12-30 节假日 区政府统一安排休息' })).toBeVisible();

  await day.getByRole('button', { name: '保存' }).click();
  await expect(day.getByRole('alert').filter({ hasText: '该记录已被' })).toContainText(
    '该记录已被系统管理员于 09:00 修改',
  );
  await expect(day.getByLabel('名称')).toHaveValue('年终休息');
  const row = day.getByTestId('stale-comparison').getByRole('row').filter({ hasText: '名称' });
  await expect(row).toContainText('区政府统一安排休息');
  await expect(row).toContainText('年终休息');
  await keepScreenshot(page, testInfo, 'stale-calendar-day-conflict');

  await day.getByRole('button', { name: '仍以我的内容保存' }).click();
  await expect(page.getByRole('button', { name: '2026-12-30 节假日 年终休息' })).toBeVisible();
  await other.close();
});
