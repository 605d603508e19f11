// 依法执业自查 and 告诫谈话 as the office does it (issue 17, "Done when"): set up the year (scope, deadlines, a 专项
// campaign), send the fill-in workbook out and import it back — one bad row refused and named, nothing written until
// it is fixed — see who is overdue on the 工作台, record a 督导 inspection that finds a self-inspection 不实 and see
// the ledger entry and the tier change, record and print a warning talk (and its Word file), and find the
// indicators in the quarterly summary's data. "Today" is 2026-11-22; the demo's full self-inspection was due
// 2026-10-30.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import type { Locator, Page } from '@playwright/test';
import { test, expect, keepScreenshot, login, openSection } from './fixtures';

// The spec drafts this quarter's summary itself (the demo's reports include that draft already).
test.use({ demoReports: false });

/** Scrolls a grid until a row with this text is drawn (ag-grid draws only the rows near the viewport). */
async function findGridRow(page: Page, grid: Locator, text: string): Promise<Locator> {
  const row = grid.getByRole('row').filter({ hasText: text });
  const viewport = grid.locator('.ag-body-vertical-scroll-viewport');
  for (let y = 0; y < 6000; y += 250) {
    if ((await row.count()) > 0) return row.first();
    await viewport.evaluate((el, top) => (el.scrollTop = top), y);
    await page.waitForTimeout(50);
  }
  return row.first();
}

