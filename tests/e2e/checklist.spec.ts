// 任务清单 as an office uses it: this year's list (the demo's), one department's duties, progress reported with
// an evidence file and seen in the matrix; next year's set up from the 越城区 template or copied forward.
// "Today" is 2026-11-22 (Q4). At 1366×768 the search box narrows the items and 导出 Excel writes the whole list.
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Checklist } from '../../shared/contract';
import { test, expect, invokeInPage, keepScreenshot, login, openSection } from './fixtures';

const MARKET_ITEMS = ['2', '4', '5', '7', '8', '10', '11', '12', '13', '14', '16', '18', '23'];

test('checklist: template, by-department view, progress with evidence, matrix', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '任务清单');
  // The demo made this year's list from the 越城区 template (copied forward from last year's) and reported on
  // the quarters that have ended; the fourth is still open.
  await expect(page.getByRole('heading', { name: '2026年越城区医疗卫生行业综合监管工作清单' })).toBeVisible();
  const items = page.locator('[data-grid="checklist-items"]');
  await expect(items.getByRole('gridcell', { name: '加强医疗机构党建引领', exact: true })).toBeVisible();
  await expect(items.getByRole('gridcell', { name: '协商每年不少于1次 本年 4/1' })).toBeVisible();
  await keepScreenshot(page, testInfo, 'checklist-items');

  // By department: 区市场监管局 sees exactly its 13 items, none as lead.
  await page.getByRole('tab', { name: '按单位' }).click();
  await page.getByLabel('责任单位').selectOption({ label: '区市场监管局' });
  await expect(page.getByText('区市场监管局：牵头 0 项，参与 13 项')).toBeVisible();
  const dept = page.locator('[data-grid="checklist-department"]');
  await expect(dept.locator('[role="gridcell"][col-id="code"]')).toHaveCount(13);
  const codes = await dept.locator('[role="gridcell"][col-id="code"]').allTextContents();
  expect(codes.sort((a, b) => Number(a) - Number(b))).toEqual(MARKET_ITEMS);
  await keepScreenshot(page, testInfo, 'checklist-department');

  // Report Q4 progress on item 13 with an evidence file.
  const evidence = testInfo.outputPath('双随机抽查记录.pdf');
  writeFileSync(evidence, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const row13 = dept.getByRole('row').filter({ hasText: '落实“双随机、一公开”抽查机制' });
  await row13.getByRole('button', { name: '填报' }).click();
  const dialog = page.getByRole('dialog', { name: '填报进展：区市场监管局' });
  await dialog.getByLabel('进展状态').selectOption({ label: '已完成' });
  await dialog
    .getByLabel('工作进展')
    .fill('会同区卫生健康局开展医疗美容机构“双随机”联合抽查 2 次，检查 12 家。');
  await dialog.getByLabel('添加佐证材料').setInputFiles(evidence);
  await dialog.getByRole('button', { name: '保存进展' }).click();
  await expect(page.getByText('已保存 区市场监管局 的第四季度进展')).toBeVisible();
  await expect(row13.getByText('已完成')).toBeVisible();

  // The evidence file opens (downloads) with its name and bytes.
  await row13.getByRole('button', { name: '填报' }).click();
  const again = page.getByRole('dialog', { name: '填报进展：区市场监管局' });
  await expect(again.getByText(/上次由 张强 于/)).toBeVisible();
  const download = page.waitForEvent('download');
  await again.getByRole('button', { name: '双随机抽查记录.pdf', exact: true }).click();
  expect((await download).suggestedFilename()).toBe('双随机抽查记录.pdf');
  await again.getByRole('button', { name: '取消' }).click();

  // Matrix: the cell is coloured done; the lead's cell for the same item still waits.
  await page.getByRole('tab', { name: '矩阵' }).click();
  const matrix = page.locator('[data-grid="checklist-matrix"]');
  await expect(
    matrix.getByRole('button', { name: /落实“双随机、一公开”抽查机制 区市场监管局 参·已完成/ }),
  ).toBeVisible();
  await expect(
    matrix.getByRole('button', { name: /落实“双随机、一公开”抽查机制 区卫生健康局 牵·未报/ }),
  ).toBeVisible();
  await keepScreenshot(page, testInfo, 'checklist-matrix');

  // Q3's deadline has passed: unreported cells are late.
  await page.getByLabel('季度').selectOption({ label: '第三季度' });
  await expect(
    page.getByText('第三季度填报截止：2026-09-30（已过截止日，未填报的显示为逾期）'),
  ).toBeVisible();
  // (The demo's departments reported most of the third quarter; the few that did not are late.)
  await expect(matrix.getByRole('button', { name: /[牵参]·逾期/ }).first()).toBeVisible();
  await expect(matrix.getByRole('button', { name: /[牵参]·未报/ })).toHaveCount(0);
});

