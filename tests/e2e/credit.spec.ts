// 信用台账 as a 科员 uses it on the demo district ("today" is 2026-11-22): an institution of the test's own gets an
// administrative penalty and two 不良执业行为记分; its points and tier change with their reasons at each step, the
// second 记分 crosses 12 points and raises a warning that is acknowledged with the action taken; the 记分通知书 is
// issued and its print preview read back from the PDF; 校验台账 walks the chain and shows its head; the grid
// filters by tier and finds the institution; the CLI agrees with the app about the chain.
import { execFileSync, spawnSync } from 'node:child_process';
import { usccCheckChar } from '../../shared/domain/uscc';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { test, expect, keepScreenshot, login, openSection } from './fixtures';

const CLINIC = {
  name: '越城区信用测试康宁诊所',
  uscc: '92330602MA2CRE001' + usccCheckChar('92330602MA2CRE001'),
};

test('信用台账: penalty and two 记分, tier and reasons, 12-point warning acted on, 记分通知书, chain check', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');

  // The institution, added to the directory as staff do.
  await openSection(page, '联合执法');
  await page.getByRole('button', { name: '新增监管对象' }).click();
  const instDialog = page.getByRole('dialog', { name: '新增监管对象' });
  await instDialog.getByLabel('机构名称').fill(CLINIC.name);
  await instDialog.getByLabel('统一社会信用代码').fill(CLINIC.uscc);
  await instDialog.getByLabel('机构类别').selectOption({ label: '诊所' });
  await instDialog.getByLabel('所有制').selectOption({ label: '社会办' });
  await instDialog.getByRole('button', { name: '保存' }).click();
  await expect(instDialog).toHaveCount(0);

  await openSection(page, '信用台账');
  // The section's scope is one short line; the rest opens on demand.
  await page.getByText('详细说明').first().click();
  await expect(page.getByText('红黑名单（公示期限按信用修复管理办法核对，到期自动停止公示）')).toBeVisible();
  const grid = page.locator('[data-grid="credit-subjects"]');
  await page.getByLabel('搜索信用主体').fill(CLINIC.name);
  const row = grid.getByRole('row').filter({ hasText: CLINIC.name });
  await expect(row).toContainText('—'); // not rated yet
  await row.getByRole('gridcell').first().dblclick();
  await expect(page.getByRole('heading', { name: CLINIC.name })).toBeVisible();
  await expect(page.getByTestId('tier-text')).toHaveText('未评定');

  const record = async (fill: (d: ReturnType<typeof page.getByRole>) => Promise<void>) => {
    await page.getByRole('button', { name: '新增信用记录' }).click();
    const d = page.getByRole('dialog', { name: `新增信用记录：${CLINIC.name}` });
    await fill(d);
    await d.getByRole('button', { name: '登记' }).click();
    await expect(d).toHaveCount(0);
  };
  const summary = page.getByTestId('tier-summary');
  const points = page.getByTestId('cycle-points');

  // 1. An administrative penalty: rated, B.
  await record(async (d) => {
    await d.getByLabel('记录类型').selectOption({ label: '行政处罚' });
    await d.getByLabel('事实日期').fill('2026-03-04');
    await d.getByLabel('结果').selectOption({ label: '警告、罚款等' });
    await d.getByLabel('依据文号').fill('越卫医罚〔2026〕21号');
    await d.getByLabel('事实摘要').fill('未按规定公示医疗服务价格，给予警告并处罚款 3000 元。');
  });
  await expect(page.getByText(/已登记第 \d+ 条（行政处罚）；信用等级 未评定 → B 级（一般）/)).toBeVisible();
  await expect(summary).toHaveText('B：行政处罚 2026-03-04（−10）');
  await expect(page.getByTestId('tier-text')).toHaveText('B 级（一般）');
  await expect(points).toHaveText('0');

  const chooseBehaviour = async (d: ReturnType<typeof page.getByRole>, code: string) => {
    const select = d.getByLabel('不良执业行为');
    const value = await select.locator('option', { hasText: code }).getAttribute('value');
    await select.selectOption(value!);
  };

  // 2. 记分 6 (违规医疗广告): points 6, still B, with both reasons.
  await record(async (d) => {
    await d.getByLabel('记录类型').selectOption({ label: '不良执业行为记分' });
    await d.getByLabel('事实确认日期').fill('2026-09-28');
    await chooseBehaviour(d, 'JG-06-01');
    await expect(d.getByText('登记后本周期累计 6 分')).toBeVisible();
    await d.getByLabel('依据文号').fill('越卫医罚〔2026〕35号');
  });
  await expect(points).toHaveText('6');
  await expect(summary).toHaveText('B：行政处罚 2026-03-04（−10），本周期记分 6（−6）');

  // 3. 记分 8 (骗取医保基金): 14 points, past 12 — C, and a warning.
  await record(async (d) => {
    await chooseBehaviour(d, 'JG-08-01');
    await d.getByLabel('事实确认日期').fill('2026-10-12');
    await expect(d.getByText('将达到 12 分阈值：列为重点监督对象、下达依法执业管理建议书')).toBeVisible();
  });
  await expect(
    page.getByText(/信用等级 B 级（一般） → C 级（失信）；本周期记分达到 12 分，已生成预警/),
  ).toBeVisible();
  await expect(points).toHaveText('14');
  await expect(summary).toHaveText('C：行政处罚 2026-03-04（−10），本周期记分 14（−14）');
  await expect(page.getByRole('meter', { name: '本周期记分' })).toHaveAttribute('aria-valuenow', '14');
  const history = page.getByRole('table', { name: '信用等级变化' });
  await expect(history.getByRole('row')).toHaveCount(3); // header, 未评定 → B, B → C
  await expect(history.getByRole('row').nth(1)).toContainText(
    'C：行政处罚 2026-03-04（−10），本周期记分 14（−14）',
  );

  // The warning, acted on.
  const warning = page.getByTestId('warning-12');
  await expect(warning).toContainText('记分达到 12 分（2026-01-01 至 2026-12-31）');
  await warning.getByRole('button', { name: '确认处理' }).click();
  const ack = page.getByRole('dialog', { name: `确认处理：${CLINIC.name} 记分达到 12 分` });
  await ack.getByRole('button', { name: '确认处理' }).click();
  await expect(ack.getByText('请填写采取的措施')).toBeVisible();
  await ack
    .getByLabel('采取的措施')
    .fill('已下达依法执业管理建议书（越卫健建〔2026〕3号），列为重点监督对象');
  await ack.getByRole('button', { name: '确认处理' }).click();
  await expect(ack).toHaveCount(0);
  await expect(warning).toContainText('已处理');
  await expect(warning).toContainText(
    '采取的措施：已下达依法执业管理建议书（越卫健建〔2026〕3号），列为重点监督对象',
  );
  await expect(warning).toContainText('张强（keyuan）');

  // The 记分通知书 of the 6-point entry: due 10 working days after 2026-09-28, across the National Day holiday.
  const sixSeq = await page.locator('.tl-item', { hasText: 'JG-06-01' }).getAttribute('data-seq');
  const notice = page.getByTestId(`notice-${sixSeq}`);
  await expect(notice).toContainText('未发出；送达期限 2026-10-16（事实确认后 10 个工作日），已逾期');
  // Past its 送达期限: the app asks first; declining leaves it unissued, accepting issues it.
  const asked: string[] = [];
  page.once('dialog', (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await notice.getByRole('button', { name: '发出记分通知书' }).click();
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toContain('送达期限（2026-10-16）已过');
  await expect(notice).toContainText('未发出');
  page.once('dialog', (d) => {
    asked.push(d.message());
    void d.accept();
  });
  await notice.getByRole('button', { name: '发出记分通知书' }).click();
  await expect(notice).toContainText('已发出 越卫健〔2026〕');
  expect(asked).toHaveLength(2);
  const docNumber = (await notice.locator('strong').textContent())!;
  await page.locator('.content').evaluate((el) => el.scrollTo(0, 0));
  await expect(page.locator('.toast')).toHaveCount(0, { timeout: 15_000 }); // the confirmations fade first
  await keepScreenshot(page, testInfo, 'credit-profile');

  await notice.getByRole('button', { name: '打印预览' }).click();
  await expect(page.locator('[data-print-ready] .gb-doc')).toHaveCount(2); // the notice and its 送达回证
  const pdf = testInfo.outputPath('credit-notice.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const t of [
    '绍兴市越城区卫生健康局文件',
    docNumber,
    '不良执业行为记分通知书',
    `${CLINIC.name}：`,
    '未经审查或不按审查内容发布医疗广告',
    '上述事实已于2026年9月28日确认（越卫医罚〔2026〕35号）',
    '对你单位记6分（记分条目JG-06-01）',
    '本记分周期（2026年1月1日至2026年12月31日）你单位累计记分14分',
    '列为重点监督对象、下达依法执业管理建议书',
    '陈述和申辩',
    '自收到本通知书之日起5个工作日内',
    '送达回证',
    `不良执业行为记分通知书（${docNumber}）`,
    // The 送达回证 is a table: its label cell (送达期限) may be read before or after the value.
    '2026年10月16日前（事实确认之日起10个工作',
    '2026年11月22日',
  ])
    expect(text).toContain(t);
  await page.getByRole('button', { name: '返回' }).click();
  await expect(page.getByRole('heading', { name: CLINIC.name })).toBeVisible();

  // The grid: the institution is C with 14 points; the tier filter finds it; the chain checks out.
  await page.getByRole('button', { name: '返回信用主体' }).click();
  await page.getByRole('combobox', { name: '信用等级' }).selectOption({ label: 'C 级（失信）' });
  await page.getByLabel('搜索信用主体').fill('');
  const cRow = grid.getByRole('row').filter({ hasText: CLINIC.name });
  await expect(cRow).toContainText('C');
  await expect(cRow).toContainText('14（≥12）');
  await page.getByRole('combobox', { name: '信用等级' }).selectOption({ label: 'A 级（守信）' });
  await expect(grid.getByRole('row').filter({ hasText: CLINIC.name })).toHaveCount(0);
  await page.getByRole('combobox', { name: '信用等级' }).selectOption({ label: '全部等级' });
  await page.getByLabel('本周期记分').selectOption({ label: '本周期达到阈值' });
  await expect(grid.getByRole('row').filter({ hasText: CLINIC.name })).toHaveCount(1);

  await page.getByRole('button', { name: '校验台账' }).click();
  await expect(page.getByText('校验通过')).toBeVisible();
  const passed = (await page.getByText(/全部 \d+ 条记录的序号、前一条哈希与 SM3 哈希均一致/).textContent())!;
  const count = Number(/全部 (\d+) 条/.exec(passed)![1]);
  expect(count).toBeGreaterThanOrEqual(3);
  const head = page.getByTestId('chain-head');
  await expect(head).toContainText(`第 ${count} 条`);
  const hash = (await head.locator('code').textContent())!;
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  // The progress bar stays at the check's final count: every entry, 100%, no 取消 once it is over.
  const bar = page.getByTestId('progress');
  await expect(bar).toContainText('校验完成');
  const n = count.toLocaleString('zh-CN');
  await expect(page.getByTestId('progress-count')).toHaveText(`第 ${n} / ${n} 条（100%）`);
  await expect(bar.getByRole('progressbar', { name: '校验完成' })).toHaveAttribute(
    'aria-valuenow',
    String(count),
  );
  await expect(bar.getByRole('button', { name: '取消' })).toHaveCount(0);
  await page.setViewportSize({ width: 1366, height: 768 });
  await keepScreenshot(page, testInfo, 'credit-verify-progress');
  await page.setViewportSize({ width: 1440, height: 900 });
  // The whole grid for the record (the demo's own rated subjects too), sorted by tier.
  await page.getByLabel('本周期记分').selectOption({ label: '全部记分情况' });
  await grid.getByRole('columnheader', { name: '信用等级' }).click();
  await expect(grid.locator('.ag-row[row-index="0"]')).toContainText('A');
  await keepScreenshot(page, testInfo, 'credit-grid');
  // The demo rates dozens of subjects A and B: the C clinic is further down the sorted grid; found by search.
  await page.getByLabel('搜索信用主体').fill(CLINIC.name);
  await expect(grid.locator('.ag-row', { hasText: CLINIC.name })).toContainText('C');

  // 台账记录: the whole ledger, newest first, read from the server; the clinic's three entries found by its name.
  await page.getByRole('tab', { name: '台账记录' }).click();
  await expect(page).toHaveURL(/#\/credit\/entries$/);
  await expect(page.getByTestId('entries-count')).toContainText(`共 ${count} 条`);
  const entries = page.locator('[data-grid="credit-entries"]');
  await expect(entries.locator('.ag-row[row-index="0"] .ag-cell[col-id="seq"]')).toHaveText(String(count));
  await page.getByLabel('搜索台账记录').fill(CLINIC.name);
  const db = new Database(join(seeded.dataDir, 'zongjian.db'), { readonly: true, fileMustExist: true });
  const mine = Number(
    (
      db
        .prepare("select count(*) as n from credit_ledger where subject_name like '%' || ? || '%'")
        .get(CLINIC.name) as { n: number }
    ).n,
  );
  db.close();
  expect(mine).toBeGreaterThanOrEqual(3); // the penalty and the two 记分
  await expect(page.getByTestId('entries-count')).toContainText(`共 ${mine} 条`);
  await page.getByLabel('记录类型').selectOption({ label: '行政处罚' });
  await expect(page.getByTestId('entries-count')).toContainText('共 1 条');
  await expect(entries.locator('.ag-row[row-index="0"] .ag-cell[col-id="factDate"]')).toHaveText(
    '2026-03-04',
  );
  await keepScreenshot(page, testInfo, 'credit-entries');
  await entries.locator('.ag-row[row-index="0"] .ag-cell[col-id="subjectName"]').dblclick();
  await expect(page.getByRole('heading', { name: CLINIC.name })).toBeVisible();

  // The command line reads the same chain from the data folder and ends on the same head.
  const cli = spawnSync(process.execPath, ['out/main/cli.js', 'verify-ledger', '--data', seeded.dataDir], {
    encoding: 'utf8',
  });
  expect(cli.status, cli.stderr).toBe(0);
  expect(cli.stdout).toContain('信用台账校验：通过');
  expect(cli.stdout).toContain(`链头：第 ${count} 条  ${hash}`);
});
