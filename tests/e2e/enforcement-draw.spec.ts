// The witnessed 双随机 draw as a 科员 runs it: directories for one 街道 brought in from Excel (the test makes what
// it needs, in a street the demo district does not use, so it holds whatever the demo carries), a joint plan with a
// batch sealed before the lottery (the 封存记录 printed for the witnesses and read back from the PDF), then, with the
// app restarted two days later, the draw with that lottery's numbers and two witnesses, the result with its SHA-256
// and the seal's, the record exported as JSON (its bytes hash to the SHA-256 shown, it carries the seal), and the
// 抽取记录 print preview read back from the PDF.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { usccCheckChar } from '../../shared/domain/uscc';
import type { Locator } from '@playwright/test';
import { test, expect, keepScreenshot, login, openSection, startHost } from './fixtures';

const STREET = '袍江街道';
const code = (first17: string) => first17 + usccCheckChar(first17)!;
const INSTITUTIONS = Array.from({ length: 15 }, (_, i) => ({
  name: `袍江${['康宁', '仁和', '益民', '安康', '惠民'][i % 5]}${['诊所', '门诊部', '口腔诊所'][i % 3]}${i + 1}号`,
  uscc: code(`92330602MA2PJ00${String(i + 10)}`),
  category: ['诊所', '门诊部', '口腔'][i % 3]!,
}));
const INSPECTORS: [string, string, string, string][] = [
  ['袍江甲', '区卫生健康局', 'PJ-WJ-001', ''],
  ['袍江乙', '区卫生健康局', 'PJ-WJ-002', `${INSTITUTIONS[0]!.name}：配偶在该机构任职`],
  ['袍江丙', '区卫生健康局', 'PJ-WJ-003', ''],
  ['袍江丁', '区市场监管局', 'PJ-SJ-001', ''],
  ['袍江戊', '区市场监管局', 'PJ-SJ-002', ''],
  ['袍江己', '区市场监管局', 'PJ-SJ-003', ''],
];

