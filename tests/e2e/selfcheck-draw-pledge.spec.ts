// 依法执业自查, the office's remaining steps on a laptop screen (1366×768; "today" is 2026-11-22 on the demo):
// 1. 督导 sampling: draw institutions at random from the full self-inspections submitted and not yet supervised (too
//    many refused in Chinese), record the check of a drawn one from its row;
// 2. the yearly 《医疗机构依法执业承诺书》 with the 双承诺 count and the signed scan, for an institution the overdue
//    list shows without one: it leaves the list and its scan opens from the institution's records;
// 3. the 自查结果公示: exported to Excel (read back with exceljs) and printed.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { test, expect, keepScreenshot, login, openSection } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });

test('依法执业自查: 督导 drawn at random, a 承诺书 registered, the 公示 exported and printed', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '依法执业自查');

  // 1. Draw two full self-inspections for 督导.
  await page.getByRole('tab', { name: '督导检查' }).click();
  const draw = page.getByRole('region', { name: '随机抽取督导对象' });
  await draw.getByLabel('自查期间').selectOption({ label: '全面自查' });
  await draw.getByLabel('抽取数量').fill('199');
  await draw.getByRole('button', { name: '随机抽取' }).click();
  await expect(draw.getByRole('alert')).toContainText(
    /2026 年全面自查可抽取的自查只有 \d+ 家（已提交且未督导），抽取数量不能超过此数/,
  );
  await draw.getByLabel('抽取数量').fill('2');
  await draw.getByRole('button', { name: '随机抽取' }).click();
  const drawn = draw.getByRole('table', { name: '抽取结果' });
  await expect(drawn.getByRole('row')).toHaveCount(3); // header + 2
  await expect(
    draw.getByText(/从 \d+ 家已提交且未督导的全面自查中抽取 2 家（随机种子 [0-9a-f]{16}…）/),
  ).toBeVisible();
  await expect(draw.getByRole('alert')).toHaveCount(0);
  const first = drawn.getByRole('row').nth(1);
  const name = (await first.getByRole('cell').nth(1).textContent())!.trim();
  await keepScreenshot(page, testInfo, 'selfcheck-supervision-draw');

  // Record the check of the first one drawn: the dialog opens on its self-inspection.
  await first.getByRole('button', { name: '登记督导' }).click();
  const sup = page.getByRole('dialog', { name: '登记自查督导检查' });
  await expect(sup.getByLabel('督导的自查').locator('option:checked')).toContainText(`${name} · 全面自查`);
  await sup.getByLabel('检查日期').fill('2026-11-21');
  await sup.getByLabel('组长').selectOption({ index: 1 });
  await sup.getByLabel('组员').selectOption({ index: 1 });
  await sup.getByLabel('检查发现').fill('抽查病历、消毒记录，与自查报告一致。');
  await sup.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status').filter({ hasText: '督导检查已登记：自查情况属实' })).toBeVisible();
  await expect(
    page.getByRole('table', { name: '督导检查' }).getByRole('row').filter({ hasText: name }),
  ).toContainText('自查情况属实');

  // 2. A 承诺书 for one the overdue list shows without it.
  await page.getByRole('tab', { name: '逾期与未自查' }).click();
  const overdue = page.getByRole('table', { name: '逾期名单' });
  const pledgeRow = overdue.getByRole('row').filter({ hasText: '依法执业承诺书' }).first();
  await expect(pledgeRow).toBeVisible();
  const late = (await pledgeRow.getByRole('cell').nth(1).textContent())!.trim();
  await page.getByRole('tab', { name: '自查情况' }).click();
  await page.getByRole('button', { name: '登记承诺书' }).click();
  const pledge = page.getByRole('dialog', { name: '登记《医疗机构依法执业承诺书》' });
  await pledge.getByLabel(/^机构/).selectOption({ label: late });
  await pledge.getByLabel('递交日期').fill('2026-11-20');
  await pledge.getByLabel(/^签署人/).fill('王院长');
  await pledge.getByLabel(/双承诺/).fill('12');
  await pledge.getByLabel(/^签署的承诺书/).setInputFiles({
    name: '2026年依法执业承诺书.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% 承诺书\n'),
  });
  await keepScreenshot(page, testInfo, 'selfcheck-pledge');
  await pledge.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已登记依法执业承诺书' })).toBeVisible();
  await page.getByRole('tab', { name: '逾期与未自查' }).click();
  await expect(overdue.getByRole('row').filter({ hasText: '依法执业承诺书' }).first()).toBeVisible();
  await expect(
    overdue.getByRole('row').filter({ hasText: late }).filter({ hasText: '依法执业承诺书' }),
  ).toHaveCount(0);

  // 3. The 公示: Excel read back, and the printed list.
  await page.getByRole('tab', { name: '结果公示' }).click();
  const list = page.getByRole('table', { name: '自查结果公示' });
  await expect(list.getByRole('row').nth(1)).toBeVisible();
  const shown = (await list.getByRole('row').count()) - 1;
  const xlsxPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const xlsx = await xlsxPromise;
  expect(xlsx.suggestedFilename()).toMatch(/^2026年医疗机构依法执业自查结果公示（截至2026-11-22）\.xlsx$/);
  const path = testInfo.outputPath('公示.xlsx');
  await xlsx.saveAs(path);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const heads: string[] = [];
  let headRow = 0;
  ws.eachRow((row, n) => {
    if (!headRow && (row.values as unknown[]).includes('机构名称')) {
      headRow = n;
      row.eachCell((c) => heads.push(String(c.value)));
    }
  });
  expect(heads).toEqual([
    '序号',
    '机构名称',
    '统一社会信用代码',
    '自查期间',
    '自查日期',
    '发现问题数',
    '已整改数',
    '整改中',
    '整改期限',
  ]);
  let rows = 0;
  ws.eachRow((row, n) => {
    if (n > headRow && row.getCell(2).value) rows++;
  });
  expect(rows).toBe(shown);
  await page.getByRole('button', { name: '打印公示' }).click();
  await expect(page.getByText('2026年医疗机构依法执业自查结果公示').first()).toBeVisible();
  await expect(page.getByText('（截至2026年11月22日）').first()).toBeVisible();
  await keepScreenshot(page, testInfo, 'selfcheck-publicity-print');
});
