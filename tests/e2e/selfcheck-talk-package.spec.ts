// 依法执业自查 and 告诫谈话, the two remaining steps of issue 17's "Done when" ("today" is 2026-11-22):
// 1. a points threshold warning on the credit side offers 安排告诫谈话 as its measure: the talk is recorded from it,
//    the warning reads as handled with the talk as the measure, and the talk is on the subject's ledger timeline;
// 2. the quarterly summary signed through the CLI: its package verifies with `verify-package`, its data.json
//    carries the 依法执业自查 indicators and its report (Word and PDF, read back with other readers) the section's
//    sentence, figures and quarterly table.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { usccCheckChar } from '../../shared/domain/uscc';
import type { ReportData } from '../../shared/domain/report-package';
import { test, expect, keepScreenshot, login, openSection, runCli } from './fixtures';

const CLINIC = {
  name: '越城告诫谈话测试诊所',
  uscc: '92330602MA2FX0031' + usccCheckChar('92330602MA2FX0031')!,
};

test('安排告诫谈话 from a points threshold warning: the talk is the measure and on the profile', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(seeded.url);
  await login(page, 'keyuan');

  await openSection(page, '联合执法');
  await page.getByRole('button', { name: '新增监管对象' }).click();
  const instDialog = page.getByRole('dialog', { name: '新增监管对象' });
  await instDialog.getByLabel('机构名称').fill(CLINIC.name);
  await instDialog.getByLabel('统一社会信用代码').fill(CLINIC.uscc);
  await instDialog.getByLabel('机构类别').selectOption({ label: '诊所' });
  await instDialog.getByLabel('所有制').selectOption({ label: '社会办' });
  await instDialog.getByRole('button', { name: '保存' }).click();
  await expect(instDialog).toHaveCount(0);

  // A 12-point 记分 (使用医托招揽患者): the 12-point warning is raised.
  await openSection(page, '信用台账');
  await page.getByLabel('搜索信用主体').fill(CLINIC.name);
  const row = page.locator('[data-grid="credit-subjects"]').getByRole('row').filter({ hasText: CLINIC.name });
  await row.getByRole('gridcell').first().dblclick();
  await expect(page.getByRole('heading', { name: CLINIC.name })).toBeVisible();
  await page.getByRole('button', { name: '新增信用记录' }).click();
  const d = page.getByRole('dialog', { name: `新增信用记录：${CLINIC.name}` });
  await d.getByLabel('记录类型').selectOption({ label: '不良执业行为记分' });
  await d.getByLabel('事实确认日期').fill('2026-11-02');
  const select = d.getByLabel('不良执业行为');
  await select.selectOption((await select.locator('option', { hasText: 'JG-12-01' }).getAttribute('value'))!);
  await d.getByRole('button', { name: '登记' }).click();
  await expect(d).toHaveCount(0);
  await expect(page.getByText(/本周期记分达到 12 分，已生成预警/)).toBeVisible();

  // The warning, its measure a warning talk.
  const warning = page.getByTestId('warning-12');
  await expect(warning).not.toContainText('已处理');
  await warning.getByRole('button', { name: '确认处理' }).click();
  const ack = page.getByRole('dialog', { name: `确认处理：${CLINIC.name} 记分达到 12 分` });
  await ack.getByRole('button', { name: '安排告诫谈话' }).click();

  // The talk's form opens with the subject and the warning filled in.
  const talk = page.getByRole('dialog', { name: '登记执业告诫谈话' });
  await expect(talk).toBeVisible();
  await expect(talk.getByLabel(/^谈话对象\*?$/).locator('option:checked')).toHaveText(CLINIC.name);
  await expect(talk.getByLabel('谈话事由').locator('option:checked')).toHaveText('记分预警');
  await expect(talk.getByLabel('记分预警').locator('option:checked')).toHaveText(
    '2026-01-01 起周期记分达到 12 分（待处理）',
  );
  await talk.getByLabel('谈话日期').fill('2026-11-22');
  await talk.getByLabel('事由说明').fill('本周期记分达到 12 分');
  await talk.getByLabel('谈话地点').fill('区卫生健康局 302 会议室');
  await talk.getByLabel('谈话人').fill('李明、张强');
  await talk.getByLabel('参加人员').fill(`${CLINIC.name}主要负责人`);
  await talk.getByLabel('谈话内容').fill('指出使用医托招揽患者的违法性质，要求立即停止。');
  await talk.getByLabel('整改承诺').fill('立即清退医托，建立患者来源登记。');
  await talk.getByLabel('跟踪复查日期').fill('2026-12-07');
  await keepScreenshot(page, testInfo, 'selfcheck-talk-from-warning');
  await talk.getByRole('button', { name: '保存' }).click();
  const saved = page
    .getByRole('status')
    .filter({ hasText: /已登记告诫谈话第 (\d+) 号，记入信用台账第 \d+ 条/ });
  await expect(saved).toBeVisible();
  const talkNo = /第 (\d+) 号/.exec((await saved.textContent())!)![1];
  await expect(
    page.getByRole('table', { name: '告诫谈话' }).getByRole('row').filter({ hasText: CLINIC.name }),
  ).toContainText('记分预警：本周期记分达到 12 分');

  // Back on the profile: the warning handled by the talk, and the talk on the timeline.
  await openSection(page, '信用台账');
  await page.getByLabel('搜索信用主体').fill(CLINIC.name);
  await row.getByRole('gridcell').first().dblclick();
  await expect(page.getByRole('heading', { name: CLINIC.name })).toBeVisible();
  await expect(warning).toContainText('已处理');
  await expect(warning).toContainText(`采取的措施：执业告诫谈话（2026-11-22，告诫谈话记录第 ${talkNo} 号）`);
  await expect(warning.getByRole('button', { name: '确认处理' })).toHaveCount(0);
  const entry = page
    .locator('ol.timeline > li')
    .filter({ hasText: '执业告诫谈话（记分预警：本周期记分达到 12 分）' });
  await expect(entry).toContainText('整改承诺：立即清退医托，建立患者来源登记。');
  // The entry names the talk it came from.
  await expect(entry.getByRole('link', { name: `告诫谈话 第 ${talkNo} 号` })).toHaveAttribute(
    'href',
    '#/selfcheck/talks',
  );
  await keepScreenshot(page, testInfo, 'selfcheck-warning-handled-by-talk');
});

