// 联合执法 directories as a 科员 uses them: an institution added through the dialog (a wrong 统一社会信用代码 is
// caught, fixed, and the record found with the grid's filter), an Excel import with one bad row (reported, nothing
// applied) then fixed and applied, and an inspector with a declared conflict (回避). The test makes what it needs,
// with names and numbers the demo district does not use, so it holds once the demo carries its own directories.
import ExcelJS from 'exceljs';
import { usccCheckChar } from '../../shared/domain/uscc';
import { test, expect, keepScreenshot, login, openSection } from './fixtures';

const code = (first17: string) => first17 + usccCheckChar(first17)!;
const wrongCheck = (c: string) => {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  return c.slice(0, 17) + alphabet[(alphabet.indexOf(c[17]!) + 1) % 31];
};

const CLINIC = { name: '越城区测试安和诊所', uscc: code('92330602MA2DE2E01') };

const IMPORTED: [string, string, string, string, string, string, string, string][] = [
  [
    '绍兴鉴水仁和医院',
    '91330602MA2DE2E11',
    '医院',
    '社会办',
    '二级',
    '府山街道',
    '府山第2网格',
    '解放北路 18 号',
  ],
  [
    '越城区鉴水社区卫生服务中心',
    '12330602MB0E2E012',
    '社区卫生服务中心',
    '公立',
    '一级',
    '塔山街道',
    '塔山第1网格',
    '环城西路 66 号',
  ],
  [
    '越城区鉴水卫生院',
    '12330602MB0E2E013',
    '卫生院',
    '公立',
    '一级',
    '富盛镇',
    '富盛第3网格',
    '富盛镇富盛路 1 号',
  ],
  [
    '绍兴鉴水康宁门诊部',
    '52330602MA2DE2E14',
    '门诊部',
    '社会办',
    '未定级',
    '北海街道',
    '北海第5网格',
    '胜利东路 200 号',
  ],
  [
    '绍兴鉴水美莱医疗美容诊所',
    '91330602MA2DE2E15',
    '医疗美容',
    '社会办',
    '未定级',
    '迪荡街道',
    '迪荡第1网格',
    '越东路 42 号',
  ],
  [
    '绍兴鉴水瑞慈体检中心',
    '91330602MA2DE2E16',
    '健康体检',
    '社会办',
    '未定级',
    '城南街道',
    '城南第4网格',
    '城南大道 300 号',
  ],
  [
    '越城鉴水同心口腔门诊部',
    '52330602MA2DE2E17',
    '口腔',
    '社会办',
    '未定级',
    '稽山街道',
    '稽山第6网格',
    '稽山路 19 号',
  ],
  [
    '越城鉴水济生中医诊所',
    '92330602MA2DE2E18',
    '中医',
    '社会办',
    '未定级',
    '灵芝街道',
    '灵芝第2网格',
    '人民中路 5 号',
  ],
  [
    '越城鉴水康乐护理站',
    '52330602MA2DE2E19',
    '其他',
    '社会办',
    '未定级',
    '东湖街道',
    '东湖第7网格',
    '二环北路 77 号',
  ],
  [
    '越城鉴水王氏内科诊所',
    '92330602MA2DE2E1A',
    '诊所',
    '社会办',
    '未定级',
    '皋埠街道',
    '皋埠第3网格',
    '群贤中路 9 号',
  ],
];

async function institutionsFile(path: string, badRow: boolean): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('监管对象');
  ws.addRow(['机构名称', '统一社会信用代码', '机构类别', '所有制', '等级', '街道/镇', '网格', '地址']);
  IMPORTED.forEach(([name, first17, ...rest], i) => {
    const uscc = code(first17);
    // the fourth data row (Excel row 5) carries a typo in its last character
    ws.addRow([name, badRow && i === 3 ? wrongCheck(uscc) : uscc, ...rest]);
  });
  await wb.xlsx.writeFile(path);
}

