// No lost updates for what has no version of its own (多人协同): the office's 业务规则, a day or a whole year of the
// 工作日历 and a 依法执业承诺书 (with its signed file) are saved by compare-and-set.
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

test('工作日历: entering a year’s table that another desk entered meanwhile is refused, keeps what was typed, shows theirs; saving again replaces it', async ({
  page,
  browser,
  seeded,
}, testInfo) => {
  test.setTimeout(120_000);
  const openYear = async (p: Page) => {
    await openSection(p, '基础数据');
    await p.getByRole('tab', { name: '工作日历' }).click();
    await p.getByRole('button', { name: '下一年' }).click();
    await expect(p.getByText('尚无 2027 年节假日安排')).toBeVisible();
    await p.getByRole('button', { name: '录入 2027 年放假安排' }).click();
    return p.getByRole('dialog', { name: '录入 2027 年放假安排' });
  };
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(seeded.url);
  await login(page, 'admin');
  // This desk starts typing 2027's table from the State Council notice.
  const entry = await openYear(page);
  await entry.getByLabel('元旦放假开始').fill('2027-01-01');
  await entry.getByLabel('元旦放假结束').fill('2027-01-03');
  await entry.getByLabel('春节放假开始').fill('2027-02-06');
  await entry.getByLabel('春节放假结束').fill('2027-02-13');

  // Another desk enters a table of its own for 2027 first.
  const other = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const desk2 = await other.newPage();
  await desk2.clock.setFixedTime(new Date(TEST_NOW));
  await desk2.goto(seeded.url);
  await login(desk2, 'admin');
  const entry2 = await openYear(desk2);
  await entry2.getByLabel('元旦放假开始').fill('2027-01-01');
  await entry2.getByLabel('春节放假开始').fill('2027-02-10');
  await entry2.getByLabel('春节放假结束').fill('2027-02-16');
  await entry2.getByLabel('调休上班日1', { exact: true }).fill('2027-02-20');
  await entry2.getByLabel('调休上班日1说明').fill('春节调休');
  await entry2.getByRole('button', { name: '保存安排' }).click();
  await expect(desk2.getByText('已录入 2027 年放假安排（9 天）')).toBeVisible();

  // This desk's save is refused: who and when, their table beside what was typed, which stays.
  await entry.getByRole('button', { name: '保存安排' }).click();
  const alert = entry.getByRole('alert').filter({ hasText: '该记录已被' });
  await expect(alert).toContainText('该记录已被系统管理员于 09:00 修改');
  await expect(entry.getByLabel('春节放假开始')).toHaveValue('2027-02-06');
  await expect(entry.getByLabel('元旦放假结束')).toHaveValue('2027-01-03');
  const comparison = entry.getByTestId('stale-comparison');
  const spring = comparison.getByRole('row').filter({ hasText: '春节放假' });
  await expect(spring).toContainText('2027-02-10 至 2027-02-16');
  await expect(spring).toContainText('2027-02-06 至 2027-02-13');
  const newYear = comparison.getByRole('row').filter({ hasText: '元旦放假' });
  await expect(newYear).toContainText('2027-01-01 至 2027-01-03');
  await expect(comparison.getByRole('row').filter({ hasText: '调休上班日' })).toContainText(
    '2027-02-20（春节调休）',
  );
  // Nothing of this desk's table was written.
  const stored = await invokeInPage<{ overrides: { date: string }[] }>(page, 'calendar.year', { year: 2027 });
  expect(stored.ok && stored.value!.overrides.length).toBe(9);
  await alert.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'stale-calendar-year-conflict');

  // Having compared, this desk keeps its own table and saves knowingly: it replaces the other desk's.
  await entry.getByRole('button', { name: '仍以我的内容保存' }).click();
  await expect(page.getByText('已录入 2027 年放假安排（11 天）')).toBeVisible();
  await expect(page.getByRole('button', { name: '2027-02-06 节假日 春节' })).toBeVisible();
  await expect(page.getByRole('button', { name: '2027-02-20 休息日' })).toBeVisible();
  await other.close();
});

