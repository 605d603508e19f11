// 红黑名单 and 信用修复 on the demo district, as the office does it: a 科员 records a penalty, a complaint (then
// corrected) and two 记分 for a clinic of the test's own, watching points and tier change with their reasons; the
// second 记分 crosses 12 points and the warning is acted on; the clinic goes on the 黑名单 (a period shorter than
// the legal minimum is refused first), and so does a demo physician (严重); a repair application is refused before
// the minimum period with the reason. Three months later (the host restarted with a later --now) the application
// is accepted and 领导 approves it; the public 黑名单 is exported (xlsx read back with exceljs; the printed list
// read back with pdftotext): the repaired clinic is gone, the physician is masked. The clinic's 信用报告 is printed
// and read back, and the chain checks out in the app and in the CLI.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { usccCheckChar } from '../../shared/domain/uscc';
import {
  test,
  expect,
  keepScreenshot,
  login,
  openSection,
  seedDemo,
  TEST_NOW,
  type AppHost,
} from './fixtures';

const CLINIC = {
  name: '越城区名单测试康宁诊所',
  uscc: '92330602MA2CRL001' + usccCheckChar('92330602MA2CRL001'),
};
/** Three months and a week after TEST_NOW: past the 一般 minimum period of a listing made on 2026-11-22. */
const LATER = '2027-03-01T09:00:00+08:00';

