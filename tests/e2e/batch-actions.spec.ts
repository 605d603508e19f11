// Batch actions at 1366×768 (issue 18, item 8) on the demo district ("today" is 2026-11-22): the meeting secretary
// ticks the two most overdue decisions, urges them together (批量催办), sees 催办 1 次 on each, and opens the printable
// 督办催办通知 (read back from the PDF: the lead departments, the deadlines and the days overdue); a batch holding a
// closed decision is refused whole, naming it. A clerk ticks two institutions in 监管对象, exports only them (导出所选,
// read back with exceljs in the whole export's columns) and sets both to 停业 in one step.
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import type { Decision, Institution } from '../../shared/contract';
import { test, expect, invokeInPage, keepScreenshot, login, openSection } from './fixtures';

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
});

async function sheet(path: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
  return rows;
}

test('批量催办 of overdue decisions, the counts on the list and the 督办催办通知', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'mishu');
  await openSection(page, '联席会议');
  await page.getByRole('tab', { name: '议定事项督办' }).click();
  const grid = page.locator('[data-grid="meeting-decisions"]');
  await expect(page.locator('.decision-counts')).toContainText('其中逾期 7 项');
  await expect(page.getByRole('button', { name: '批量催办' })).toBeDisabled(); // nothing ticked yet

  // The two most overdue (the list puts them first), ticked in the first column.
  const texts: string[] = [];
  for (const i of [0, 1]) {
    const row = grid.locator(`.ag-row[row-index="${i}"]`);
    await expect(row.locator('.decision-status-overdue')).toBeVisible();
    await expect(row.locator('[col-id="urged"]')).toHaveText('未催办');
    texts.push((await row.locator('[col-id="text"]').innerText()).trim());
    await row.getByRole('checkbox').first().check();
  }
  await page.getByRole('button', { name: '批量催办（2）' }).click();
  const dialog = page.getByRole('dialog', { name: '批量催办：已选 2 项' });
  const chosen = dialog.getByRole('list', { name: '所选议定事项' });
  for (const t of texts) await expect(chosen).toContainText(t.slice(0, 20));
  await expect(chosen).toContainText('逾期');
  await expect(dialog.getByLabel('催办日期')).toHaveValue('2026-11-22');
  await dialog.getByLabel('催办方式').selectOption({ label: '电话催办' });
  await dialog.getByLabel('催办说明').fill('电话联系牵头单位分管负责人，要求 11 月 27 日前书面反馈');
  await keepScreenshot(page, testInfo, 'batch-urge-dialog');
  await dialog.getByRole('button', { name: '催办所选事项' }).click();

  const done = page.getByRole('dialog', { name: '催办已登记' });
  await expect(done).toContainText('已登记 2 项议定事项的催办（电话催办，2026-11-22）');
  await expect(done.getByRole('list', { name: '已催办的议定事项' }).getByRole('listitem')).toHaveCount(2);
  await expect(done.getByRole('list', { name: '已催办的议定事项' })).toContainText(
    '催办 1 次，最近 2026-11-22',
  );
  // The list shows how often and when each was urged.
  for (const t of texts)
    await expect(
      grid
        .getByRole('row')
        .filter({ hasText: t.slice(0, 20) })
        .locator('[col-id="urged"]'),
    ).toHaveText('催办 1 次最近 2026-11-22');
  await keepScreenshot(page, testInfo, 'batch-urge-done');

  // The 督办催办通知 of the two: to their lead departments, with the deadlines and the days overdue.
  const decisions = (await invokeInPage<Decision[]>(page, 'decisions.list', { status: 'open' })).value!;
  const urged = decisions.filter((d) => d.urgings.length > 0);
  expect(urged.map((d) => d.text).sort()).toEqual([...texts].sort());
  expect(urged.every((d) => d.urgings[0]!.method === 'phone' && d.urgings[0]!.urgedBy === '王丽')).toBe(true);
  await done.getByRole('button', { name: '打印督办催办通知' }).click();
  await expect(page).toHaveURL(/#\/print\/decision-urging\?ids=\d+%2C\d+&on=2026-11-22$/);
  const notice = page.locator('[data-print-ready]');
  await expect(notice).toContainText('督办催办通知');
  await keepScreenshot(page, testInfo, 'batch-urge-notice');
  const pdf = testInfo.outputPath('督办催办通知.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const printed = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  const leads = [...new Set(urged.map((d) => d.departments.find((x) => x.lead)!.shortName))];
  for (const t of [
    '督办催办通知',
    `${leads.join('、')}：`,
    ...leads.map((l) => `${l}（牵头`),
    '2026年11月22日',
    ...urged.map((d) => d.dueDate.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')),
    '逾期',
    '特此通知',
  ])
    expect(printed, t).toContain(t.replace(/\s+/g, ''));
  for (const d of urged) expect(printed).toContain(d.text.replace(/\s+/g, '').slice(0, 12));
  await page.getByRole('button', { name: '返回' }).click();
  await expect(grid).toBeVisible();

  // One decision urged again from its own dialog: its 催办记录 lists both.
  await grid.getByRole('gridcell', { name: texts[0]! }).dblclick();
  const one = page.getByRole('dialog', { name: '议定事项督办' });
  const record = one.getByRole('list', { name: '催办记录' });
  await expect(record.getByRole('listitem')).toHaveCount(1);
  await expect(record).toContainText('2026-11-22 · 电话催办 · 王丽');
  await one.getByRole('button', { name: '催办', exact: true }).click();
  const again = page.getByRole('dialog', { name: '催办议定事项' });
  await again.getByLabel('催办方式').selectOption({ label: '书面催办' });
  await again.getByLabel('催办说明').fill('印发督办催办通知');
  await again.getByRole('button', { name: '登记催办' }).click();
  await expect(page.getByRole('dialog', { name: '催办已登记' })).toContainText('催办 2 次，最近 2026-11-22');
  await page
    .getByRole('dialog', { name: '催办已登记' })
    .getByRole('button', { name: '关闭', exact: true })
    .last()
    .click();
  await expect(record.getByRole('listitem')).toHaveCount(2);
  await expect(record).toContainText('书面催办');
  await expect(one).toContainText('催办 2 次，最近 2026-11-22');
  await keepScreenshot(page, testInfo, 'batch-urge-single');
  await one.getByRole('button', { name: '关闭', exact: true }).last().click();
  await expect(
    grid
      .getByRole('row')
      .filter({ hasText: texts[0]!.slice(0, 20) })
      .locator('[col-id="urged"]'),
  ).toHaveText('催办 2 次最近 2026-11-22');

  // A batch holding a closed decision (closed in another window meanwhile) is refused whole, naming it.
  const urgedBefore = (
    await invokeInPage<Decision[]>(page, 'decisions.list', { status: 'all', ids: [urged[0]!.id] })
  ).value![0]!.urgings.length;
  const closed = (await invokeInPage<Decision[]>(page, 'decisions.list', { status: 'done' })).value![0]!;
  const refused = await invokeInPage(page, 'decisions.urgeMany', {
    decisionIds: [urged[0]!.id, closed.id],
    urgedOn: '2026-11-22',
    method: 'written',
  });
  expect(refused.ok).toBe(false);
  expect(refused.error!.message).toContain(`以下议定事项已办结，不能催办：“${closed.text.slice(0, 30)}`);
  const after = (
    await invokeInPage<Decision[]>(page, 'decisions.list', { status: 'all', ids: [urged[0]!.id] })
  ).value!;
  expect(after[0]!.urgings).toHaveLength(urgedBefore);
});

test('监管对象: 导出所选 of two ticked rows, then 批量变更状态 to 停业', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '联合执法');
  const grid = page.locator('[data-grid="enforcement-institutions"]');
  await expect(page.getByTestId('directory-count')).toHaveText(/^共 [1-9]\d* 个/);
  await expect(page.getByRole('button', { name: '导出所选' })).toBeDisabled();

  // Two institutions 在业, ticked in the first column.
  const all = (await invokeInPage<Institution[]>(page, 'institutions.list', { includeInactive: true }))
    .value!;
  const names: string[] = [];
  for (let i = 0; names.length < 2 && i < 20; i++) {
    const row = grid.locator(`.ag-row[row-index="${i}"]`);
    const name = (await row.locator('[col-id="name"]').innerText()).trim();
    if (all.find((x) => x.name === name)?.status !== 'operating') continue;
    await row.getByRole('checkbox').first().check();
    names.push(name);
  }
  expect(names).toHaveLength(2);
  await expect(page.getByTestId('directory-ticked')).toHaveText('已勾选 2 个');
  await keepScreenshot(page, testInfo, 'batch-institutions-ticked');

  // 导出所选: only the two, in the columns of the whole register's export.
  let download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出所选（2）' }).click();
  const picked = await download;
  expect(picked.suggestedFilename()).toBe('监管对象名录（所选 2 个）.xlsx');
  const pickedPath = testInfo.outputPath('所选.xlsx');
  await picked.saveAs(pickedPath);
  download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const wholePath = testInfo.outputPath('全部.xlsx');
  await (await download).saveAs(wholePath);
  const [pickedRows, wholeRows] = [await sheet(pickedPath), await sheet(wholePath)];
  expect(pickedRows[0]).toEqual(wholeRows[0]);
  expect(pickedRows).toHaveLength(3);
  // (序号 is the row's number in its own file; the other columns are the register's.)
  expect(
    pickedRows
      .slice(1)
      .map((r) => r[1])
      .sort(),
  ).toEqual([...names].sort());
  const wholeRest = wholeRows.map((r) => r.slice(1));
  for (const r of pickedRows.slice(1)) expect(wholeRest).toContainEqual(r.slice(1));

  // 批量变更状态: both to 停业 in one step, each in the 操作日志.
  await page.getByRole('button', { name: '批量变更状态（2）' }).click();
  const dialog = page.getByRole('dialog', { name: '批量变更状态：已选 2 个监管对象' });
  for (const n of names) await expect(dialog.getByRole('list', { name: '所选记录' })).toContainText(n);
  await expect(dialog.getByLabel('改为')).toHaveValue('suspended');
  await keepScreenshot(page, testInfo, 'batch-institutions-dialog');
  await dialog.getByRole('button', { name: '改为停业' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('已将 2 个监管对象改为停业')).toBeVisible();
  await expect(page.getByTestId('directory-ticked')).toHaveCount(0);
  const now = (await invokeInPage<Institution[]>(page, 'institutions.list', { includeInactive: true }))
    .value!;
  for (const n of names) expect(now.find((x) => x.name === n)!.status).toBe('suspended');
  await keepScreenshot(page, testInfo, 'batch-institutions-done');

  // 从业人员 pages on the server: the rows it has loaded can be ticked (the page says so), two marked 离职 at once.
  await page.getByRole('tab', { name: '从业人员' }).click();
  const people = page.locator('[data-grid="enforcement-practitioners"]');
  await expect(page.getByText('可勾选已载入的行；向下滚动载入更多')).toBeVisible();
  await page.getByRole('combobox', { name: '状态' }).selectOption({ label: '在职' });
  const chosen: string[] = [];
  for (const i of [0, 1]) {
    const row = people.locator(`.ag-row[row-index="${i}"]`);
    await expect(row.locator('[col-id="name"]')).not.toHaveText('');
    chosen.push((await row.locator('[col-id="name"]').innerText()).trim());
    await row.getByRole('checkbox').first().check();
  }
  await page.getByRole('button', { name: '批量标为离职（2）' }).click();
  const leave = page.getByRole('dialog', { name: '批量标为离职：已选 2 人' });
  for (const n of chosen) await expect(leave.getByRole('list', { name: '所选记录' })).toContainText(n);
  await leave.getByRole('button', { name: '确定标为离职' }).click();
  await expect(leave).toBeHidden();
  await expect(page.getByText('已标为离职 2 名从业人员')).toBeVisible();
  await page.getByRole('combobox', { name: '状态' }).selectOption({ label: '离职' });
  for (const n of chosen) await expect(people.getByRole('row').filter({ hasText: n }).first()).toBeVisible();
  await keepScreenshot(page, testInfo, 'batch-practitioners-done');
});
