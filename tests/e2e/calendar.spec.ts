// The working-day calendar: the built-in table shown as a year, an office override, and a new year's table
// entered by hand, which also clears the dashboard's warning. "Today" is fixed at 2026-11-22.
import { test, expect, keepScreenshot, openSection, login } from './fixtures';

test('calendar: built-in holidays, an office override, and entering next year', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'admin');

  // 2027's table is not in the built-in data: the dashboard warns in November.
  await expect(page.getByText('尚未录入 2027 年节假日安排')).toBeVisible();
  await expect(page.getByText('最后一个工作日：2026-12-31')).toBeVisible(); // last working day of Q4 2026

  await openSection(page, '基础数据');
  await page.getByRole('tab', { name: '工作日历' }).click();
  await expect(page.getByRole('heading', { name: '工作日历 · 2026 年' })).toBeVisible();
  await expect(page.getByRole('button', { name: '2026-10-01 节假日 国庆节' })).toBeVisible();
  await expect(page.getByRole('button', { name: '2026-09-20 调休上班 国庆节' })).toBeVisible();
  await expect(page.getByRole('button', { name: '2026-11-23 工作日' })).toBeVisible();
  await keepScreenshot(page, testInfo, 'calendar-2026');

  // The office closes on 2026-12-31 (say, for a district decision): one click and a name.
  await page.getByRole('button', { name: '2026-12-31 工作日' }).click();
  const day = page.getByRole('dialog', { name: '调整 2026-12-31' });
  await day.getByRole('button', { name: '保存' }).click();
  await expect(day.getByText('请填写名称')).toBeVisible();
  await day.getByLabel('名称').fill('区政府统一安排休息');
  await day.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('button', { name: '2026-12-31 节假日 区政府统一安排休息' })).toBeVisible();
  await expect(page.getByRole('table', { name: '本单位调整' })).toContainText('区政府统一安排休息');

  // ...which moves the quarter's last working day on the dashboard.
  await openSection(page, '工作台');
  await expect(page.getByText('最后一个工作日：2026-12-30')).toBeVisible();

  // Enter 2027's table.
  await openSection(page, '基础数据');
  await page.getByRole('tab', { name: '工作日历' }).click();
  await page.getByRole('button', { name: '下一年' }).click();
  await expect(page.getByText('尚无 2027 年节假日安排')).toBeVisible();
  await page.getByRole('button', { name: '录入 2027 年放假安排' }).click();
  const entry = page.getByRole('dialog', { name: '录入 2027 年放假安排' });
  await entry.getByLabel('元旦放假开始').fill('2027-01-01');
  await entry.getByLabel('元旦放假结束').fill('2027-01-03');
  await entry.getByLabel('春节放假开始').fill('2027-02-06');
  await entry.getByLabel('春节放假结束').fill('2027-02-13');
  await entry.getByLabel('调休上班日1', { exact: true }).fill('2027-02-14');
  await entry.getByLabel('调休上班日1说明').fill('春节调休');
  await keepScreenshot(page, testInfo, 'calendar-enter-2027');
  await entry.getByRole('button', { name: '保存安排' }).click();
  await expect(page.getByText('已录入 2027 年放假安排（12 天）')).toBeVisible();
  await expect(page.getByText('2027 年的安排由本单位录入。')).toBeVisible();
  await expect(page.getByRole('button', { name: '2027-02-08 节假日 春节' })).toBeVisible();
  await expect(page.getByRole('button', { name: '2027-02-14 调休上班 春节调休' })).toBeVisible();

  await openSection(page, '工作台');
  await expect(page.getByText('工作日历已包含 2027 年的节假日安排。')).toBeVisible();
});