test('依法执业承诺书: a registration saved at another desk meanwhile is refused; both signed files are shown, and the chosen one is kept and saved', async ({
  page,
  browser,
  seeded,
}, testInfo) => {
  test.setTimeout(150_000);
  const mine = {
    name: '承诺书-本机扫描.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% 本机扫描的签署件，第一页与第二页\n'),
  };
  const theirs = {
    name: '承诺书-二号机.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% 二号机扫描\n'),
  };
  const bytes = (b: Buffer) => `${b.length} 字节`;
  const openPledge = async (p: Page, institution?: string) => {
    await openSection(p, '依法执业自查');
    let name = institution;
    if (!name) {
      await p.getByRole('tab', { name: '逾期与未自查' }).click();
      const row = p
        .getByRole('table', { name: '逾期名单' })
        .getByRole('row')
        .filter({ hasText: '依法执业承诺书' })
        .first();
      name = (await row.getByRole('cell').nth(1).textContent())!.trim();
    }
    await p.getByRole('tab', { name: '自查情况' }).click();
    await p.getByRole('button', { name: '登记承诺书' }).click();
    const dialog = p.getByRole('dialog', { name: '登记《医疗机构依法执业承诺书》' });
    await dialog.getByLabel(/^机构/).selectOption({ label: name });
    return { dialog, name };
  };
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(seeded.url);
  await login(page, 'admin');
  const { dialog, name } = await openPledge(page);
  await dialog.getByLabel(/^签署人/).fill('王院长');
  await dialog.getByLabel(/双承诺/).fill('12');
  await dialog.getByLabel(/^签署的承诺书/).setInputFiles(mine);
  await expect(dialog.getByTestId('pledge-file-chosen')).toContainText(
    `${mine.name}（${bytes(mine.buffer)}）`,
  );

  // Another desk registers the same institution's 承诺书 first, with its own scan.
  const other = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const desk2 = await other.newPage();
  await desk2.clock.setFixedTime(new Date(TEST_NOW));
  await desk2.goto(seeded.url);
  await login(desk2, 'admin');
  const two = await openPledge(desk2, name);
  await two.dialog.getByLabel(/^签署人/).fill('王院长');
  await two.dialog.getByLabel(/双承诺/).fill('10');
  await two.dialog.getByLabel(/^签署的承诺书/).setInputFiles(theirs);
  await two.dialog.getByRole('button', { name: '保存' }).click();
  await expect(desk2.getByRole('status').filter({ hasText: '已登记依法执业承诺书' })).toBeVisible();

  // This desk's save is refused; the comparison names both files and says they differ; the chosen file stays.
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: '该记录已被' })).toContainText(
    '该记录已被系统管理员于 09:00 修改',
  );
  const comparison = dialog.getByTestId('stale-comparison');
  const file = comparison.getByRole('row').filter({ hasText: '签署的承诺书（扫描件）' });
  await expect(file).toContainText(`${theirs.name}（${bytes(theirs.buffer)}）`);
  await expect(file).toContainText(`${mine.name}（${bytes(mine.buffer)}），与对方的文件不同`);
  await expect(comparison.getByRole('row').filter({ hasText: '签订承诺书的医务人员数' })).toContainText('10');
  await expect(dialog.getByTestId('pledge-file-chosen')).toContainText(mine.name);
  await expect(dialog.getByLabel(/双承诺/)).toHaveValue('12');
  await keepScreenshot(page, testInfo, 'stale-pledge-file-conflict');

  // Saved knowingly: this desk's scan and count are what is registered now.
  await dialog.getByRole('button', { name: '仍以我的内容保存' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已登记依法执业承诺书' })).toBeVisible();
  const grid = await invokeInPage<{ rows: { institutionId: number; name: string }[] }>(
    page,
    'selfcheck.grid',
    { year: 2026 },
  );
  const id = grid.ok ? grid.value!.rows.find((r) => r.name === name)?.institutionId : undefined;
  expect(id).toBeDefined();
  const stored = await invokeInPage<{
    practitionersSigned: number;
    file: { name: string; size: number } | null;
  }>(page, 'selfcheck.pledge', { year: 2026, institutionId: id });
  expect(stored.ok && stored.value).toMatchObject({
    practitionersSigned: 12,
    file: { name: mine.name, size: mine.buffer.length },
  });
  await other.close();
});
