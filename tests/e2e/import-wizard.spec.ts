// 数据迁入 as an office does it: its own roster (a notes sheet first, a merged title row, its own header names and
// 类别 words, Excel serial dates, one duplicate credit code and one bad check character — both named in the
// preview) brought in through the wizard, then next month's file from the same source in one step; and a 12345
// platform export imported twice, the second time updating the same orders, never duplicating them.
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { usccCheckChar } from '../../shared/domain/uscc';
import { test, expect, keepScreenshot, login, openSection } from './fixtures';

const code = (first17: string) => first17 + usccCheckChar(first17)!;
const wrongCheck = (c: string) => {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  return c.slice(0, 17) + alphabet[(alphabet.indexOf(c[17]!) + 1) % 31];
};
/** Excel's day number for a date (as a sheet stores a date typed into a cell formatted as 常规). */
const serial = (iso: string) =>
  Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86400000);

const HOSPITAL = code('52330602MJ0W1X001');
const COMMUNITY = code('12330602MB0W1X002');
const DENTAL = code('92330602MA2W1X003');
const AESTHETIC = code('92330602MA2W1X004');
const CLINIC = code('92330602MA2W1X005');

type Row = (string | number)[];
function rosterRows(dupAndBad: boolean): Row[] {
  return [
    [1, '绍兴迁入仁爱医院', HOSPITAL, 'PDYQR0001', '综合医院', '民营', '迎恩路 1 号', serial('2019-04-12')],
    [
      2,
      '迁入社区卫生服务中心',
      COMMUNITY,
      'PDYQR0002',
      '社区卫生服务中心',
      '政府办',
      '环城南路 2 号',
      serial('2015-07-01'),
    ],
    [3, '迁入微笑口腔诊所', DENTAL, 'PDYQR0003', '口腔诊所', '民营', '中兴路 3 号', serial('2021-03-05')],
    // Excel row 7: the dental clinic's code typed again
    [
      4,
      '迁入丽人医疗美容诊所',
      dupAndBad ? DENTAL : AESTHETIC,
      'PDYQR0004',
      '医疗美容诊所',
      '私营',
      '解放路 4 号',
      serial('2022-09-30'),
    ],
    // Excel row 8: a wrong last character
    [
      5,
      '迁入李氏个体诊所',
      dupAndBad ? wrongCheck(CLINIC) : CLINIC,
      'PDYQR0005',
      '个体诊所',
      '个体',
      '胜利路 5 号',
      serial('2023-11-11'),
    ],
  ];
}

