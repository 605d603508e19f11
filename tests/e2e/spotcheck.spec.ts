// 双随机一公开 on the national model (一单两库一细则), as the office runs it on the demo district ("today" is
// 2026-11-22): the 随机抽查事项清单 imported from Excel (one bad row named, nothing written, then the corrected file),
// inspectors with a qualification and an expert, a plan for a street of dental clinics picking items from the list
// (one requires the qualification), its 抽查计划公示 printed (read back from the PDF), the batch sealed and drawn with
// a qualified inspector and an expert on each team (the record verifies with `verify-draw`; a record made with the
// previous version still verifies), a result recorded item by item, returned once by the 领导 and passed after
// the correction, the batch published, and the counts by department and item on the dashboard and in a signed
// 联合执法情况统计 package. Bad input on the way — a plan item off the list, a batch no team can staff with the
// qualification, the author reviewing their own result — is refused in Chinese and writes nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { usccCheckChar } from '../../shared/domain/uscc';
import type { ReportData } from '../../shared/domain/report-package';
import { buildDrawRecord, buildSeal, canonicalJson } from '../../db/enforcement/draw-algorithm';
import type { InspectionPlan } from '../../shared/contract/draws';
import { test, expect, invokeInPage, keepScreenshot, login, openSection, runCli, TEST_NOW } from './fixtures';

// This spec makes the office's signing key and its reports itself: the demo without its own.
test.use({ demoReports: false });

const STREET = '富盛镇';
const PLAN = '2026年度富盛镇口腔诊所双随机抽查';
const ITEM = '口腔诊疗器械消毒';
const QUALIFICATION = '口腔感染控制';
const code = (first17: string) => first17 + usccCheckChar(first17)!;
const CLINICS = Array.from({ length: 5 }, (_, i) => ({
  name: `富盛${['康宁', '仁和', '益民', '安康', '惠民'][i]}口腔诊所`,
  uscc: code(`92330602MA2FY00${String(i + 10)}`),
}));
const INSPECTORS: [string, string, string, string][] = [
  ['富盛甲', '区卫生健康局', 'FS-WJ-001', QUALIFICATION],
  ['富盛乙', '区卫生健康局', 'FS-WJ-002', ''],
  ['富盛丙', '区市场监管局', 'FS-SJ-001', ''],
  ['富盛丁', '区市场监管局', 'FS-SJ-002', ''],
];