/** The browser host on a data folder, believing it is `now` (fixtures.startHost always starts at TEST_NOW). */
async function startHostAt(dataDir: string, now: string): Promise<{ host: AppHost; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['out/main/host.js', '--data', dataDir, '--port', '0', '--json', '--now', now],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'Asia/Shanghai' } },
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${stderr}`)));
  });
  return { host: { ...(JSON.parse(line) as AppHost), dataDir }, child };
}

async function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** A PDF's text without whitespace and without the page numbers (— 3 —) a paragraph may be split by. */
const pdfText = (path: string) =>
  execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '').replace(/—\d+—/g, '');

async function openProfile(page: Page, name: string) {
  await openSection(page, '信用台账');
  await page.getByLabel('搜索信用主体').fill(name);
  const row = page.locator('[data-grid="credit-subjects"]').getByRole('row').filter({ hasText: name });
  await row.getByRole('gridcell').first().dblclick();
  await expect(page.getByRole('heading', { name })).toBeVisible();
}

async function logout(page: Page) {
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByLabel('用户名')).toBeVisible();
}

test('红黑名单: listing within the legal bounds, repair refused then approved after the minimum period, public list masked, 信用报告, chain check', async ({
  page,
  dataDir,
}, testInfo) => {
  test.setTimeout(240_000);
  seedDemo(dataDir);
  /** The demo physician put on the 黑名单 (picked in the dialog). */
  const physician = { name: '', certificateNo: '' };
  let running = await startHostAt(dataDir, TEST_NOW);
  try {
    await page.goto(running.host.url);
    await login(page, 'keyuan');

    // The clinic, added to the directory as staff do.
    await openSection(page, '联合执法');
    await page.getByRole('button', { name: '新增监管对象' }).click();
    const instDialog = page.getByRole('dialog', { name: '新增监管对象' });
    await instDialog.getByLabel('机构名称').fill(CLINIC.name);
    await instDialog.getByLabel('统一社会信用代码').fill(CLINIC.uscc);
    await instDialog.getByLabel('机构类别').selectOption({ label: '诊所' });
    await instDialog.getByLabel('所有制').selectOption({ label: '社会办' });
    await instDialog.getByRole('button', { name: '保存' }).click();
    await expect(instDialog).toHaveCount(0);

    await openProfile(page, CLINIC.name);
    await expect(page.getByTestId('tier-text')).toHaveText('未评定');
    await expect(page.getByTestId('list-status')).toHaveText('未列入公示中的红黑名单');
    const summary = page.getByTestId('tier-summary');
    const points = page.getByTestId('cycle-points');
    const record = async (fill: (d: ReturnType<typeof page.getByRole>) => Promise<void>) => {
      await page.getByRole('button', { name: '新增信用记录' }).click();
      const d = page.getByRole('dialog', { name: `新增信用记录：${CLINIC.name}` });
      await fill(d);
      await d.getByRole('button', { name: '登记' }).click();
      await expect(d).toHaveCount(0);
    };
    const chooseBehaviour = async (d: ReturnType<typeof page.getByRole>, code: string) => {
      const select = d.getByLabel('不良执业行为');
      const value = await select.locator('option', { hasText: code }).getAttribute('value');
      await select.selectOption(value!);
    };

    // A penalty: rated B with its reason.
    await record(async (d) => {
      await d.getByLabel('记录类型').selectOption({ label: '行政处罚' });
      await d.getByLabel('事实日期').fill('2026-03-04');
      await d.getByLabel('结果').selectOption({ label: '警告、罚款等' });
      await d.getByLabel('依据文号').fill('越卫医罚〔2026〕61号');
      await d.getByLabel('事实摘要').fill('使用非卫生技术人员从事医疗卫生技术工作，给予警告并处罚款。');
    });
    await expect(summary).toHaveText('B：行政处罚 2026-03-04（−10）');
    // A complaint, found on review not to stand: corrected, its −3 gone, the entry kept and marked.
    await record(async (d) => {
      await d.getByLabel('记录类型').selectOption({ label: '投诉查实' });
      await d.getByLabel('事实日期').fill('2026-06-10');
      await d.getByLabel('事实摘要').fill('12345 投诉：收费未告知。');
    });
    await expect(summary).toHaveText('B：行政处罚 2026-03-04（−10），投诉查实 2026-06-10（−3）');
    const complaint = page.locator('.tl-item', { hasText: '12345 投诉：收费未告知。' });
    await complaint.getByRole('button', { name: '更正' }).click();
    const corr = page.getByRole('dialog', { name: /^更正第 \d+ 条记录$/ });
    await corr.getByLabel('更正理由').fill('复核后投诉不属实');
    await corr.getByRole('button', { name: '登记更正' }).click();
    await expect(corr).toHaveCount(0);
    await expect(summary).toHaveText('B：行政处罚 2026-03-04（−10）');
    await expect(complaint).toContainText(/已由第 \d+ 条更正/);

    // Two 记分: 6, then 8 — past 12 points, C, and a warning acted on.
    await record(async (d) => {
      await d.getByLabel('记录类型').selectOption({ label: '不良执业行为记分' });
      await d.getByLabel('事实确认日期').fill('2026-09-28');
      await chooseBehaviour(d, 'JG-06-01');
    });
    await expect(points).toHaveText('6');
    await expect(summary).toHaveText('B：行政处罚 2026-03-04（−10），本周期记分 6（−6）');
    await record(async (d) => {
      await chooseBehaviour(d, 'JG-08-01');
      await d.getByLabel('事实确认日期').fill('2026-10-12');
    });
    await expect(points).toHaveText('14');
    await expect(summary).toHaveText('C：行政处罚 2026-03-04（−10），本周期记分 14（−14）');
    await expect(page.getByTestId('tier-text')).toHaveText('C 级（失信）');
    const warning = page.getByTestId('warning-12');
    await warning.getByRole('button', { name: '确认处理' }).click();
    const ack = page.getByRole('dialog', { name: `确认处理：${CLINIC.name} 记分达到 12 分` });
    await ack.getByLabel('采取的措施').fill('已下达依法执业管理建议书，列为重点监督对象');
    await ack.getByRole('button', { name: '确认处理' }).click();
    await expect(ack).toHaveCount(0);
    await expect(warning).toContainText('已处理');

    // The 黑名单: a period a day short of the legal minimum is refused with the allowed dates; one year is not.
    await page
      .getByRole('region', { name: '红黑名单' })
      .getByRole('button', { name: '列入红黑名单' })
      .click();
    const ld = page.getByRole('dialog', { name: `列入红黑名单：${CLINIC.name}` });
    await ld.getByLabel('名单').selectOption({ label: '黑名单（失信主体）' });
    await ld.getByLabel('失信程度').selectOption({ label: '一般' });
    await ld.getByLabel('依据文号').fill('越卫医罚〔2026〕88号');
    await ld.getByLabel('列入决定日期').fill('2026-11-22');
    await ld.getByLabel('列入依据（主要事实）').fill('骗取医疗保障基金，本周期记分达到 12 分');
    await ld.getByLabel('公示起始日期').fill('2026-11-22');
    await expect(
      ld.getByText('一般失信信息公示 3 个月至 1 年：截止日期可选 2027-02-22 至 2027-11-22'),
    ).toBeVisible();
    await ld.getByLabel('公示截止日期').fill('2027-02-21');
    await ld.getByRole('button', { name: '登记列入决定' }).click();
    await expect(
      ld.getByText(
        '一般失信信息的公示期限为 3 个月至 1 年（信用修复管理办法）：自 2026-11-22 起公示，截止日期应在 2027-02-22 至 2027-11-22 之间，所填日期短于最短公示期',
      ),
    ).toBeVisible();
    await keepScreenshot(page, testInfo, 'credit-listing-refused');
    await ld.getByLabel('公示期限').selectOption({ label: '1 年' });
    await expect(ld.getByLabel('公示截止日期')).toHaveValue('2027-11-22');
    await ld.getByRole('button', { name: '登记列入决定' }).click();
    await expect(ld).toHaveCount(0);
    await expect(page.getByText(/已列入黑名单（台账第 \d+ 条），公示中/)).toBeVisible();
    await expect(page.getByTestId('list-status')).toHaveText('黑名单（一般失信）公示中');
    await expect(page.locator('.tl-item').first()).toContainText('列入黑名单（一般失信）');

    // Repair too early: refused with the reason.
    const lists = page.getByRole('region', { name: '红黑名单' });
    await expect(lists).toContainText('最短公示期至 2027-02-22');
    await lists.getByRole('button', { name: '申请信用修复' }).click();
    const rd = page.getByRole('dialog', { name: `申请信用修复：${CLINIC.name}` });
    await rd.getByLabel('已核实：失信行为已纠正，法定义务已履行（整改完成）').check();
    await rd.getByLabel('整改情况').fill('已退回违规所得，全员完成医保政策培训');
    await rd.getByLabel('信用承诺').fill('本单位承诺依法执业、诚信经营，如有违反自愿接受惩戒。');
    await rd.getByRole('button', { name: '提交申请' }).click();
    await expect(
      rd.getByText(
        '最短公示期未满：2026-11-22 起公示，2027-02-22 后方可申请修复（一般失信信息最短公示 3 个月）',
      ),
    ).toBeVisible();
    await keepScreenshot(page, testInfo, 'credit-repair-refused');
    await rd.getByRole('button', { name: '取消' }).click();
    // What was typed is not saved: the form asks before it is thrown away.
    await page
      .getByRole('alertdialog', { name: '放弃未保存的修改？' })
      .getByRole('button', { name: '放弃修改' })
      .click();

    // A demo physician on the 黑名单 too (严重), from the 红黑名单 tab with the subject picked.
    await openSection(page, '信用台账');
    await page.getByRole('tab', { name: '红黑名单' }).click();
    await page.getByRole('button', { name: '列入红黑名单' }).click();
    const pd = page.getByRole('dialog', { name: '列入红黑名单' });
    await pd.getByLabel('信用主体类别').selectOption({ label: '医务人员' });
    const people = pd.getByLabel('从业人员');
    await expect(people.locator('option').nth(1)).toBeAttached();
    const label = (await people.locator('option').nth(1).textContent())!;
    const picked = /^(.+?)（(\w+)，/.exec(label)!;
    physician.name = picked[1]!;
    physician.certificateNo = picked[2]!;
    const personName = physician.name;
    // The picker finds people on the server: the certificate number leaves exactly that one.
    await pd.getByLabel('查找').fill(physician.certificateNo);
    await expect(people.locator('option').first()).toHaveText('请选择（共 1 个）');
    await expect(people.locator('option')).toHaveCount(2);
    await expect(people.locator('option').nth(1)).toContainText(personName);
    await people.selectOption({ index: 1 });
    await pd.getByLabel('失信程度').selectOption({ label: '严重' });
    await pd.getByLabel('依据文号').fill('越卫医罚〔2026〕89号');
    await pd.getByLabel('列入依据（主要事实）').fill(`${personName}超范围执业，情节严重，吊销执业证书`);
    await pd.getByLabel('公示期限').selectOption({ label: '2 年' });
    await pd.getByRole('button', { name: '登记列入决定' }).click();
    await expect(pd).toHaveCount(0);
    const grid = page.locator('[data-grid="credit-listings"]');
    await page.getByLabel('失信程度').selectOption({ label: '严重' });
    await expect(grid.getByRole('row').filter({ hasText: personName })).toContainText('公示中');
    await page.getByLabel('失信程度').selectOption({ label: '全部失信程度' });
    await keepScreenshot(page, testInfo, 'credit-lists-tab');
  } finally {
    await stopHost(running.child);
  }

  // Three months on: the same data folder, a host that believes it is 2027-03-01.
  running = await startHostAt(dataDir, LATER);
  try {
    await page.clock.setFixedTime(new Date(LATER));
    await page.goto(running.host.url);
    await login(page, 'keyuan');
    await openProfile(page, CLINIC.name);
    const lists = page.getByRole('region', { name: '红黑名单' });
    await expect(page.getByTestId('list-status')).toHaveText('黑名单（一般失信）公示中');
    await lists.getByRole('button', { name: '申请信用修复' }).click();
    const rd = page.getByRole('dialog', { name: `申请信用修复：${CLINIC.name}` });
    await rd.getByLabel('已核实：失信行为已纠正，法定义务已履行（整改完成）').check();
    await rd.getByLabel('整改情况').fill('已退回违规所得，全员完成医保政策培训');
    await rd.getByLabel('信用承诺').fill('本单位承诺依法执业、诚信经营，如有违反自愿接受惩戒。');
    await rd.getByRole('button', { name: '提交申请' }).click();
    await expect(rd).toHaveCount(0);
    await expect(lists).toContainText('待审批（2027-03-01 申请）');
    await expect(page.locator('.tl-item').first()).toContainText('信用承诺');
    // A 科员 cannot approve.
    await expect(lists.getByRole('button', { name: '审批信用修复' })).toHaveCount(0);
    await logout(page);

    // 领导 approves.
    await login(page, 'lingdao');
    await openProfile(page, CLINIC.name);
    await page
      .getByRole('region', { name: '红黑名单' })
      .getByRole('button', { name: '审批信用修复' })
      .click();
    const dd = page.getByRole('dialog', { name: `审批信用修复：${CLINIC.name}` });
    await expect(dd).toContainText('已退回违规所得，全员完成医保政策培训');
    await dd.getByLabel('修复决定文号').fill('越卫信修〔2027〕1号');
    await dd.getByLabel('审批意见').fill('同意修复，停止公示');
    await dd.getByRole('button', { name: '批准修复' }).click();
    await expect(dd).toHaveCount(0);
    await expect(page.getByTestId('list-status')).toHaveText('已修复，不再公示');
    await expect(page.getByRole('region', { name: '红黑名单' })).toContainText('已修复（2027-03-01）');
    const repairEntry = page.locator('.tl-item').first();
    await expect(repairEntry).toContainText('信用修复');
    await expect(repairEntry).toContainText('依据：越卫信修〔2027〕1号');
    await expect(repairEntry).toContainText('信用分 +10');
    await page.locator('.content').evaluate((el) => el.scrollTo(0, 0));
    await expect(page.locator('.toast')).toHaveCount(0, { timeout: 15_000 });
    await keepScreenshot(page, testInfo, 'credit-profile-repaired');

    // The public 黑名单: xlsx, read back by exceljs.
    await openSection(page, '信用台账');
    await page.getByRole('tab', { name: '红黑名单' }).click();
    const grid = page.locator('[data-grid="credit-listings"]');
    await page.getByLabel('公示状态').selectOption({ label: '已修复' });
    await expect(grid.getByRole('row').filter({ hasText: CLINIC.name })).toContainText('已修复');
    await page.getByLabel('公示状态').selectOption({ label: '全部状态' });
    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出黑名单 xlsx' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe('黑名单公示名单（截至2027-03-01）.xlsx');
    const xlsx = testInfo.outputPath('black-list.xlsx');
    await download.saveAs(xlsx);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      '序号',
      '主体类别',
      '名称/姓名',
      '统一社会信用代码/证书编号',
      '机构类别/执业机构',
      '失信程度',
      '列入依据（文号）',
      '主要事实',
      '列入日期',
      '公示起始日期',
      '公示截止日期',
      '认定机关',
    ]);
    const rows: string[][] = [];
    for (let r = 2; r <= ws.rowCount; r++)
      rows.push(
        (ws.getRow(r).values as unknown[])
          .slice(1)
          // Dates are real Excel dates (read back as Date at UTC midnight): compare them as YYYY-MM-DD.
          .map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? ''))),
      );
    const { name: personName, certificateNo } = physician;
    const masked = personName.slice(0, 1) + '*'.repeat(personName.length - 1);
    const physicianRow = rows.find((r) => r[6] === '越卫医罚〔2026〕89号')!;
    expect(physicianRow.slice(1, 6)).toEqual([
      '医务人员',
      masked,
      certificateNo.slice(0, 4) + '*'.repeat(certificateNo.length - 6) + certificateNo.slice(-2),
      expect.any(String),
      '严重',
    ]);
    expect(physicianRow[7]).toBe(`${masked}超范围执业，情节严重，吊销执业证书`);
    expect(physicianRow.slice(9, 11)).toEqual(['2026-11-22', '2028-11-22']);
    const all = rows.flat().join('|');
    expect(all).not.toContain(personName);
    expect(all).not.toContain(certificateNo);
    expect(all).not.toContain(CLINIC.name); // repaired: off the public list
    expect(all).not.toMatch(/[ABCD] 级|信用等级|信用分/); // tiers are never published
    // The demo's own 黑名单 clinic is there with its name and 统一社会信用代码.
    const demoClinic = rows.find((r) => r[1] === '医疗机构')!;
    expect(demoClinic[3]).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
    expect(demoClinic[5]).toBe('一般');

    // The printed 黑名单 (GB/T 9704), read back from the PDF.
    await page.getByRole('button', { name: '打印黑名单' }).click();
    await expect(page.locator('[data-print-ready] .gb-doc')).toHaveCount(1);
    await keepScreenshot(page, testInfo, 'credit-public-list-print');
    const listPdf = testInfo.outputPath('black-list.pdf');
    await page.pdf({ path: listPdf, preferCSSPageSize: true, printBackground: true });
    const listText = pdfText(listPdf);
    for (const t of [
      '黑名单公示名单',
      '（截至2027年3月1日）',
      '已完成信用修复的不再公示',
      masked,
      demoClinic[2]!,
      demoClinic[3]!,
      '越卫医罚〔2026〕89号',
      '2026年11月22日至2028年11月22日',
      '绍兴市越城区卫生健康局',
    ])
      expect(listText).toContain(t.replace(/\s+/g, ''));
    expect(listText).not.toContain(personName);
    expect(listText).not.toContain(CLINIC.name);
    await page.getByRole('button', { name: '返回' }).click();

    // The clinic's 信用报告, from its profile.
    await openProfile(page, CLINIC.name);
    await page.getByRole('button', { name: '信用报告' }).click();
    await expect(page.locator('[data-print-ready] .gb-doc')).toHaveCount(1);
    await keepScreenshot(page, testInfo, 'credit-report-print');
    const reportPdf = testInfo.outputPath('credit-report.pdf');
    await page.pdf({ path: reportPdf, preferCSSPageSize: true, printBackground: true });
    const report = pdfText(reportPdf);
    for (const t of [
      '信用报告',
      `（${CLINIC.name}）`,
      CLINIC.uscc,
      '当前信用等级：A级（守信），信用分100',
      '行政处罚2026-03-04（−10）',
      '信用修复2027-03-01（+10）',
      '黑名单（一般失信）：依据越卫医罚〔2026〕88号，2026年11月22日列入，公示期限2026年11月22日至2027年11月22日；已修复（2027年3月1日，台账第',
      // The corrected complaint is marked, and so is its 更正 (table cells wrap: their words are checked apart).
      '已由第',
      '更正第',
      '12345投诉：收费未告知。',
      '列入黑名单（一般失信）',
      '生成时信用台账链头为第',
    ])
      expect(report).toContain(t);
    const headSeq = /生成时信用台账链头为第(\d+)条/.exec(report)![1]!;
    const headHash = /SM3哈希：([0-9a-f]{64})/.exec(report)![1]!;
    await page.getByRole('button', { name: '返回' }).click();

    // The chain checks out and ends where the report says; the CLI agrees.
    await page.getByRole('button', { name: '返回信用主体' }).click();
    await page.getByRole('button', { name: '校验台账' }).click();
    await expect(page.getByText('校验通过')).toBeVisible();
    const head = page.getByTestId('chain-head');
    await expect(head).toContainText(`第 ${headSeq} 条`);
    await expect(head.locator('code')).toHaveText(headHash);
    // The subjects grid filters by list status.
    await page.getByLabel('名单情况').selectOption({ label: '已信用修复' });
    await page.getByLabel('搜索信用主体').fill('');
    const subjects = page.locator('[data-grid="credit-subjects"]');
    await expect(subjects.getByRole('row').filter({ hasText: CLINIC.name })).toContainText(
      '黑名单（一般）已修复',
    );
    await page.getByLabel('名单情况').selectOption({ label: '黑名单公示中' });
    await expect(subjects.getByRole('row').filter({ hasText: CLINIC.name })).toHaveCount(0);
    await expect(subjects.getByRole('row').filter({ hasText: personName })).toHaveCount(1);
  } finally {
    await stopHost(running.child);
  }
  const cli = spawnSync(process.execPath, ['out/main/cli.js', 'verify-ledger', '--data', dataDir], {
    encoding: 'utf8',
  });
  expect(cli.status, cli.stderr).toBe(0);
  expect(cli.stdout).toContain('信用台账校验：通过');
});