async function rosterFile(path: string, rows: Row[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('填表说明').addRow(['本表由各街道汇总，请勿改动表头。']);
  const ws = wb.addWorksheet('医疗机构名录');
  ws.addRow(['越城区医疗机构基本情况登记表（2026年10月）']);
  ws.mergeCells('A1:H1');
  ws.addRow([]);
  ws.addRow([
    '序号',
    '医疗机构名称',
    '社会信用代码',
    '执业许可证登记号',
    '类别',
    '经营性质',
    '执业地址',
    '发证日期',
  ]);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(path);
}

async function exportFile(path: string, rows: (string | number | null)[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('工单明细');
  ws.addRow(['绍兴市12345政务服务热线工单明细（卫生健康类）']);
  ws.mergeCells('A1:H1');
  ws.addRow(['工单号', '派单时间', '来电内容', '诉求类别', '处置单位', '办结时间', '处理结果', '是否属实']);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(path);
}

async function openWizard(page: Page, title: string, file: string) {
  await page.getByRole('button', { name: '从 Excel 导入' }).click();
  const wizard = page.getByRole('dialog', { name: title });
  await wizard.getByLabel('选择 Excel 文件').setInputFiles(file);
  return wizard;
}

test('监管对象: an office roster through the wizard, then next month in one step', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '联合执法');
  await expect(page.getByRole('tab', { name: '监管对象', selected: true })).toBeVisible();
  const grid = page.locator('[data-grid="enforcement-institutions"]');

  const bad = testInfo.outputPath('越城区医疗机构名录-10月.xlsx');
  await rosterFile(bad, rosterRows(true));
  const wizard = await openWizard(page, '从 Excel 导入监管对象', bad);
  const next = wizard.getByRole('button', { name: '下一步' });

  // 1. The sheet with the roster and its header under the merged title are found by themselves.
  await expect(wizard.getByLabel('工作表', { exact: true })).toHaveValue('医疗机构名录');
  await expect(wizard.getByLabel('表头所在行')).toHaveValue('3');
  await expect(wizard.getByText('表头下共 5 行数据')).toBeVisible();
  await keepScreenshot(page, testInfo, 'import-wizard-1-file');
  await next.click();

  // 2. Columns proposed from the office's header names; a required field unmapped blocks 下一步, with the reason.
  await expect(wizard.getByLabel('“机构名称”对应的列')).toHaveValue('医疗机构名称');
  await expect(wizard.getByLabel('“统一社会信用代码”对应的列')).toHaveValue('社会信用代码');
  await expect(wizard.getByLabel('“机构类别”对应的列')).toHaveValue('类别');
  await expect(wizard.getByLabel('“所有制”对应的列')).toHaveValue('经营性质');
  await expect(wizard.getByLabel('“地址”对应的列')).toHaveValue('执业地址');
  await expect(wizard.getByText('未对应的列（不导入）：序号、发证日期')).toBeVisible();
  await wizard.getByLabel('“统一社会信用代码”对应的列').selectOption({ label: '（不导入）' });
  await expect(wizard.getByText('必填项尚未对应：统一社会信用代码，不能进入下一步。')).toBeVisible();
  await expect(next).toBeDisabled();
  await keepScreenshot(page, testInfo, 'import-wizard-2-columns-blocked');
  await wizard.getByLabel('“统一社会信用代码”对应的列').selectOption({ label: 'C 列：社会信用代码' });
  await expect(next).toBeEnabled();
  await next.click();

  // 3. The office's 类别 and 所有制 words matched to the app's.
  const values: [string, string][] = [
    ['机构类别“综合医院”对应为', '医院'],
    ['机构类别“社区卫生服务中心”对应为', '社区卫生服务中心'],
    ['机构类别“口腔诊所”对应为', '口腔'],
    ['机构类别“医疗美容诊所”对应为', '医疗美容'],
    ['机构类别“个体诊所”对应为', '诊所'],
    ['所有制“政府办”对应为', '公立'],
    ['所有制“民营”对应为', '社会办'],
  ];
  for (const [label, value] of values) await expect(wizard.getByLabel(label)).toHaveValue(value);
  await keepScreenshot(page, testInfo, 'import-wizard-3-values');
  await next.click();

  // 4. The preview names the duplicate code and the bad check character; nothing can be written.
  await expect(wizard.getByText('有 2 行存在问题')).toBeVisible();
  const preview = wizard.getByRole('table', { name: '导入预览' });
  await expect(preview.getByRole('row').filter({ hasText: '第 7 行' })).toContainText(
    '统一社会信用代码与第 6 行重复',
  );
  await expect(preview.getByRole('row').filter({ hasText: '第 8 行' })).toContainText(
    '统一社会信用代码校验码不符',
  );
  await expect(preview.getByRole('row').filter({ hasText: '第 4 行' })).toContainText('新增');
  await expect(wizard.getByRole('button', { name: '确认导入' })).toBeDisabled();
  await keepScreenshot(page, testInfo, 'import-wizard-4-preview-errors');
  await wizard.getByRole('button', { name: '取消' }).click();
  await expect(grid.getByRole('gridcell', { name: '绍兴迁入仁爱医院' })).toHaveCount(0);

  // Corrected in Excel: the same steps, then all five go in and the mapping is remembered.
  const good = testInfo.outputPath('越城区医疗机构名录-10月-改.xlsx');
  await rosterFile(good, rosterRows(false));
  const again = await openWizard(page, '从 Excel 导入监管对象', good);
  for (let i = 0; i < 3; i++) await again.getByRole('button', { name: '下一步' }).click();
  await expect(again.getByText('检查通过：将新增 5 个，更新 0 个，0 个无变化。')).toBeVisible();
  await again.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('导入完成：新增 5 个，更新 0 个，无变化 0 个')).toBeVisible();
  await page.getByLabel('搜索监管对象').fill('迁入');
  await expect(grid.getByRole('row')).toHaveCount(6);
  await expect(grid.getByRole('row').filter({ hasText: '迁入微笑口腔诊所' })).toContainText('口腔');
  await expect(grid.getByRole('row').filter({ hasText: '迁入社区卫生服务中心' })).toContainText('公立');

  // Next month's file from the same source: one step, straight to the preview.
  const november = testInfo.outputPath('越城区医疗机构名录-11月.xlsx');
  const rows = rosterRows(false);
  rows[0]![6] = '迎恩路 101 号';
  rows.push([
    6,
    '迁入康宁中医诊所',
    code('92330602MA2W1X006'),
    'PDYQR0006',
    '中医诊所',
    '民营',
    '延安路 6 号',
    serial('2024-01-08'),
  ]);
  await rosterFile(november, rows);
  const oneStep = await openWizard(page, '从 Excel 导入监管对象', november);
  await expect(oneStep.getByText('已按保存的对应自动完成前几步')).toBeVisible();
  await expect(oneStep.getByText('检查通过：将新增 1 个，更新 1 个，4 个无变化。')).toBeVisible();
  await expect(
    oneStep.getByRole('table', { name: '导入预览' }).getByRole('row').filter({ hasText: '第 4 行' }),
  ).toContainText('地址：“迎恩路 1 号”→“迎恩路 101 号”');
  await keepScreenshot(page, testInfo, 'import-wizard-5-remembered');
  await oneStep.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('导入完成：新增 1 个，更新 1 个，无变化 4 个')).toBeVisible();
  await expect(grid.getByRole('row').filter({ hasText: '迁入康宁中医诊所' })).toContainText('中医');
});