test('checklist: the office sets its reporting deadline rule; one department prints its own list', async ({
  page,
  seeded,
}) => {
  await page.goto(seeded.url);
  await login(page, 'admin');
  await openSection(page, '系统设置');
  await page.getByRole('tab', { name: '业务规则' }).click();
  await page.getByRole('radio', { name: '季度结束后第 N 个工作日' }).check();
  await page.getByLabel('N（工作日）').fill('40');
  await page.getByRole('button', { name: '保存业务规则' }).click();
  await expect(page.getByText('天数应在 1–30 之间')).toBeVisible();
  await page.getByLabel('N（工作日）').fill('5');
  await page.getByRole('button', { name: '保存业务规则' }).click();
  await expect(page.getByText('业务规则已保存')).toBeVisible();

  await openSection(page, '任务清单');
  await page.getByLabel('季度').selectOption({ label: '第三季度' });
  // 5 working days after 2026-09-30 across 国庆节, counting the 调休 Saturday 10-10.
  await expect(page.getByText('第三季度填报截止：2026-10-13')).toBeVisible();

  await page.getByRole('tab', { name: '按单位' }).click();
  await page.getByLabel('责任单位').selectOption({ label: '区市场监管局' });
  await page.getByRole('link', { name: '打印本单位清单' }).click();
  await expect(page.locator('[data-print-ready] .doc-subtitle')).toHaveText(
    '区市场监管局责任清单（共 13 项，其中牵头 0 项）',
  );
  await expect(page.locator('[data-print-ready] tbody tr')).toHaveCount(13);
});

test('checklist: last year (from the demo) is copied forward into this year', async ({ page, seeded }) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '任务清单');
  await page.getByRole('combobox', { name: '年度', exact: true }).selectOption({ label: '2025 年' });
  await expect(page.getByRole('heading', { name: '2025年越城区医疗卫生行业综合监管工作清单' })).toBeVisible();
  await page.getByRole('tab', { name: '矩阵' }).click();
  await expect(
    page.getByText('第四季度填报截止：2025-12-31（已过截止日，未填报的显示为逾期）'),
  ).toBeVisible();
  await expect(
    page.locator('[data-grid="checklist-matrix"]').getByRole('button', { name: /逾期/ }).first(),
  ).toBeVisible();

  // This year's was copied from it by the demo; next year's is copied from this year's the same way.
  await page.getByRole('combobox', { name: '年度', exact: true }).selectOption({ label: '2026 年' });
  await expect(page.getByRole('heading', { name: '2026年越城区医疗卫生行业综合监管工作清单' })).toBeVisible();
  await page.getByRole('combobox', { name: '年度', exact: true }).selectOption({ label: '2027 年' });
  await page.getByRole('radio', { name: /复制 2026 年清单（25 项/ }).check();
  await page.getByRole('button', { name: '建立清单' }).click();
  await expect(page.getByText('已由 2026 年清单复制建立 2027 年任务清单')).toBeVisible();
  await expect(page.getByRole('heading', { name: '2027年越城区医疗卫生行业综合监管工作清单' })).toBeVisible();
  await page.getByRole('tab', { name: '按单位' }).click();
  await page.getByLabel('责任单位').selectOption({ label: '区市场监管局' });
  await expect(page.getByText('区市场监管局：牵头 0 项，参与 13 项')).toBeVisible();
});