test('依法执业自查: year, workbook round trip, overdue, 督导 不实 and tier, warning talk, quarterly figures', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '依法执业自查');

  // 1. The year: the full self-inspection date as the office decided it, and a 专项 campaign.
  await page.getByRole('tab', { name: '年度安排' }).click();
  await expect(page.getByRole('heading', { name: '2026 年依法执业自查安排' })).toBeVisible();
  await expect(page.getByLabel('全面自查期限')).toHaveValue('2026-10-30');
  const routine = page.getByRole('table', { name: '日常自查期限' });
  await expect(routine.getByRole('row', { name: /第三季度/ })).toContainText('2026-09-30');
  await page.getByLabel('承诺书递交期限').fill('2026-04-30');
  await page.getByRole('button', { name: '保存安排' }).click();
  await expect(page.getByText(/已保存 2026 年依法执业自查安排：范围 \d+ 家/)).toBeVisible();
  await page.getByLabel('专项主题').fill('院感防控专项自查');
  await page.getByLabel('专项期限').fill('2026-12-20');
  await page
    .getByRole('group', { name: /专项范围：机构类别/ })
    .getByLabel('医院')
    .check();
  await page
    .getByRole('group', { name: /专项范围：街道/ })
    .getByLabel('府山街道')
    .check();
  await page.getByRole('button', { name: '新增专项自查' }).click();
  await expect(page.getByText(/已新增专项自查“院感防控专项自查”：\d+ 家/)).toBeVisible();
  await expect(
    page.getByRole('table', { name: '专项自查' }).getByRole('row').filter({ hasText: '院感防控专项自查' }),
  ).toContainText(/医院；府山街道（\d+ 家）/);
  await keepScreenshot(page, testInfo, 'selfcheck-setup');

  // 2. The workbook out: only the full self-inspection.
  await page.getByRole('tab', { name: '自查情况' }).click();
  await expect(page.getByRole('group', { name: '自查指标' })).toContainText('全面自查覆盖率');
  await page.getByRole('button', { name: 'Excel 填报表' }).click();
  const dialog = page.getByRole('dialog', { name: '依法执业自查填报表（Excel）' });
  for (const label of ['第一季度日常自查', '第二季度日常自查', '第三季度日常自查', '第四季度日常自查'])
    await dialog.getByLabel(label).uncheck();
  await dialog.getByLabel('专项：医疗美容和口腔诊疗专项自查').uncheck();
  await dialog.getByLabel('专项：院感防控专项自查').uncheck();
  const downloadPromise = page.waitForEvent('download');
  await dialog.getByRole('button', { name: '导出填报表' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('2026年依法执业自查填报表.xlsx');
  const exported = testInfo.outputPath('export.xlsx');
  await download.saveAs(exported);

  // The institutions fill it in: two that had not done their full self-inspection report it now; one counts
  // more problems fixed than found.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(exported);
  const ws = wb.getWorksheet('自查填报表')!;
  const colOf = new Map<string, number>();
  ws.getRow(3).eachCell((c, i) => colOf.set(String(c.value), i));
  const open: ExcelJS.Row[] = [];
  for (let r = 4; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    expect(row.getCell(colOf.get('期间代码')!).value).toBe('full');
    if (!row.getCell(colOf.get('是否完成')!).value) open.push(row);
  }
  expect(open.length).toBeGreaterThanOrEqual(4);
  const name = (row: ExcelJS.Row) => String(row.getCell(colOf.get('机构名称')!).value);
  // The one whose self-inspection the 督导 will find 不实: an institution rated A or not yet rated (its tier
  // must move), as the credit grid shows it.
  await dialog.getByRole('button', { name: '关闭' }).last().click();
  await openSection(page, '信用台账');
  const subjects = page.locator('[data-grid="credit-subjects"]');
  const scoreOf = async (n: string): Promise<number | null> => {
    await page.getByLabel('搜索信用主体').fill(n);
    const pinned = subjects.getByRole('row').filter({ hasText: n }).first();
    await expect(pinned).toBeVisible();
    const index = await pinned.getAttribute('row-index');
    const text =
      (await subjects.locator(`[row-index="${index}"] [col-id="score"]`).first().textContent()) ?? '';
    return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
  };
  let badIndex = -1;
  for (let k = 1; k < open.length && badIndex < 0; k++) {
    const score = await scoreOf(name(open[k]!));
    if (score === null || score >= 95) badIndex = k;
  }
  expect(badIndex).toBeGreaterThan(0);
  const good = open[0];
  const bad = open[badIndex];
  open.splice(badIndex, 1);
  open.splice(0, 1);
  await openSection(page, '依法执业自查');
  await page.getByRole('button', { name: 'Excel 填报表' }).click();
  const fill = (row: ExcelJS.Row, found: number, fixed: number) => {
    row.getCell(colOf.get('是否完成')!).value = '已完成';
    row.getCell(colOf.get('自查日期')!).value = '2026-11-18';
    row.getCell(colOf.get('医疗文书·发现问题')!).value = found;
    row.getCell(colOf.get('医疗文书·已整改')!).value = fixed;
  };
  fill(good!, 2, 2);
  fill(bad!, 1, 3);
  const filledBad = testInfo.outputPath('自查填报表-有错.xlsx');
  await wb.xlsx.writeFile(filledBad);

  await dialog.getByLabel('选择自查填报表').setInputFiles(filledBad);
  await expect(dialog.getByText('将导入 2 行')).toHaveCount(0);
  await expect(
    dialog.getByText(/将导入 1 行，跳过 \d+ 行，1 行有错误：有错误时不导入任何内容/),
  ).toBeVisible();
  const preview = dialog.getByRole('table', { name: '导入预览' });
  const badRow = preview.getByRole('row').filter({ hasText: `第 ${bad!.number} 行` });
  await expect(badRow).toContainText(name(bad!));
  await expect(badRow).toContainText('“医疗文书”的已整改数（3）大于发现问题数（1）');
  await expect(dialog.getByRole('button', { name: '确认导入' })).toBeDisabled();
  await keepScreenshot(page, testInfo, 'selfcheck-workbook-refused');

  // Fixed in Excel and imported again: both rows written.
  fill(bad!, 3, 3);
  const filledGood = testInfo.outputPath('自查填报表-改正.xlsx');
  await wb.xlsx.writeFile(filledGood);
  await dialog.getByLabel('选择自查填报表').setInputFiles(filledGood);
  await expect(dialog.getByText(/将导入 2 行，跳过 \d+ 行，0 行有错误/)).toBeVisible();
  await dialog.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText(/导入完成：写入 2 行/)).toBeVisible();
  const grid = page.locator('[data-grid="selfcheck-grid"]');
  const goodRow = await findGridRow(page, grid, name(good!));
  await expect(goodRow).toContainText('逾期提交 11-18');

  // By hand: the fourth quarter's routine self-inspection of the same institution, with its report attached.
  await goodRow.click();
  await page.getByRole('button', { name: '登记自查' }).click();
  const entry = page.getByRole('dialog', { name: '登记依法执业自查' });
  await expect(entry.getByLabel(/^机构/)).toHaveValue(/\d+/);
  await entry.getByLabel('自查类别').selectOption({ label: '日常自查' });
  await entry.getByLabel('季度').selectOption({ label: '第四季度' });
  await entry.getByLabel('自查日期').fill('2026-11-20');
  await entry.getByLabel('药品与器械发现问题数').fill('2');
  await entry.getByLabel('药品与器械已整改数').fill('1');
  await entry.getByRole('button', { name: '保存' }).click();
  await expect(entry.getByText('尚有 1 个问题未整改，请填写整改计划')).toBeVisible();
  await entry.getByLabel(/^整改计划/).fill('过期药品下架并建立效期台账');
  await entry.getByLabel('整改期限').fill('2026-12-15');
  await entry.getByLabel(/^自查报告/).setInputFiles({
    name: '第四季度自查报告.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% 自查报告\n'),
  });
  await entry.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status').filter({ hasText: /已登记.+日常自查（第四季度）/ })).toBeVisible();
  const records = page.getByRole('region', { name: '机构自查记录' });
  const q4 = records.getByRole('row').filter({ hasText: '日常自查（第四季度）' });
  await expect(q4).toContainText('药品与器械 2/1');
  const reportPromise = page.waitForEvent('download');
  await q4.getByRole('button', { name: '第四季度自查报告.pdf' }).click();
  expect((await reportPromise).suggestedFilename()).toBe('第四季度自查报告.pdf');
  await keepScreenshot(page, testInfo, 'selfcheck-grid-records');

  // 3. Who is overdue, on the 工作台 and on the overdue list.
  await page.getByRole('tab', { name: '逾期与未自查' }).click();
  const overdue = page.getByRole('table', { name: '逾期名单' });
  const fullRow = (n: string) =>
    overdue.getByRole('row').filter({ hasText: n }).filter({ hasText: '全面自查' });
  await expect(overdue.getByRole('row').filter({ hasText: '已登记未自查' }).first()).toBeVisible(); // loaded
  await expect(fullRow(name(good!))).toHaveCount(0);
  // One still missing and not yet registered as 未自查: it is on the 工作台.
  let stillOpen = '';
  for (const row of open) {
    const r = fullRow(name(row));
    if ((await r.count()) === 1 && !(await r.textContent())!.includes('已登记未自查')) {
      stillOpen = name(row);
      break;
    }
  }
  expect(stillOpen).not.toBe('');
  await expect(fullRow(stillOpen)).toContainText('2026-10-30');
  await openSection(page, '工作台');
  const due = page.getByRole('region', { name: '待办与逾期' });
  await due.getByLabel('类别').selectOption({ label: '依法执业自查' });
  const dueGrid = page.locator('[data-grid="dashboard-due"]');
  const dueRow = await findGridRow(page, dueGrid, stillOpen);
  await expect(dueRow).toContainText('全面自查');
  await expect(dueRow).toContainText('已逾期');
  await expect(page.getByRole('region', { name: '年度履职指标' })).toContainText('全面自查覆盖率');
  await keepScreenshot(page, testInfo, 'selfcheck-dashboard-overdue');

  // 4. A 督导 inspection of the self-inspection just imported finds it 不实: a ledger entry and a lower tier.
  await openSection(page, '依法执业自查');
  await page.getByRole('tab', { name: '督导检查' }).click();
  await page.getByRole('button', { name: '登记督导检查' }).click();
  const sup = page.getByRole('dialog', { name: '登记自查督导检查' });
  await sup.getByLabel('督导的自查').selectOption({ label: `${name(bad!)} · 全面自查 · 2026-11-18` });
  await sup.getByLabel('检查日期').fill('2026-11-21');
  const leadSelect = sup.getByLabel('组长');
  await leadSelect.selectOption({ index: 1 });
  await sup.getByLabel('组员').selectOption({ index: 1 });
  await sup.getByLabel('检查结果').selectOption({ label: '责令整改' });
  await sup.getByLabel('整改期限').fill('2026-12-21');
  await sup.getByLabel('检查发现').fill('病历书写问题报告已整改，现场抽查仍有 2 份病历不规范。');
  await sup.getByLabel('医疗文书报告已整改但未整改').fill('2');
  await sup.getByRole('button', { name: '保存' }).click();
  const verdict = page.getByRole('alert').filter({ hasText: '认定自查不实' });
  await expect(verdict).toBeVisible();
  await expect(verdict).toHaveText(/认定自查不实，记入信用台账第 \d+ 条；信用等级 (未评定|A) → [BC]/);
  const supRow = page
    .getByRole('table', { name: '督导检查' })
    .getByRole('row')
    .filter({ hasText: name(bad!) });
  await expect(supRow).toContainText('自查不实（医疗文书：报告已整改但未整改 2 个）');
  await keepScreenshot(page, testInfo, 'selfcheck-supervision-untrue');

  await openSection(page, '信用台账');
  await page.getByLabel('搜索信用主体').fill(name(bad!));
  const subject = page
    .locator('[data-grid="credit-subjects"]')
    .getByRole('row')
    .filter({ hasText: name(bad!) });
  await subject.getByRole('gridcell').first().dblclick();
  await expect(page.getByRole('heading', { name: name(bad!) })).toBeVisible();
  await expect(page.getByTestId('tier-text')).not.toHaveText(/^A/);
  await expect(page.getByTestId('tier-summary')).toContainText('依法执业自查结果“自查不实”');
  await keepScreenshot(page, testInfo, 'selfcheck-credit-profile');

  // 5. A warning talk with the institution's principal: recorded, printed, as Word.
  await openSection(page, '依法执业自查');
  await page.getByRole('tab', { name: '告诫谈话' }).click();
  await page.getByRole('button', { name: '登记告诫谈话' }).click();
  const talk = page.getByRole('dialog', { name: '登记执业告诫谈话' });
  // A practitioner is found on the server as one types (the register is never loaded whole): a certificate
  // number leaves exactly that person. Then back to the institution's principal.
  await talk.getByLabel(/^谈话对象类别\*?$/).selectOption({ label: '医务人员' });
  const someone = talk.getByLabel(/^谈话对象\*?$/).locator('option').nth(1);
  await expect(someone).toBeAttached();
  const certificate = /（([^，]+)，/.exec((await someone.textContent())!)![1]!;
  await talk.getByLabel('查找医务人员').fill(certificate);
  await expect(talk.getByLabel(/^谈话对象\*?$/).locator('option')).toHaveCount(2);
  await expect(talk.getByLabel(/^谈话对象\*?$/).locator('option').nth(1)).toContainText(certificate);
  await talk.getByLabel(/^谈话对象类别\*?$/).selectOption({ label: '医疗机构（主要负责人）' });
  await talk.getByLabel(/^谈话对象\*?$/).selectOption({ label: name(bad!) });
  await talk.getByLabel('谈话日期').fill('2026-11-22');
  await talk.getByLabel('谈话事由').selectOption({ label: '自查督导（不实）' });
  // The reason names the record behind it: the 督导 just recorded (the subject's only 不实 one).
  const reasonRecord = talk.getByLabel('所依据的督导记录');
  await expect(reasonRecord.locator('option')).toHaveCount(2); // 不关联记录 and the 督导
  await reasonRecord.selectOption({ index: 1 });
  await expect(reasonRecord.locator('option:checked')).toContainText('全面自查督导（2026-11-21，检查记录第');
  await talk.getByLabel('事由说明').fill('2026 年全面自查经督导认定不实');
  await talk.getByLabel('谈话地点').fill('区卫生健康局 302 会议室');
  await talk.getByLabel('谈话人').fill('李明、张强');
  await talk.getByLabel('参加人员').fill(`${name(bad!)}主要负责人`);
  await talk.getByLabel('谈话内容').fill('指出自查报告与实际不符，要求如实自查、立即整改。');
  await talk.getByLabel('整改承诺').fill('十五日内完成整改并重新自查。');
  await talk.getByLabel('跟踪复查日期').fill('2026-12-07');
  await talk.getByRole('button', { name: '保存' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: /已登记告诫谈话第 \d+ 号，记入信用台账第 \d+ 条/ }),
  ).toBeVisible();
  const talkRow = page
    .getByRole('table', { name: '告诫谈话' })
    .getByRole('row')
    .filter({ hasText: name(bad!) });
  await expect(talkRow).toContainText('自查督导（不实）');
  const wordPromise = page.waitForEvent('download');
  await talkRow.getByRole('button', { name: 'Word' }).click();
  const word = await wordPromise;
  expect(word.suggestedFilename()).toMatch(/执业告诫谈话记录（2026-11-22，第\d+号）\.docx$/);
  const docx = testInfo.outputPath('talk.docx');
  await word.saveAs(docx);
  const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(docx)))['word/document.xml']!);
  expect(xml).toContain('被谈话人（签名）');
  await talkRow.getByRole('button', { name: '打印' }).click();
  await expect(page.getByText('执业告诫谈话记录').first()).toBeVisible();
  await expect(page.getByText('十五日内完成整改并重新自查。')).toBeVisible();
  await expect(page.getByText(/依据：自查督导（检查记录第 \d+ 号）/)).toBeVisible();
  await expect(page.getByText(/被谈话人（签名）/)).toBeVisible();
  await keepScreenshot(page, testInfo, 'selfcheck-talk-print');
  await page.goBack();

  // 6. The quarterly summary carries the section; its data (the package's data.json) has the indicators.
  await openSection(page, '报告上报');
  await page.getByRole('button', { name: '新建报告' }).click();
  const create = page.getByRole('dialog', { name: '新建报告' });
  await create.getByLabel('报告类型').selectOption('quarterly');
  await create.getByLabel('季度').selectOption('4');
  await create.getByRole('button', { name: '新建草稿' }).click();
  const figures = page.getByRole('list', { name: '主要指标' });
  await expect(figures.getByRole('listitem').filter({ hasText: '全面自查覆盖率' })).toBeVisible();
  await expect(figures.getByRole('listitem').filter({ hasText: '第三季度日常自查按时率' })).toBeVisible();
  await expect(figures.getByRole('listitem').filter({ hasText: '承诺书递交率' })).toBeVisible();
  const jsonPromise = page.waitForEvent('download');
  // The data file for other systems is technical: under 技术信息.
  await page.getByText('技术信息').last().click();
  await page.getByRole('button', { name: '数据 JSON' }).click();
  const json = await jsonPromise;
  const jsonPath = testInfo.outputPath('data.json');
  await json.saveAs(jsonPath);
  const data = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
    indicators: { key: string; value: number | null; periodRollup?: unknown }[];
  };
  const keys = data.indicators.map((i) => i.key);
  expect(keys).toEqual(
    expect.arrayContaining([
      'selfcheck.fullCoverage',
      'selfcheck.routineQ1.rate',
      'selfcheck.routineQ3.rate',
      'selfcheck.fixRate',
      'selfcheck.pledgeRate',
      'selfcheck.untrue',
      'selfcheck.warningTalks',
    ]),
  );
  expect(data.indicators.find((i) => i.key === 'selfcheck.untrue')!.value).toBe(2);
  await keepScreenshot(page, testInfo, 'selfcheck-quarterly-figures');
});