test('12345 投诉: a platform export imported twice updates the same orders', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '联合执法');
  await page.getByRole('tab', { name: '12345 投诉' }).click();
  const grid = page.locator('[data-grid="enforcement-complaints"]');

  const first = testInfo.outputPath('12345工单导出-10月.xlsx');
  await exportFile(first, [
    [
      'QR2026100001',
      serial('2026-10-08'),
      '某诊所收费不透明，要求退费',
      '医疗收费',
      '区卫生健康局',
      null,
      null,
      null,
    ],
    ['QR2026100002', '2026-10-09 14:21:05', '医生态度差', '服务态度', '区卫生健康局', null, null, null],
    ['QR2026100003', '2026年10月12日', '美容机构虚假宣传', '医美', '区卫生健康局', null, null, null],
  ]);
  const wizard = await openWizard(page, '从 Excel 导入 12345 投诉工单', first);
  await expect(wizard.getByLabel('表头所在行')).toHaveValue('2');
  await wizard.getByRole('button', { name: '下一步' }).click();
  await expect(wizard.getByLabel('“工单编号”对应的列')).toHaveValue('工单号');
  await expect(wizard.getByLabel('“受理日期”对应的列')).toHaveValue('派单时间');
  await expect(wizard.getByLabel('“投诉内容”对应的列')).toHaveValue('来电内容');
  await expect(wizard.getByLabel('“承办单位”对应的列')).toHaveValue('处置单位');
  await expect(wizard.getByLabel('“是否查实”对应的列')).toHaveValue('是否属实');
  await wizard.getByRole('button', { name: '下一步' }).click();
  await expect(wizard.getByLabel('投诉类别“医疗收费”对应为')).toHaveValue('收费');
  await expect(wizard.getByLabel('投诉类别“医美”对应为')).toHaveValue('医疗美容');
  await wizard.getByRole('button', { name: '下一步' }).click();
  await expect(wizard.getByText('检查通过：将新增 3 件，更新 0 件，0 件无变化。')).toBeVisible();
  await wizard.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('导入完成：新增 3 件，更新 0 件，无变化 0 件')).toBeVisible();
  // (the grid pins 工单编号 in a row part of its own: rows are found by their content)
  const row = (content: string) => grid.getByRole('row').filter({ hasText: content });
  await expect(row('某诊所收费不透明')).toHaveCount(1);
  await expect(row('某诊所收费不透明')).toContainText('2026-10-08');
  await expect(row('医生态度差')).toContainText('2026-10-09');
  await expect(row('美容机构虚假宣传')).toContainText('2026-10-12');

  // The updated export: one order now closed, one new; the others unchanged. Same layout, one step.
  const second = testInfo.outputPath('12345工单导出-11月.xlsx');
  await exportFile(second, [
    [
      'QR2026100001',
      serial('2026-10-08'),
      '某诊所收费不透明，要求退费',
      '医疗收费',
      '区卫生健康局',
      '2026/10/20',
      '经核查属实，已责令退费',
      '√',
    ],
    ['QR2026100002', '2026-10-09 14:21:05', '医生态度差', '服务态度', '区卫生健康局', null, null, null],
    ['QR2026100003', '2026年10月12日', '美容机构虚假宣传', '医美', '区卫生健康局', null, null, null],
    ['QR2026110004', serial('2026-11-03'), '体检报告迟迟未出', '其他', '区卫生健康局', null, null, null],
  ]);
  const again = await openWizard(page, '从 Excel 导入 12345 投诉工单', second);
  await expect(again.getByText('检查通过：将新增 1 件，更新 1 件，2 件无变化。')).toBeVisible();
  await expect(
    again.getByRole('table', { name: '导入预览' }).getByRole('row').filter({ hasText: 'QR2026100001' }),
  ).toContainText('办结日期：“”→“2026-10-20”');
  await expect(
    again.getByRole('table', { name: '导入预览' }).getByRole('row').filter({ hasText: 'QR2026100002' }),
  ).toContainText('无变化');
  await keepScreenshot(page, testInfo, 'import-wizard-12345-update');
  await again.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('导入完成：新增 1 件，更新 1 件，无变化 2 件')).toBeVisible();
  // Updated, not duplicated: each order once, the closed one with its 办结日期 and 查实.
  for (const content of ['某诊所收费不透明', '医生态度差', '美容机构虚假宣传', '体检报告迟迟未出'])
    await expect(row(content)).toHaveCount(1);
  await expect(row('某诊所收费不透明')).toContainText('2026-10-20');
  await expect(row('体检报告迟迟未出')).toContainText('2026-11-03');
});
