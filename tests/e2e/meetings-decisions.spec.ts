// 议定事项督办 on the demo district ("today" is 2026-11-22): the meeting secretary sees the decisions of a
// year and a half of joint meetings with the overdue ones first and in red, narrows them to one department,
// records progress with a file, closes one (an empty result is refused on the field) and finds it under
// 已办结; a clerk reads the same list and history but is offered no follow-up actions. At 1366×768: the filtered list
// exported to Excel (read back: Chinese heads, real dates) and printed (read back from the PDF), and two decisions
// ticked and closed together with one result (批量办结), a batch holding a closed one refused whole.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { AuditRow, Decision } from '../../shared/contract';
import { test, expect, invokeInPage, keepScreenshot, login, openSection } from './fixtures';

const MOST_OVERDUE = '开展医疗美容虚假违法广告专项清理，重点清理网络平台违法广告';
const FOLLOWED = '健全医保基金监管行刑衔接工作机制，明确线索移送标准和时限';
const TO_CLOSE = '各成员单位报送 2026 年度综合监管工作总结';

test('decisions: overdue first, filter by department, follow up, close with a result; a clerk only reads', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'mishu');
  await openSection(page, '联席会议');
  await page.getByRole('tab', { name: '议定事项督办' }).click();
  await expect(page).toHaveURL(/#\/meetings\/decisions$/);

  // The demo's open decisions, the most overdue first and marked in red.
  const grid = page.locator('[data-grid="meeting-decisions"]');
  const counts = page.locator('.decision-counts');
  await expect(counts).toHaveText('未办结 16 项，其中逾期 7 项；已办结 1 项');
  await expect(grid.locator('.decision-status-overdue')).toHaveCount(7);
  const first = grid.locator('.ag-row[row-index="0"]');
  await expect(first).toContainText(MOST_OVERDUE);
  await expect(first).toContainText('逾期');
  await expect(first).toContainText('2025-09-30逾期 418 日');
  await expect(first).toContainText('区市场监管局');
  await expect(
    first.getByRole('button', { name: '医疗美容行业综合监管专题会商（2025-04-15）' }),
  ).toBeVisible();
  await expect(first.locator('.decision-status-overdue')).toHaveCSS('background-color', 'rgb(192, 57, 43)');
  // Not overdue: due later this year, shown as in progress.
  const later = grid.getByRole('row').filter({ hasText: TO_CLOSE });
  await expect(later.locator('.decision-status-open')).toHaveText('进行中');
  await expect(later).toContainText('2026-11-30还剩 8 日');
  await keepScreenshot(page, testInfo, 'meetings-decisions');

  // 区医保分局: the decisions it is responsible for, leading or partnering.
  await page.getByLabel('责任单位').selectOption({ label: '区医保分局' });
  await expect(counts).toHaveText('未办结 5 项，其中逾期 3 项；已办结 0 项');
  await expect(grid.locator('.ag-row')).toHaveCount(5);
  await expect(grid.getByRole('row').filter({ hasText: MOST_OVERDUE })).toHaveCount(0);

  // Open one by double-click: its departments and history, then a progress entry with a file.
  await grid.getByRole('gridcell', { name: FOLLOWED }).dblclick();
  const dialog = page.getByRole('dialog', { name: '议定事项督办' });
  await expect(dialog.getByText(FOLLOWED)).toBeVisible();
  await expect(dialog.locator('.decision-kv')).toContainText('牵头单位区医保分局');
  await expect(dialog.locator('.decision-kv')).toContainText('配合单位区公安分局、区卫生健康局');
  await expect(dialog.locator('.decision-kv')).toContainText('2026-04-30（逾期 206 日）');
  const history = dialog.getByRole('list', { name: '督办记录' });
  await expect(history.getByRole('listitem')).toHaveCount(2);
  await expect(history).toContainText('王丽');
  await expect(history).toContainText('线索移送标准已达成一致');
  await dialog.getByRole('button', { name: '添加进展' }).click();
  await expect(dialog.getByText('请填写进展情况')).toBeVisible();
  const file = testInfo.outputPath('行刑衔接工作机制（送审稿）.pdf');
  writeFileSync(file, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  await dialog.getByLabel('进展情况').fill('区司法局审查意见已反馈，修改稿 11 月底前报区政府印发。');
  await dialog.getByLabel('附件').setInputFiles(file);
  await dialog.getByRole('button', { name: '添加进展' }).click();
  await expect(page.getByText('已添加督办进展')).toBeVisible();
  await expect(history.getByRole('listitem')).toHaveCount(3);
  // (Listed by time: the demo's own entries carry the time the demo was generated, after the test's "today".)
  const added = history.getByRole('listitem').filter({ hasText: '修改稿 11 月底前报区政府印发' });
  await expect(added).toContainText('王丽');
  await expect(added).toContainText('附件：行刑衔接工作机制（送审稿）.pdf');
  await expect(dialog.getByLabel('进展情况')).toHaveValue('');
  await keepScreenshot(page, testInfo, 'meetings-decisions-dialog');
  await dialog.getByRole('button', { name: '关闭', exact: true }).last().click();
  await expect(dialog).toBeHidden();

  // Close another with its result: an empty result is refused on the field.
  await grid.getByRole('row').filter({ hasText: TO_CLOSE }).getByRole('button', { name: '督办' }).click();
  await dialog.getByRole('button', { name: '办结' }).click();
  await expect(dialog.getByText('请填写办理结果')).toBeVisible();
  await dialog.getByLabel('办理结果').fill('27 家成员单位年度工作总结已全部报送，汇编后报市卫生健康委。');
  await dialog.getByRole('button', { name: '办结' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/^已办结：各成员单位报送/)).toBeVisible();
  await expect(counts).toHaveText('未办结 4 项，其中逾期 3 项；已办结 1 项');
  await expect(grid.getByRole('row').filter({ hasText: TO_CLOSE })).toHaveCount(0);
  await page.getByLabel('办理状态').selectOption({ label: '已办结' });
  const done = grid.getByRole('row').filter({ hasText: TO_CLOSE });
  await expect(done.locator('.decision-status-done')).toHaveText('已办结');
  await expect(done).toContainText('办结：27 家成员单位年度工作总结已全部报送');
  await expect(done.getByRole('button', { name: '查看' })).toBeVisible();

  // The source meeting opens from the list.
  await page.getByLabel('责任单位').selectOption({ label: '全部单位' });
  await page.getByLabel('办理状态').selectOption({ label: '全部' });
  await expect(counts).toHaveText('未办结 15 项，其中逾期 7 项；已办结 2 项');
  const followed = grid.getByRole('row').filter({ hasText: FOLLOWED });
  await expect(followed).toHaveCount(1);
  await followed.getByRole('button', { name: '打击欺诈骗取医保基金专题会商（2026-03-24）' }).click();
  await expect(page).toHaveURL(/#\/meetings\/\d+$/);
  await expect(page.getByRole('heading', { name: /打击欺诈骗取医保基金专题会商/ })).toBeVisible();

  // A clerk reads the list and the history, with no 督办 or 办结.
  await page.getByRole('button', { name: '退出登录' }).click();
  await login(page, 'keyuan');
  await openSection(page, '联席会议');
  await page.getByRole('tab', { name: '议定事项督办' }).click();
  await expect(counts).toHaveText('未办结 15 项，其中逾期 7 项；已办结 2 项');
  await expect(grid.getByRole('button', { name: '查看' }).first()).toBeVisible();
  await expect(grid.getByRole('button', { name: '督办' })).toHaveCount(0);
  await page.getByLabel('会议年度').selectOption({ label: '2025 年' });
  await expect(counts).toHaveText('未办结 4 项，其中逾期 2 项；已办结 1 项');
  await grid.getByRole('gridcell', { name: MOST_OVERDUE }).dblclick();
  await expect(dialog.getByRole('list', { name: '督办记录' })).toContainText(
    '附件：医疗美容广告清理台账.txt',
  );
  await expect(dialog.getByText('当前账号可查看督办记录')).toBeVisible();
  await expect(dialog.getByRole('button', { name: '办结' })).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: '添加进展' })).toHaveCount(0);
  await expect(dialog.getByLabel('进展情况')).toHaveCount(0);
});