async function workbook(path: string, sheet: string, rows: string[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(path);
}

test('抽查计划 and a witnessed 双随机 draw, its record printed and exported', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '联合执法');

  // The directories of 袍江街道, from Excel.
  const institutions = testInfo.outputPath('袍江监管对象.xlsx');
  await workbook(institutions, '监管对象', [
    ['机构名称', '统一社会信用代码', '机构类别', '所有制', '等级', '街道/镇', '网格', '地址'],
    ...INSTITUTIONS.map((i, n) => [
      i.name,
      i.uscc,
      i.category,
      '社会办',
      '未定级',
      STREET,
      '袍江第1网格',
      `袍江路 ${n + 1} 号`,
    ]),
  ]);
  await page.getByRole('button', { name: '从 Excel 导入' }).click();
  const importInstitutions = page.getByRole('dialog', { name: '从 Excel 导入监管对象' });
  await importInstitutions.getByLabel('选择 Excel 文件').setInputFiles(institutions);
  await expect(importInstitutions.getByText('检查通过：将新增 15 个')).toBeVisible();
  await importInstitutions.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('导入完成：新增 15 个')).toBeVisible();

  await page.getByRole('tab', { name: '执法人员' }).click();
  const inspectors = testInfo.outputPath('袍江执法人员.xlsx');
  await workbook(inspectors, '执法人员', [
    ['姓名', '所属单位', '执法证号', '状态', '回避对象'],
    ...INSPECTORS.map(([n, d, b, c]) => [n, d, b, '启用', c]),
  ]);
  await page.getByRole('button', { name: '从 Excel 导入' }).click();
  const importInspectors = page.getByRole('dialog', { name: '从 Excel 导入执法检查人员' });
  await importInspectors.getByLabel('选择 Excel 文件').setInputFiles(inspectors);
  await expect(importInspectors.getByText('检查通过：将新增 6 人')).toBeVisible();
  await importInspectors.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('导入完成：新增 6 人')).toBeVisible();

  // A joint plan for the street, with one batch.
  await page.getByRole('tab', { name: '抽查计划' }).click();
  await expect(page).toHaveURL(/#\/enforcement\/plans$/);
  await page.getByRole('button', { name: '新建抽查计划' }).click();
  const planDialog = page.getByRole('dialog', { name: '新建抽查计划' });
  await planDialog.getByLabel('计划名称').fill('2026年度袍江片区医疗机构双随机抽查');
  await planDialog.getByRole('group', { name: '街道/镇' }).getByLabel(STREET).check();
  await planDialog.getByRole('button', { name: '保存' }).click();
  await expect(planDialog.getByText('请至少从随机抽查事项清单中选择一项抽查事项')).toBeVisible();
  await expect(planDialog.getByText('请至少选择一个参与单位')).toBeVisible();
  const pickItems = planDialog.getByRole('group', { name: '抽查事项' });
  await pickItems.getByLabel('医疗机构执业资质').check();
  await pickItems.getByLabel('医疗废物处置').check();
  const departments = planDialog.getByRole('group', { name: '参与单位' });
  await departments.getByLabel('区卫生健康局').check();
  await departments.getByLabel('区市场监管局').check();
  await planDialog.getByLabel('第1批名称').fill('第四季度');
  await planDialog.getByLabel('第1批开始日期').fill('2026-11-23');
  await planDialog.getByLabel('第1批结束日期').fill('2026-12-18');
  await planDialog.getByRole('button', { name: '保存' }).click();
  await expect(planDialog).toHaveCount(0);
  await expect(page.getByText('已保存“2026年度袍江片区医疗机构双随机抽查”')).toBeVisible();
  const detail = page.getByRole('region', { name: '计划详情' });
  await expect(detail).toContainText(`全部类别；${STREET}（在业）`);
  await expect(detail).toContainText('区卫生健康局、区市场监管局（联合抽查）；每组 2 人');

  // The seal: the preview first, then the 封存 step, before any lottery number can be typed.
  const batches = detail.getByRole('table', { name: '批次与抽取' });
  await expect(batches.getByRole('row', { name: /第1批/ })).toContainText('未封存');
  await batches.getByRole('row', { name: /第1批/ }).getByRole('button', { name: '封存与抽取…' }).click();
  let draw = page.getByRole('dialog', { name: /^双随机抽取：2026年度袍江片区医疗机构双随机抽查 第1批/ });
  await expect(draw.getByText('计划范围内在业监管对象 15 家，本批次应抽 3 家')).toBeVisible();
  await expect(
    draw.getByRole('table', { name: '各等级应抽数' }).getByRole('row', { name: /未评级/ }),
  ).toHaveText(/未评级\s*15\s*20%\s*3/);
  await expect(draw.getByLabel('号码（数字）')).toBeDisabled();
  await expect(draw.getByRole('button', { name: '抽取', exact: true })).toHaveCount(0);
  await draw.getByRole('button', { name: '封存', exact: true }).click();
  await expect(
    draw.getByText('封存后本批次的名录快照和计划参数不能再改变，封存记录永久保存。'),
  ).toBeVisible();
  await draw.getByRole('button', { name: '确认封存' }).click();
  const sealStep = draw.getByRole('region', { name: '封存' });
  // (The host's clock started at 09:00 and runs on.)
  await expect(sealStep.getByText(/^已于 2026-11-22 09:\d\d 封存$/)).toBeVisible();
  await expect(sealStep).toContainText(
    '抽取须使用开奖日期晚于 2026-11-22（北京时间）的公开随机数，即 2026-11-23',
  );
  // The hash is technical: it is under 技术信息, opened on demand.
  await expect(sealStep.locator('.draw-hash')).toBeHidden();
  await sealStep.getByText('技术信息').click();
  const sealSha = (await sealStep.locator('.draw-hash').innerText()).replace(/\s+/g, '');
  expect(sealSha).toMatch(/^[0-9a-f]{64}$/);
  await expect(draw.getByText('封存的名录中在业监管对象 15 家，本批次应抽 3 家')).toBeVisible();
  await keepScreenshot(page, testInfo, 'enforcement-draw-seal');

  // The 封存记录 for the witnesses, read back from the PDF.
  await draw.getByRole('button', { name: '打印封存记录' }).click();
  await expect(page).toHaveURL(/#\/print\/draw-seal\?id=\d+$/);
  await expect(page.locator('[data-print-ready] .gb-doc')).toBeVisible();
  const sealPdf = testInfo.outputPath('draw-seal.pdf');
  await page.pdf({ path: sealPdf, preferCSSPageSize: true, printBackground: true });
  const sealText = execFileSync('pdftotext', ['-raw', sealPdf, '-'], { encoding: 'utf8' }).replace(
    /\s+/g,
    '',
  );
  for (const t of [
    '双随机抽查封存记录',
    '2026年度袍江片区医疗机构双随机抽查',
    '第1批（第四季度）',
    '封存时间：2026年11月22日09:',
    '开奖日期晚于2026年11月22日（北京时间）',
    sealSha,
    '见证签字',
    '附：封存的名录快照',
    ...INSTITUTIONS.map((i) => i.name),
    ...INSPECTORS.map(([n]) => n),
  ])
    expect(sealText, t).toContain(t.replace(/\s+/g, ''));
  await keepScreenshot(page, testInfo, 'enforcement-draw-seal-record');

  // Two days later (the lottery of 11-23 has been drawn): the app restarted on that day, the draw.
  const LATER = '2026-11-24T09:30:00+08:00';
  const later = await startHost(seeded.dataDir, LATER);
  try {
    await page.clock.setFixedTime(new Date(LATER));
    await page.goto(later.host.url);
    await login(page, 'keyuan');
    await openSection(page, '联合执法');
    await page.getByRole('tab', { name: '抽查计划' }).click();
    await page
      .getByRole('table', { name: '抽查计划' })
      .getByRole('button', { name: '2026年度袍江片区医疗机构双随机抽查' })
      .click();
    const sealedRow = page.getByRole('table', { name: '批次与抽取' }).getByRole('row', { name: /第1批/ });
    await expect(sealedRow).toContainText('已封存，待开奖后抽取');
    await expect(sealedRow).toContainText(`封存 SHA-256 ${sealSha.slice(0, 16)}…`);
    await sealedRow.getByRole('button', { name: '抽取…' }).click();
    draw = page.getByRole('dialog', { name: /^双随机抽取：2026年度袍江片区医疗机构双随机抽查 第1批/ });
    await expect(
      draw.getByRole('region', { name: '封存' }).getByText(/^已于 2026-11-22 09:\d\d 封存$/),
    ).toBeVisible();
    await drawBatch(draw, sealSha);
  } finally {
    later.child.kill('SIGTERM');
  }
});

