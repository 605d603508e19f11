// 联合行动 as a 科员 keeps them on the demo district ("today" is 2026-11-22): the demo's 2026 医保基金 campaign of two
// departments makes the year's count 1 of the required 1, in the 联合行动 tab and in checklist item 13 (落实“双随机、
// 一公开”抽查机制); a new 联合执法行动 is refused until it has two departments and sensible dates, then saved with its
// results, and the count becomes 2 in both places; the list is exported and the workbook read back.
// Also: a 12345 complaint closed as 查实 appears on the institution's credit profile, linked from the complaint.
import ExcelJS from 'exceljs';
import { usccCheckChar } from '../../shared/domain/uscc';
import { test, expect, keepScreenshot, login, openSection, invokeInPage } from './fixtures';

const ACTION = '鉴水测试：民营口腔机构院感联合执法行动';
const ITEM13 = '落实“双随机、一公开”抽查机制';

test('联合行动: two departments, the year count against the minimum, the checklist item, Excel export', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');

  // This year's checklist (the demo's, from the 越城区 template): item 13 counts this year's completed joint actions.
  await openSection(page, '任务清单');
  const item13 = page.getByRole('row').filter({ hasText: ITEM13 });
  await expect(item13).toContainText('本年 联合执法行动 1/1');

  await openSection(page, '联合执法');
  await page.getByRole('tab', { name: '联合行动' }).click();
  await expect(page).toHaveURL(/#\/enforcement\/joint-actions$/);
  const count = page.getByRole('status', { name: '联合执法次数统计' });
  await expect(count).toContainText('2026 年已开展 1 次，要求每年不少于 1 次');
  await expect(count).toContainText('已达到要求');
  await expect(count).toContainText('进行中 1 次');
  const grid = page.locator('[data-grid="enforcement-joint-actions"]');
  await expect(grid.getByRole('row').filter({ hasText: '医保基金使用专项整治' })).toContainText('已完成');
  await expect(grid.getByRole('row').filter({ hasText: '民营医疗机构依法执业联合检查' })).toContainText(
    '进行中',
  );
  // Last year's action is in last year's list.
  await page.getByRole('combobox', { name: '年度', exact: true }).selectOption({ label: '2025 年' });
  await expect(count).toContainText('2025 年已开展 1 次，要求每年不少于 1 次');
  await expect(grid.getByRole('row').filter({ hasText: '医疗美容行业联合执法行动' })).toHaveCount(1);
  await page.getByRole('combobox', { name: '年度', exact: true }).selectOption({ label: '2026 年' });

  // A new joint action: refused until it has two departments and an end date after its start.
  await page.getByRole('button', { name: '新增行动' }).click();
  const dialog = page.getByRole('dialog', { name: '新增联合行动' });
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('请填写行动名称')).toBeVisible();
  await expect(dialog.getByText('请选择牵头单位')).toBeVisible();
  await dialog.getByLabel('行动名称').fill(ACTION);
  await dialog.getByLabel('牵头单位').selectOption({ label: '区卫生健康局' });
  await dialog.getByLabel('开始日期').fill('2026-09-01');
  await dialog.getByLabel('结束日期').fill('2026-08-31');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(
    dialog.getByText('联合执法行动至少需要 2 个部门参加：请在牵头单位之外至少选择 1 个参与单位'),
  ).toBeVisible();
  await expect(dialog.getByText('结束日期不能早于开始日期（2026-09-01）')).toBeVisible();
  await dialog.getByRole('group', { name: '参与单位' }).getByLabel('区市场监管局').check();
  await dialog.getByLabel('结束日期').fill('2026-09-20');
  await expect(dialog.getByLabel('状态')).toContainText('按日期自动（已完成）');
  // The targets come from the directory: one typed by name, one not on it.
  const picker = dialog.getByLabel('选择检查对象');
  await picker.fill('越城区不存在的口腔诊所');
  await dialog.getByRole('button', { name: '添加', exact: true }).click();
  await expect(dialog.getByText('请从名录中选择监管对象（可输入名称或统一社会信用代码）')).toBeVisible();
  const dental = (
    await invokeInPage<{ name: string; category: string }[]>(page, 'institutions.list', {
      includeInactive: false,
    })
  ).value!.filter((i) => i.category === 'dental');
  await picker.fill(dental[0]!.name);
  await dialog.getByRole('button', { name: '添加', exact: true }).click();
  await expect(dialog.getByRole('list', { name: '已选检查对象' })).toContainText(dental[0]!.name);
  await dialog.getByLabel('检查范围说明').fill('辖区社会办口腔诊所');
  await dialog.getByLabel('检查机构数').fill('18');
  await dialog.getByLabel('发现问题数').fill('5');
  await dialog.getByLabel('立案数').fill('2');
  await dialog.getByLabel('罚没金额（元）').fill('30000.5');
  await dialog.getByLabel('工作成效').fill('查处消毒记录缺失、医疗废物暂存不规范等问题，立案 2 起。');
  await keepScreenshot(page, testInfo, 'enforcement-joint-action-dialog');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(`已保存“${ACTION}”（已完成）`)).toBeVisible();

  // The year's count is now 2 of 1; the row says it counts; the details show the results.
  await expect(count).toContainText('2026 年已开展 2 次，要求每年不少于 1 次');
  const row = grid.getByRole('row').filter({ hasText: ACTION });
  await expect(row).toContainText('已完成');
  await expect(row).toContainText('计入');
  await expect(row).toContainText('30,000.50');
  const detail = page.getByRole('region', { name: '行动详情' });
  await expect(detail).toContainText('牵头 区卫生健康局；参与 区市场监管局（共 2 个部门）');
  await expect(detail).toContainText('计入 2026 年联合执法次数');
  await expect(detail).toContainText(dental[0]!.name);
  await expect(detail).toContainText('检查机构 18 家，发现问题 5 个，立案 2 件，罚没金额 30,000.50 元');
  await expect(page.locator('.toast')).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'enforcement-joint-actions');

  // The list as Excel, read back by another reader.
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('联合执法行动_2026年.xlsx');
  const file = testInfo.outputPath('joint-actions.xlsx');
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  expect(ws.name).toBe('2026年联合执法行动');
  const header = (ws.getRow(1).values as unknown[]).slice(1);
  expect(header.slice(0, 10)).toEqual([
    '序号',
    '行动名称',
    '类型',
    '牵头单位',
    '参与单位',
    '部门数',
    '开始日期',
    '结束日期',
    '状态',
    '计入年度联合执法次数',
  ]);
  const rows: unknown[][] = [];
  ws.eachRow((r, n) => {
    // Dates are real Excel dates (read back as Date at UTC midnight): compare them as YYYY-MM-DD.
    if (n > 1)
      rows.push(
        (r.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)),
      );
  });
  expect(rows.map((r) => r[1])).toEqual([
    expect.stringContaining('医保基金使用专项整治'),
    ACTION,
    '民营医疗机构依法执业联合检查',
  ]);
  const mine = rows.find((r) => r[1] === ACTION)!;
  expect(mine.slice(2, 10)).toEqual([
    '联合执法行动',
    '区卫生健康局',
    '区市场监管局',
    2,
    '2026-09-01',
    '2026-09-20',
    '已完成',
    '是',
  ]);
  expect(mine.slice(10)).toEqual([
    dental[0]!.name,
    '辖区社会办口腔诊所',
    18,
    5,
    2,
    30000.5,
    '查处消毒记录缺失、医疗废物暂存不规范等问题，立案 2 起。',
  ]);

  // The checklist item counts it too.
  await openSection(page, '任务清单');
  await expect(item13).toContainText('本年 联合执法行动 2/1');
  await item13.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'checklist-item13-joint-actions');
});