test('decisions at 1366×768: the filtered list to Excel and to print, 批量办结 of ticked rows', async ({
  page,
  seeded,
}, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(seeded.url);
  await login(page, 'mishu');
  await openSection(page, '联席会议');
  await page.getByRole('tab', { name: '议定事项督办' }).click();
  const grid = page.locator('[data-grid="meeting-decisions"]');
  const counts = page.locator('.decision-counts');
  await page.getByLabel('责任单位').selectOption({ label: '区医保分局' });
  await expect(counts).toHaveText('未办结 5 项，其中逾期 3 项；已办结 0 项');
  await expect(page.getByRole('button', { name: '批量办结' })).toBeDisabled(); // nothing ticked yet
  await expect(grid.locator('.ag-row')).toHaveCount(5);
  const firstText = (await grid.locator('.ag-row[row-index="0"] [col-id="text"]').first().innerText()).trim();

  // 导出 Excel: the five rows the page shows, in its order, with Chinese heads and real dates.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const file = testInfo.outputPath('议定事项督办.xlsx');
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('议定事项督办_全部年度_未办结.xlsx');
  await saved.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('议定事项督办')!;
  expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
    '序号',
    '办理状态',
    '议定事项',
    '牵头单位',
    '配合单位',
    '完成时限',
    '时限提示',
    '来源会议',
    '会议日期',
    '最新督办进展',
    '催办次数',
    '最近催办',
    '办理结果',
    '办结时间',
  ]);
  expect(ws.actualRowCount).toBe(6);
  expect(ws.getCell('C2').value).toBe(firstText);
  expect(ws.getCell('B2').value).toBe('逾期');
  const followedRow = [2, 3, 4, 5, 6].find((r) => ws.getCell(`C${r}`).value === FOLLOWED)!;
  expect(ws.getCell(`D${followedRow}`).value).toBe('区医保分局');
  expect(ws.getCell(`E${followedRow}`).value).toBe('区公安分局、区卫生健康局');
  expect(ws.getCell(`F${followedRow}`).value).toEqual(new Date(Date.UTC(2026, 3, 30)));
  expect(ws.getCell(`F${followedRow}`).numFmt).toBe('yyyy"年"m"月"d"日"');
  expect(ws.getCell(`G${followedRow}`).value).toBe('逾期 206 日');
  expect(ws.getCell(`I${followedRow}`).value).toEqual(new Date(Date.UTC(2026, 2, 24)));

  // 打印: the same list on an A4 landscape sheet.
  await page.getByRole('button', { name: '打印', exact: true }).click();
  await expect(page).toHaveURL(/#\/print\/decisions\?status=open&dept=\d+$/);
  await expect(page.locator('[data-print-ready] .decisions-print')).toBeVisible();
  await keepScreenshot(page, testInfo, 'meetings-decisions-print');
  const pdf = testInfo.outputPath('议定事项督办清单.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const printed = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const t of [
    '议定事项督办清单',
    '区医保分局（牵头或配合）',
    '未办结共5项，其中逾期3项',
    FOLLOWED,
    '2026年4月30日',
    '逾期206日',
  ])
    expect(printed, t).toContain(t);
  await page.getByRole('button', { name: '返回' }).click();

  // 批量办结: back on the list (its filters kept), tick two, one result for both.
  await expect(page.getByLabel('责任单位')).toHaveValue(/\d+/);
  await expect(counts).toHaveText('未办结 5 项，其中逾期 3 项；已办结 0 项');
  await expect(grid.locator('.ag-row')).toHaveCount(5);
  const texts: string[] = [];
  for (const i of [0, 1]) {
    const row = grid.locator(`.ag-row[row-index="${i}"]`);
    texts.push((await row.locator('[col-id="text"]').innerText()).trim());
    await row.getByRole('checkbox').check();
  }
  const batch = page.getByRole('button', { name: '批量办结（2）' });
  await expect(batch).toBeEnabled();
  await keepScreenshot(page, testInfo, 'meetings-decisions-ticked');
  await batch.click();
  const dialog = page.getByRole('dialog', { name: '批量办结：已选 2 项' });
  const chosen = dialog.getByRole('list', { name: '所选议定事项' });
  for (const t of texts) await expect(chosen).toContainText(t.slice(0, 20));
  await dialog.getByRole('button', { name: '办结所选事项' }).click();
  await expect(dialog.getByText('请填写办理结果')).toBeVisible();
  await dialog.getByLabel('办理结果').fill('已在第四季度联席会议上通报完成情况。');
  await keepScreenshot(page, testInfo, 'meetings-decisions-batch-close');
  await dialog.getByRole('button', { name: '办结所选事项' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('已办结 2 项议定事项')).toBeVisible();
  await expect(counts).toHaveText('未办结 3 项，其中逾期 1 项；已办结 2 项');
  await page.getByLabel('办理状态').selectOption({ label: '已办结' });
  // While the grid swaps its rows for the filtered ones, a row's old element (still 逾期) may be on the page
  // beside its new one for a moment: the closed row is looked for by its result as well as its text.
  for (const t of texts)
    await expect(
      grid
        .getByRole('row')
        .filter({ hasText: t })
        .filter({ hasText: '办结：已在第四季度联席会议上通报完成情况。' }),
    ).toHaveCount(1);

  // A batch holding one already closed (as when someone else closed it meanwhile) is refused whole, naming it.
  const all = (await invokeInPage<Decision[]>(page, 'decisions.list', { status: 'all' })).value!;
  const closedOne = all.find((d) => d.text === texts[0])!;
  const stillOpen = all.filter((d) => d.status === 'open');
  const refused = await invokeInPage(page, 'decisions.closeMany', {
    decisionIds: [stillOpen[0]!.id, closedOne.id],
    result: '再次办结',
  });
  expect(refused.ok).toBe(false);
  expect(refused.error!.message).toBe(
    `议定事项“${closedOne.text.length > 30 ? `${closedOne.text.slice(0, 30)}…` : closedOne.text}”已办结，不能再次办结；请取消选择该项后重试（未办结任何一项）`,
  );
  const after = (await invokeInPage<Decision[]>(page, 'decisions.list', { status: 'open' })).value!;
  expect(after.map((d) => d.id)).toEqual(expect.arrayContaining([stillOpen[0]!.id]));
  expect(after).toHaveLength(stillOpen.length);

  // Each closed decision has its own row in the 操作日志.
  await page.getByRole('button', { name: '退出登录' }).click();
  await login(page, 'shenji');
  const audit = (await invokeInPage<AuditRow[]>(page, 'audit.list', { text: '批量办结议定事项', limit: 50 }))
    .value!;
  expect(audit.map((a) => a.entityId).sort()).toEqual(
    all
      .filter((d) => texts.includes(d.text))
      .map((d) => String(d.id))
      .sort(),
  );
});