test('监管对象: dialog with a wrong code, Excel import with a bad row, then the filter', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '联合执法');
  await expect(page.getByRole('tab', { name: '监管对象', selected: true })).toBeVisible();
  // Every part of 联合执法 is built: no tab is a placeholder.
  for (const tab of ['检查记录', '结果公开', '联合行动'])
    await expect(page.getByRole('tab', { name: tab })).toBeVisible();
  await expect(page.getByText('尚在建设中')).toHaveCount(0);
  const grid = page.locator('[data-grid="enforcement-institutions"]');

  // Add one through the dialog: the mistyped code is refused on its field, in Chinese.
  await page.getByRole('button', { name: '新增监管对象' }).click();
  const dialog = page.getByRole('dialog', { name: '新增监管对象' });
  await dialog.getByLabel('机构名称').fill(CLINIC.name);
  await dialog.getByLabel('统一社会信用代码').fill(wrongCheck(CLINIC.uscc));
  await dialog.getByLabel('机构类别').selectOption({ label: '诊所' });
  await dialog.getByLabel('所有制').selectOption({ label: '社会办' });
  await dialog.getByLabel('街道/镇').fill('城南街道');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(
    dialog.getByText('统一社会信用代码校验码不符（GB 32100-2015），请核对后重新填写'),
  ).toBeVisible();
  await dialog.getByLabel('统一社会信用代码').fill(CLINIC.uscc.toLowerCase());
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(`已保存“${CLINIC.name}”`)).toBeVisible();
  const clinicRow = grid.getByRole('row').filter({ hasText: CLINIC.name });
  await expect(clinicRow).toContainText(CLINIC.uscc);
  await expect(clinicRow).toContainText('—'); // credit tier: not rated yet

  // Import a file with one bad row: reported by row, nothing applied.
  const bad = testInfo.outputPath('监管对象-有错.xlsx');
  await institutionsFile(bad, true);
  await page.getByRole('button', { name: '从 Excel 导入' }).click();
  const importDialog = page.getByRole('dialog', { name: '从 Excel 导入监管对象' });
  await importDialog.getByLabel('选择 Excel 文件').setInputFiles(bad);
  await expect(importDialog.getByText('有 1 行存在问题')).toBeVisible();
  const preview = importDialog.getByRole('table', { name: '导入预览' });
  await expect(preview.getByRole('row').filter({ hasText: '第 5 行' })).toContainText(
    '统一社会信用代码校验码不符',
  );
  await expect(preview.getByRole('row').filter({ hasText: '第 2 行' })).toContainText('新增');
  await expect(importDialog.getByRole('button', { name: '确认导入' })).toBeDisabled();
  await keepScreenshot(page, testInfo, 'enforcement-import-errors');
  await importDialog.getByRole('button', { name: '取消' }).click();
  await expect(grid.getByRole('gridcell', { name: '绍兴鉴水仁和医院' })).toHaveCount(0);

  // The corrected file goes in whole.
  const good = testInfo.outputPath('监管对象.xlsx');
  await institutionsFile(good, false);
  await page.getByRole('button', { name: '从 Excel 导入' }).click();
  await importDialog.getByLabel('选择 Excel 文件').setInputFiles(good);
  await expect(importDialog.getByText('检查通过：将新增 10 个，更新 0 个，0 个无变化。')).toBeVisible();
  await importDialog.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('导入完成：新增 10 个，更新 0 个，无变化 0 个')).toBeVisible();
  await keepScreenshot(page, testInfo, 'enforcement-institutions');

  // The filter finds them: the ten imported by a word they share, the one added through the dialog by its name.
  const search = page.getByLabel('搜索监管对象');
  await search.fill('鉴水');
  await expect(grid.getByRole('row')).toHaveCount(11); // header + the ten
  await expect(grid.getByRole('row').filter({ hasText: '越城鉴水济生中医诊所' })).toContainText('中医');
  await expect(grid.getByRole('row').filter({ hasText: '越城区鉴水卫生院' })).toContainText('公立');
  await search.fill('安和');
  await expect(grid.getByRole('row')).toHaveCount(2); // header + the one match
  await expect(grid.getByRole('row').filter({ hasText: CLINIC.name })).toContainText(CLINIC.uscc);
});

