// 检查记录 and 结果公开 as a 科员 does them on the demo district ("today" is 2026-11-22): ten clinics of a street the demo
// does not use come in from Excel; a joint plan for them is drawn in front of two witnesses (two targets at 20 %);
// from the draw's result each target gets its inspection — one 责令整改 (its deadline passes, it shows as overdue,
// then its 复查), one case with a warning and a fine — and the dialog says which credit-ledger entries it wrote; the
// institution's credit profile shows them with a link back to the record. 结果公开 shows the batch's completion date
// and its deadline (20 working days, rule shown); the public table is exported to Excel (read back with exceljs: the
// rows, no inspector's name) and printed to PDF (read back with pdftotext); the publication is then recorded.
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { usccCheckChar } from '../../shared/domain/uscc';
import { test, expect, keepScreenshot, login, openSection, runCli } from './fixtures';

const STREET = '马鞍街道';
const PLAN = '2026年度马鞍片区医疗机构双随机抽查';
const code = (first17: string) => first17 + usccCheckChar(first17)!;
const INSTITUTIONS = Array.from({ length: 10 }, (_, i) => ({
  name: `马鞍${['康宁', '仁和', '益民', '安康', '惠民'][i % 5]}${['诊所', '门诊部'][i % 2]}${i + 1}号`,
  uscc: code(`92330602MA2MN00${String(i + 10)}`),
  category: ['诊所', '门诊部'][i % 2]!,
}));