async function workbook(path: string, sheet: string, rows: string[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(path);
}

test('一单两库一细则: the item list, qualified teams with an expert, item-by-item results reviewed before 公开, the counts', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(240_000);
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '联合执法');

  // 1. The item list from Excel: row 3 has no legal basis — named, and nothing is written.
  await page.getByRole('tab', { name: '抽查事项清单' }).click();
  await expect(page.getByText(/共 12 项，启用 12 项/)).toBeVisible(); // the starter list for 医疗卫生
  const header = ['事项名称', '子项', '抽查依据', '抽查对象', '抽查内容', '抽查方式', '检查人员要求'];
  const good1 = [
    ITEM,
    '',
    '《医疗机构管理条例》《消毒管理办法》',
    '口腔',
    '口腔器械清洗消毒灭菌',
    '实地检查',
    QUALIFICATION,
  ];
  const bad = ['病历书写', '', '', '全部', '门诊病历书写规范', '书面检查', ''];
  const good2 = [
    '诊所基本标准',
    '',
    '《医疗机构管理条例》',
    '诊所、口腔',
    '人员、房屋与设备',
    '书面检查',
    '',
  ];
  const badFile = testInfo.outputPath('事项清单-有误.xlsx');
  await workbook(badFile, '随机抽查事项清单', [header, good1, bad, good2]);
  await page.getByRole('button', { name: '从 Excel 导入' }).click();
  let importDialog = page.getByRole('dialog', { name: '从 Excel 导入随机抽查事项清单' });
  await importDialog.getByLabel('选择 Excel 文件').setInputFiles(badFile);
  await expect(importDialog.getByText('有 1 行存在问题')).toBeVisible();
  const badRow = importDialog.getByRole('table', { name: '导入预览' }).getByRole('row', { name: /第 3 行/ });
  await expect(badRow).toContainText('请填写抽查依据');
  await expect(importDialog.getByRole('button', { name: '确认导入' })).toBeDisabled();
  await keepScreenshot(page, testInfo, 'spotcheck-import-error');
  await importDialog
    .getByRole('button', { name: /取消|关闭/ })
    .first()
    .click();
  await expect(page.getByText(/共 12 项，启用 12 项/)).toBeVisible();

  const goodFile = testInfo.outputPath('事项清单.xlsx');
  await workbook(goodFile, '随机抽查事项清单', [header, good1, good2]);
  await page.getByRole('button', { name: '从 Excel 导入' }).click();
  importDialog = page.getByRole('dialog', { name: '从 Excel 导入随机抽查事项清单' });
  await importDialog.getByLabel('选择 Excel 文件').setInputFiles(goodFile);
  await expect(importDialog.getByText('检查通过：将新增 2 项')).toBeVisible();
  await importDialog.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('导入完成：新增 2 项')).toBeVisible();
  await expect(page.getByText(/共 14 项，启用 14 项/)).toBeVisible();
  await keepScreenshot(page, testInfo, 'spotcheck-items');

  // 2. The clinics, the inspectors (one qualified) and an expert.
  await page.getByRole('tab', { name: '监管对象' }).click();
  const clinics = testInfo.outputPath('富盛监管对象.xlsx');
  await workbook(clinics, '监管对象', [
    ['机构名称', '统一社会信用代码', '机构类别', '所有制', '等级', '街道/镇', '网格', '地址'],
    ...CLINICS.map((c, n) => [
      c.name,
      c.uscc,
      '口腔',
      '社会办',
      '未定级',
      STREET,
      '富盛第1网格',
      `富盛路 ${n + 1} 号`,
    ]),
  ]);
  await page.getByRole('button', { name: '从 Excel 导入' }).click();
  importDialog = page.getByRole('dialog', { name: '从 Excel 导入监管对象' });
  await importDialog.getByLabel('选择 Excel 文件').setInputFiles(clinics);
  await importDialog.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('导入完成：新增 5 个')).toBeVisible();

  await page.getByRole('tab', { name: '执法人员' }).click();
  const people = testInfo.outputPath('富盛执法人员.xlsx');
  await workbook(people, '执法人员', [
    ['姓名', '所属单位', '执法证号', '状态', '资质'],
    ...INSPECTORS.map(([n, d, b, q]) => [n, d, b, '启用', q]),
  ]);
  await page.getByRole('button', { name: '从 Excel 导入' }).click();
  importDialog = page.getByRole('dialog', { name: '从 Excel 导入执法检查人员' });
  await importDialog.getByLabel('选择 Excel 文件').setInputFiles(people);
  await importDialog.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('导入完成：新增 4 人')).toBeVisible();

  await page.getByRole('tab', { name: '专家库' }).click();
  await page.getByRole('button', { name: '新增专家' }).click();
  const expertDialog = page.getByRole('dialog', { name: '新增专家' });
  await expertDialog.getByLabel('姓名').fill('富盛专家');
  await expertDialog.getByLabel('工作单位').fill('绍兴市口腔医院');
  await expertDialog.getByLabel('专业领域').fill('口腔感染控制');
  await expertDialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已保存“富盛专家”')).toBeVisible();

  // 3. The plan: items from the list, an expert per team.
  await page.getByRole('tab', { name: '抽查计划' }).click();
  await page.getByRole('button', { name: '新建抽查计划' }).click();
  const planDialog = page.getByRole('dialog', { name: '新建抽查计划' });
  await planDialog.getByLabel('计划名称').fill(PLAN);
  await planDialog.getByRole('group', { name: '街道/镇' }).getByLabel(STREET).check();
  await planDialog.getByRole('group', { name: '机构类别' }).getByLabel('口腔').check();
  const items = planDialog.getByRole('group', { name: '抽查事项' });
  // Only the list's items are offered: the 14 enabled ones, nothing typed in.
  await expect(items.getByRole('checkbox')).toHaveCount(14);
  await expect(items.getByRole('textbox')).toHaveCount(0);
  await items.getByLabel(ITEM).check();
  await items.getByLabel('诊所基本标准').check();
  const departments = planDialog.getByRole('group', { name: '参与单位' });
  await departments.getByLabel('区卫生健康局').check();
  await departments.getByLabel('区市场监管局').check();
  await planDialog.getByLabel('未评级（%）').fill('40');
  await planDialog.getByLabel(/每组从专家库随机抽取 1 名专家/).check();
  await planDialog.getByLabel('第1批名称').fill('十一月');
  await planDialog.getByLabel('第1批开始日期').fill('2026-11-02');
  await planDialog.getByLabel('第1批结束日期').fill('2026-11-30');
  await planDialog.getByRole('button', { name: '保存' }).click();
  await expect(planDialog).toHaveCount(0);
  const detail = page.getByRole('region', { name: '计划详情' });
  const rules = detail.getByRole('table', { name: '抽查工作细则' });
  await expect(rules.getByRole('row', { name: new RegExp(ITEM) })).toContainText(
    '《医疗机构管理条例》《消毒管理办法》',
  );
  await expect(rules.getByRole('row', { name: new RegExp(ITEM) })).toContainText(QUALIFICATION);
  await expect(detail).toContainText('另从专家库随机抽取 1 名专家');
  await keepScreenshot(page, testInfo, 'spotcheck-plan');

  // Bad input is refused in Chinese and writes nothing. (a) A plan naming an item off the list — the dialog cannot
  // offer one, so it is sent as a hand-made request would be.
  const plansNow = async () =>
    (await invokeInPage<InspectionPlan[]>(page, 'inspectionPlans.list', {})).value!;
  const made = (await plansNow()).find((x) => x.name === PLAN)!;
  const planCount = (await plansNow()).length;
  const planInput = {
    year: made.year,
    name: '2026年度富盛镇口腔诊所专项抽查',
    categories: made.categories,
    streets: made.streets,
    items: ['自拟事项'],
    expertPerTeam: false,
    departmentIds: made.departments.map((d) => d.id),
    ratios: made.ratios,
    teamSize: made.teamSize,
    batches: [{ number: 1, name: '十二月', startDate: '2026-12-01', endDate: '2026-12-31' }],
  };
  const offList = await invokeInPage(page, 'inspectionPlans.create', planInput);
  expect(offList.ok).toBe(false);
  expect(offList.error!.message).toBe(
    '抽查事项“自拟事项”不在随机抽查事项清单中，请先在“抽查事项清单”中登记，再从清单中选择',
  );
  expect((await plansNow()).length).toBe(planCount);
  // (b) A plan whose only department has nobody with the qualification its item requires: the draw dialog names
  // every object it cannot staff and offers no 封存; the server refuses the seal itself and writes no seal.
  const market = made.departments.find(
    (d) => d.shortName === '区市场监管局' || d.fullName === '区市场监管局',
  )!;
  const unstaffed = await invokeInPage<InspectionPlan>(page, 'inspectionPlans.create', {
    ...planInput,
    items: [ITEM],
    departmentIds: [market.id],
  });
  expect(unstaffed.ok).toBe(true);
  await page.reload();
  await page.getByRole('tab', { name: '抽查计划' }).click();
  await page
    .getByRole('table', { name: '抽查计划' })
    .getByRole('button', { name: '2026年度富盛镇口腔诊所专项抽查' })
    .click();
  await detail
    .getByRole('table', { name: '批次与抽取' })
    .getByRole('row', { name: /第1批/ })
    .getByRole('button', { name: '封存与抽取…' })
    .click();
  const noTeam = page.getByRole('dialog', { name: /^双随机抽取：2026年度富盛镇口腔诊所专项抽查/ });
  await expect(noTeam.getByText(/^无法抽取：\d+ 处问题$/)).toBeVisible();
  await expect(noTeam).toContainText(
    `抽查事项“${ITEM}”要求检查组包含具备“${QUALIFICATION}”资质的执法人员，参与单位没有这样的人员`,
  );
  await expect(noTeam.getByRole('button', { name: '封存' })).toBeDisabled();
  await keepScreenshot(page, testInfo, 'spotcheck-refused-qualification');
  const seals = async () =>
    (await invokeInPage<unknown[]>(page, 'draws.seals', { planId: unstaffed.value!.id })).value!.length;
  const refusedSeal = await invokeInPage(page, 'draws.seal', { planId: unstaffed.value!.id, batchNumber: 1 });
  expect(refusedSeal.ok).toBe(false);
  expect(refusedSeal.error!.message).toMatch(/^无法抽取：“[^”]+”（\w{18}）：抽查事项/);
  expect(refusedSeal.error!.message).toContain(`要求检查组包含具备“${QUALIFICATION}”资质的执法人员`);
  expect(await seals()).toBe(0);
  await noTeam.getByRole('button', { name: '取消' }).click();
  // (The unstaffed plan is removed again, so that the counts below are the first plan's alone.)
  expect((await invokeInPage(page, 'inspectionPlans.delete', { id: unstaffed.value!.id })).ok).toBe(true);
  await page.getByRole('table', { name: '抽查计划' }).getByRole('button', { name: PLAN }).click();

  // 4. The 抽查计划公示 of the batch, printed and read back.
  const batches = detail.getByRole('table', { name: '批次与抽取' });
  await batches.getByRole('row', { name: /第1批/ }).getByRole('button', { name: '第1批计划公示' }).click();
  await expect(page).toHaveURL(/#\/print\/plan-announcement\?planId=\d+&batch=1$/);
  await expect(page.locator('[data-print-ready] .gb-doc')).toBeVisible();
  const announcement = testInfo.outputPath('plan-announcement.pdf');
  await page.pdf({ path: announcement, preferCSSPageSize: true, printBackground: true });
  const announced = execFileSync('pdftotext', ['-raw', announcement, '-'], { encoding: 'utf8' }).replace(
    /\s+/g,
    '',
  );
  for (const t of [
    '双随机抽查计划公示',
    PLAN,
    '第1批（十一月）',
    '抽查工作细则',
    ITEM,
    '《消毒管理办法》',
    '实地检查',
    QUALIFICATION,
  ])
    expect(announced, t).toContain(t);
  await keepScreenshot(page, testInfo, 'spotcheck-plan-announcement');
  await page.getByRole('button', { name: '返回' }).click();

  // 5. Sealed on 10-30 (by the command line), drawn now with the lottery of 11-01.
  const planId = /^(\d+)\t.*富盛镇口腔/m.exec(runCli(seeded.dataDir, ['plans']))![1]!;
  runCli(
    seeded.dataDir,
    ['draw', '--plan', planId, '--batch', '1', '--seal', '--user', 'keyuan'],
    '2026-10-30T10:00:00+08:00',
  );
  await page.getByRole('table', { name: '抽查计划' }).getByRole('button', { name: PLAN }).click();
  await batches
    .getByRole('row', { name: /第1批/ })
    .getByRole('button', { name: /抽取…$/ })
    .click();
  const draw = page.getByRole('dialog', { name: /^双随机抽取：/ });
  await draw.getByLabel('来源').fill('中国福利彩票双色球第2026126期开奖号码');
  await draw.getByLabel('开奖日期').fill('2026-11-01');
  await draw.getByLabel('号码（数字）').fill('05 09 14 21 27 30 08');
  await draw.getByLabel('见证人1').fill('赵见证');
  await draw.getByLabel('见证人2').fill('钱监督');
  await draw.getByRole('button', { name: '抽取', exact: true }).click();
  await draw.getByRole('button', { name: '确认抽取' }).click();
  await expect(draw.getByText(/^抽取完成：抽中 \d+ 个监管对象$/)).toBeVisible();
  const drawn = draw.getByRole('table', { name: '抽取结果' });
  for (const team of await drawn.locator('tbody tr td:nth-child(5)').allInnerTexts()) {
    expect(team).toContain('富盛甲'); // the only inspector with the qualification the item requires
    expect(team).toMatch(/专家：\S+（/); // one expert by lot, apart from the officers
  }
  await keepScreenshot(page, testInfo, 'spotcheck-draw');
  const download = page.waitForEvent('download');
  await draw.getByRole('button', { name: '导出记录文件' }).click();
  const recordFile = testInfo.outputPath('record.json');
  await (await download).saveAs(recordFile);
  const record = JSON.parse(readFileSync(recordFile, 'utf8')) as { algorithm: string };
  expect(record.algorithm).toBe('zongjian-draw-v3');
  expect(runCli(seeded.dataDir, ['verify-draw', recordFile])).toContain('MATCH');
  // A record made with the previous version (v2, sealed) still verifies under its own version.
  const v2Seal = buildSeal({
    office: '越城区卫生健康局',
    plan: {
      id: 1,
      year: 2026,
      name: 'v2 计划',
      categories: [],
      streets: [],
      items: ['资质'],
      departments: [
        { id: 1, name: '甲' },
        { id: 2, name: '乙' },
      ],
      ratios: { A: 100, B: 100, C: 100, D: 100, none: 100 },
      teamSize: 2,
    },
    batch: { number: 1, name: '第一批', startDate: '2026-03-01', endDate: '2026-06-30' },
    snapshot: {
      institutions: [
        {
          id: 1,
          uscc: CLINICS[0]!.uscc,
          name: '甲诊所',
          category: 'clinic',
          street: '府山街道',
          tier: null,
          previousLead: null,
        },
      ],
      inspectors: [1, 2, 3].map((id) => ({
        id,
        badgeNo: `B${id}`,
        name: `人员${id}`,
        departmentId: id === 1 ? 1 : 2,
        department: id === 1 ? '甲' : '乙',
        conflicts: [],
      })),
    },
    sealedAt: '2026-03-01T02:00:00.000Z',
    sealedBy: '科员',
    algorithm: 'zongjian-draw-v2',
  });
  const v2 = buildDrawRecord(v2Seal, {
    entropy: { source: '开奖号码', date: '2026-03-02', digits: '03121726293313' },
    witnesses: ['王见证'],
    drawnAt: '2026-03-03T02:00:00.000Z',
    drawnBy: '科员',
  });
  const v2File = testInfo.outputPath('record-v2.json');
  writeFileSync(v2File, canonicalJson(v2));
  // (Checked on its own, against a data folder that holds no archive.)
  const empty = testInfo.outputPath('no-archive');
  mkdirSync(empty, { recursive: true });
  const v2Check = spawnSync(process.execPath, ['out/main/cli.js', 'verify-draw', v2File, '--data', empty], {
    encoding: 'utf8',
  });
  expect(v2Check.stdout).toContain('MATCH');
  expect(v2Check.status).toBe(0);
  await draw.getByRole('button', { name: '关闭' }).last().click();

  // 6. A result item by item, from the stored draw.
  await batches.getByRole('row', { name: /第1批/ }).getByRole('button', { name: '查看结果' }).click();
  const view = page.getByRole('dialog', { name: /^抽取记录：/ });
  const result = view.getByRole('table', { name: '抽取结果' });
  await expect(result.locator('tbody tr td:nth-child(2)').first()).not.toBeEmpty(); // the stored draw has loaded
  const drawnNames = (await result.locator('tbody tr td:nth-child(2)').allInnerTexts()).map((t) => t.trim());
  const target = drawnNames.find((n) => CLINICS.some((c) => c.name === n)) ?? drawnNames[0]!;
  await result
    .getByRole('row', { name: new RegExp(target) })
    .getByRole('button', { name: '录入检查结果' })
    .click();
  const dialog = page.getByRole('dialog', { name: `录入检查结果：${target}` });
  const itemTable = dialog.getByRole('table', { name: '逐项检查情况' });
  await expect(itemTable.locator('tbody tr')).toHaveCount(2);
  await expect(dialog.getByText(/^随机抽取的专家：/)).toBeVisible();
  await dialog.getByLabel('检查日期').fill('2026-11-05');
  await dialog.getByRole('combobox', { name: /^检查结果/ }).selectOption({ label: '发现问题已责令改正' });
  await dialog.getByLabel('后续处置措施').selectOption({ label: '责令改正并跟踪' });
  await dialog.getByLabel('整改期限').fill('2026-11-20');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText(`请选择“${ITEM}”的检查方式`)).toBeVisible();
  await dialog.getByLabel(`${ITEM}：检查方式`).selectOption({ label: '实地检查' });
  await dialog.getByLabel(`${ITEM}：发现的问题`).fill('高压灭菌器未做生物监测');
  await dialog.getByLabel(`${ITEM}：处置情况`).fill('现场责令改正');
  await dialog.getByLabel('诊所基本标准：检查方式').selectOption({ label: '书面检查' });
  await keepScreenshot(page, testInfo, 'spotcheck-item-results');
  await dialog.getByRole('button', { name: '保存' }).click();
  const savedTitle = dialog.getByText(/^检查记录第 \d+ 号已保存$/);
  await expect(savedTitle).toBeVisible();
  const recordId = Number(/第 (\d+) 号/.exec(await savedTitle.innerText())![1]);
  await expect(dialog.getByTestId('inspection-credit')).toHaveText(
    /^已记入信用台账 第\d+条（监督检查结果）$/,
  );
  await dialog.getByRole('button', { name: '关闭' }).last().click();
  await view.getByRole('button', { name: '关闭' }).last().click();

  // 7. 审核: the 领导 returns it once with the reason; the 科员 corrects it; the 领导 passes it.
  const switchUser = async (username: string) => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await login(page, username);
    // In the same tab (its session is in the address's fragment and sessionStorage): only the route changes.
    await page.evaluate((route) => (window.location.hash = route), `#/enforcement/inspections/${recordId}`);
  };
  const detailOf = page.getByRole('region', { name: '检查记录详情' });
  // (c) Its author as a designated reviewer (the admin names 张强 in the settings) opens it for 审核: refused, and
  // no review is written.
  await switchUser('admin');
  const users = (await invokeInPage<{ id: number; username: string }[]>(page, 'users.list', {})).value!;
  const keyuanId = users.find((u) => u.username === 'keyuan')!.id;
  expect((await invokeInPage(page, 'settings.update', { inspectionReviewerIds: [keyuanId] })).ok).toBe(true);
  await switchUser('keyuan');
  await expect(detailOf).toContainText('待审核');
  const reviews = async () =>
    (await invokeInPage<{ approvals: unknown[] }>(page, 'inspections.get', { id: recordId })).value!.approvals
      .length;
  const reviewsBefore = await reviews();
  await page.getByRole('button', { name: '审核', exact: true }).click();
  const ownReview = page.getByRole('dialog', { name: `审核检查结果：检查记录第 ${recordId} 号` });
  await ownReview.getByRole('radio', { name: '通过' }).check();
  await ownReview.getByRole('button', { name: '确定' }).click();
  await expect(
    ownReview.getByText(
      `检查记录第 ${recordId} 号由您本人录入或修改，不能审核自己的检查结果；请由局领导或其他指定审核人审核`,
    ),
  ).toBeVisible();
  await keepScreenshot(page, testInfo, 'spotcheck-refused-own-review');
  expect(await reviews()).toBe(reviewsBefore);
  await ownReview.getByRole('button', { name: '取消' }).click();
  await expect(detailOf).toContainText('待审核');
  await switchUser('lingdao');
  await expect(detailOf).toContainText(`检查记录第 ${recordId} 号：${target}`);
  await expect(detailOf).toContainText('待审核');
  // The expert drawn for the team is kept on the record, apart from the officers.
  await expect(detailOf.getByTestId('inspection-experts')).toHaveText(
    /^\S+（[^，]+，[^）]+）.*（不计入执法人员）$/,
  );
  await page.getByRole('button', { name: '审核', exact: true }).click();
  let approval = page.getByRole('dialog', { name: `审核检查结果：检查记录第 ${recordId} 号` });
  await approval.getByRole('radio', { name: '退回' }).check();
  await approval.getByRole('button', { name: '确定' }).click();
  await expect(approval.getByText('退回须写明原因')).toBeVisible();
  await approval.getByLabel('退回原因').fill('“诊所基本标准”应实地核对设备');
  await approval.getByRole('button', { name: '确定' }).click();
  await expect(approval).toHaveCount(0);
  await expect(detailOf.getByTestId('approval-history')).toContainText(
    '退回（“诊所基本标准”应实地核对设备）',
  );

  await switchUser('keyuan');
  await expect(detailOf).toContainText('已退回');
  await page.getByRole('button', { name: '编辑', exact: true }).click();
  const edit = page.getByRole('dialog', { name: new RegExp(`^编辑检查记录第 ${recordId} 号`) });
  await edit.getByLabel('诊所基本标准：检查方式').selectOption({ label: '实地检查' });
  await edit.getByRole('button', { name: '保存' }).click();
  await expect(edit.getByText(`检查记录第 ${recordId} 号已保存`)).toBeVisible();
  await edit.getByRole('button', { name: '关闭' }).last().click();

  await switchUser('lingdao');
  await expect(detailOf).toContainText('待审核');
  await page.getByRole('button', { name: '审核', exact: true }).click();
  approval = page.getByRole('dialog', { name: `审核检查结果：检查记录第 ${recordId} 号` });
  await approval.getByRole('radio', { name: '通过' }).check();
  await approval.getByRole('button', { name: '确定' }).click();
  await expect(approval).toHaveCount(0);
  const history = detailOf.getByTestId('approval-history');
  await expect(history).toContainText('李明（lingdao） 退回');
  await expect(history).toContainText('李明（lingdao） 通过');
  await expect(detailOf).toContainText('审核通过');
  await keepScreenshot(page, testInfo, 'spotcheck-reviewed');

  // 8. 公开: the reviewed result in the public columns.
  await switchUser('keyuan');
  await page.getByRole('tab', { name: '结果公开' }).click();
  const row = page.getByRole('table', { name: '抽查结果公开' }).getByRole('row').filter({ hasText: PLAN });
  await row.getByRole('button', { name: '预览公开表' }).click();
  const preview = page.getByRole('table', { name: '公开表' });
  await expect(preview.locator('tbody tr')).toHaveCount(1);
  await expect(preview).toContainText(target);
  await expect(preview).toContainText('发现问题已责令改正');
  await expect(preview).toContainText('区卫生健康局');
  await row.getByRole('button', { name: '登记公开' }).click();
  const mark = page.getByRole('dialog', { name: /^登记公开：/ });
  await mark.getByRole('button', { name: '登记' }).click();
  await expect(mark).toHaveCount(0);
  await expect(row).toContainText('已公开');

  // 9. The counts: on the dashboard, and in a signed 联合执法情况统计 package.
  await openSection(page, '工作台');
  const counts = page.getByRole('figure', { name: '双随机抽查工作量' });
  await expect(counts.getByRole('table', { name: '按部门' })).toContainText('区卫生健康局');
  const byItem = counts
    .getByRole('table', { name: '按抽查事项' })
    .getByRole('row', { name: new RegExp(ITEM) });
  await expect(byItem).toHaveText(new RegExp(`${ITEM}\\s*1\\s*100%`));
  // By category and by street (checked against the package below): 口腔 and 富盛镇 include the result just published.
  const cells = async (table: string, label: string) =>
    (
      await counts
        .getByRole('table', { name: table })
        .getByRole('row', { name: new RegExp(`^${label}`) })
        .locator('td')
        .allInnerTexts()
    ).map((t, i) => (i === 0 ? t.trim() : Number(t)));
  const dentalRow = await cells('按机构类别', '口腔');
  const streetRow = await cells('按街道/镇', STREET);
  expect(dentalRow[1]).toBeGreaterThanOrEqual(1);
  expect(streetRow[1]).toBeGreaterThanOrEqual(1);
  await counts.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'spotcheck-dashboard');

  const passFile = testInfo.outputPath('passphrase.txt');
  writeFileSync(passFile, '越城区联合执法统计签名口令\n');
  runCli(seeded.dataDir, ['keygen', '--passphrase-file', passFile]);
  const zip = testInfo.outputPath('联合执法情况统计.zip');
  runCli(seeded.dataDir, [
    'report',
    '--type',
    'enforcement',
    '--period',
    '2026',
    '--sign',
    '--passphrase-file',
    passFile,
    '--out',
    zip,
  ]);
  expect(
    spawnSync(process.execPath, ['out/main/cli.js', 'verify-package', zip], { encoding: 'utf8' }).status,
  ).toBe(0);
  const data = JSON.parse(new TextDecoder().decode(unzipSync(readFileSync(zip))['data.json'])) as ReportData;
  const table = (key: string) => data.tables.find((t) => t.key === key)!;
  expect(table('spotcheck_by_item').rows).toContainEqual([ITEM, 1, 1, 0, 100]);
  expect(data.indicators.find((i) => i.key === 'spotcheck.problems')!.value).toBeGreaterThan(0);
  expect(table('spotcheck_by_department').rows.map((r) => r[0])).toContain('区卫生健康局');
  expect(
    table('spotcheck_by_category')
      .rows.find((r) => r[0] === '口腔')!
      .slice(0, 4),
  ).toEqual(dentalRow);
  expect(
    table('spotcheck_by_street')
      .rows.find((r) => r[0] === STREET)!
      .slice(0, 4),
  ).toEqual(streetRow);
  expect(data.indicators.find((i) => i.key === 'spotcheck.inspected')!.value).toBeGreaterThan(0);
  expect(TEST_NOW).toBe('2026-11-22T09:00:00+08:00');
});