test('checklist: add a task with its units, move it up the list, retire it', async ({ page, seeded }) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '任务清单');
  // Next year's list, set up from the 越城区 template (this year's the demo already has).
  await page.getByRole('combobox', { name: '年度', exact: true }).selectOption({ label: '2027 年' });
  await expect(page.getByRole('heading', { name: '建立 2027 年任务清单' })).toBeVisible();
  await page.getByRole('radio', { name: /越城区医疗卫生行业综合监管工作清单/ }).check();
  await expect(page.getByText('模板中的责任单位均已在成员单位名录中找到。')).toBeVisible();
  await page.getByRole('button', { name: '建立清单' }).click();
  await expect(page.getByText('已建立 2027 年任务清单（25 项）')).toBeVisible();

  await page.getByRole('button', { name: '新增任务' }).click();
  const dialog = page.getByRole('dialog', { name: '新增任务' });
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('请填写任务名称')).toBeVisible();
  await dialog.getByLabel('序号').fill('26');
  await dialog.getByLabel('任务名称').fill('加强医疗废物处置监管');
  await dialog.getByLabel('任务内容').fill('加强医疗废物处置监管。会同生态环境部门开展医疗废物专项检查。');
  await dialog.getByLabel('牵头单位').selectOption({ label: '区生态环境分局' });
  await dialog.getByRole('checkbox', { name: '区卫生健康局' }).check();
  await dialog.getByLabel('排列位置').selectOption({ label: '第 1 项' });
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已保存任务“加强医疗废物处置监管”')).toBeVisible();

  const grid = page.locator('[data-grid="checklist-items"]');
  const firstRow = grid.getByRole('row').nth(1); // row 0 is the header
  await expect(firstRow).toContainText('加强医疗废物处置监管');
  await expect(firstRow).toContainText('区生态环境分局');

  await firstRow.getByRole('button', { name: '编辑' }).click();
  const edit = page.getByRole('dialog', { name: '编辑任务：加强医疗废物处置监管' });
  await edit.getByRole('button', { name: '停用任务' }).click();
  await expect(page.getByText('已停用该任务，已填报的进展保留')).toBeVisible();
  await expect(grid.getByRole('gridcell', { name: '加强医疗废物处置监管', exact: true })).toHaveClass(
    /cell-retired/,
  );
});

test('checklist at 1366×768: the search box narrows the items; 导出 Excel writes the whole list', async ({
  page,
  seeded,
}, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '任务清单');
  await expect(page.getByRole('heading', { name: '2026年越城区医疗卫生行业综合监管工作清单' })).toBeVisible();
  const list = (await invokeInPage<Checklist>(page, 'checklist.get', { year: 2026 })).value!;
  const live = list.items; // retired items stay listed, greyed
  const items = page.locator('[data-grid="checklist-items"]');
  // One expander per item row (its reports unfold below it); the label names the item.
  const codes = items.getByRole('button', { name: /^展开/ });
  await expect(codes.first()).toBeVisible();

  // One word: the items that mention it anywhere (task, text, remark or a department).
  const search = page.getByRole('searchbox', { name: '搜索任务' });
  await search.fill('双随机');
  const withWord = live.filter((i) => `${i.code}${i.title}${i.text}${i.remark}`.includes('双随机'));
  expect(withWord.length).toBeGreaterThan(0);
  expect(withWord.length).toBeLessThan(live.length);
  await expect(page.getByText(`找到 ${withWord.length} 项`)).toBeVisible();
  await expect(codes).toHaveCount(withWord.length);
  for (const i of withWord)
    await expect(items.getByRole('button', { name: `展开${i.title}` })).toHaveCount(1);
  await keepScreenshot(page, testInfo, 'checklist-search');
  // Two words: a department and a word, both required.
  const dept = withWord[0]!.units.find((u) => u.role === 'lead')!.shortName;
  await search.fill(`${dept} 双随机`);
  const everything = (i: (typeof live)[number]) =>
    [i.code, i.title, i.text, i.remark, ...i.units.map((u) => u.shortName)].join('\n');
  const both = withWord.filter((i) => everything(i).includes(dept));
  expect(both.length).toBeGreaterThan(0);
  await expect(page.getByText(`找到 ${both.length} 项`)).toBeVisible();
  await expect(codes).toHaveCount(both.length);
  await search.fill('没有这样的任务');
  await expect(page.getByText('找到 0 项')).toBeVisible();
  await expect(codes).toHaveCount(0);
  await search.fill('');
  await expect(page.getByText(/^找到 \d+ 项$/)).toHaveCount(0);
  await expect(codes.first()).toBeVisible();

  // 导出 Excel: every item of the year, in order, read back with exceljs.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('2026年任务清单.xlsx');
  const file = testInfo.outputPath('任务清单.xlsx');
  await saved.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('2026年任务清单')!;
  expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
    '序号',
    '工作任务',
    '任务内容',
    '牵头单位',
    '参与单位',
    '备注',
    '状态',
    '最后修改',
  ]);
  expect(ws.actualRowCount).toBe(list.items.length + 1);
  list.items.forEach((item, n) => {
    const row = ws.getRow(n + 2);
    expect(row.getCell(1).value).toBe(item.code);
    expect(row.getCell(2).value).toBe(item.title);
    expect(row.getCell(4).value).toBe(item.units.find((u) => u.role === 'lead')?.shortName ?? '');
    expect(row.getCell(7).value).toBe(item.retired ? '已停用' : '在用');
    expect(row.getCell(8).value).toBeInstanceOf(Date);
  });
});