const CLINIC = {
  name: '越城区投诉测试安康诊所',
  uscc: '92330602MA2CMP001' + usccCheckChar('92330602MA2CMP001'),
};

test('12345 查实 → 信用台账: the entry on the institution’s credit profile, linked from the complaint', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '联合执法');
  await page.getByRole('button', { name: '新增监管对象' }).click();
  const inst = page.getByRole('dialog', { name: '新增监管对象' });
  await inst.getByLabel('机构名称').fill(CLINIC.name);
  await inst.getByLabel('统一社会信用代码').fill(CLINIC.uscc);
  await inst.getByLabel('机构类别').selectOption({ label: '诊所' });
  await inst.getByLabel('所有制').selectOption({ label: '社会办' });
  await inst.getByRole('button', { name: '保存' }).click();
  await expect(inst).toHaveCount(0);

  await page.getByRole('tab', { name: '12345 投诉' }).click();
  await page.getByRole('button', { name: '登记投诉' }).click();
  const add = page.getByRole('dialog', { name: '登记 12345 投诉' });
  await add.getByLabel('工单编号').fill('SXE2E202611180001');
  await add.getByLabel('受理日期').fill('2026-11-18');
  await add.getByLabel('投诉类别').selectOption({ label: '收费' });
  await add.getByLabel('承办单位').selectOption({ label: '区卫生健康局' });
  await add.getByLabel('被投诉机构').fill(CLINIC.name);
  await add.getByLabel('投诉内容').fill('鉴水测试：就诊时被收取未告知的检查费用');
  await add.getByRole('button', { name: '保存' }).click();
  await expect(add).toHaveCount(0);
  const detail = page.getByRole('region', { name: '投诉详情' });
  await expect(detail.getByLabel('信用台账')).toHaveText('查实的投诉办结时记入被投诉机构的信用台账');

  await page.getByRole('button', { name: '登记办结' }).click();
  const handle = page.getByRole('dialog', { name: '登记办结' });
  await handle.getByLabel('办结日期').fill('2026-11-21');
  await handle.getByLabel('办理结果').fill('经查属实，责令退还费用并整改收费公示。');
  await handle.getByLabel('查实（计入该机构的信用记录）').check();
  await expect(handle.getByText(`保存后记入${CLINIC.name}的信用台账（投诉查实）。`)).toBeVisible();
  await handle.getByRole('button', { name: '保存办结' }).click();
  await expect(handle).toHaveCount(0);
  const credit = detail.getByLabel('信用台账');
  await expect(credit).toContainText(/已记入信用台账 第\d+条/);
  const seq = /第(\d+)条/.exec((await credit.textContent()) ?? '')![1]!;
  await expect(page.locator('.toast')).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'enforcement-complaint-credit');

  // The link opens the institution's credit profile, where the entry stands with its source.
  await credit.getByRole('link', { name: `查看${CLINIC.name}的信用档案` }).click();
  await expect(page).toHaveURL(/#\/credit\/institution\/\d+$/);
  await expect(page.getByRole('heading', { name: CLINIC.name })).toBeVisible();
  const entry = page.locator(`li[data-seq="${seq}"]`);
  await expect(entry).toContainText('投诉查实');
  await expect(entry).toContainText('2026-11-21');
  await expect(entry).toContainText('依据：12345 工单 SXE2E202611180001');
  await expect(entry).toContainText(/来源：投诉举报 第 \d+ 号/);
  await expect(entry).toContainText(`第 ${seq} 条`);
  await expect(page.getByTestId('tier-summary')).toContainText('投诉查实');
  await keepScreenshot(page, testInfo, 'credit-profile-complaint');
});