test('检查记录 from a witnessed draw: 责令整改 and its 复查, a fine in the credit ledger, the public results table', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '联合执法');

  // Ten clinics of 马鞍街道, from Excel.
  const file = testInfo.outputPath('马鞍监管对象.xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('监管对象');
  ws.addRow(['机构名称', '统一社会信用代码', '机构类别', '所有制', '等级', '街道/镇', '网格', '地址']);
  for (const [n, i] of INSTITUTIONS.entries())
    ws.addRow([i.name, i.uscc, i.category, '社会办', '未定级', STREET, '马鞍第1网格', `马鞍路 ${n + 1} 号`]);
  await wb.xlsx.writeFile(file);
  await page.getByRole('button', { name: '从 Excel 导入' }).click();
  const importDialog = page.getByRole('dialog', { name: '从 Excel 导入监管对象' });
  await importDialog.getByLabel('选择 Excel 文件').setInputFiles(file);
  await expect(importDialog.getByText('检查通过：将新增 10 个')).toBeVisible();
  await importDialog.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('导入完成：新增 10 个')).toBeVisible();

  // A joint plan for the street, and its witnessed draw.
  await page.getByRole('tab', { name: '抽查计划' }).click();
  await page.getByRole('button', { name: '新建抽查计划' }).click();
  const planDialog = page.getByRole('dialog', { name: '新建抽查计划' });
  await planDialog.getByLabel('计划名称').fill(PLAN);
  await planDialog.getByRole('group', { name: '街道/镇' }).getByLabel(STREET).check();
  const pickItems = planDialog.getByRole('group', { name: '抽查事项' });
  await pickItems.getByLabel('医疗机构执业资质').check();
  await pickItems.getByLabel('医疗废物处置').check();
  const departments = planDialog.getByRole('group', { name: '参与单位' });
  await departments.getByLabel('区卫生健康局').check();
  await departments.getByLabel('区市场监管局').check();
  await planDialog.getByLabel('第1批名称').fill('十一月');
  await planDialog.getByLabel('第1批开始日期').fill('2026-11-02');
  await planDialog.getByLabel('第1批结束日期').fill('2026-11-30');
  await planDialog.getByRole('button', { name: '保存' }).click();
  await expect(planDialog).toHaveCount(0);
  const detail = page.getByRole('region', { name: '计划详情' });
  await expect(detail.getByRole('heading')).toHaveText(`2026年 ${PLAN}`);
  const batches = detail.getByRole('table', { name: '批次与抽取' });
  // The batch was sealed on 2026-10-30, before the lottery of 11-01 (here by the command line; the draw spec seals
  // in the dialog), so this morning's draw uses that lottery.
  const planId = /^(\d+)\t.*马鞍片区/m.exec(runCli(seeded.dataDir, ['plans']))![1]!;
  runCli(
    seeded.dataDir,
    ['draw', '--plan', planId, '--batch', '1', '--seal', '--user', 'keyuan'],
    '2026-10-30T10:00:00+08:00',
  );
  // (The list was read before the seal; the dialog reads the batch afresh.)
  await batches
    .getByRole('row', { name: /第1批/ })
    .getByRole('button', { name: /抽取…$/ })
    .click();
  const draw = page.getByRole('dialog', { name: /^双随机抽取：/ });
  await expect(draw.getByText('封存的名录中在业监管对象 10 家，本批次应抽 2 家')).toBeVisible();
  await draw.getByLabel('来源').fill('中国福利彩票双色球第2026126期开奖号码');
  await draw.getByLabel('开奖日期').fill('2026-11-01');
  await draw.getByLabel('号码（数字）').fill('05 09 14 21 27 30 08');
  await draw.getByLabel('见证人1').fill('赵见证');
  await draw.getByLabel('见证人2').fill('钱监督');
  await draw.getByRole('button', { name: '抽取', exact: true }).click();
  await draw.getByRole('button', { name: '确认抽取' }).click();
  await expect(draw.getByText('抽取完成：抽中 2 个监管对象')).toBeVisible();
  await draw.getByRole('button', { name: '关闭' }).last().click();

  // The stored draw: each target's 检查结果 is recorded from here.
  await batches.getByRole('row', { name: /第1批/ }).getByRole('button', { name: '查看结果' }).click();
  const view = page.getByRole('dialog', { name: /^抽取记录：/ });
  const result = view.getByRole('table', { name: '抽取结果' });
  await expect(result.locator('tbody tr')).toHaveCount(2);
  const names = (await result.locator('tbody tr td:nth-child(2)').allInnerTexts()).map((s) => s.trim());
  const teams = await result.locator('tbody tr td:nth-child(5)').allInnerTexts();
  const inspectorNames = teams.flatMap((t) =>
    t
      .split('、')
      .map((m) => m.replace(/（(区卫生健康局|区市场监管局)(，组长)?）/g, '').trim())
      .filter(Boolean),
  );
  expect(inspectorNames.length).toBeGreaterThanOrEqual(4);
  const [rectified, fined] = names as [string, string];
  const usccOf = (n: string) => INSTITUTIONS.find((i) => i.name === n)!.uscc;

  // 1. 责令整改 with a deadline that has already passed (recorded late, as it happens).
  await result
    .getByRole('row', { name: new RegExp(rectified) })
    .getByRole('button', { name: '录入检查结果' })
    .click();
  let dialog = page.getByRole('dialog', { name: `录入检查结果：${rectified}` });
  await expect(dialog.getByText('双随机抽取对象：')).toBeVisible();
  const items = dialog.getByRole('table', { name: '逐项检查情况' });
  await expect(items.locator('tbody tr')).toHaveCount(2);
  await expect(items).toContainText('医疗机构执业资质');
  await expect(items).toContainText('医疗废物处置');
  await dialog.getByLabel('医疗机构执业资质：检查方式').selectOption({ label: '书面检查' });
  await dialog.getByLabel('医疗废物处置：检查方式').selectOption({ label: '实地检查' });
  await dialog.getByLabel('医疗废物处置：发现的问题').fill('暂存点未上锁，交接登记不全');
  await dialog.getByLabel('检查日期').fill('2026-11-05');
  await dialog.getByLabel('检查发现').fill('医疗废物暂存点未上锁，交接登记不全。');
  await dialog.getByRole('combobox', { name: /^检查结果/ }).selectOption({ label: '发现问题待后续处理' });
  await dialog.getByLabel('后续处置措施').selectOption({ label: '责令改正并跟踪' });
  await dialog.getByLabel('整改期限').fill('2026-11-05');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('整改期限应晚于检查日期（2026-11-05）')).toBeVisible();
  await dialog.getByLabel('整改期限').fill('2026-11-15');
  await dialog.getByRole('button', { name: '保存' }).click();
  const rectifiedTitle = dialog.getByText(/^检查记录第 \d+ 号已保存$/);
  await expect(rectifiedTitle).toBeVisible();
  const rectifiedId = Number(/第 (\d+) 号/.exec(await rectifiedTitle.innerText())![1]);
  await expect(dialog.getByTestId('inspection-credit')).toHaveText(
    /^已记入信用台账 第\d+条（监督检查结果）$/,
  );
  await dialog.getByRole('button', { name: '关闭' }).last().click();

  // 2. A case: a warning and a fine of 5,000 元 — the amount is required.
  await result
    .getByRole('row', { name: new RegExp(fined) })
    .getByRole('button', { name: '录入检查结果' })
    .click();
  dialog = page.getByRole('dialog', { name: `录入检查结果：${fined}` });
  await dialog.getByLabel('医疗机构执业资质：检查方式').selectOption({ label: '实地检查' });
  await dialog.getByLabel('医疗机构执业资质：发现的问题').fill('使用未取得执业资格的人员');
  await dialog.getByLabel('医疗废物处置：检查方式').selectOption({ label: '实地检查' });
  await dialog.getByLabel('检查日期').fill('2026-11-10');
  await dialog.getByLabel('检查发现').fill('使用未取得执业资格的人员从事诊疗活动。');
  await dialog.getByRole('combobox', { name: /^检查结果/ }).selectOption({ label: '发现问题待后续处理' });
  await dialog.getByLabel('后续处置措施').selectOption({ label: '移送办案机构' });
  await dialog.getByRole('checkbox', { name: '警告' }).check();
  await dialog.getByRole('checkbox', { name: '罚款', exact: true }).check();
  await dialog.getByLabel('立案号').fill('越卫医立〔2026〕88号');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('请填写罚款金额（元）')).toBeVisible();
  await dialog.getByLabel('罚款金额（元）').fill('5000');
  await keepScreenshot(page, testInfo, 'inspection-dialog');
  await dialog.getByRole('button', { name: '保存' }).click();
  const savedTitle = dialog.getByText(/^检查记录第 \d+ 号已保存$/);
  await expect(savedTitle).toBeVisible();
  const finedId = Number(/第 (\d+) 号/.exec(await savedTitle.innerText())![1]);
  const credit = dialog.getByTestId('inspection-credit');
  await expect(credit).toHaveText(/^已记入信用台账 第\d+条（监督检查结果）、第\d+条（行政处罚）$/);
  const [resultSeq, penaltySeq] = [...(await credit.innerText()).matchAll(/第(\d+)条/g)].map((m) =>
    Number(m[1]),
  );
  await expect(dialog.getByText('警告；罚款 5,000.00 元')).toBeVisible();
  await keepScreenshot(page, testInfo, 'inspection-saved');

  // The credit profile: both entries, their source a link back to the record.
  await dialog.getByRole('button', { name: '查看信用档案' }).click();
  await expect(page.getByRole('heading', { name: fined })).toBeVisible();
  const penaltyItem = page.locator(`li[data-seq="${penaltySeq}"]`);
  await expect(penaltyItem).toContainText('行政处罚');
  await expect(penaltyItem).toContainText('依据：越卫医立〔2026〕88号');
  await expect(penaltyItem).toContainText('警告；罚款 5,000.00 元');
  const resultItem = page.locator(`li[data-seq="${resultSeq}"]`);
  await expect(resultItem).toContainText('监督检查结果');
  await expect(resultItem).toContainText('发现问题待后续处理');
  await expect(page.getByTestId('tier-summary')).toContainText('行政处罚 2026-11-10');
  await keepScreenshot(page, testInfo, 'inspection-credit-profile');
  await penaltyItem.getByRole('link', { name: `监督检查记录 第 ${finedId} 号` }).click();
  await expect(page).toHaveURL(new RegExp(`#/enforcement/inspections/${finedId}$`));
  const record = page.getByRole('region', { name: '检查记录详情' });
  await expect(record).toContainText(`检查记录第 ${finedId} 号：${fined}`);
  await expect(record).toContainText('越卫医立〔2026〕88号');

  // The list: the 责令整改 is past its deadline without a 复查.
  await page.getByRole('combobox', { name: '年度', exact: true }).selectOption('2026');
  const grid = page.locator('[data-grid="enforcement-inspections"]');
  const overdueRow = grid.getByRole('row').filter({ hasText: rectified });
  await expect(overdueRow).toContainText('整改逾期未复查');
  await expect(overdueRow).toHaveClass(/case-row-late/);
  await expect(page.getByTestId('rectify-overdue')).toContainText(`${rectified}（期限 2026-11-15）`);
  await keepScreenshot(page, testInfo, 'inspections-list');
  await page.getByLabel('检查结果', { exact: true }).selectOption({ label: '立案查处' });
  await expect(grid.getByRole('row').filter({ hasText: fined })).toBeVisible();
  await expect(grid.getByRole('row').filter({ hasText: rectified })).toHaveCount(0);
  await page.getByLabel('检查结果', { exact: true }).selectOption({ label: '全部结果' });

  // Its 复查: 已整改.
  await overdueRow.getByRole('gridcell').first().click();
  await page.getByRole('button', { name: '登记复查' }).click();
  const review = page.getByRole('dialog', { name: `登记复查：${rectified}` });
  await expect(review.getByText('（已过期限，尚未复查）')).toBeVisible();
  await review.getByLabel('复查日期').fill('2026-11-16');
  await review.getByRole('radio', { name: '已整改' }).check();
  await review.getByLabel('复查说明').fill('已加锁并补全交接登记。');
  await review.getByRole('button', { name: '保存复查' }).click();
  await expect(review).toHaveCount(0);
  await expect(grid.getByRole('row').filter({ hasText: rectified })).toContainText('已整改（2026-11-16）');
  await expect(grid.getByRole('row').filter({ hasText: rectified })).not.toHaveClass(/case-row-late/);
  await expect(page.getByTestId('rectify-overdue')).not.toContainText(rectified);

  // An ad-hoc inspection of a clinic that was not drawn: a team of one is refused, two will do.
  const other = INSTITUTIONS.find((i) => !names.includes(i.name))!;
  await page.getByRole('button', { name: '录入检查结果' }).click();
  const adhoc = page.getByRole('dialog', { name: '录入检查结果', exact: true });
  await adhoc.getByLabel('监管对象').fill(other.uscc);
  await adhoc.getByLabel('检查日期').fill('2026-11-20');
  await adhoc.getByLabel('组长').selectOption({ index: 1 });
  await adhoc.getByLabel('添加抽查事项').selectOption({ label: '医疗机构执业资质' });
  await adhoc.getByLabel('医疗机构执业资质：检查方式').selectOption({ label: '实地检查' });
  await adhoc.getByRole('combobox', { name: /^检查结果/ }).selectOption({ label: '未发现问题' });
  await adhoc.getByLabel('后续处置措施').selectOption({ label: '无需后续处置' });
  await adhoc.getByRole('button', { name: '保存' }).click();
  await expect(adhoc.getByText('检查组至少需要 2 名执法人员（行政处罚法第四十二条）')).toBeVisible();
  await adhoc.getByRole('group', { name: '组员（检查组至少 2 人）' }).getByRole('checkbox').first().check();
  await adhoc.getByRole('button', { name: '保存' }).click();
  await expect(adhoc.getByText(/^检查记录第 \d+ 号已保存$/)).toBeVisible();
  await adhoc.getByRole('button', { name: '关闭' }).last().click();
  await expect(grid.getByRole('row').filter({ hasText: other.name })).toContainText('日常检查');

  // 审核 before 公开: the 领导 by role, and 王丽 (会务秘书) only once the administrator designates her a reviewer;
  // the 科员 who recorded them cannot.
  const openRecord = async (username: string, id: number) => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await login(page, username);
    // In the same tab (its session is in the address's fragment and sessionStorage): only the route changes.
    await page.evaluate((route) => (window.location.hash = route), `#/enforcement/inspections/${id}`);
  };
  const recordDetail = page.getByRole('region', { name: '检查记录详情' });
  await openRecord('mishu', rectifiedId);
  await expect(recordDetail).toContainText('待审核');
  await expect(page.getByRole('button', { name: '审核', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: '退出登录' }).click();
  await login(page, 'admin');
  await openSection(page, '系统设置');
  await page.getByRole('tab', { name: '业务规则' }).click();
  const reviewers = page.getByRole('group', { name: '双随机检查结果指定审核人' });
  await expect(reviewers.getByRole('checkbox')).toHaveCount(2); // the 科员 and the 会务秘书; the 领导 by role
  await reviewers.getByLabel('王丽（mishu，会务秘书）').check();
  await page.getByRole('button', { name: '保存业务规则' }).click();
  await expect(page.getByText('业务规则已保存')).toBeVisible();
  await keepScreenshot(page, testInfo, 'inspection-designated-reviewer');
  for (const [username, id] of [
    ['mishu', rectifiedId],
    ['lingdao', finedId],
  ] as const) {
    await openRecord(username, id);
    await expect(recordDetail).toContainText(`检查记录第 ${id} 号`);
    await expect(recordDetail).toContainText('待审核');
    await page.getByRole('button', { name: '审核', exact: true }).click();
    const approval = page.getByRole('dialog', { name: `审核检查结果：检查记录第 ${id} 号` });
    await approval.getByRole('radio', { name: '通过' }).check();
    await approval.getByRole('button', { name: '确定' }).click();
    await expect(approval).toHaveCount(0);
    await expect(recordDetail).toContainText('审核通过');
  }
  await openRecord('keyuan', finedId);

  // 结果公开: completed on 11-10, due 20 working days later.
  await page.getByRole('tab', { name: '结果公开' }).click();
  // The demo office is in 浙江: its own province's practice is the rule (系统设置 → 业务规则).
  await expect(page.getByTestId('publication-rule')).toContainText(
    '检查结束后 20 个工作日内公开（依据浙江省卫生健康系统通行做法）',
  );
  const table = page.getByRole('table', { name: '抽查结果公开' });
  const row = table.getByRole('row').filter({ hasText: PLAN });
  await expect(row).toContainText('2 家全部检查完毕');
  await expect(row).toContainText('2026-11-10');
  await expect(row).toContainText('2026-12-08');
  await expect(row).toContainText('剩 12 个工作日');
  await expect(row).toContainText('未到期');
  // The demo's own first batch was published in time.
  await expect(table.getByRole('row').filter({ hasText: '联合抽查计划 第1批' })).toContainText('已公开');
  await row.getByRole('button', { name: '预览公开表' }).click();
  const preview = page.getByRole('table', { name: '公开表' });
  await expect(preview.locator('tbody tr')).toHaveCount(2);
  await expect(preview).toContainText('整改期限 2026-11-15；复查（2026-11-16）：已整改');
  await expect(preview).toContainText('行政处罚：警告；罚款 5,000.00 元');
  for (const n of inspectorNames) await expect(preview).not.toContainText(n);
  await keepScreenshot(page, testInfo, 'inspection-publication');

  // The public table as Excel: the rows, and no inspector named anywhere.
  const download = page.waitForEvent('download');
  await row.getByRole('button', { name: '导出 Excel' }).click();
  const xlsx = testInfo.outputPath('public.xlsx');
  await (await download).saveAs(xlsx);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(xlsx);
  const sheet = book.worksheets[0]!;
  expect(sheet.getRow(1).values).toEqual([
    undefined,
    '序号',
    '机构名称',
    '统一社会信用代码',
    '抽查事项',
    '检查日期',
    '检查结果',
    '后续处置及处理情况',
    '涉及人员',
    '检查机关',
  ]);
  expect(sheet.actualRowCount).toBe(3);
  const rows = [2, 3].map((r) => sheet.getRow(r).values as unknown[]);
  expect(rows.map((r) => r[2]).sort()).toEqual([...names].sort());
  for (const r of rows) expect(r[3]).toBe(usccOf(String(r[2])));
  const byName = new Map(rows.map((r) => [String(r[2]), r]));
  expect(byName.get(rectified)![6]).toBe('发现问题待后续处理');
  expect(byName.get(rectified)![7]).toBe(
    '后续处置措施：责令改正并跟踪；整改期限 2026-11-15；复查（2026-11-16）：已整改',
  );
  expect(byName.get(fined)![6]).toBe('发现问题待后续处理');
  expect(byName.get(fined)![7]).toBe(
    '后续处置措施：移送办案机构；立案号 越卫医立〔2026〕88号；行政处罚：警告；罚款 5,000.00 元',
  );
  expect(byName.get(fined)![9]).toBe('区卫生健康局、区市场监管局');
  const cells: string[] = [];
  sheet.eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
  for (const n of inspectorNames) expect(cells.join('|')).not.toContain(n);

  // The printable version (GB/T 9704), read back from the PDF.
  await row.getByRole('button', { name: '打印 / PDF' }).click();
  await expect(page).toHaveURL(/#\/print\/inspection-results\?plan=\d+&batch=1$/);
  await expect(page.locator('[data-print-ready] .gb-doc')).toBeVisible();
  const pdf = testInfo.outputPath('public-results.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const flat = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const t of [
    '双随机抽查结果公示',
    PLAN,
    '第1批（十一月）',
    ...names,
    ...names.map(usccOf),
    '发现问题待后续处理：后续处置措施：责令改正并跟踪；整改期限2026-11-15；复查（2026-11-16）：已整改',
    '发现问题待后续处理：后续处置措施：移送办案机构；立案号越卫医立〔2026〕88号；行政处罚：警告；罚款5,000.00元',
    '区卫生健康局、区市场监管局于2026年11月2日至2026年11月30日',
    '执法检查人员个人信息不予公开',
  ])
    expect(flat, t).toContain(t.replace(/\s+/g, ''));
  for (const n of inspectorNames) expect(flat, n).not.toContain(n);
  await keepScreenshot(page, testInfo, 'inspection-public-print');

  // Published on the district's website: 已公开.
  await page.getByRole('button', { name: '返回' }).click();
  await row.getByRole('button', { name: '登记公开' }).click();
  const mark = page.getByRole('dialog', { name: /^登记公开：/ });
  await expect(mark.getByLabel('公开渠道')).toHaveValue('区政府网站');
  await mark.getByRole('button', { name: '登记' }).click();
  await expect(mark).toHaveCount(0);
  await expect(row).toContainText('已公开');
  await expect(row).toContainText('2026-11-22 区政府网站');
});
