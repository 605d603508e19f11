// Words and numbers as an office reads them (issue 18, items 10 and 11), at 1366×768: the operation log in Chinese
// and in Beijing time even when the computer and the browser run in other zones; one date and time style; money
// with two decimals and separators; the filtered count beside the total; meeting documents that say only what is
// true; a report that counts the register as it stood on its date; hashes and file formats under 技术信息, long
// explanations on demand.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import ExcelJS from 'exceljs';
import {
  expect,
  invokeInPage,
  keepScreenshot,
  login,
  openSection,
  scrollGridToEnd,
  seedDemo,
  startHost,
  test,
  TEST_NOW,
  type AppHost,
} from './fixtures';
import { usccCheckChar } from '../../shared/domain/uscc';

const SMALL = { width: 1366, height: 768 };

/** The browser host on a machine whose clock zone is not Beijing's. */
async function startHostInZone(
  dataDir: string,
  tz: string,
  now = TEST_NOW,
): Promise<{ host: AppHost; child: ChildProcess }> {
  const args = ['out/main/host.js', '--data', dataDir, '--port', '0', '--json', '--now', now];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TZ: tz },
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${stderr}`)));
  });
  return { host: { ...(JSON.parse(line) as AppHost), dataDir }, child };
}

/** An instant as Beijing reads it, computed here without any zone database: 2026-11-22 09:05. */
const beijing = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

test.describe('on a computer in UTC with a browser in Los Angeles', () => {
  test.use({ timezoneId: 'America/Los_Angeles' });

  test('the operation log shows Chinese names and Beijing times; hashes wait under 技术信息', async ({
    page,
    dataDir,
  }, testInfo) => {
    test.setTimeout(120_000);
    seedDemo(dataDir);
    const { host, child } = await startHostInZone(dataDir, 'UTC');
    try {
      await page.setViewportSize(SMALL);
      await page.goto(host.url);
      await login(page, 'admin');
      // The browser really is elsewhere: its own clock reads 2026-11-21 17:00 for 09:00 in Beijing.
      expect(await page.evaluate(() => new Date('2026-11-22T01:00:00Z').getHours())).toBe(17);

      // A change to record: a member department is deactivated.
      await openSection(page, '基础数据');
      const grid = page.locator('[data-grid="departments"]');
      await page.getByPlaceholder(/^搜索名称/).fill('审计');
      await grid.getByRole('gridcell', { name: '区审计局', exact: true }).click();
      await page.getByRole('button', { name: '停用', exact: true }).click();
      await expect(page.getByText('已停用“区审计局”')).toBeVisible();

      await openSection(page, '系统设置');
      await page.getByRole('tab', { name: '操作日志' }).click();
      const row = page
        .locator('[data-grid="audit"] .ag-row')
        .filter({ has: page.getByRole('gridcell', { name: '停用成员单位 区审计局' }) });
      await expect(row).toHaveCount(1);
      await expect(row.getByRole('gridcell', { name: '成员单位', exact: true })).toBeVisible();
      await expect(row.getByRole('gridcell', { name: '停用或启用成员单位', exact: true })).toBeVisible();
      // The host started at 09:00 Beijing (01:00 UTC, 17:00 the day before in Los Angeles) and runs on.
      await expect(row.getByRole('gridcell', { name: /^2026-11-22 09:\d\d$/ })).toBeVisible();
      // No internal names and no other date forms anywhere in the visible log.
      const cells = await page.locator('[data-grid="audit"] .ag-cell').allInnerTexts();
      expect(cells.length).toBeGreaterThan(20);
      for (const c of cells) {
        expect(c, c).not.toMatch(/^[a-z]+[A-Za-z]*[._][a-zA-Z_]+$/);
        expect(c, c).not.toMatch(/\d{4}\/\d{1,2}\/\d{1,2}|上午|下午/);
      }
      const headers = await page.locator('[data-grid="audit"] .ag-header-cell-text').allInnerTexts();
      expect(headers).toContain('操作类型');
      expect(headers).not.toContain('接口');
      await keepScreenshot(page, testInfo, 'words-audit-log');

      // The Excel file names them in Chinese too.
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: '导出 Excel' }).click();
      const file = testInfo.outputPath('audit.xlsx');
      await (await download).saveAs(file);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const sheet = wb.worksheets[0]!;
      const header = (sheet.getRow(1).values as unknown[]).map(String);
      const col = (name: string) => header.indexOf(name);
      expect(col('操作类型')).toBeGreaterThan(0);
      expect(header).not.toContain('接口');
      const line = sheet
        .getRows(2, sheet.rowCount - 1)!
        .find((r) => String(r.getCell(col('操作')).value).includes('停用成员单位 区审计局'))!;
      expect(line.getCell(col('对象')).value).toBe('成员单位');
      expect(line.getCell(col('操作类型')).value).toBe('停用或启用成员单位');

      // The ledger's newest entry: the time the server stored, shown as Beijing reads it.
      const head = await invokeInPage<{ seq: number; recordedAt: string | null }>(
        page,
        'credit.chainHead',
        {},
      );
      expect(head.ok).toBe(true);
      await openSection(page, '信用台账');
      const chain = page.getByTestId('chain-head');
      await expect(chain).toContainText(`（${beijing(head.value!.recordedAt!)} 登记）`);
      // The SM3 hash is for technicians: folded away until asked for.
      await expect(chain.locator('code')).toBeHidden();
      expect(await page.locator('main').innerText()).not.toMatch(/SM3|SHA-256|JSON/);
      await chain.getByText('技术信息').click();
      await expect(chain.locator('code')).toBeVisible();
      await expect(chain.locator('code')).toHaveText(/^[0-9a-f]{64}$/);
      await keepScreenshot(page, testInfo, 'words-tech-info-ledger');

      // 抽查计划: the drawn batch in Beijing time like the log and the ledger; its SHA-256 under 技术信息.
      const plans = await invokeInPage<
        { batches: { draw: { drawnAt: string; targetCount: number } | null }[] }[]
      >(page, 'inspectionPlans.list', {});
      const drawn = plans.value![0]!.batches.find((b) => b.draw)!.draw!;
      await openSection(page, '联合执法');
      await page.getByRole('tab', { name: '抽查计划' }).click();
      const batches = page.getByRole('table', { name: '批次与抽取' }).first();
      await expect(
        batches.getByText(`${beijing(drawn.drawnAt)} 已抽取 ${drawn.targetCount} 个对象`),
      ).toBeVisible();
      await expect(batches.getByText(/SHA-256/).first()).toBeHidden();
      await batches.getByText('技术信息').first().click();
      await expect(batches.getByText(/SHA-256 [0-9a-f]{16}…/).first()).toBeVisible();
      await keepScreenshot(page, testInfo, 'words-tech-info');
    } finally {
      child.kill('SIGTERM');
    }
  });
});

test('money with two decimals and separators; 共 N 个，筛选后 M 个; 逾期 N 日', async ({
  page,
  seeded,
}, testInfo) => {
  await page.setViewportSize(SMALL);
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '联合执法');

  // 监管对象: the total stays, the filtered count follows it.
  const count = page.getByTestId('directory-count');
  // (once the register has loaded: it reads 共 0 个 until then)
  await expect(count).toHaveText(/^共 [1-9]\d* 个：在业 \d+，停业 \d+，注销 \d+$/);
  const total = Number(/^共 (\d+) 个/.exec((await count.textContent())!)![1]);
  await page.getByLabel('搜索监管对象').fill('诊所');
  await expect(count).toHaveText(new RegExp(`^共 ${total} 个：.*；筛选后 [1-9]\\d* 个$`));
  const shown = Number(/筛选后 (\d+) 个/.exec((await count.textContent())!)![1]);
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(total);
  await page.getByLabel('搜索监管对象').fill('');
  await expect(count).not.toContainText('筛选后');

  // 联合行动: amounts as money, in the grid and in the year's totals.
  await page.getByRole('tab', { name: '联合行动' }).click();
  const header = page.getByRole('columnheader', { name: '罚没金额（元）' });
  await expect(header).toBeVisible();
  const colId = await header.getAttribute('col-id');
  const cells = await page.locator(`.ag-cell[col-id="${colId}"]`).allInnerTexts();
  expect(cells.length).toBeGreaterThan(0);
  for (const c of cells) expect(c).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
  await expect(page.getByText(/罚没 \d{1,3}(,\d{3})*\.\d{2} 元/)).toBeVisible();
  // Bring the amount column into view for the record.
  await scrollGridToEnd(page, () =>
    expect(page.locator(`.ag-cell[col-id="${colId}"]`).first()).toBeInViewport({ timeout: 1000 }),
  );
  await keepScreenshot(page, testInfo, 'words-money-column');

  // 议定事项督办: overdue in 日, the same word as every other deadline.
  await openSection(page, '联席会议');
  await page.getByRole('tab', { name: '议定事项督办' }).click();
  await expect(page.getByText(/逾期 \d+ 日/).first()).toBeVisible();
  expect(await page.locator('main').innerText()).not.toMatch(/\d+ 天/);
});

test('a 专题会商 without agenda: minutes titled by its type say only what happened; the notice is not sent to its own office', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize(SMALL);
  await page.goto(seeded.url);
  await login(page, 'mishu');
  const departments = await invokeInPage<{ id: number; shortName: string; fullName: string }[]>(
    page,
    'departments.list',
    {},
  );
  const dept = (n: string) => departments.value!.find((d) => d.shortName === n)!;
  const meeting = async (fields: Record<string, unknown>, names: string[]) => {
    const r = await invokeInPage<{ meeting: { id: number } }>(page, 'meetings.create', {
      startTime: '14:30',
      durationMinutes: 60,
      place: '区卫生健康局',
      room: '二楼会议室',
      chair: '王局长',
      departments: names.map((n) => ({ departmentId: dept(n).id, role: 'attend', attendeeNames: '' })),
      ...fields,
    });
    expect(r.ok, r.error?.message).toBe(true);
    return r.value!.meeting.id;
  };

  // A notice for a coming meeting the office itself attends: 主送 lists only the other departments.
  const next = await meeting({ type: 'regular', title: '医疗卫生行业综合监管联席会议', date: '2026-11-27' }, [
    '区卫生健康局',
    '区市场监管局',
    '区公安分局',
  ]);
  const agenda = await invokeInPage(page, 'meetings.saveAgenda', {
    meetingId: next,
    items: [
      { title: '通报医疗美容行业整治进展', presenterDepartmentId: dept('区市场监管局').id, minutes: 30 },
    ],
  });
  expect(agenda.ok, agenda.error?.message).toBe(true);
  await page.goto(`${seeded.origin}/#/meetings/${next}/agenda`);
  // On screen the date is written like every other date; the time on the 24-hour clock.
  await expect(page.getByText('2026-11-27（星期五）14:30—15:30')).toBeVisible();
  await page.getByRole('tab', { name: '通知与文件' }).click();
  await page.getByRole('button', { name: '发出通知' }).click();
  await page.getByRole('dialog', { name: '发出会议通知' }).getByRole('button', { name: '确认发出' }).click();
  await expect(page.getByText(/会议通知已发出/)).toBeVisible();
  await page
    .getByRole('row', { name: /会议通知/ })
    .getByRole('button', { name: '打印预览 / PDF' })
    .click();
  const doc = page.locator('[data-print-ready] .gb-doc');
  await expect(doc).toBeVisible();
  const addressee = (await page.locator('[data-print-ready] .gb-addressee').textContent())!;
  expect(addressee.replace(/：$/, '').split('、')).toHaveLength(2);
  expect(addressee).not.toContain(dept('区卫生健康局').fullName);
  expect(addressee).toContain(dept('区市场监管局').fullName);
  expect(addressee).toContain(dept('区公安分局').fullName);
  const notice = (await doc.textContent())!.replace(/\s+/g, '');
  // The printed notice keeps the GB/T 9704 date and the 24-hour time, never 下午14:30.
  expect(notice).toContain('2026年11月27日（星期五）14:30—15:30');
  expect(notice).not.toMatch(/[上下]午\d/);
  await page.getByRole('button', { name: '返回' }).click();

  // A 专题会商 held without an agenda.
  const id = await meeting({ type: 'topic', title: '医疗美容行业整治专题会商', date: '2026-11-20' }, [
    '区卫生健康局',
    '区市场监管局',
  ]);
  await page.goto(`${seeded.origin}/#/meetings/${id}/agenda`);
  // Attendance, then minutes with a summary only (no topics, no decisions).
  await page.getByRole('tab', { name: '出席情况' }).click();
  for (const d of ['区卫生健康局', '区市场监管局'])
    await page
      .getByRole('radiogroup', { name: `${d}出席情况` })
      .getByLabel('出席')
      .check();
  await page.getByRole('button', { name: '保存出席情况' }).click();
  await expect(page.getByText('出席情况已登记')).toBeVisible();
  await page.getByRole('tab', { name: '会议纪要' }).click();
  await page.getByLabel('会议概况').fill('会议通报了医疗美容行业整治进展，交流了下一步工作安排。');
  await page.getByRole('button', { name: '保存会议纪要' }).click();
  await expect(page.getByText('会议纪要已保存')).toBeVisible();
  await page.getByRole('tab', { name: '通知与文件' }).click();
  await page
    .getByRole('row', { name: /会议纪要/ })
    .getByRole('button', { name: '打印预览 / PDF' })
    .click();
  await expect(doc).toBeVisible();
  const minutes = (await doc.textContent())!.replace(/\s+/g, '');
  expect(minutes).toContain('绍兴市越城区医疗卫生行业综合监管专题会商纪要');
  expect(minutes).not.toContain('联席会议纪要');
  expect(minutes).not.toMatch(/研究了0个议题|议定事项0项/);
  expect(minutes).toContain('召开医疗美容行业整治专题会商，会议由王局长主持。现纪要如下：');
  await keepScreenshot(page, testInfo, 'words-topic-minutes');
});