async function drawBatch(draw: Locator, sealSha: string): Promise<void> {
  const page = draw.page();
  const testInfo = test.info();
  await draw.getByLabel('来源').fill('中国福利彩票双色球第2026136期开奖号码');
  await expect(draw.getByLabel('开奖日期')).toHaveValue('2026-11-24');
  await draw.getByLabel('开奖日期').fill('2026-11-23');
  await draw.getByLabel('号码（数字）').fill('03 12 17 26 29 33 13');
  await draw.getByLabel('见证人1').fill('王见证');
  await draw.getByLabel('见证人2').fill('李监督');
  await draw.getByRole('button', { name: '抽取', exact: true }).click();
  await expect(draw.getByText('抽取结果一经生成即永久保存，本批次不能再次抽取。')).toBeVisible();
  await draw.getByRole('button', { name: '确认抽取' }).click();

  await expect(draw.getByText('抽取完成：抽中 3 个监管对象')).toBeVisible();
  const result = draw.getByRole('table', { name: '抽取结果' });
  await expect(result.getByRole('row')).toHaveCount(4); // header + 3 targets
  const names = (await result.locator('tbody tr td:nth-child(2)').allInnerTexts()).map((s) => s.trim());
  expect(names).toHaveLength(3);
  for (const n of names) expect(INSTITUTIONS.map((i) => i.name)).toContain(n);
  for (const team of await result.locator('tbody tr td:nth-child(5)').allInnerTexts()) {
    // Each member with the unit after the name, set apart: 张三（区卫生健康局，组长）、李四（区市场监管局）.
    expect(team).toMatch(/^[^（、]+（(区卫生健康局|区市场监管局)，组长）、/);
    for (const m of team.split('、')) expect(m).toMatch(/^[^（]+（(区卫生健康局|区市场监管局)(，组长)?）$/);
    expect(team).toMatch(/区卫生健康局/);
    expect(team).toMatch(/区市场监管局/);
  }
  await draw.locator('.draw-result').getByText('技术信息').first().click();
  const sha = (await draw.locator('.draw-hash').first().innerText()).replace(/\s+/g, '');
  expect(sha).toMatch(/^[0-9a-f]{64}$/);
  await expect(draw.getByText('王见证、李监督')).toBeVisible();
  await expect(page.locator('.toast')).toHaveCount(0); // the import and save messages have gone
  await keepScreenshot(page, testInfo, 'enforcement-draw');

  // The record as JSON: its bytes are what the SHA-256 shown is of.
  const download = page.waitForEvent('download');
  await draw.getByRole('button', { name: '导出记录文件' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('2026年2026年度袍江片区医疗机构双随机抽查第1批抽取记录.json');
  const saved = testInfo.outputPath('record.json');
  await file.saveAs(saved);
  const bytes = readFileSync(saved);
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
  const record = JSON.parse(bytes.toString('utf8')) as {
    algorithm: string;
    seal: { sha256: string };
    result: { targets: { name: string }[] };
  };
  expect(record.result.targets.map((t) => t.name)).toEqual(names);
  expect(record.algorithm).toBe('zongjian-draw-v3');
  expect(record.seal.sha256).toBe(sealSha);

  // The 抽取记录 in the print preview, read back from the PDF (in drawing order, so that a name wrapped inside its
  // table cell reads as one).
  await draw.getByRole('button', { name: '打印抽取记录' }).click();
  await expect(page).toHaveURL(/#\/print\/draw-record\?id=\d+$/);
  await expect(page.locator('[data-print-ready] .gb-doc')).toBeVisible();
  const pdf = testInfo.outputPath('draw-record.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const flat = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const t of [
    '双随机抽查抽取记录',
    '2026年度袍江片区医疗机构双随机抽查',
    '第1批（第四季度）',
    '中国福利彩票双色球第2026136期开奖号码',
    '03121726293313',
    sealSha,
    '见证人王见证',
    '见证人李监督',
    sha,
    '抽取结果',
    ...names,
  ])
    expect(flat, t).toContain(t.replace(/\s+/g, ''));
  await keepScreenshot(page, testInfo, 'enforcement-draw-record');

  // Back on the plan, the batch shows its draw.
  await page.getByRole('button', { name: '返回' }).click();
  // (The demo district has a plan of its own: pick this one.)
  await page
    .getByRole('table', { name: '抽查计划' })
    .getByRole('button', { name: '2026年度袍江片区医疗机构双随机抽查' })
    .click();
  await expect(page.getByRole('table', { name: '批次与抽取' })).toContainText('已抽取 3 个对象');
  await expect(page.getByRole('table', { name: '批次与抽取' })).toContainText(`SHA-256 ${sha.slice(0, 16)}…`);
}