test('the quarterly summary, signed: its package verifies and carries the 依法执业自查 section and indicators', async ({
  seeded,
}, testInfo) => {
  test.setTimeout(180_000);
  const passFile = testInfo.outputPath('passphrase.txt');
  writeFileSync(passFile, '越城区季度小结签名口令\n');
  runCli(seeded.dataDir, ['keygen', '--passphrase-file', passFile]);
  const zip = testInfo.outputPath('季度工作小结.zip');
  runCli(seeded.dataDir, [
    'report',
    '--type',
    'quarterly',
    '--period',
    '2026Q4',
    '--sign',
    '--passphrase-file',
    passFile,
    '--out',
    zip,
  ]);
  const verify = spawnSync(process.execPath, ['out/main/cli.js', 'verify-package', zip], {
    encoding: 'utf8',
  });
  expect(verify.status, verify.stdout + verify.stderr).toBe(0);

  const files = unzipSync(new Uint8Array(readFileSync(zip)));
  const data = JSON.parse(strFromU8(files['data.json']!)) as ReportData;
  const ind = (key: string) => data.indicators.find((i) => i.key === key);
  for (const key of [
    'selfcheck.fullCoverage',
    'selfcheck.routineQ1.rate',
    'selfcheck.routineQ2.rate',
    'selfcheck.routineQ3.rate',
    'selfcheck.routineQ4.rate',
    'selfcheck.fixRate',
    'selfcheck.pledgeRate',
  ])
    expect(ind(key), key).toBeDefined();
  // The rates are what their counts say: coverage = institutions done / in scope.
  const scope = ind('selfcheck.scope')!.value!;
  const done = ind('selfcheck.fullDone')!.value!;
  expect(scope).toBeGreaterThan(0);
  expect(done).toBeGreaterThan(0);
  expect(done).toBeLessThan(scope); // the demo has some missing
  expect(ind('selfcheck.fullCoverage')!.value).toBeCloseTo((done / scope) * 100, 1);
  expect(ind('selfcheck.fullCoverage')!.label).toBe('全面自查覆盖率');
  expect(ind('selfcheck.routineQ3.rate')!.label).toBe('第三季度日常自查按时率');
  expect(ind('selfcheck.fixRate')!.label).toBe('问题整改率');
  expect(ind('selfcheck.pledgeRate')!.label).toBe('承诺书递交率');
  expect(ind('selfcheck.untrue')!.value).toBe(1); // the demo's one 督导 finding 不实

  // The report text has the section with its figures: in Word (document.xml) and in the PDF (pdftotext).
  const docx = unzipSync(files['report.docx']!);
  const xml = strFromU8(docx['word/document.xml']!).replace(/<[^>]+>/g, '');
  expect(xml).toMatch(/\d{4}年度依法执业自查范围内医疗机构\d+家，已完成全面自查\d+家（覆盖率[\d.]+%）/);
  expect(xml).toContain('全面自查覆盖率');
  expect(xml).toContain('日常自查按季度完成情况');
  expect(xml).toContain('承诺书递交率');
  const pdfPath = testInfo.outputPath('report.pdf');
  writeFileSync(pdfPath, files['report.pdf']!);
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  expect(text).toContain(`依法执业自查范围内医疗机构${scope}家，已完成全面自查${done}家`);
  expect(text).toContain('全面自查覆盖率');
  expect(text).toContain('第三季度日常自查按时率');
  expect(text).toContain('问题整改率');
  execFileSync('pdftoppm', ['-png', '-r', '60', pdfPath, testInfo.outputPath('report-page')]);
});