test('a report counts the register as it stood at its date; explanations and hashes on demand', async ({
  page,
  dataDir,
}, testInfo) => {
  test.setTimeout(120_000);
  seedDemo(dataDir, { reports: false }); // the 2026Q4 summary is drafted below
  // Early January: the fourth quarter's report is written after the quarter ended.
  const now = '2027-01-05T09:00:00+08:00';
  const { host, child } = await startHost(dataDir, now);
  try {
    await page.clock.setFixedTime(new Date(now));
    await page.setViewportSize(SMALL);
    await page.goto(host.url);
    await login(page, 'keyuan');

    // A clinic registered today, after 12月31日.
    await openSection(page, '联合执法');
    const first17 = '92330602MA2K0001X';
    await page.getByRole('button', { name: '新增监管对象' }).click();
    const dialog = page.getByRole('dialog', { name: '新增监管对象' });
    await dialog.getByLabel('机构名称').fill('越城区新开诊所');
    await dialog.getByLabel('统一社会信用代码').fill(first17 + usccCheckChar(first17));
    await dialog.getByLabel('机构类别').selectOption({ label: '诊所' });
    await dialog.getByLabel('所有制').selectOption({ label: '社会办' });
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog).toHaveCount(0);
    const list = await invokeInPage<{ status: string }[]>(page, 'institutions.list', {
      includeInactive: true,
    });
    const supervisedToday = list.value!.filter((i) => i.status !== 'deregistered').length;

    // The 2026Q4 report, as of 2026-12-31: without the clinic.
    await openSection(page, '报告上报');
    // The page's explanation is one short line; the rest opens on demand.
    const scope = page.locator('.more-info').first();
    await expect(scope.locator('summary')).toContainText('由各模块的记录自动计算');
    await expect(scope.getByText('签发时输入签名口令')).toBeHidden();
    await scope.getByText('详细说明').click();
    await expect(scope.getByText(/签发时输入签名口令/)).toBeVisible();
    expect(await page.locator('main').innerText()).not.toMatch(/SHA-256|SM2|SM3|JSON/);

    const created = await invokeInPage<{ id: number }>(page, 'reports.create', {
      type: 'quarterly',
      period: '2026Q4',
    });
    expect(created.ok, created.error?.message).toBe(true);
    await page.goto(`${host.origin}/#/reports/${created.value!.id}`);
    const figures = page.getByRole('list', { name: '主要指标' });
    const active = figures.getByRole('listitem').filter({ hasText: '监管对象（在业、停业）' });
    await expect(active).toHaveText(`监管对象（在业、停业）${supervisedToday - 1} 家`);
    await expect(page.getByText(`截至12月31日，辖区监管对象${supervisedToday - 1}家`)).toBeVisible();
    // Money in the figures: two decimals and separators.
    const fines = figures.getByRole('listitem').filter({ hasText: '罚没金额' }).first();
    await expect(fines).toHaveText(/罚没金额\d{1,3}(,\d{3})*\.\d{2} 元$/);
    // The data file for other systems is under 技术信息.
    await expect(page.getByRole('button', { name: '数据 JSON' })).toBeHidden();
    await page.getByText('技术信息').last().click();
    await expect(page.getByRole('button', { name: '数据 JSON' })).toBeVisible();
    await fines.scrollIntoViewIfNeeded();
    await keepScreenshot(page, testInfo, 'words-report-figures');
  } finally {
    child.kill('SIGTERM');
  }
});
