// The member-department directory: add, validate, edit, deactivate, and an Excel round trip through the
// export, a person's edits in the file, and the import preview.
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { test, expect, keepScreenshot, openSection, login } from './fixtures';

test('departments: add with validation, edit, deactivate', async ({ page, seeded }, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'admin');
  await openSection(page, '基础数据');
  const grid = page.locator('[data-grid="departments"]');
  await expect(grid.getByRole('gridcell', { name: '区公安分局', exact: true })).toBeVisible();
  await expect(grid.getByRole('gridcell', { name: '绍兴市公安局越城区分局' })).toBeVisible();
  await keepScreenshot(page, testInfo, 'departments-grid');

  await page.getByRole('button', { name: '新增单位' }).click();
  const dialog = page.getByRole('dialog', { name: '新增成员单位' });
  await dialog.getByLabel('单位全称').fill('绍兴市越城区退役军人事务局');
  await dialog.getByLabel('简称').fill('区公安分局');
  await dialog.getByLabel('联系电话').fill('abc');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('联系电话只能包含数字')).toBeVisible();
  await dialog.getByLabel('联系电话').fill('0575-88001234');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('简称“区公安分局”已被其他成员单位使用')).toBeVisible();
  await dialog.getByLabel('简称').fill('区退役军人事务局');
  await dialog.getByLabel('别名').fill('退役军人事务局、区退役军人局');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('已保存“区退役军人事务局”')).toBeVisible();
  await expect(grid.getByRole('gridcell', { name: '退役军人事务局、区退役军人局' })).toBeVisible();

  await grid.getByRole('gridcell', { name: '区退役军人事务局', exact: true }).dblclick();
  const edit = page.getByRole('dialog', { name: '编辑成员单位：区退役军人事务局' });
  await edit.getByLabel('联系人').fill('周文');
  await edit.getByRole('button', { name: '保存' }).click();
  await expect(grid.getByRole('gridcell', { name: '周文' })).toBeVisible();

  await grid.getByRole('gridcell', { name: '区退役军人事务局', exact: true }).click();
  await page.getByRole('button', { name: '停用', exact: true }).click();
  await expect(page.getByText('已停用“区退役军人事务局”')).toBeVisible();
  const row = grid
    .getByRole('row')
    .filter({ has: page.getByRole('gridcell', { name: '区退役军人事务局', exact: true }) });
  await expect(row.getByRole('gridcell', { name: '停用' })).toBeVisible();

  // The change is in the audit log with who made it.
  await openSection(page, '系统设置');
  await page.getByRole('tab', { name: '操作日志' }).click();
  await expect(page.getByRole('gridcell', { name: '停用成员单位 区退役军人事务局' })).toBeVisible();
  await expect(page.getByRole('gridcell', { name: '系统管理员（admin）' }).first()).toBeVisible();
});

test('departments: Excel export, edit in the file, import with preview', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'admin');
  await openSection(page, '基础数据');
  const grid = page.locator('[data-grid="departments"]');
  await expect(grid.getByRole('gridcell', { name: '区医保分局', exact: true })).toBeVisible();

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('成员单位名录.xlsx');
  const exported = testInfo.outputPath('export.xlsx');
  await download.saveAs(exported);

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(exported);
  const ws = wb.worksheets[0]!;
  expect(ws.name).toBe('成员单位');
  expect(ws.getRow(1).values).toEqual([
    undefined,
    '序号',
    '单位全称',
    '简称',
    '别名',
    '类型',
    '联系人',
    '联系电话',
    '职责',
    '状态',
  ]);
  const rows: ExcelJS.Row[] = [];
  ws.eachRow((r, n) => n > 1 && rows.push(r));
  expect(rows.length).toBe(27);
  const police = rows.find((r) => r.getCell(3).value === '区公安分局')!;
  expect(police.getCell(2).value).toBe('绍兴市公安局越城区分局');
  expect(police.getCell(4).value).toBe('公安分局');

  // A person edits the file: a new contact for one department, a new department at the end.
  police.getCell(6).value = '钱警官';
  police.getCell(7).value = '0575-88110110';
  ws.addRow([
    null,
    '绍兴市越城区残疾人联合会',
    '区残联',
    '残联',
    '部门',
    '孙华',
    '0575-88223344',
    '',
    '启用',
  ]);
  const edited = join(testInfo.outputDir, 'edited.xlsx');
  await wb.xlsx.writeFile(edited);

  await page.getByRole('button', { name: '从 Excel 导入' }).click();
  const dialog = page.getByRole('dialog', { name: '从 Excel 导入成员单位' });
  await dialog.getByLabel('选择 Excel 文件').setInputFiles(edited);
  await expect(dialog.getByText('检查通过：将新增 1 个，更新 1 个，26 个无变化。')).toBeVisible();
  const preview = dialog.getByRole('table', { name: '导入预览' });
  await expect(preview.getByRole('row').filter({ hasText: '区残联' })).toContainText('新增');
  await expect(preview.getByRole('row').filter({ hasText: '区公安分局' })).toContainText('联系人：“');
  await keepScreenshot(page, testInfo, 'departments-import-preview');
  await dialog.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('导入完成：新增 1 个，更新 1 个，无变化 26 个')).toBeVisible();
  await page.getByLabel('搜索成员单位').fill('残联');
  await expect(grid.getByRole('gridcell', { name: '区残联', exact: true })).toBeVisible();
  await expect(grid.getByRole('row')).toHaveCount(2); // header + the one match
  await page.getByLabel('搜索成员单位').fill('钱警官');
  await expect(grid.getByRole('gridcell', { name: '区公安分局', exact: true })).toBeVisible();
});

test('departments: a file with errors is reported row by row and nothing is imported', async ({
  page,
  seeded,
}, testInfo) => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('成员单位');
  ws.addRow(['单位全称', '简称', '类型', '联系电话']);
  ws.addRow(['绍兴市越城区红十字会', '区红十字会', '部门', '0575-88000000']);
  ws.addRow(['绍兴市越城区某科室', '', '科室', 'abc']);
  ws.addRow(['绍兴市越城区乙', '区红十字会', '部门', '']);
  const bad = testInfo.outputPath('bad.xlsx');
  await wb.xlsx.writeFile(bad);

  await page.goto(seeded.url);
  await login(page, 'admin');
  await openSection(page, '基础数据');
  await page.getByRole('button', { name: '从 Excel 导入' }).click();
  const dialog = page.getByRole('dialog', { name: '从 Excel 导入成员单位' });
  await dialog.getByLabel('选择 Excel 文件').setInputFiles(bad);
  await expect(dialog.getByText('有 2 行存在问题')).toBeVisible();
  const preview = dialog.getByRole('table', { name: '导入预览' });
  await expect(preview.getByRole('row').filter({ hasText: '第 3 行' })).toContainText('请填写简称');
  await expect(preview.getByRole('row').filter({ hasText: '第 3 行' })).toContainText('类型“科室”无效');
  await expect(preview.getByRole('row').filter({ hasText: '第 4 行' })).toContainText(
    '简称“区红十字会”已被第 2 行使用',
  );
  await expect(dialog.getByRole('button', { name: '确认导入' })).toBeDisabled();
  await keepScreenshot(page, testInfo, 'departments-import-errors');
  await dialog.getByRole('button', { name: '取消' }).click();
  await expect(
    page.locator('[data-grid="departments"]').getByRole('gridcell', { name: '区红十字会' }),
  ).toHaveCount(0);
});