test('执法人员: an inspector with a declared conflict, and a practitioner at that institution', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '联合执法');
  await page.getByRole('button', { name: '新增监管对象' }).click();
  const dialog = page.getByRole('dialog', { name: '新增监管对象' });
  await dialog.getByLabel('机构名称').fill(CLINIC.name);
  await dialog.getByLabel('统一社会信用代码').fill(CLINIC.uscc);
  await dialog.getByLabel('机构类别').selectOption({ label: '诊所' });
  await dialog.getByLabel('所有制').selectOption({ label: '社会办' });
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toHaveCount(0);

  await page.getByRole('tab', { name: '执法人员' }).click();
  await expect(page).toHaveURL(/#\/enforcement\/inspectors$/);
  await page.getByRole('button', { name: '新增执法人员' }).click();
  const add = page.getByRole('dialog', { name: '新增执法检查人员' });
  await add.getByLabel('姓名').fill('欧阳明哲');
  await add.getByLabel('所属单位').selectOption({ label: '区市场监管局' });
  await add.getByLabel('执法证号').fill('33060209901');
  await add.getByRole('button', { name: '添加回避对象' }).click();
  await add.getByLabel('回避对象1').fill(`${CLINIC.name}（${CLINIC.uscc}）`);
  await add.getByRole('button', { name: '保存' }).click();
  await expect(add.getByText('请填写回避理由')).toBeVisible();
  await add.getByLabel('回避理由1').fill('配偶在该机构任职');
  await add.getByRole('button', { name: '保存' }).click();
  await expect(add).toHaveCount(0);
  const grid = page.locator('[data-grid="enforcement-inspectors"]');
  const row = grid.getByRole('row').filter({ hasText: '欧阳明哲' });
  await expect(row).toContainText('区市场监管局');
  await expect(row).toContainText(`${CLINIC.name}（配偶在该机构任职）`);

  // Opening it again shows the declaration as saved.
  await grid.getByRole('gridcell', { name: '欧阳明哲' }).dblclick();
  const edit = page.getByRole('dialog', { name: '编辑执法检查人员：欧阳明哲' });
  await expect(edit.getByLabel('回避对象1')).toHaveValue(`${CLINIC.name}（${CLINIC.uscc}）`);
  await expect(edit.getByLabel('回避理由1')).toHaveValue('配偶在该机构任职');
  await keepScreenshot(page, testInfo, 'enforcement-inspector-conflict');
  await edit.getByRole('button', { name: '取消' }).click();

  // A practitioner needs an institution on the register.
  await page.getByRole('tab', { name: '从业人员' }).click();
  await page.getByRole('button', { name: '新增从业人员' }).click();
  const person = page.getByRole('dialog', { name: '新增从业人员' });
  await person.getByLabel('姓名').fill('司马文远');
  await person.getByLabel('人员类别').selectOption({ label: '医师' });
  await person.getByLabel('证书编号').fill('110330600012345');
  await person.getByLabel('执业机构').fill('越城区不存在的医院');
  await person.getByRole('button', { name: '保存' }).click();
  await expect(person.getByText('请选择执业机构')).toBeVisible();
  await person.getByLabel('执业机构').fill(CLINIC.name);
  await person.getByRole('button', { name: '保存' }).click();
  await expect(person).toHaveCount(0);
  await expect(
    page.locator('[data-grid="enforcement-practitioners"]').getByRole('row').filter({ hasText: '司马文远' }),
  ).toContainText(CLINIC.name);
});
