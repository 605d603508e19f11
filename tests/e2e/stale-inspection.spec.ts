// No lost updates on a 检查记录, as two people at two windows (1366×768, the office's usual laptop screen) meet it:
// 科员 opens a record and starts typing the findings; meanwhile the administrator, in another browser, edits the
// same record and saves. The 科员's save is refused with who saved first and when; the dialog still holds what was
// typed and shows the administrator's findings beside it; saving again overwrites on purpose.
import type { Page } from '@playwright/test';
import { test, expect, invokeInPage, keepScreenshot, login, TEST_NOW } from './fixtures';

const SCREEN = { width: 1366, height: 768 };

async function invoke<T>(page: Page, name: string, args: unknown): Promise<T> {
  const env = await invokeInPage<T>(page, name, args);
  if (!env.ok) throw new Error(env.error?.message);
  return env.value as T;
}

interface Row {
  id: number;
  institutionName: string;
  inspectedOn: string;
  publishedOn: string | null;
  findings: string;
}

async function openEditor(page: Page, id: number) {
  await page.evaluate((r) => (location.hash = r), `#/enforcement/inspections/${id}`);
  await page.getByRole('button', { name: '编辑', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: new RegExp(`编辑检查记录第 ${id} 号`) });
  await expect(dialog).toBeVisible();
  // The demo records were entered before 检查方式 was asked for each item: both people fill it in alike.
  const methods = dialog.getByRole('table', { name: '逐项检查情况' }).getByRole('combobox');
  for (let i = 0; i < (await methods.count()); i++)
    if ((await methods.nth(i).inputValue()) === '') await methods.nth(i).selectOption({ index: 1 });
  return dialog;
}

test('two windows edit one 检查记录: the second save names who saved first, keeps the typed text, and saving again overwrites', async ({
  page,
  browser,
  seeded,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize(SCREEN);
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  // The newest record of the year that is not yet published (a published one is not edited).
  const rows = await invoke<Row[]>(page, 'inspections.list', { year: 2026 });
  const x = rows.find((r) => r.publishedOn === null)!;
  expect(x).toBeTruthy();

  // 科员 opens the record and types (not saved yet).
  const mine = await openEditor(page, x.id);
  const typed = `${x.institutionName}：科员补充的检查发现——消毒记录不全，已当场指出。`;
  await mine.getByLabel('检查发现').fill(typed);

  // The administrator, in another browser (its own session), edits the same record and saves first.
  const other = await browser.newContext({ viewport: SCREEN });
  const admin = await other.newPage();
  await admin.clock.setFixedTime(new Date(TEST_NOW));
  await admin.goto(seeded.url);
  await login(admin, 'admin');
  const theirs = await openEditor(admin, x.id);
  const adminText = '管理员核实：医疗废物交接登记缺失。';
  await theirs.getByLabel('检查发现').fill(adminText);
  await theirs.getByRole('button', { name: '保存', exact: true }).click();
  await expect(admin.getByText(`检查记录第 ${x.id} 号已保存`)).toBeVisible();

  // 科员 saves from the older copy: refused, naming the administrator and the time; the typed text stays.
  await mine.getByRole('button', { name: '保存', exact: true }).click();
  const alert = mine.getByRole('alert').filter({ hasText: '该记录已被' });
  await expect(alert).toContainText('该记录已被系统管理员于 09:00 修改');
  await expect(mine.getByLabel('检查发现')).toHaveValue(typed);
  const comparison = mine.getByTestId('stale-comparison');
  await expect(comparison).toContainText('系统管理员（admin）');
  const findingsRow = comparison.getByRole('row').filter({ hasText: '检查发现' });
  await expect(findingsRow).toContainText(adminText);
  await expect(findingsRow).toContainText(typed);
  await expect(mine.getByRole('button', { name: '仍以我的内容保存' })).toBeVisible();
  await keepScreenshot(page, testInfo, 'stale-inspection-conflict');

  // Having compared, the 科员 keeps both findings and saves knowingly: this save overwrites.
  const merged = `${typed}${adminText}`;
  await mine.getByLabel('检查发现').fill(merged);
  await mine.getByRole('button', { name: '仍以我的内容保存' }).click();
  await expect(page.getByText(`检查记录第 ${x.id} 号已保存`)).toBeVisible();
  await keepScreenshot(page, testInfo, 'stale-inspection-overwritten');
  const after = await invoke<Row>(page, 'inspections.get', { id: x.id });
  expect(after.findings).toBe(merged);
  await other.close();
});
