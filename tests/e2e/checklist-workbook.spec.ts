// 任务清单 Excel round trip as an office uses it: export 区市场监管局's fill-in workbook for the quarter,
// fill it as the department would, import it, read the preview (one bad status), confirm, and see the
// statuses in the 按单位 view. "Today" is 2026-11-22 (Q4).
import ExcelJS from 'exceljs';
import { test, expect, keepScreenshot, login, openSection } from './fixtures';

test('checklist: department fill-in workbook out and back in, with a row-by-row preview', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '任务清单');
  // This year's list, set up by the demo (reported up to the third quarter; the fourth is open).
  await expect(page.getByRole('heading', { name: '2026年越城区医疗卫生行业综合监管工作清单' })).toBeVisible();

  await page.getByRole('button', { name: '部门填报表（Excel）' }).click();
  const dialog = page.getByRole('dialog', { name: '部门填报表（Excel）' });
  await dialog.getByLabel('导出单位').selectOption({ label: '区市场监管局' });
  const downloadPromise = page.waitForEvent('download');
  await dialog.getByRole('button', { name: '导出填报表' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('2026年第四季度任务清单填报表-区市场监管局.xlsx');
  const exported = testInfo.outputPath('export.xlsx');
  await download.saveAs(exported);

  // The department fills it in Excel: two good rows and one with a status typed by hand.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(exported);
  const ws = wb.getWorksheet('填报表')!;
  expect(ws.getRow(4).getCell(4).value).toBe('进展状态');
  const row = (code: string): ExcelJS.Row => {
    for (let r = 5; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === code) return ws.getRow(r);
    throw new Error(`no row for ${code}`);
  };
  expect(ws.rowCount - 4).toBe(13);
  row('13').getCell(4).value = '已完成';
  row('13').getCell(5).value = '会同区卫生健康局开展医疗美容机构“双随机”联合抽查 2 次，检查 12 家。';
  row('2').getCell(4).value = '推进中';
  row('2').getCell(5).value = '参加联席会议 1 次';
  row('2').getCell(7).value = '第四季度再开展联合检查';
  row('4').getCell(4).value = '完成了';
  const badRow = row('4').number;
  const filled = testInfo.outputPath('区市场监管局-已填写.xlsx');
  await wb.xlsx.writeFile(filled);

  await dialog.getByLabel('选择填报表').setInputFiles(filled);
  await expect(dialog.getByText('将导入 2 项，跳过 10 行，1 行有错误')).toBeVisible();
  const preview = dialog.getByRole('table', { name: '导入预览' });
  const bad = preview.getByRole('row').filter({ hasText: `第 ${badRow} 行` });
  await expect(bad).toContainText('有错误');
  await expect(bad).toContainText('进展状态“完成了”无效，应为 未启动、推进中、已完成、滞后 或 不适用');
  await expect(preview.getByRole('row').filter({ hasText: '落实“双随机、一公开”抽查机制' })).toContainText(
    '导入',
  );
  await keepScreenshot(page, testInfo, 'checklist-workbook-preview');
  await dialog.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('导入完成：写入 2 项进展，跳过 10 行，1 行有错误未导入')).toBeVisible();
  await expect(dialog).toHaveCount(0);

  // 按单位: the imported statuses are there; the bad row's task still waits.
  await page.getByRole('tab', { name: '按单位' }).click();
  await page.getByLabel('责任单位').selectOption({ label: '区市场监管局' });
  const dept = page.locator('[data-grid="checklist-department"]');
  await expect(dept.getByRole('row').filter({ hasText: '落实“双随机、一公开”抽查机制' })).toContainText(
    '已完成',
  );
  await expect(dept.getByRole('row').filter({ hasText: '构建多部门联合监管机制' })).toContainText('推进中');
  await expect(dept.getByRole('row').filter({ hasText: '优化医疗卫生服务要素准入' })).toContainText('未填报');
  await keepScreenshot(page, testInfo, 'checklist-workbook-imported');
});
